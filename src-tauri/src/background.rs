//! Background calendar sync: on start, every few minutes, and at once when
//! the operator asks ("sync now"), on a thread of its own with its own
//! database connection, so the window never waits for a slow calendar
//! server. Progress goes into the session's sync status for the feeds
//! panel. The search index is built here too, at start.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vaihde::api::{Clock, Session};
use vaihde::sync::{FetchOptions, Fetcher, Outcome};

pub struct SyncSettings {
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub every: Duration,
}

/// Builds the search index on a connection of its own at start, so the
/// first keystroke does not wait for it (about a second at 100,000 people).
pub fn build_index(data_dir: PathBuf, session: Arc<Mutex<Session>>) {
    let spawned = std::thread::Builder::new().name("search-index".into()).spawn(move || {
        let Some(mark) = session.lock().ok().map(|s| s.edit_mark()) else { return };
        let built = vaihde::Store::open_dir(&data_dir)
            .map_err(|e| e.to_string())
            .and_then(|store| vaihde::search::Index::build(store.conn()).map_err(|e| e.to_string()));
        match built {
            Ok(index) => {
                if let Ok(mut s) = session.lock() {
                    s.install_index(index, mark);
                }
            }
            // The first search builds it instead and reports any error.
            Err(e) => eprintln!("vaihde: building the search index at start: {e}"),
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: building the search index at start: {e}");
    }
}

pub fn spawn(settings: SyncSettings, session: Arc<Mutex<Session>>) {
    let (trigger, wake) = mpsc::channel::<()>();
    if let Ok(mut s) = session.lock() {
        s.sync_trigger = Some(trigger);
        s.sync.enabled = true;
    }
    let spawned = std::thread::Builder::new().name("calendar-sync".into()).spawn(move || {
        let fetcher = match Fetcher::new(FetchOptions::default()) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("vaihde: calendar sync is off: {e}");
                return;
            }
        };
        loop {
            run_once(&settings, &fetcher, &session);
            // Presses of "sync now" during the round are answered by it.
            while wake.try_recv().is_ok() {}
            match wake.recv_timeout(settings.every) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: calendar sync could not start: {e}");
    }
}

fn run_once(settings: &SyncSettings, fetcher: &Fetcher, session: &Arc<Mutex<Session>>) {
    let update = |f: &dyn Fn(&mut vaihde::api::SyncStatus)| {
        if let Ok(mut s) = session.lock() {
            f(&mut s.sync);
        }
    };
    update(&|s| s.running = true);
    // A connection of its own: SQLite in WAL mode lets the window read meanwhile.
    let result = vaihde::Store::open_dir(&settings.data_dir).map_err(|e| e.to_string()).and_then(|mut store| {
        let at = settings.clock.now();
        let mut progress = |p: vaihde::sync::Progress| {
            update(&|s| {
                s.fetched = p.fetched as u32;
                s.total = p.total as u32;
            })
        };
        let round = vaihde::sync::sync_with_progress(&mut store, None, at, fetcher, 8, &mut progress);
        tauri::async_runtime::block_on(round).map_err(|e| e.to_string())
    });
    let failed = match result {
        // Failures are stored per feed and shown in the app.
        Ok(reports) => reports.iter().filter(|r| r.outcome == Outcome::Failed).count() as u32,
        Err(e) => {
            eprintln!("vaihde: calendar sync: {e}");
            0
        }
    };
    // Absences are not in the search index (statuses are read per row), so
    // the index stays: dropping it would stall the next keystroke at scale.
    if let Ok(mut s) = session.lock() {
        s.sync.running = false;
        s.sync.failed = failed;
        s.sync.last_round_at = Some(settings.clock.now());
    }
}
