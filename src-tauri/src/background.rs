//! Background calendar sync: on start, every few minutes, and at once when
//! the operator asks ("sync now"), on a thread of its own with its own
//! database connection, so the window never waits for a slow calendar
//! server. Progress goes into the session's sync status for the feeds
//! panel. The search index is built here too, at start.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vaihde::api::{Clock, Session, SyncTrouble};
use vaihde::store::Location;
use vaihde::sync::{FetchOptions, Fetcher, Outcome, TeamRound};

pub struct SyncSettings {
    pub location: Location,
    pub clock: Clock,
    pub every: Duration,
    /// Whether this desk fetches calendars at all (`--sync-minutes 0`: a
    /// team's sync worker does). The rounds still keep the desk's copy of
    /// the team database fresh.
    pub fetch: bool,
}

/// Builds the search index on a connection of its own at start, so the
/// first keystroke does not wait for it (about a second at 100,000 people).
pub fn build_index(location: Location, session: Arc<Mutex<Session>>) {
    let spawned = std::thread::Builder::new().name("search-index".into()).spawn(move || {
        let built = vaihde::Store::open_at(&location)
            .map_err(|e| e.to_string())
            .and_then(|store| vaihde::api::live::build_index_beside(store.conn(), &session).map_err(|e| e.to_string()));
        // Not installed (an edit came first): the first search builds it.
        // Failed: the first search builds it instead and reports the error.
        if let Err(e) = built {
            eprintln!("vaihde: building the search index at start: {e}");
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: building the search index at start: {e}");
    }
}

pub fn spawn(settings: SyncSettings, session: Arc<Mutex<Session>>) {
    let (trigger, wake) = mpsc::channel::<()>();
    if let Ok(mut s) = session.lock() {
        s.sync_trigger = settings.fetch.then_some(trigger);
        s.sync.enabled = settings.fetch;
    }
    let thread_session = session.clone();
    let spawned = std::thread::Builder::new().name("calendar-sync".into()).spawn(move || {
        let session = thread_session;
        // However the thread ends (a panic included), the window is told.
        let _stopped = Stopped::new(session.clone());
        let fetcher = match Fetcher::new(FetchOptions::default()) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("vaihde: calendar sync is off: {e}");
                return;
            }
        };
        let mut asked = false;
        loop {
            run_once(&settings, &fetcher, &session, asked);
            // Presses of "sync now" during the round are answered by it.
            while wake.try_recv().is_ok() {}
            asked = match wake.recv_timeout(settings.every) {
                Ok(()) => true,
                Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => return,
            };
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: calendar sync could not start: {e}");
        set_trouble(&session, SyncTrouble::Stopped { detail: e.to_string() });
    }
}

/// The sync thread's last word: when it ends, for whatever reason, the
/// status says sync has stopped, so the window never shows "Syncing 0/…"
/// for ever and F5 says so too.
struct Stopped {
    session: Arc<Mutex<Session>>,
}

impl Stopped {
    fn new(session: Arc<Mutex<Session>>) -> Stopped {
        Stopped { session }
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        let detail = if std::thread::panicking() { "it failed unexpectedly" } else { "it ended" };
        eprintln!("vaihde: calendar sync has stopped: {detail}");
        set_trouble(&self.session, SyncTrouble::Stopped { detail: detail.into() });
    }
}

/// Sets the trouble even when a panic left the lock poisoned (the status
/// is plain data; it is still right to write it).
fn set_trouble(session: &Arc<Mutex<Session>>, trouble: SyncTrouble) {
    let mut s = session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    s.sync.running = false;
    s.sync.trouble = Some(trouble);
}

/// One round. On a team database it is the team's round, done by one desk
/// at a time: a scheduled round fetches only the feeds no desk fetched
/// within the interval, a round the operator `asked` for (F5) fetches all.
/// One desk on its own fetches every feed every round.
fn run_once(settings: &SyncSettings, fetcher: &Fetcher, session: &Arc<Mutex<Session>>, asked: bool) {
    if !settings.fetch {
        keep_copy(session);
        return;
    }
    let update = |f: &dyn Fn(&mut vaihde::api::SyncStatus)| {
        if let Ok(mut s) = session.lock() {
            f(&mut s.sync);
        }
    };
    update(&|s| s.running = true);
    // The session's directory: the first-run screen may have moved it to the demo.
    let location = session.lock().ok().and_then(|s| s.location.clone()).unwrap_or_else(|| settings.location.clone());
    // A connection of its own: SQLite in WAL mode lets the window read meanwhile.
    let result = vaihde::Store::open_at(&location).map_err(|e| e.phrase()).and_then(|mut store| {
        let at = settings.clock.now();
        let mut progress = |p: vaihde::sync::Progress| {
            update(&|s| {
                s.fetched = p.fetched as u32;
                s.total = p.total as u32;
            })
        };
        let team = matches!(location, Location::Postgres(_));
        let every = (team && !asked).then_some(settings.every);
        let round = vaihde::sync::team_round(&mut store, None, at, fetcher, 8, every, &mut progress);
        let round = tauri::async_runtime::block_on(round).map_err(|e| e.phrase());
        // The desk's copy of the team database, for when it cannot be reached.
        refresh_copy(session, &store, &location);
        round
    });
    let (failed, trouble, other_desk) = match result {
        // Failures of single feeds are stored per feed and shown in the app.
        Ok(TeamRound::Ran(reports, staff)) => {
            let failed = reports.iter().filter(|r| r.outcome == Outcome::Failed).count()
                + staff.iter().filter(|r| r.outcome == Outcome::Failed).count();
            (failed as u32, None, None)
        }
        // Another desk of the team is in its round: its results arrive live.
        Ok(TeamRound::OtherDesk { desk }) => (0, None, Some(desk.unwrap_or_default())),
        // The round itself failed: the window says so, with what to do.
        Err(said) => {
            eprintln!("vaihde: calendar sync: {}", vaihde::words::Words::of(vaihde::model::Language::En).phrase(&said));
            (0, Some(SyncTrouble::RoundFailed { said }), None)
        }
    };
    // Absences are not in the search index (statuses are read per row), so
    // the index stays: dropping it would stall the next keystroke at scale.
    if let Ok(mut s) = session.lock() {
        s.sync.running = false;
        s.sync.failed = failed;
        s.sync.trouble = trouble;
        s.sync.other_desk = other_desk;
        s.sync.last_round_at = Some(settings.clock.now());
    }
}

/// Brings the desk's copy of a team database up to date (nothing to do on
/// a desk's own directory).
fn refresh_copy(session: &Arc<Mutex<Session>>, store: &vaihde::Store, location: &Location) {
    let data_dir = session.lock().ok().and_then(|s| s.data_dir.clone());
    if let Some(Err(e)) = data_dir.and_then(|d| vaihde::team::refresh_local_copy(store, location, &d)) {
        eprintln!("vaihde: keeping this desk's copy of the team database: {e}");
    }
}

/// A round of a desk that does not fetch: only the copy.
fn keep_copy(session: &Arc<Mutex<Session>>) {
    let Some(location) = session.lock().ok().and_then(|s| s.location.clone()) else { return };
    if !matches!(location, Location::Postgres(_)) {
        return;
    }
    match vaihde::Store::open_at(&location) {
        Ok(store) => refresh_copy(session, &store, &location),
        Err(e) => eprintln!("vaihde: keeping this desk's copy of the team database: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Arc<Mutex<Session>> {
        let directory = vaihde::Directory::open_in_memory().expect("directory");
        Arc::new(Mutex::new(Session::new(directory, Clock::System)))
    }

    #[test]
    fn a_round_that_cannot_run_is_reported_to_the_window() {
        let session = session();
        let dir = tempfile::tempdir().expect("temp dir");
        // A file where the data directory should be: the store cannot open.
        let not_a_dir = dir.path().join("file");
        std::fs::write(&not_a_dir, "x").expect("write");
        let settings = SyncSettings {
            location: Location::Dir(not_a_dir),
            clock: Clock::System,
            every: Duration::from_secs(60),
            fetch: true,
        };
        let fetcher = Fetcher::new(FetchOptions::default()).expect("fetcher");
        run_once(&settings, &fetcher, &session, false);
        let status = session.lock().expect("lock").sync.clone();
        assert!(!status.running);
        assert!(matches!(status.trouble, Some(SyncTrouble::RoundFailed { .. })), "{status:?}");
    }

    #[test]
    fn a_sync_thread_that_dies_says_so_and_f5_does_not_pretend() {
        let session = session();
        let (trigger, wake) = mpsc::channel::<()>();
        {
            let mut s = session.lock().expect("lock");
            s.sync_trigger = Some(trigger);
            s.sync.enabled = true;
            s.sync.running = true;
        }
        let s2 = session.clone();
        let died = std::thread::spawn(move || {
            let _stopped = Stopped::new(s2.clone());
            let _wake = wake;
            // Dies holding the lock: the status is still written.
            let _held = s2.lock();
            panic!("a bug in a sync round");
        })
        .join();
        assert!(died.is_err());
        let mut s = session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        assert!(matches!(s.sync.trouble, Some(SyncTrouble::Stopped { .. })), "{:?}", s.sync);
        assert!(!s.sync.running, "no 'Syncing 0/…' for ever");
        let after_f5 = vaihde::api::dispatch(&mut s, "sync_now", serde_json::json!({})).expect("sync_now");
        assert_eq!(after_f5["running"], false);
        assert_eq!(after_f5["trouble"]["kind"], "stopped");
    }
}
