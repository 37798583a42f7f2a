//! The search index: every person of every company as folded words, with
//! posting lists from each word to the people having it, built once at
//! startup (under a second for 100,000 people; see the README's benchmark
//! figures) and rebuilt after edits.
//!
//! A query runs in three steps. Each typed word is looked up in the
//! vocabulary ([`Vocab`]): exactly, as a prefix, by sound ([`phonetic`]),
//! within typos, and as a last resort as letters in order (the fuzzy
//! matcher). The words are then intersected over the posting lists, rarest
//! word first, accumulating scores ([`rank`]) in a scratch array so nothing
//! is allocated per person. People are kept sorted by company, so a search
//! in one company reads only that company's slice of each posting list.
//! Phone numbers have their own sorted lists (start and reversed end).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Mutex;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::prefer::Preference;
use super::rank::{self, FieldKind, Quality};
use super::vocab::{MAX_WORD, Vocab};
use super::{Hit, HitKind, Scope, fold, phonetic};
use crate::model::{Id, Person, PersonKind};

/// Field kind in the low 4 bits of a posting, the person's slot above.
const FIELD_BITS: u32 = 4;

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
        let postings: Vec<u32> = postings.into_iter().map(|(_, p)| p).collect();
        let mut sounds: Vec<(Box<str>, u32)> = sounds.into_iter().map(|(w, k)| (k.into_boxed_str(), w)).collect();
        sounds.sort_unstable();
        let mut phones_end: Vec<(Box<str>, u32)> =
            phones.iter().map(|(k, s)| (k.chars().rev().collect::<String>().into_boxed_str(), *s)).collect();
        phones_end.sort_unstable();
        let mut phones: Vec<(Box<str>, u32)> = phones.into_iter().map(|(k, s)| (k.into_boxed_str(), s)).collect();
        phones.sort_unstable();
        let n = entries.len();
        Index {
            entries,
            companies: companies.into_iter().collect(),
            vocab,
            starts,
            postings,
            sounds,
            phones,
            phones_end,
            scratch: Mutex::new(Scratch { stamp: vec![0; n], acc: vec![Acc::default(); n], generation: 0 }),
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

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    /// Typed words matched so far.
    matched: u16,
    best_field: u8,
    word_field: u8,
    /// Best score of the typed word being processed.
    word_best: u32,
    total: u32,
    best_score: u32,
}

struct Scratch {
    /// `stamp[slot] == generation` when `acc[slot]` belongs to this query.
    stamp: Vec<u32>,
    acc: Vec<Acc>,
    generation: u32,
}

/// All people of all companies, ready to search.
pub struct Index {
    entries: Vec<Entry>,
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

/// The words of the vocabulary one typed word matches, sorted by word id,
/// best quality per word.
struct WordMatches {
    words: Vec<(u32, Quality)>,
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
        let Ok(mut guard) = self.scratch.lock() else { return Vec::new() };
        let scratch = &mut *guard;
        scratch.generation = scratch.generation.wrapping_add(1);
        if scratch.generation == 0 {
            scratch.stamp.iter_mut().for_each(|s| *s = 0);
            scratch.generation = 1;
        }
        let generation = scratch.generation;
        let mut candidates: Vec<u32> = Vec::new();
        for (i, m) in matches.iter().enumerate() {
            let first = i == 0;
            for &(word, quality) in &m.words {
                let list = self.postings_in(word, &range);
                for &posting in list {
                    let slot = (posting >> FIELD_BITS) as usize;
                    let field = FieldKind::ALL[(posting & ((1 << FIELD_BITS) - 1)) as usize];
                    if field == FieldKind::Company && !with_company {
                        continue;
                    }
                    if first {
                        if scratch.stamp[slot] != generation {
                            scratch.stamp[slot] = generation;
                            scratch.acc[slot] = Acc::default();
                            candidates.push(slot as u32);
                        }
                    } else if scratch.stamp[slot] != generation || scratch.acc[slot].matched != i as u16 {
                        continue;
                    }
                    let score = rank::word_score(quality, field);
                    let acc = &mut scratch.acc[slot];
                    if score > acc.word_best {
                        acc.word_best = score;
                        acc.word_field = field as u8;
                    }
                }
            }
            candidates.retain(|&slot| {
                let acc = &mut scratch.acc[slot as usize];
                if acc.word_best == 0 {
                    return false;
                }
                acc.matched += 1;
                acc.total += acc.word_best;
                if acc.word_best > acc.best_score {
                    acc.best_score = acc.word_best;
                    acc.best_field = acc.word_field;
                }
                acc.word_best = 0;
                true
            });
            if candidates.is_empty() {
                return Vec::new();
            }
        }
        let mut hits: Vec<Hit> = candidates
            .into_iter()
            .map(|slot| {
                let acc = scratch.acc[slot as usize];
                let e = &self.entries[slot as usize];
                let matched = FieldKind::ALL[acc.best_field as usize];
                self.hit(e, rank::adjust(acc.total, e.kind, home == Some(e.company_id)), matched)
            })
            .collect();
        drop(guard);
        best_first(&mut hits, limit, prefer);
        hits
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
        WordMatches { words: found, cost }
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
