//! The search index: every person of every company as folded words, with
//! posting lists from each word to the people having it, built once at
//! startup (under a second for 100,000 people; see the README's benchmark
//! figures) and rebuilt after edits.
//!
//! A query runs in three steps. Each typed word is looked up in the
//! vocabulary ([`Vocab`]): exactly, as a prefix, by sound ([`phonetic`]),
//! within typos, and as a last resort as letters in order (the fuzzy
//! matcher). Then the rarest typed word drives: its vocabulary words are
//! read strongest first (by the best score each can give in the weightiest
//! field it is found in), each person met is scored whole on their own
//! words (a forward list per person), and the reading stops as soon as
//! nobody unread can reach the best ten's last score — so "m" across a
//! million people reads the people named Mika, not every word with an m.
//! People are kept sorted by company, so a search in one company reads
//! only that company's slice of each posting list; the call's company is
//! read first on its own, so its bonus does not hold the stop back.
//! Phone numbers have their own sorted lists (start and reversed end).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Mutex;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::prefer::Preference;
use super::rank::{self, FieldKind, Quality};
use super::vocab::{MAX_WORD, Vocab};
use super::{Hit, HitKind, Scope, fold, phonetic};
use crate::model::{Id, Person, PersonKind};

mod stored;
pub use stored::StoredError;

/// Field kind in the low 4 bits of a posting, the person's slot above.
const FIELD_BITS: u32 = 4;
const FIELD_MASK: u32 = (1 << FIELD_BITS) - 1;
/// Typed words read from a query; more are ignored (nobody types nine).
const MAX_TYPED: usize = 8;
/// Postings read per person, past which people are scored from the typed
/// words' lists at once rather than one by one from their own words.
const PER_PERSON: usize = 32;

struct Entry {
    person_id: Id,
    company_id: Id,
    kind: HitKind,
}

/// A person as collected: the entry, their text fields, their phone keys.
type Collected = (Entry, Vec<(FieldKind, String)>, Vec<String>);

/// Collects people, then [`IndexBuilder::finish`] sorts and packs them.
#[derive(Default)]
pub struct IndexBuilder {
    companies: HashMap<Id, String>,
    people: Vec<Collected>,
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    pub fn company(&mut self, id: Id, name: &str) {
        self.companies.insert(id, name.to_string());
    }

    /// Adds a person with the names of the roles they hold.
    pub fn person(&mut self, p: &Person, roles: &[String]) {
        let kind = match (p.kind, p.has_left()) {
            (PersonKind::Outsider, _) => HitKind::Outsider,
            (_, true) => HitKind::Former,
            _ => HitKind::Person,
        };
        let mut fields = vec![(FieldKind::Name, p.given_name.clone()), (FieldKind::Name, p.family_name.clone())];
        fields.extend(p.aliases.iter().map(|a| (FieldKind::Alias, a.clone())));
        fields.push((FieldKind::Title, p.title.clone()));
        fields.push((FieldKind::Department, p.department.clone()));
        fields.extend(p.topics.iter().map(|t| (FieldKind::Topic, t.clone())));
        fields.extend(roles.iter().map(|r| (FieldKind::Role, r.clone())));
        fields.extend(p.emails.iter().map(|e| (FieldKind::Email, e.split('@').next().unwrap_or("").to_string())));
        let phones = p.phones.iter().map(|ph| crate::phone::number_key(&ph.number)).filter(|k| !k.is_empty()).collect();
        let entry = Entry { person_id: p.id, company_id: p.company_id, kind };
        self.people.push((entry, fields, phones));
    }

