//! Finding the person the operator heard: names, aliases, titles,
//! departments, topics, roles, e-mail names and phone numbers, folded
//! ([`normalize`]), matched by sound ([`phonetic`]) and within typos
//! ([`vocab`]), scored by small pure functions ([`rank`]) over an index
//! built for every keystroke ([`index`]); equal matches (namesakes) are
//! ordered by whom the desk's callers ask for ([`prefer`]).
//!
//! The desktop app and `vaihde search` call the same [`Index::search`].

mod index;
pub mod normalize;
pub mod on_disk;
pub mod phonetic;
pub mod prefer;
mod rank;
pub mod refresh;
pub mod vocab;

use crate::store::db::Connection;
use serde::Serialize;

use crate::directory::{Result, companies, people, roles};
use crate::model::Id;
pub use index::{Index, IndexBuilder, StoredError};
pub use normalize::fold;
pub use prefer::{AskedFor, Preference};
pub use rank::{FieldKind, Quality, word_score};

/// What kind of record a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Person,
    /// A current employee found through a role they hold ("toimitusjohtaja").
    Role,
    Former,
    Outsider,
    /// The role or topic itself ("laskutus"), routed to its first available
    /// holder; its holders follow as rows of their own. Made by the desk's
    /// search, never by the index.
    Group,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hit {
    pub person_id: Id,
    pub company_id: Id,
    pub kind: HitKind,
    pub score: i64,
    /// Which field matched best: "name", "alias", "title", "department", "topic", "role", "phone", "email", "company".
    pub matched: FieldKind,
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
    /// The index of everyone in the directory.
    pub fn build(conn: &Connection) -> Result<Index> {
        Index::build_from(conn, companies::list(conn)?, people::all(conn)?)
    }

    /// The index of one company's people only: what a one-off query scoped
    /// to the call's company needs (the CLI's `search --company`, `who`), a
    /// few milliseconds instead of indexing 100,000 people for 300.
    pub fn build_company(conn: &Connection, company_id: Id) -> Result<Index> {
        Index::build_from(conn, vec![companies::get(conn, company_id)?], people::list(conn, company_id)?)
    }

    fn build_from(
        conn: &Connection,
        companies: Vec<crate::model::Company>,
        people: Vec<crate::model::Person>,
    ) -> Result<Index> {
        let mut builder = IndexBuilder::new();
        let mut role_names: std::collections::HashMap<Id, Vec<String>> = std::collections::HashMap::new();
        for c in companies {
            builder.company(c.id, &c.name);
            for r in roles::list(conn, c.id)? {
                for h in &r.holders {
                    let names = role_names.entry(*h).or_default();
                    names.push(r.name.clone());
                    names.extend(r.aliases.iter().cloned());
                }
            }
        }
        for p in people {
            builder.person(&p, role_names.get(&p.id).map(Vec::as_slice).unwrap_or(&[]));
        }
        Ok(builder.finish())
    }

    /// After an edit of these people: index them again from the directory,
    /// without rebuilding the rest (a second at 100,000 people).
    pub fn refresh_people(&mut self, conn: &Connection, ids: &[Id]) -> Result<()> {
        let mut edited = Vec::new();
        let mut removed = Vec::new();
        for &id in ids {
            match people::get(conn, id) {
                Ok(p) => {
                    let company = companies::get(conn, p.company_id)?.name;
                    let roles: Vec<String> = roles::held_by(conn, id)?
                        .into_iter()
                        .flat_map(|r| std::iter::once(r.name).chain(r.aliases))
                        .collect();
                    edited.push((p, company, roles));
                }
                Err(e) if e.is_not_found() => removed.push(id),
                Err(e) => return Err(e),
            }
        }
        self.replace_people(edited, &removed);
        Ok(())
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

    #[test]
    fn edited_people_are_found_as_they_are_now_without_a_rebuild() {
        let (mut store, mut index, c) = demo();
        let mut maija = people::resolve(store.conn(), Some(c), "Maija Virtanen").unwrap();
        maija.family_name = "Kallioinen".into();
        maija.title = "Henkilöstöjohtaja".into();
        let stamp = crate::directory::Stamp::new(chrono::Utc::now(), None);
        store.write(|tx| people::update(tx, &maija, &stamp)).unwrap();
        let mut newcomer = people::tests::person(c, "Outi", "Uusitalo");
        newcomer.id = store.write(|tx| people::insert(tx, &newcomer, &stamp, false)).unwrap();
        index.refresh_people(store.conn(), &[maija.id, newcomer.id]).unwrap();
        let fresh = Index::build(store.conn()).unwrap();
        for q in ["maija virtanen", "maija kallioinen", "henkilostojohtaja", "outi uusi", "maija", "liisa"] {
            let a: Vec<Id> = index.search(q, Scope::Company(c), 5).iter().map(|h| h.person_id).collect();
            let b: Vec<Id> = fresh.search(q, Scope::Company(c), 5).iter().map(|h| h.person_id).collect();
            assert_eq!(a, b, "{q}: the refreshed index answers as a fresh build");
        }
        assert_eq!(first(&store, &index, "maija kallioinen", Scope::Company(c)), "Maija Kallioinen");
        // (Her e-mail address still says virtanen, so that search still finds her, as a fresh build does.)
    }
}
