//! Finding the person the operator heard: names, aliases, titles,
//! departments, topics and roles, folded (see [`normalize`]) and scored.
//!
//! This is the first slice of search: a linear scan over an in-memory
//! index, fine for directories of a few thousand people. The search issue
//! replaces the scan with something that meets its latency targets at 100k;
//! the API ([`Index::search`]) stays.

pub mod normalize;
mod rank;

use fuzzy_matcher::skim::SkimMatcherV2;
use rusqlite::Connection;
use serde::Serialize;

use crate::directory::{Result, people, roles};
use crate::model::{Id, PersonKind};
pub use normalize::fold;
pub use rank::{FieldKind, score_field};

/// What kind of record a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Person,
    Former,
    Outsider,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hit {
    pub person_id: Id,
    pub company_id: Id,
    pub kind: HitKind,
    pub score: i64,
    /// Which field matched best: "name", "alias", "title", "department", "topic", "role", "phone", "email".
    pub matched: FieldKind,
}

struct Entry {
    person_id: Id,
    company_id: Id,
    kind: HitKind,
    fields: Vec<(FieldKind, String)>,
}

/// All people of all companies, folded for matching.
pub struct Index {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

/// Where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One company only.
    Company(Id),
    /// Everyone; people of this company (if any) rank first.
    All(Option<Id>),
}

impl Index {
    pub fn build(conn: &Connection) -> Result<Index> {
        let mut role_names: std::collections::HashMap<Id, Vec<String>> = std::collections::HashMap::new();
        let company_ids: Vec<Id> = crate::directory::companies::list(conn)?.into_iter().map(|c| c.id).collect();
        for cid in company_ids {
            for r in roles::list(conn, cid)? {
                for h in &r.holders {
                    let names = role_names.entry(*h).or_default();
                    names.push(fold(&r.name));
                    names.extend(r.aliases.iter().map(|a| fold(a)));
                }
            }
        }
        let entries = people::all(conn)?
            .into_iter()
            .map(|p| {
                let kind = match (p.kind, p.has_left()) {
                    (PersonKind::Outsider, _) => HitKind::Outsider,
                    (_, true) => HitKind::Former,
                    _ => HitKind::Person,
                };
                let mut fields = vec![
                    (FieldKind::Name, fold(&p.full_name())),
                    (FieldKind::Name, fold(&format!("{} {}", p.family_name, p.given_name))),
                ];
                fields.extend(p.aliases.iter().map(|a| (FieldKind::Alias, fold(a))));
                fields.push((FieldKind::Title, fold(&p.title)));
                fields.push((FieldKind::Department, fold(&p.department)));
                fields.extend(p.topics.iter().map(|t| (FieldKind::Topic, fold(t))));
                fields.extend(role_names.remove(&p.id).unwrap_or_default().into_iter().map(|r| (FieldKind::Role, r)));
                fields.extend(p.emails.iter().map(|e| (FieldKind::Email, fold(e.split('@').next().unwrap_or("")))));
                fields.extend(p.phones.iter().map(|ph| (FieldKind::Phone, crate::phone::number_key(&ph.number))));
                fields.retain(|(_, text)| !text.is_empty());
                Entry { person_id: p.id, company_id: p.company_id, kind, fields }
            })
            .collect();
        Ok(Index { entries, matcher: SkimMatcherV2::default() })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for `query`, best first. Every word of the query
    /// must match some field of the person.
    pub fn search(&self, query: &str, scope: Scope, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = fold(query).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
        let digits = crate::phone::number_key(query);
        let phone_query =
            digits.len() >= 3 && query.chars().filter(|c| c.is_ascii_digit()).count() * 2 >= query.trim().len();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = Vec::new();
        for e in &self.entries {
            let home = match scope {
                Scope::Company(c) => {
                    if e.company_id != c {
                        continue;
                    }
                    true
                }
                Scope::All(current) => current == Some(e.company_id),
            };
            let scored = if phone_query {
                e.fields
                    .iter()
                    .filter(|(k, _)| *k == FieldKind::Phone)
                    .filter_map(|(_, text)| rank::score_phone(text, &digits))
                    .max()
                    .map(|s| (s, FieldKind::Phone))
            } else {
                rank::score_entry(&self.matcher, &e.fields, &words)
            };
            if let Some((score, matched)) = scored {
                let score = rank::adjust(score, e.kind, home);
                hits.push(Hit { person_id: e.person_id, company_id: e.company_id, kind: e.kind, score, matched });
            }
        }
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.person_id.cmp(&b.person_id)));
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::TimeZone;