    pub fn finish(mut self) -> Index {
        self.people.sort_by_key(|(e, _, _)| (e.company_id, e.person_id));
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut raw_words: Vec<String> = Vec::new();
        let mut sounds: HashMap<u32, String> = HashMap::new();
        let mut postings: Vec<(u32, u32)> = Vec::new();
        let mut phones: Vec<(String, u32)> = Vec::new();
        let mut entries = Vec::with_capacity(self.people.len());
        let mut companies: Vec<(Id, Range<u32>)> = Vec::new();
        let company_words: HashMap<Id, Vec<String>> =
            self.companies.iter().map(|(id, name)| (*id, words_of(name).map(|(w, _)| w).collect())).collect();
        for (slot, (entry, fields, person_phones)) in self.people.into_iter().enumerate() {
            let slot = slot as u32;
            match companies.last_mut() {
                Some((c, range)) if *c == entry.company_id => range.end = slot + 1,
                _ => companies.push((entry.company_id, slot..slot + 1)),
            }
            let mut seen: Vec<(u32, FieldKind)> = Vec::new();
            let mut add = |word: String, raw: &str, field: FieldKind, seen: &mut Vec<(u32, FieldKind)>| {
                let next = ids.len() as u32;
                let id = *ids.entry(word).or_insert(next);
                if id == next {
                    raw_words.push(raw.to_string());
                }
                // An e-mail address repeating the name adds nothing.
                if field == FieldKind::Email && seen.iter().any(|(w, _)| *w == id) {
                    return;
                }
                if !seen.contains(&(id, field)) {
                    seen.push((id, field));
                    postings.push((id, slot << FIELD_BITS | field as u32));
                }
            };
            for (field, text) in &fields {
                for (word, raw) in words_of(text) {
                    add(word, raw, *field, &mut seen);
                }
            }
            for word in company_words.get(&entry.company_id).into_iter().flatten() {
                add(word.clone(), word, FieldKind::Company, &mut seen);
            }
            phones.extend(person_phones.into_iter().map(|k| (k, slot)));
            entries.push(entry);
        }
        // Number the vocabulary in sorted order so prefixes are ranges.
        let mut order: Vec<(String, u32)> = ids.into_iter().collect();
        order.sort();
        let mut renumber = vec![0u32; order.len()];
        for (new, (_, old)) in order.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }
        for (old, raw) in raw_words.iter().enumerate() {
            let key = phonetic::key(raw);
            if !key.is_empty() {
                sounds.insert(renumber[old], key);
            }
        }
        let vocab = Vocab::new(order.into_iter().map(|(w, _)| w.into_boxed_str()).collect());
        for p in &mut postings {
            p.0 = renumber[p.0 as usize];
        }
        postings.sort_unstable();
        let mut starts = vec![0u32; vocab.len() + 1];
        for (word, _) in &postings {
            starts[*word as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        // The same pairs the other way round: each person's words, so a
        // candidate is scored on its own few words (see `score_slot`).
        let n = entries.len();
        let mut forward_starts = vec![0u32; n + 1];
        for (_, p) in &postings {
            forward_starts[(p >> FIELD_BITS) as usize + 1] += 1;
        }
        for i in 1..forward_starts.len() {
            forward_starts[i] += forward_starts[i - 1];
        }
        let mut forward = vec![0u32; postings.len()];
        let mut fill = forward_starts.clone();
        for (word, p) in &postings {
            let slot = (p >> FIELD_BITS) as usize;
            forward[fill[slot] as usize] = word << FIELD_BITS | (p & FIELD_MASK);
            fill[slot] += 1;
        }
        // The weightiest field each word is found in: a word only ever seen
        // as a department can never score as a name does.
        let mut word_weight = vec![0u8; vocab.len()];
        for (word, p) in &postings {
            let w = &mut word_weight[*word as usize];
            *w = (*w).max(FieldKind::ALL[(p & FIELD_MASK) as usize].weight() as u8);
        }
        let postings: Vec<u32> = postings.into_iter().map(|(_, p)| p).collect();
        let mut sounds: Vec<(Box<str>, u32)> = sounds.into_iter().map(|(w, k)| (k.into_boxed_str(), w)).collect();
        sounds.sort_unstable();
        let mut phones_end: Vec<(Box<str>, u32)> =
            phones.iter().map(|(k, s)| (k.chars().rev().collect::<String>().into_boxed_str(), *s)).collect();
        phones_end.sort_unstable();
        let mut phones: Vec<(Box<str>, u32)> = phones.into_iter().map(|(k, s)| (k.into_boxed_str(), s)).collect();
        phones.sort_unstable();
        Index {
            entries,
            word_weight,
            forward_starts,
            forward,
            companies: companies.into_iter().collect(),
            vocab,
            starts,
            postings,
            sounds,
            phones,
            phones_end,
            scratch: Mutex::new(Scratch::new(n)),
            matcher: SkimMatcherV2::default(),
            overlay: None,
            people: Vec::new(),
            replaced: HashSet::new(),
        }
    }
}

/// The folded words of a text with the original spelling of each (for its
/// sound key), cut to [`MAX_WORD`].
fn words_of(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).flat_map(|raw| {
        // Folding can split a word ("o'brien" stays one raw word here).
        fold(raw)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| (w.chars().take(MAX_WORD).collect(), raw))
            .collect::<Vec<_>>()
    })
}

