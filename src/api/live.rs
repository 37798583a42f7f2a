//! Keeping an open window live: a [`Watch`] follows the directory's
//! live-changes feed on a connection of its own and brings the session's
//! search index up to date with what changed anywhere — the CLI, another
//! window, a calendar sync, an import — re-indexing only the people who
//! changed. The shell calls [`Watch::step`] a few times a second and tells
//! the window what changed ([`Changed`]), which re-reads what it shows.

use std::cell::Cell;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::directory::Result;
use crate::directory::live::{Changed, Follower};

pub use crate::search::refresh::{Reindex, reindex_for};
use crate::store::postgres::{Heard, Listener};
use crate::store::{Location, Store};

use super::Session;

/// The event the shell sends the window with a [`Changed`].
pub const EVENT: &str = "directory-changed";

/// On PostgreSQL, a look at the feed at least this often even when no
/// notification came: a notification is never the only way to hear of a
/// change (one may be lost between two connections' lives).
const LOOK_ANYWAY: Duration = Duration::from_secs(5);

/// The channel the team database's triggers NOTIFY on (see its baseline).
const CHANNEL: &str = "vaihde_changes";

/// One window's follower of the directory, with its own connection (and on
/// PostgreSQL a second one that LISTENs). When a connection is lost the
/// watch connects again by itself on a later step and catches up from its
/// place in the feed, so nothing changed meanwhile is missed.
pub struct Watch {
    location: Location,
    store: Option<Store>,
    listener: Option<Listener>,
    follower: Follower,
    last_look: Instant,
    /// What [`Watch::wait`] heard, for the next step.
    pending: Cell<Option<Heard>>,
    polls: u64,
}