    fn demo() -> (Store, Index, Id) {
        let mut store = Store::open_in_memory().unwrap();
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        store.write(|tx| crate::demo::load(tx, at, false)).unwrap();
        let index = Index::build(store.conn()).unwrap();
        let c = crate::directory::companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap().id;
        (store, index, c)
    }

    fn first(store: &Store, index: &Index, q: &str, scope: Scope) -> String {
        let hit = index.search(q, scope, 5).into_iter().next().unwrap_or_else(|| panic!("no hit for {q:?}"));
        people::get(store.conn(), hit.person_id).unwrap().full_name()
    }

    #[test]
    fn misheard_names_find_the_right_person() {
        let (store, index, c) = demo();
        for q in ["wirtanen", "maija virtanen", "virtanen maija", "maikki", "Koistinen", "pekka koist"] {
            let name = first(&store, &index, q, Scope::Company(c));
            assert!(name == "Maija Virtanen" || name == "Pekka Koistinen", "{q}: {name}");
        }
        assert!(first(&store, &index, "hamalain", Scope::Company(c)).ends_with("Hämäläinen"));
        assert_eq!(first(&store, &index, "timo hamalainen", Scope::Company(c)), "Timo Hämäläinen");
        assert_eq!(first(&store, &index, "hr maija", Scope::Company(c)), "Maija Virtanen");
    }

    #[test]
    fn nordic_spelling_variants() {
        let (store, index, _) = demo();
        let skargard = crate::directory::companies::find_by_slug(store.conn(), "skargard").unwrap().unwrap().id;
        assert_eq!(first(&store, &index, "mats ericson", Scope::Company(skargard)), "Mats Eriksson");
        assert_eq!(first(&store, &index, "camilla carlsson", Scope::Company(skargard)), "Camilla Karlsson");
    }

    #[test]
    fn roles_and_topics_find_holders() {
        let (store, index, c) = demo();
        assert_eq!(first(&store, &index, "toimitusjohtaja", Scope::Company(c)), "Pekka Koistinen");
        let hit = index.search("lehdistö", Scope::Company(c), 1).remove(0);
        assert_eq!(hit.matched, FieldKind::Role);
    }

    #[test]
    fn former_and_outsiders_are_found_and_labelled() {
        let (_store, index, c) = demo();
        let hit = index.search("Kari Nieminen", Scope::Company(c), 1).remove(0);
        assert_eq!(hit.kind, HitKind::Former);
        let hit = index.search("markku salo", Scope::Company(c), 1).remove(0);
        assert_eq!(hit.kind, HitKind::Outsider);
    }

    #[test]
    fn scope_and_home_company() {
        let (store, index, c) = demo();
        let all = index.search("Åsa Sjöberg", Scope::All(Some(c)), 3);
        assert_eq!(people::get(store.conn(), all[0].person_id).unwrap().full_name(), "Åsa Sjöberg");
        assert!(index.search("Åsa Sjöberg", Scope::Company(c), 3).iter().all(|h| h.company_id == c));
    }

    #[test]
    fn phone_numbers_any_format() {
        let (store, index, c) = demo();
        let maija = people::resolve(store.conn(), Some(c), "Maija Virtanen").unwrap();
        let mobile = maija.phone(crate::model::PhoneKind::Mobile).unwrap().number.clone();
        let international = format!("+358{}", mobile.replace(' ', "").trim_start_matches('0'));
        assert_eq!(first(&store, &index, &international, Scope::All(None)), "Maija Virtanen");
        let ext = maija.phone(crate::model::PhoneKind::Extension).unwrap().number.clone();
        assert_eq!(first(&store, &index, &ext, Scope::Company(c)), "Maija Virtanen");
    }
}