struct Scratch {
    /// `stamp[slot] == generation` when the person was scored in this query.
    stamp: Vec<u32>,
    generation: u32,
    /// Per typed word, the [`rank::base`] of each vocabulary word it
    /// matches (0: no match); set for a query and cleared after it.
    bases: Vec<Vec<u16>>,
    /// A bit per person: the ones [`Index::score_many`] is scoring (all 0 between uses).
    bits: Vec<u64>,
}

impl Scratch {
    /// The scratch of an index of `people` people, before any query.
    fn new(people: usize) -> Scratch {
        Scratch { stamp: vec![0; people], generation: 0, bases: Vec::new(), bits: Vec::new() }
    }
}

/// All people of all companies, ready to search.
pub struct Index {
    entries: Vec<Entry>,
    /// Person `slot`'s words are `forward[forward_starts[slot]..forward_starts[slot + 1]]`,
    /// each a word id with its field in the low bits.
    forward_starts: Vec<u32>,
    forward: Vec<u32>,
    /// Per word, the weight of the weightiest field it is found in.
    word_weight: Vec<u8>,
    companies: HashMap<Id, Range<u32>>,
    vocab: Vocab,
    /// Postings of word `w` are `postings[starts[w]..starts[w + 1]]`, sorted.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// (sound key, word), sorted by key.
    sounds: Vec<(Box<str>, u32)>,
    /// (digits, slot) sorted; and the same with the digits reversed.
    phones: Vec<(Box<str>, u32)>,
    phones_end: Vec<(Box<str>, u32)>,
    scratch: Mutex<Scratch>,
    matcher: SkimMatcherV2,
    /// People edited since the build, indexed again on their own (a small
    /// index searched beside this one), so an edit does not rebuild all.
    overlay: Option<Box<Index>>,
    /// In an overlay: the people it was built from (to rebuild it).
    people: Vec<(Person, String, Vec<String>)>,
    /// Their ids: hits for them from this index are stale and dropped.
    replaced: HashSet<Id>,
}

/// One query as [`Index::top_in`] reads it.
struct Query<'a> {
    /// Per typed word (rarest first) the vocabulary words it matches.
    matches: &'a [WordMatches],
    /// Whether the company's name counts (searching across companies).
    with_company: bool,
    home: Option<Id>,
    limit: usize,
    how: Reading,
}

/// How [`Index::top_in`] reads: as it should, unless a test says otherwise.
#[derive(Debug, Clone, Copy, Default)]
struct Reading {
    /// Never stop early: score every candidate (the reference).
    read_all: bool,
    /// Score a group's people all at once (`Some(true)`) or one by one
    /// (`Some(false)`) whatever it costs; `None`: whichever reads less.
    many: Option<bool>,
}

/// The words of the vocabulary one typed word matches, sorted by word id,
/// best quality per word.
struct WordMatches {
    words: Vec<(u32, Quality)>,
    /// The best score any of them gives in any field.
    best: u32,
    /// Postings to read in all (to order typed words rarest first).
    cost: usize,
}

