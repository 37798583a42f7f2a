//! Background calendar sync: on start and every few minutes, on a thread
//! of its own with its own database connection, so the window never waits
//! for a slow calendar server. After each round the session's search
//! index is dropped so new absences show at once.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vaihde::api::{Clock, Session};
use vaihde::sync::{FetchOptions, Fetcher};

pub struct SyncSettings {
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub every: Duration,
}

pub fn spawn(settings: SyncSettings, session: Arc<Mutex<Session>>) {
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
            std::thread::sleep(settings.every);
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: calendar sync could not start: {e}");
    }
}

fn run_once(settings: &SyncSettings, fetcher: &Fetcher, session: &Arc<Mutex<Session>>) {
    // A connection of its own: SQLite in WAL mode lets the window read meanwhile.
    let mut store = match vaihde::Store::open_dir(&settings.data_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("vaihde: calendar sync: {e}");
            return;
        }
    };
    let at = settings.clock.now();
    match tauri::async_runtime::block_on(vaihde::sync::sync(&mut store, None, at, fetcher, 8)) {
        Ok(reports) => {
            // Failures are stored per feed and shown in the app; nothing to log here.
            let _ = reports;
        }
        Err(e) => eprintln!("vaihde: calendar sync: {e}"),
    }
    if let Ok(mut s) = session.lock() {
        s.changed();
    }
}
