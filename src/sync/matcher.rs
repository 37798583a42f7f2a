//! Who an event of a shared absence calendar is about: an ATTENDEE or
//! ORGANIZER address first, then a name in the title ("Virtanen loma",
//! "Lomalla: Maija Virtanen", "Maikki sairaana"). Names are compared folded
//! (case, Nordic letters, doubled letters), as whole words. A family name
//! alone counts only when one current employee has it; a title naming two
//! people equally well matches nobody, and is listed as unmatched.

use std::collections::HashMap;

use crate::calendar::Occurrence;
use crate::model::{Id, Person};
use crate::search::fold;

pub struct Matcher {
    by_email: HashMap<String, Id>,
    /// Folded word sequences and whose they are.
    patterns: Vec<(Vec<String>, Id)>,
}

fn words(text: &str) -> Vec<String> {
    fold(text).split(' ').filter(|w| !w.is_empty()).map(String::from).collect()
}

impl Matcher {
    pub fn new(people: &[Person]) -> Matcher {
        let staff: Vec<&Person> = people.iter().filter(|p| p.is_current_staff()).collect();
        let mut by_email = HashMap::new();
        let mut patterns = Vec::new();
        let mut family_count: HashMap<Vec<String>, usize> = HashMap::new();
        for p in &staff {
            *family_count.entry(words(&p.family_name)).or_default() += 1;
        }
        for p in &staff {
            for e in &p.emails {
                by_email.insert(e.to_lowercase(), p.id);
            }
            patterns.push((words(&format!("{} {}", p.given_name, p.family_name)), p.id));
            patterns.push((words(&format!("{} {}", p.family_name, p.given_name)), p.id));
            for a in &p.aliases {
                patterns.push((words(a), p.id));
            }
            let family = words(&p.family_name);
            if family_count.get(&family) == Some(&1) {
                patterns.push((family, p.id));
            }
        }
        patterns.retain(|(w, _)| !w.is_empty());
        Matcher { by_email, patterns }
    }

    pub fn person_for(&self, o: &Occurrence) -> Option<Id> {
        let mut by_mail: Vec<Id> = o.emails.iter().filter_map(|e| self.by_email.get(e).copied()).collect();
        by_mail.sort_unstable();
        by_mail.dedup();
        if let [one] = by_mail.as_slice() {
            return Some(*one);
        }
        let title = words(&o.match_text);
        let mut best: Option<(usize, Id)> = None;
        let mut tie = false;
        for (pattern, id) in &self.patterns {
            if !title.windows(pattern.len()).any(|w| w == pattern.as_slice()) {
                continue;
            }
            match best {
                Some((len, who)) if pattern.len() == len && who != *id => tie = true,
                Some((len, _)) if pattern.len() <= len => {}
                _ => {
                    best = Some((pattern.len(), *id));
                    tie = false;
                }
            }
        }
        if tie { None } else { best.map(|(_, id)| id) }
    }
}