impl Index {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Distinct words indexed.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }

    /// The best `limit` hits for `query`, best first. Every typed word must
    /// match some field of the person.
    pub fn search(&self, query: &str, scope: Scope, limit: usize) -> Vec<Hit> {
        self.search_with(query, scope, limit, &Preference::none())
    }

    /// [`Index::search`] with equal matches ordered by what the desk knows
    /// ([`Preference`]: whom this caller and callers in general ask for).
    pub fn search_with(&self, query: &str, scope: Scope, limit: usize, prefer: &Preference) -> Vec<Hit> {
        let Some(overlay) = &self.overlay else { return self.search_here(query, scope, limit, prefer) };
        let mut hits = self.search_here(query, scope, limit + self.replaced.len(), prefer);
        hits.retain(|h| !self.replaced.contains(&h.person_id));
        hits.extend(overlay.search_here(query, scope, limit, prefer));
        best_first(&mut hits, limit, prefer);
        hits
    }

    /// Indexes `edited` people again, beside the rest: their old entries
    /// stop matching and the new ones (`None`: removed) are searched in a
    /// small index of their own.
    pub fn replace_people(&mut self, edited: Vec<(Person, String, Vec<String>)>, removed: &[Id]) {
        self.replaced.extend(edited.iter().map(|(p, _, _)| p.id));
        self.replaced.extend(removed.iter().copied());
        let mut keep: Vec<(Person, String, Vec<String>)> = self.overlay.take().map(|o| o.people).unwrap_or_default();
        keep.retain(|(p, _, _)| !removed.contains(&p.id) && !edited.iter().any(|(e, _, _)| e.id == p.id));
        keep.extend(edited);
        let mut b = IndexBuilder::new();
        for (p, company, roles) in &keep {
            b.company(p.company_id, company);
            b.person(p, roles);
        }
        let mut overlay = b.finish();
        overlay.people = keep;
        self.overlay = Some(Box::new(overlay));
    }

    /// How many people have been indexed again since the build.
    pub fn replaced(&self) -> usize {
        self.replaced.len()
    }

    fn search_here(&self, query: &str, scope: Scope, limit: usize, prefer: &Preference) -> Vec<Hit> {
        self.search_reading(query, scope, limit, prefer, Reading::default())
    }

    /// The search read as `how` says (the tests compare the ways).
    fn search_reading(&self, query: &str, scope: Scope, limit: usize, prefer: &Preference, how: Reading) -> Vec<Hit> {
        let range = match scope {
            Scope::Company(c) => match self.companies.get(&c) {
                Some(r) => r.clone(),
                None => return Vec::new(),
            },
            Scope::All(_) => 0..self.entries.len() as u32,
        };
        let home = match scope {
            Scope::Company(c) => Some(c),
            Scope::All(c) => c,
        };
        let with_company = matches!(scope, Scope::All(_));
        let digits = crate::phone::number_key(query);
        let digit_count = query.chars().filter(|c| c.is_ascii_digit()).count();
        if digits.len() >= 2 && digit_count * 2 >= query.trim().chars().count() {
            return self.search_phone(&digits, range, home, limit, prefer);
        }
        let mut typed: Vec<(String, &str)> = words_of(query).collect();
        typed.sort();
        typed.dedup_by(|a, b| a.0 == b.0);
        if typed.is_empty() {
            return Vec::new();
        }
        let mut matches: Vec<WordMatches> = Vec::with_capacity(typed.len());
        for (word, raw) in &typed {
            let m = self.match_word(word, raw);
            if m.words.is_empty() {
                return Vec::new();
            }
            matches.push(m);
        }
        matches.sort_by_key(|m| m.cost);
        matches.truncate(MAX_TYPED);
        let Ok(mut guard) = self.scratch.lock() else { return Vec::new() };
        let scratch = &mut *guard;
        scratch.generation = scratch.generation.wrapping_add(1);
        if scratch.generation == 0 {
            scratch.stamp.iter_mut().for_each(|s| *s = 0);
            scratch.generation = 1;
        }
        while scratch.bases.len() < matches.len() {
            scratch.bases.push(vec![0; self.vocab.len()]);
        }
        for (m, bases) in matches.iter().zip(&mut scratch.bases) {
            for &(word, quality) in &m.words {
                bases[word as usize] = rank::base(quality) as u16;
            }
        }
        let mut hits = Vec::new();
        let query = Query { matches: &matches, with_company, home, limit, how };
        let home_range = match scope {
            Scope::All(Some(c)) => self.companies.get(&c).cloned(),
            _ => None,
        };
        match (scope, home_range) {
            // The call's company on its own first, then everyone else: within
            // each, the company bonus is the same for all, so the reading
            // can stop as early as it would without it.
            (_, Some(h)) => {
                self.top_in(&query, scratch, h.clone(), None, rank::HOME_BONUS, &mut hits);
                self.top_in(&query, scratch, range, Some(&h), 0, &mut hits);
            }
            (Scope::Company(_), None) => self.top_in(&query, scratch, range, None, rank::HOME_BONUS, &mut hits),
            (Scope::All(_), None) => self.top_in(&query, scratch, range, None, 0, &mut hits),
        }
        for (m, bases) in matches.iter().zip(&mut scratch.bases) {
            for &(word, _) in &m.words {
                bases[word as usize] = 0;
            }
        }
        drop(guard);
        best_first(&mut hits, limit, prefer);
        hits
    }

    /// Adds to `hits` the best `limit` people in `range` (outside `skip`),
    /// and everyone who ties with the last of them. A threshold algorithm:
    /// candidates come from the rarest typed word's vocabulary words,
    /// strongest first; each candidate is scored whole, on its own words;
    /// the reading stops once nobody unread can reach the `limit`th score.
    /// Exact, not an approximation: a one-letter query across a million
    /// people reads the few words that can make the top ten, not every word
    /// with that letter. `bonus` is what every person in `range` gets for
    /// being in the call's company.
    fn top_in(
        &self,
        q: &Query,
        scratch: &mut Scratch,
        range: Range<u32>,
        skip: Option<&Range<u32>>,
        bonus: i64,
        hits: &mut Vec<Hit>,
    ) {
        let Some((driver, others)) = q.matches.split_first() else { return };
        if q.limit == 0 {
            return;
        }
        // The most a person can still gain from the other typed words.
        let others_best: u32 = others.iter().map(|m| m.best).sum();
        // The driver's words, by the best score each can give, strongest first.
        let mut order: Vec<(u32, u32)> =
            driver.words.iter().map(|&(w, quality)| (self.best_score(w, quality), w)).collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut kept: BinaryHeap<Reverse<i64>> = BinaryHeap::with_capacity(q.limit + 1);
        let mut fresh: Vec<u32> = Vec::new();
        // What reading every typed word's lists costs: scoring many people
        // at once that way beats reading each one's own words (a cache miss
        // or two apiece) past a few dozen postings per person.
        let lists: usize = q.matches.iter().map(|m| m.cost).sum();
        let mut next = 0;
        while next < order.len() {
            let group = order[next].0;
            let bound = i64::from(group + others_best) + bonus;
            if !q.how.read_all && kept.len() >= q.limit && kept.peek().is_some_and(|Reverse(last)| *last > bound) {
                break;
            }
            fresh.clear();
            while next < order.len() && order[next].0 == group {
                let word = order[next].1;
                next += 1;
                let base = u32::from(scratch.bases[0][word as usize]);
                for &posting in self.postings_in(word, &range) {
                    let slot = posting >> FIELD_BITS;
                    if skip.is_some_and(|s| s.contains(&slot)) || scratch.stamp[slot as usize] == scratch.generation {
                        continue;
                    }
                    scratch.stamp[slot as usize] = scratch.generation;
                    let field = FieldKind::ALL[(posting & FIELD_MASK) as usize];
                    // One typed word, matched as well as it can be from here
                    // on: this is the person's score, no need to read their words.
                    let own = rank::field_score(base, field);
                    if others.is_empty() && own == group && (q.with_company || field != FieldKind::Company) {
                        self.offer(slot, own, field, q, &mut kept, hits);
                    } else {
                        fresh.push(slot);
                    }
                }
            }
            if q.how.many.unwrap_or(fresh.len().saturating_mul(PER_PERSON) > lists) {
                fresh.sort_unstable();
                for (slot, scored) in self.score_many(&fresh, q, scratch, &range) {
                    if let Some((total, matched)) = scored {
                        self.offer(slot, total, matched, q, &mut kept, hits);
                    }
                }
            } else {
                for &slot in &fresh {
                    if let Some((total, matched)) = self.score_slot(slot, q, &scratch.bases) {
                        self.offer(slot, total, matched, q, &mut kept, hits);
                    }
                }
            }
        }
    }

    /// A scored person: kept among the hits unless already below the
    /// `limit`th score so far (then never among the best).
    fn offer(
        &self,
        slot: u32,
        total: u32,
        matched: FieldKind,
        q: &Query,
        kept: &mut BinaryHeap<Reverse<i64>>,
        hits: &mut Vec<Hit>,
    ) {
        let e = &self.entries[slot as usize];
        let score = rank::adjust(total, e.kind, q.home == Some(e.company_id));
        if kept.len() >= q.limit && kept.peek().is_some_and(|Reverse(last)| score < *last) {
            return;
        }
        kept.push(Reverse(score));
        if kept.len() > q.limit {
            kept.pop();
        }
        hits.push(self.hit(e, score, matched));
    }

    /// [`Index::score_slot`] for many people at once (`slots` sorted): each
    /// typed word's lists are read once, in order, and a posting counts
    /// when its person is one of `slots` (a bit per person says so).
    fn score_many(
        &self,
        slots: &[u32],
        q: &Query,
        scratch: &mut Scratch,
        range: &Range<u32>,
    ) -> Vec<(u32, Option<(u32, FieldKind)>)> {
        let n = q.matches.len();
        if scratch.bits.len() < self.entries.len().div_ceil(64) {
            scratch.bits = vec![0; self.entries.len().div_ceil(64)];
        }
        for &slot in slots {
            scratch.bits[slot as usize / 64] |= 1 << (slot % 64);
        }
        let mut best = vec![[(0u32, FieldKind::Name); MAX_TYPED]; slots.len()];
        for (i, (m, bases)) in q.matches.iter().zip(&scratch.bases).enumerate() {
            for &(word, _) in &m.words {
                let base = u32::from(bases[word as usize]);
                for &posting in self.postings_in(word, range) {
                    let slot = posting >> FIELD_BITS;
                    if scratch.bits[slot as usize / 64] & (1 << (slot % 64)) == 0 {
                        continue;
                    }
                    let field = FieldKind::ALL[(posting & FIELD_MASK) as usize];
                    if field == FieldKind::Company && !q.with_company {
                        continue;
                    }
                    if let Ok(k) = slots.binary_search(&slot) {
                        keep_better(&mut best[k][i], rank::field_score(base, field), field);
                    }
                }
            }
        }
        for &slot in slots {
            scratch.bits[slot as usize / 64] = 0;
        }
        slots.iter().zip(best).map(|(&slot, best)| (slot, total_of(&best[..n]))).collect()
    }

    /// The most a match of `quality` with `word` can score, in the
    /// weightiest field the word is found in.
    fn best_score(&self, word: u32, quality: Quality) -> u32 {
        rank::base(quality) * u32::from(self.word_weight[word as usize])
    }

    /// A person's score for the whole query from their own words: per typed
    /// word the best of its matches among them (all must match), summed, and
    /// the field that matched best. `None` when a typed word matches nothing.
    fn score_slot(&self, slot: u32, q: &Query, bases: &[Vec<u16>]) -> Option<(u32, FieldKind)> {
        let n = q.matches.len();
        let mut best = [(0u32, FieldKind::Name); MAX_TYPED];
        let words =
            &self.forward[self.forward_starts[slot as usize] as usize..self.forward_starts[slot as usize + 1] as usize];
        for &w in words {
            let field = FieldKind::ALL[(w & FIELD_MASK) as usize];
            if field == FieldKind::Company && !q.with_company {
                continue;
            }
            let word = (w >> FIELD_BITS) as usize;
            for (b, typed) in best[..n].iter_mut().zip(bases) {
                let base = typed[word];
                if base == 0 {
                    continue;
                }
                keep_better(b, rank::field_score(u32::from(base), field), field);
            }
        }
        total_of(&best[..n])
    }

    fn hit(&self, e: &Entry, score: i64, matched: FieldKind) -> Hit {
        let kind = if matched == FieldKind::Role && e.kind == HitKind::Person { HitKind::Role } else { e.kind };
        Hit { person_id: e.person_id, company_id: e.company_id, kind, score, matched }
    }

    /// The postings of `word` for people in `range` (people are sorted by company).
    fn postings_in(&self, word: u32, range: &Range<u32>) -> &[u32] {
        let list = &self.postings[self.starts[word as usize] as usize..self.starts[word as usize + 1] as usize];
        if range.start == 0 && range.end as usize == self.entries.len() {
            return list;
        }
        let lo = list.partition_point(|p| p >> FIELD_BITS < range.start);
        let hi = lo + list[lo..].partition_point(|p| p >> FIELD_BITS < range.end);
        &list[lo..hi]
    }

    fn match_word(&self, word: &str, raw: &str) -> WordMatches {
        let mut found: Vec<(u32, Quality)> = Vec::new();
        let len = word.len();
        let prefix = self.vocab.prefixed(word);
        for id in prefix.clone() {
            let w = self.vocab.word(id);
            let q =
                if w.len() == len { Quality::Exact } else { Quality::Prefix { typed: len as u8, len: w.len() as u8 } };
            found.push((id, q));
        }
        if len >= 3 {
            let key = phonetic::key(raw);
            if !key.is_empty() {
                let start = self.sounds.partition_point(|(k, _)| **k < *key);
                for (k, id) in self.sounds[start..].iter().take_while(|(k, _)| k.starts_with(&key)) {
                    let q = if **k == *key { Quality::SoundsLike } else { Quality::SoundsLikeStart };
                    found.push((*id, q));
                }
            }
        }
        if len >= 4 {
            // One typo from four letters on, two from eight.
            let max = if len >= 8 { 2 } else { 1 };
            for near in self.vocab.near(word, max) {
                let q = if near.whole {
                    Quality::Typo { distance: near.distance }
                } else {
                    Quality::TypoStart { distance: near.distance }
                };
                found.push((near.word, q));
            }
        }
        if found.is_empty() && len >= 3 {
            // Nothing near: letters in order, as in an abbreviation.
            for (id, w) in self.vocab.words().enumerate() {
                if w.len() >= len
                    && let Some(s) = self.matcher.fuzzy_match(w, word)
                    && s / len as i64 >= 16
                {
                    found.push((id as u32, Quality::Letters));
                }
            }
        }
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        found.dedup_by_key(|f| f.0);
        let cost = found.iter().map(|(w, _)| (self.starts[*w as usize + 1] - self.starts[*w as usize]) as usize).sum();
        let best = found.iter().map(|&(w, q)| self.best_score(w, q)).max().unwrap_or(0);
        WordMatches { words: found, best, cost }
    }

    fn search_phone(
        &self,
        digits: &str,
        range: Range<u32>,
        home: Option<Id>,
        limit: usize,
        prefer: &Preference,
    ) -> Vec<Hit> {
        let mut best: HashMap<u32, u32> = HashMap::new();
        let mut note = |slot: u32, score: Option<u32>| {
            if let Some(s) = score
                && range.contains(&slot)
            {
                let b = best.entry(slot).or_insert(0);
                *b = (*b).max(s);
            }
        };
        let start = self.phones.partition_point(|(k, _)| **k < *digits);
        for (k, slot) in self.phones[start..].iter().take_while(|(k, _)| k.starts_with(digits)) {
            note(*slot, rank::phone_score(k, digits));
        }
        if digits.len() >= 6 {
            // The caller ID and the stored number may differ in their start
            // (+358 40 … against 040 …): compare ends.
            let reversed: String = digits.chars().rev().collect();
            let start = self.phones_end.partition_point(|(k, _)| **k < *reversed);
            for (k, slot) in self.phones_end[start..].iter().take_while(|(k, _)| k.starts_with(&reversed)) {
                let forward: String = k.chars().rev().collect();
                note(*slot, rank::phone_score(&forward, digits));
            }
            // And the stored number may be the shorter one.
            for cut in 4..digits.len() {
                let tail = &reversed[..cut];
                let start = self.phones_end.partition_point(|(k, _)| **k < *tail);
                for (k, slot) in self.phones_end[start..].iter().take_while(|(k, _)| **k == *tail) {
                    let forward: String = k.chars().rev().collect();
                    note(*slot, rank::phone_score(&forward, digits));
                }
            }
        }
        let mut hits: Vec<Hit> = best
            .into_iter()
            .map(|(slot, score)| {
                let e = &self.entries[slot as usize];
                self.hit(e, rank::adjust(score, e.kind, home == Some(e.company_id)), FieldKind::Phone)
            })
            .collect();
        best_first(&mut hits, limit, prefer);
        hits
    }
}