impl Watch {
    /// Starts following the directory at `location` from now on.
    pub fn open(location: &Location) -> Result<Watch> {
        let store = Store::open_at(location)?;
        let follower = Follower::from_now(store.conn())?;
        let listener = listen(location);
        Ok(Watch {
            location: location.clone(),
            store: Some(store),
            listener,
            follower,
            last_look: Instant::now(),
            pending: Cell::new(None),
            polls: 0,
        })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Waits up to `max` for news: on PostgreSQL until a notification
    /// arrives (so a change is told at once), elsewhere the whole `max`.
    pub fn wait(&self, max: Duration) {
        match &self.listener {
            Some(l) => {
                if let Some(heard) = l.wait(max) {
                    self.pending.set(Some(heard));
                }
            }
            None => std::thread::sleep(max),
        }
    }

    /// One look: what changed since the last, with the session's search
    /// index already brought up to date; `None` when nothing did. An error
    /// means a connection was lost: the next step connects again and
    /// catches up.
    pub fn step(&mut self, session: &Arc<Mutex<Session>>) -> Result<Option<Changed>> {
        self.polls += 1;
        let reconnected = self.store.is_none();
        if reconnected {
            self.store = Some(Store::open_at(&self.location)?);
        }
        if matches!(self.location, Location::Postgres(_))
            && self.listener.is_none()
            && (reconnected || self.last_look.elapsed() >= LOOK_ANYWAY)
        {
            self.listener = listen(&self.location);
        }
        let heard = self.pending.take().or_else(|| self.listener.as_ref().and_then(|l| l.wait(Duration::ZERO)));
        if heard == Some(Heard::Lost) {
            // Heard of no more changes on it: listen again on the next step,
            // and look now, as after any reconnect.
            self.listener = None;
        }
        let quiet = heard.is_none() && self.listener.is_some() && !reconnected;
        if quiet && self.last_look.elapsed() < LOOK_ANYWAY {
            return Ok(None);
        }
        let Some(store) = self.store.as_ref() else { return Ok(None) };
        // Every few minutes at 5 looks a second: keep the feed bounded.
        if self.polls.is_multiple_of(1_000) {
            let _ = crate::directory::live::prune(store.conn());
        }
        self.last_look = Instant::now();
        let polled = self.follower.poll(store.conn());
        let changed = match polled {
            Ok(Some(changed)) => changed,
            Ok(None) => return Ok(None),
            Err(e) => {
                self.store = None;
                self.listener = None;
                return Err(e);
            }
        };
        match reindex_for(store.conn(), &changed)? {
            Reindex::Nothing => {}
            Reindex::People(ids) => {
                if let Ok(mut s) = session.lock() {
                    s.changed_people(&ids);
                }
            }
            Reindex::Everything => {
                if !build_index_beside(store.conn(), session)?
                    && let Ok(mut s) = session.lock()
                {
                    s.forget_index();
                }
            }
        }
        Ok(Some(changed))
    }
}

/// Keeps the session on the team database while the watch reaches it, and
/// on the desk's read-only copy while it does not. Call after each step of
/// the watch with whether it `reached` the database; returns the team
/// state when it changed (the window then shows or hides its banner).
/// A desk on its own SQLite directory is never offline.
pub fn keep_connected(session: &Arc<Mutex<Session>>, reached: bool) -> Option<super::TeamState> {
    let (location, data_dir, offline) = {
        let s = session.lock().ok()?;
        (s.location.clone()?, s.data_dir.clone(), s.offline.is_some())
    };
    let Location::Postgres(url) = &location else { return None };
    if !reached && !offline {
        let copy = data_dir.and_then(|d| match Store::open_copy(&crate::team::local_copy_path(&d, url)) {
            Ok(copy) => Some(copy),
            Err(e) => {
                eprintln!("vaihde: the team database cannot be reached, and {e}");
                None
            }
        });
        let mut s = session.lock().ok()?;
        s.go_offline(chrono::Utc::now(), copy);
        return Some(team_state(&s));
    }
    if reached && offline {
        // Connected off the session's lock: the window goes on meanwhile.
        let store = Store::open_at(&location).ok()?;
        let mut s = session.lock().ok()?;
        s.go_online(store);
        return Some(team_state(&s));
    }
    None
}

fn team_state(s: &Session) -> super::TeamState {
    super::TeamState { team: true, offline: s.offline.clone() }
}

/// The event the shell sends the window with a changed [`super::TeamState`].
pub const TEAM_EVENT: &str = "team-state";

/// A listener on the team database's changes, when the directory is there;
/// `None` on SQLite, or when listening failed (the watch then looks at the
/// feed on every step, as on SQLite, and tries again later).
fn listen(location: &Location) -> Option<Listener> {
    let Location::Postgres(url) = location else { return None };
    match Listener::listen(url, CHANNEL, Duration::from_secs(10)) {
        Ok(l) => Some(l),
        Err(e) => {
            eprintln!("vaihde: listening for the team's changes: {e}");
            None
        }
    }
}

/// Builds the whole search index on `conn` — a connection of the caller's
/// own, off the session's lock; read back from the session's index file
/// when that is up to date or nearly ([`crate::search::on_disk`]) — and installs it in the session unless an
/// edit came in during the build. Returns whether it was installed.
pub fn build_index_beside(conn: &crate::store::Connection, session: &Arc<Mutex<Session>>) -> Result<bool> {
    let Some((mark, file)) = session.lock().ok().map(|s| (s.edit_mark(), s.index_file())) else { return Ok(false) };
    let index = crate::search::on_disk::open_or_build(conn, file.as_deref())?;
    Ok(session.lock().is_ok_and(|mut s| s.install_index(index, mark)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Directory;
    use crate::api::{Clock, SearchArgs, search_rows};
    use crate::directory::live::Topic;
    use crate::directory::people;
    use crate::directory::{Stamp, companies};
    use crate::model::Id;
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
        let args = SearchArgs { query: query.into(), company_id: Some(company), limit: 5, ..Default::default() };
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

    /// On the team database the watch is woken by the server's notification
    /// rather than by its clock, and after losing its connections (a server
    /// restart, a network cut) it connects again by itself and catches up
    /// with what changed meanwhile, notifications of it lost or not.
    #[test]
    fn on_postgres_a_notification_wakes_the_watch_and_a_lost_connection_catches_up() {
        let Some(server) = std::env::var("VAIHDE_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) else { return };
        let url = crate::store::postgres::schema_url(&server, &format!("watch{}", std::process::id())).unwrap();
        let mut other = Store::open_postgres(&url).unwrap();
        other.write(|tx| crate::demo::load(tx, at(), false)).unwrap();
        let company = companies::find_by_slug(other.conn(), "rakennus").unwrap().unwrap().id;
        let session =
            Arc::new(Mutex::new(Session::new(Directory::new(Store::open_postgres(&url).unwrap()), Clock::Fixed(at()))));
        let mut watch = Watch::open(&Location::Postgres(url.clone())).unwrap();
        assert!(watch.listener.is_some(), "listening");
        assert_eq!(watch.step(&session).unwrap(), None);

        let stamp = Stamp::new(at(), Some("Jenny".into()));
        let id =
            other.write(|tx| people::insert(tx, &Person::new(company, "Aino", "Uusitalo"), &stamp, false)).unwrap();
        let started = Instant::now();
        watch.wait(Duration::from_secs(5));
        assert!(started.elapsed() < Duration::from_secs(2), "woken by the notification");
        let changed = watch.step(&session).unwrap().expect("told");
        assert!(changed.people.contains(&id));

        // Both of the watch's connections cut by the server; a change made
        // while it is away is caught up after it reconnects.
        let pids: Vec<i64> = [
            watch.store.as_ref().map(|s| s.conn().query_row("SELECT pg_backend_pid()", [], |r| r.get(0)).unwrap()),
            watch.listener.as_ref().map(|l| l.pid),
        ]
        .into_iter()
        .flatten()
        .collect();
        for pid in pids {
            other.conn().query_row("SELECT pg_terminate_backend(?1::int)::text", [pid], |_| Ok(())).unwrap();
        }
        let mut p = people::get(other.conn(), id).unwrap();
        p.title = "Toimitusjohtaja".into();
        other.write(|tx| people::update(tx, &p, &stamp)).unwrap();
        let started = Instant::now();
        let caught = loop {
            watch.wait(Duration::from_millis(200));
            if let Ok(Some(changed)) = watch.step(&session) {
                break changed;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "never caught up");
        };
        assert!(caught.people.contains(&id), "{caught:?}");
        assert!(watch.listener.is_some(), "listening again");
        assert_eq!(names(&session, "toimitusjohtaja aino", company).first().map(String::as_str), Some("Aino Uusitalo"));
    }
}
