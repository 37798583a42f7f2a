//! Keeping an open window live: a [`Watch`] follows the directory's
//! live-changes feed on a connection of its own and brings the session's
//! search index up to date with what changed anywhere — the CLI, another
//! window, a calendar sync, an import — re-indexing only the people who
//! changed. The shell calls [`Watch::step`] a few times a second and tells
//! the window what changed ([`Changed`]), which re-reads what it shows.

use std::sync::{Arc, Mutex};

use crate::directory::live::{Changed, Follower, Topic};
use crate::directory::{Result, people};
use crate::model::Id;
use crate::search::Index;
use crate::store::{Location, Store};

use super::Session;

/// The event the shell sends the window with a [`Changed`].
pub const EVENT: &str = "directory-changed";

/// Past this many people to index again, one fresh build (off the lock) is cheaper.
const REINDEX_AT_MOST: usize = 500;

/// One window's follower of the directory, with its own connection.
pub struct Watch {
    location: Location,
    store: Store,
    follower: Follower,
    polls: u64,
}

impl Watch {
    /// Starts following the directory at `location` from now on.
    pub fn open(location: &Location) -> Result<Watch> {
        let store = Store::open_at(location)?;
        let follower = Follower::from_now(store.conn())?;
        Ok(Watch { location: location.clone(), store, follower, polls: 0 })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// One look: what changed since the last, with the session's search
    /// index already brought up to date; `None` when nothing did.
    pub fn step(&mut self, session: &Arc<Mutex<Session>>) -> Result<Option<Changed>> {
        self.polls += 1;
        // Every few minutes at 5 looks a second: keep the feed bounded.
        if self.polls.is_multiple_of(1_000) {
            let _ = crate::directory::live::prune(self.store.conn());
        }
        let Some(changed) = self.follower.poll(self.store.conn())? else { return Ok(None) };
        match reindex_for(self.store.conn(), &changed)? {
            Reindex::Nothing => {}
            Reindex::People(ids) => {
                if let Ok(mut s) = session.lock() {
                    s.changed_people(&ids);
                }
            }
            Reindex::Everything => self.rebuild(session)?,
        }
        Ok(Some(changed))
    }

    /// A fresh index built here, off the session's lock, so searching goes
    /// on meanwhile over the old one; if an edit came in during the build,
    /// the old one is dropped and the next search builds again.
    fn rebuild(&self, session: &Arc<Mutex<Session>>) -> Result<()> {
        if !build_index_beside(self.store.conn(), session)?
            && let Ok(mut s) = session.lock()
        {
            s.forget_index();
        }
        Ok(())
    }
}

/// Builds the whole search index on `conn` — a connection of the caller's
/// own, off the session's lock — and installs it in the session unless an
/// edit came in during the build. Returns whether it was installed.
pub fn build_index_beside(conn: &crate::store::Connection, session: &Arc<Mutex<Session>>) -> Result<bool> {
    let Some(mark) = session.lock().ok().map(|s| s.edit_mark()) else { return Ok(false) };
    let index = Index::build(conn)?;
    Ok(session.lock().is_ok_and(|mut s| s.install_index(index, mark)))
}

/// What a change means for the search index.
#[derive(Debug, PartialEq, Eq)]
pub enum Reindex {
    Nothing,
    People(Vec<Id>),
    Everything,
}

/// People are indexed with their company's name and the roles they hold:
/// a changed person is indexed again, and a changed role or company
/// re-indexes its people.
pub fn reindex_for(conn: &crate::store::db::Connection, changed: &Changed) -> Result<Reindex> {
    if changed.everything {
        return Ok(Reindex::Everything);
    }
    let mut ids: Vec<Id> = changed.people.iter().copied().collect();
    if changed.topics.contains(&Topic::Role) || changed.topics.contains(&Topic::Company) {
        for &company in &changed.companies {
            ids.extend(people::list(conn, company)?.into_iter().map(|p| p.id));
            if ids.len() > REINDEX_AT_MOST {
                return Ok(Reindex::Everything);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(match ids.len() {
        0 => Reindex::Nothing,
        n if n > REINDEX_AT_MOST => Reindex::Everything,
        _ => Reindex::People(ids),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Directory;
    use crate::api::{Clock, SearchArgs, search_rows};
    use crate::directory::{Stamp, companies};
    use crate::model::Person;
    use chrono::TimeZone;

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    /// The demo in a directory on disk, and Rakennus-Koivu's id.
    fn demo_on_disk() -> (tempfile::TempDir, Store, Id) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        store.write(|tx| crate::demo::load(tx, at(), false)).unwrap();
        let company = companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap().id;
        (dir, store, company)
    }

    fn names(session: &Arc<Mutex<Session>>, query: &str, company: Id) -> Vec<String> {
        let mut s = session.lock().unwrap();
        let args = SearchArgs { query: query.into(), company_id: Some(company), all: false, limit: 5 };
        search_rows(&mut s, args).unwrap().into_iter().map(|r| r.person.name).collect()
    }

    #[test]
    fn a_person_added_elsewhere_is_found_without_a_restart() {
        let (dir, mut other, company) = demo_on_disk();
        let session = Arc::new(Mutex::new(Session::new(
            Directory::new(Store::open_dir(dir.path()).unwrap()),
            Clock::Fixed(at()),
        )));
        let mut watch = Watch::open(&Location::Dir(dir.path().to_path_buf())).unwrap();
        assert!(names(&session, "Uusitalo", company).iter().all(|n| n != "Aino Uusitalo"));

        let stamp = Stamp::new(at(), Some("cli".into()));
        let id =
            other.write(|tx| people::insert(tx, &Person::new(company, "Aino", "Uusitalo"), &stamp, false)).unwrap();
        let changed = watch.step(&session).unwrap().expect("told");
        assert!(changed.people.contains(&id));
        assert_eq!(names(&session, "aino uusitalo", company).first().map(String::as_str), Some("Aino Uusitalo"));

        // A title changed elsewhere is searchable at once too.
        let mut p = people::get(other.conn(), id).unwrap();
        p.title = "Toimitusjohtaja".into();
        other.write(|tx| people::update(tx, &p, &stamp)).unwrap();
        watch.step(&session).unwrap().expect("told");
        assert_eq!(names(&session, "toimitusjohtaja aino", company).first().map(String::as_str), Some("Aino Uusitalo"));
        assert_eq!(watch.step(&session).unwrap(), None);
    }

    #[test]
    fn a_renamed_role_reindexes_its_holders_and_a_big_change_rebuilds() {
        let (_dir, store, company) = demo_on_disk();
        let mut changed = Changed::default();
        changed.topics.insert(Topic::Role);
        changed.companies.insert(company);
        let Reindex::People(ids) = reindex_for(store.conn(), &changed).unwrap() else { panic!("people") };
        assert_eq!(ids.len(), people::list(store.conn(), company).unwrap().len());
        changed.everything = true;
        assert_eq!(reindex_for(store.conn(), &changed).unwrap(), Reindex::Everything);
        assert_eq!(reindex_for(store.conn(), &Changed::default()).unwrap(), Reindex::Nothing);
    }
}