/// A typed word's best match so far, `best`, replaced by `score` in
/// `field` when that is better; of equal scores, the weightier field says
/// what matched (so every way of reading gives the same answer).
fn keep_better(best: &mut (u32, FieldKind), score: u32, field: FieldKind) {
    if score > best.0 || (score == best.0 && field.weight() > best.1.weight()) {
        *best = (score, field);
    }
}

/// Per typed word the best score and its field: their sum and the field
/// that matched best, or `None` when a typed word matched nothing.
fn total_of(best: &[(u32, FieldKind)]) -> Option<(u32, FieldKind)> {
    let mut total = 0;
    let mut top = (0, FieldKind::Name);
    for &(s, field) in best {
        if s == 0 {
            return None;
        }
        total += s;
        if s > top.0 {
            top = (s, field);
        }
    }
    Some((total, top.1))
}

/// Keeps the best `limit` hits, best first. Equal scores (namesakes) are
/// ordered by `prefer`, then by id, so results are stable; the preference
/// is read only for equal scores, so it never lifts a worse match.
fn best_first(hits: &mut Vec<Hit>, limit: usize, prefer: &Preference) {
    let order = |a: &Hit, b: &Hit| {
        b.score
            .cmp(&a.score)
            .then_with(|| prefer.key(b.person_id).cmp(&prefer.key(a.person_id)))
            .then(a.person_id.cmp(&b.person_id))
    };
    if hits.len() > limit && limit > 0 {
        hits.select_nth_unstable_by(limit - 1, order);
        hits.truncate(limit);
    }
    hits.sort_by(order);
    hits.truncate(limit);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The threshold's early stop gives exactly what scoring everyone gives,
    /// order and scores included, for keystrokes, typos, two words and
    /// every scope, over a generated directory full of namesakes.
    #[test]
    fn stopping_early_answers_as_reading_everything() {
        let population = crate::demo::population::generate(20_000, 40, 7).expect("population");
        let index = population.index();
        let mut queries: Vec<String> = Vec::new();
        for p in population.people.iter().step_by(997) {
            let name = format!("{} {}", p.given_name, p.family_name).to_lowercase();
            for len in [1, 2, 3, 4, 6, 9, 12, 40] {
                queries.push(name.chars().take(len).collect::<String>().trim_end().to_string());
            }
            // A swapped pair of letters in the family name, and the family name first.
            let mut typo: Vec<char> = p.family_name.to_lowercase().chars().collect();
            if typo.len() > 4 {
                typo.swap(2, 3);
            }
            queries.push(typo.into_iter().collect());
            let initial: String = p.given_name.chars().take(1).collect();
            queries.push(format!("{} {initial}", p.family_name).to_lowercase());
        }
        let company = population.companies[3].id;
        let calls: Vec<super::super::AskedFor> = population
            .people
            .iter()
            .step_by(13)
            .map(|p| super::super::AskedFor { person_id: p.id, at: chrono::Utc::now(), caller_key: String::new() })
            .collect();
        let prefer = Preference::from_calls(&calls, None, chrono::Utc::now());
        for q in &queries {
            for scope in [Scope::Company(company), Scope::All(Some(company)), Scope::All(None)] {
                for limit in [1, 10, 15] {
                    let key = |h: &Vec<Hit>| h.iter().map(|h| (h.person_id, h.score, h.matched)).collect::<Vec<_>>();
                    let all = Reading { read_all: true, many: Some(false) };
                    let reference = key(&index.search_reading(q, scope, limit, &prefer, all));
                    for many in [None, Some(false), Some(true)] {
                        let fast = index.search_reading(q, scope, limit, &prefer, Reading { read_all: false, many });
                        assert_eq!(key(&fast), reference, "{q:?} in {scope:?}, best {limit}, all at once: {many:?}");
                    }
                }
            }
        }
    }
}
