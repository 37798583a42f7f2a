//! Who an event of a shared absence calendar is about. Only an ATTENDEE or
//! ORGANIZER address, a full name ("Maija Virtanen", "Virtanen Maija") or an
//! alias ("Maikki sairaana") in the title is sure enough to mark someone
//! away. A lone family or given name is only a suggestion: Finnish family
//! names are often common words (Koski, Mäki, Lahti, Laine, Virta, Kivi), so
//! "Lahti-reissu" must not make Ms Lahti absent, and a new colleague must
//! not inherit an old event that named somebody else ("Tuntematon Henkilö
//! loma" is not Testi Henkilö). The operator confirms or dismisses a
//! suggestion; the sync module applies that decision.
//!
//! Names are compared folded (case, Nordic letters, doubled letters), as
//! whole words. A title naming two people equally well matches nobody.

use std::collections::HashMap;

use crate::model::{Id, Person};
use crate::search::fold;

/// What the matcher makes of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// An address, a full name or an alias: this person.
    Sure(Id),
    /// Only a lone family or given name, which one colleague has: ask.
    Suggest(Id),
    Nobody,
}

pub struct Matcher {
    by_email: HashMap<String, Id>,
    /// Folded word sequences and whose they are: full names and aliases,
    /// by their first word, so a title is compared only with the patterns
    /// that start with one of its words (a feed of 10,000 events against
    /// 300 people's 1,500 patterns would otherwise be 15 million comparisons).
    sure: HashMap<String, Vec<(Vec<String>, Id)>>,
    /// Lone family and given names that only one colleague has, the same way.
    lone: HashMap<String, Vec<(Vec<String>, Id)>>,
}

/// Patterns by their first word.
fn by_first_word(patterns: Vec<(Vec<String>, Id)>) -> HashMap<String, Vec<(Vec<String>, Id)>> {
    let mut out: HashMap<String, Vec<(Vec<String>, Id)>> = HashMap::new();
    for (words, id) in patterns {
        if let Some(first) = words.first().cloned() {
            out.entry(first).or_default().push((words, id));
        }
    }
    out
}

/// The patterns that occur in `title` (as whole words, in order).
fn found<'a>(
    index: &'a HashMap<String, Vec<(Vec<String>, Id)>>,
    title: &'a [String],
) -> impl Iterator<Item = &'a (Vec<String>, Id)> + 'a {
    title
        .iter()
        .enumerate()
        .flat_map(move |(i, w)| index.get(w).into_iter().flatten().map(move |p| (i, p)))
        .filter(move |(i, (pattern, _))| title[*i..].starts_with(pattern))
        .map(|(_, p)| p)
}

fn words(text: &str) -> Vec<String> {
    fold(text).split(' ').filter(|w| !w.is_empty()).map(String::from).collect()
}

impl Matcher {
    pub fn new(people: &[Person]) -> Matcher {
        let staff: Vec<&Person> = people.iter().filter(|p| p.is_current_staff()).collect();
        let mut by_email = HashMap::new();
        let mut sure = Vec::new();
        let mut count: HashMap<Vec<String>, usize> = HashMap::new();
        for p in &staff {
            *count.entry(words(&p.family_name)).or_default() += 1;
            *count.entry(words(&p.given_name)).or_default() += 1;
        }
        let mut lone = Vec::new();
        for p in &staff {
            for e in &p.emails {
                by_email.insert(e.to_lowercase(), p.id);
            }
            sure.push((words(&format!("{} {}", p.given_name, p.family_name)), p.id));
            sure.push((words(&format!("{} {}", p.family_name, p.given_name)), p.id));
            for a in &p.aliases {
                sure.push((words(a), p.id));
            }
            for name in [&p.family_name, &p.given_name] {
                let w = words(name);
                if count.get(&w) == Some(&1) {
                    lone.push((w, p.id));
                }
            }
        }
        Matcher { by_email, sure: by_first_word(sure), lone: by_first_word(lone) }
    }

    /// Who an event with these ATTENDEE/ORGANIZER addresses and this title names.
    pub fn match_text(&self, emails: &[String], text: &str) -> Match {
        let mut by_mail: Vec<Id> = emails.iter().filter_map(|e| self.by_email.get(e).copied()).collect();
        by_mail.sort_unstable();
        by_mail.dedup();
        if let [one] = by_mail.as_slice() {
            return Match::Sure(*one);
        }
        let title = words(text);
        let mut best: Option<(usize, Id)> = None;
        let mut tie = false;
        for (pattern, id) in found(&self.sure, &title) {
            match best {
                Some((len, who)) if pattern.len() == len && who != *id => tie = true,
                Some((len, _)) if pattern.len() <= len => {}
                _ => {
                    best = Some((pattern.len(), *id));
                    tie = false;
                }
            }
        }
        match best {
            Some(_) if tie => return Match::Nobody,
            Some((_, id)) => return Match::Sure(id),
            None => {}
        }
        let mut guessed: Vec<Id> = found(&self.lone, &title).map(|(_, id)| *id).collect();
        guessed.sort_unstable();
        guessed.dedup();
        match guessed.as_slice() {
            [one] => Match::Suggest(*one),
            _ => Match::Nobody,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: Id, given: &str, family: &str, alias: &[&str]) -> Person {
        let mut p = Person::new(1, given, family);
        p.id = id;
        p.aliases = alias.iter().map(|a| a.to_string()).collect();
        p
    }

    /// Who a title (with no addresses) names.
    fn event(m: &Matcher, title: &str) -> Match {
        m.match_text(&[], title)
    }

    fn staff() -> Vec<Person> {
        vec![
            person(1, "Anna", "Lahti", &[]),
            person(2, "Maija", "Virtanen", &["Maikki"]),
            person(3, "Testi", "Henkilö", &[]),
            person(4, "Pekka", "Koski", &[]),
            person(5, "Pekka", "Saarinen", &[]),
        ]
    }

    #[test]
    fn full_names_and_aliases_are_sure() {
        let m = Matcher::new(&staff());
        assert_eq!(event(&m, "Lomalla: Maija Virtanen"), Match::Sure(2));
        assert_eq!(event(&m, "Virtanen Maija loma"), Match::Sure(2));
        assert_eq!(event(&m, "Maikki sairaana"), Match::Sure(2));
        assert_eq!(event(&m, "Anna Lahti – koulutus"), Match::Sure(1));
    }

    #[test]
    fn a_lone_family_name_that_is_a_common_word_is_only_a_suggestion() {
        let m = Matcher::new(&staff());
        assert_eq!(event(&m, "Lahti-reissu"), Match::Suggest(1));
        assert_eq!(event(&m, "Koski-kunnostus talkoot"), Match::Suggest(4));
        assert_eq!(event(&m, "Virtanen loma"), Match::Suggest(2));
        // Another person's full name shares the family name with a new colleague.
        assert_eq!(event(&m, "Tuntematon Henkilö loma"), Match::Suggest(3));
    }

    #[test]
    fn a_shared_given_name_suggests_nobody() {
        let m = Matcher::new(&staff());
        assert_eq!(event(&m, "Pekka lomalla"), Match::Nobody);
        assert_eq!(event(&m, "Anna lomalla"), Match::Suggest(1));
        assert_eq!(event(&m, "Joulujuhlat"), Match::Nobody);
    }

    #[test]
    fn two_full_names_match_nobody() {
        let m = Matcher::new(&staff());
        assert_eq!(event(&m, "Maija Virtanen ja Anna Lahti koulutus"), Match::Nobody);
    }
}
