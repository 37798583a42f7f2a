//! The outbox, delivered in the background: a thread of its own with its
//! own database connection, a round every half minute and one at once
//! when a message is taken, so the window never waits for a mail server.
//! On a team database only one desk delivers at a time (the core's job
//! lock); the others' rounds return at once. Each round also closes calls
//! left open and deletes what is past the keep time.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vaihde::api::{Clock, Session};
use vaihde::messages::outbox::{self, Which};
use vaihde::store::Location;

/// How often the outbox is looked at when nothing wakes it.
const EVERY: Duration = Duration::from_secs(30);

pub fn spawn(location: Location, clock: Clock, session: Arc<Mutex<Session>>) {
    let (trigger, wake) = mpsc::channel::<()>();
    if let Ok(mut s) = session.lock() {
        s.delivery_trigger = Some(trigger);
    }
    let spawned = std::thread::Builder::new().name("outbox".into()).spawn(move || {
        let http = match outbox::http_client() {
            Ok(h) => h,
            Err(e) => {
                eprintln!("vaihde: message delivery is off: {e}");
                return;
            }
        };
        // A round that fails the same way every half minute (a desk role
        // that may not read the mail settings, a server away) is said once,
        // and again only when it changes or recovers.
        let mut last_error = String::new();
        loop {
            // The session's directory: the first-run screen may have moved it to the demo.
            let location = session.lock().ok().and_then(|s| s.location.clone()).unwrap_or_else(|| location.clone());
            match round(&location, clock, &http) {
                Err(e) => {
                    let e = format!("{e:#}");
                    if e != last_error {
                        eprintln!("vaihde: delivering messages: {e}");
                        last_error = e;
                    }
                }
                Ok(()) if !last_error.is_empty() => {
                    eprintln!("vaihde: delivering messages works again");
                    last_error.clear();
                }
                Ok(()) => {}
            }
            while wake.try_recv().is_ok() {}
            match wake.recv_timeout(EVERY) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: message delivery could not start: {e}");
    }
}

fn round(location: &Location, clock: Clock, http: &outbox::HttpClient) -> anyhow::Result<()> {
    let mut store = vaihde::Store::open_at(location)?;
    let at = clock.now();
    store.write(|c| {
        vaihde::messages::call_log::close_forgotten(c, at)?;
        vaihde::messages::retention::prune(c, at)
    })?;
    tauri::async_runtime::block_on(outbox::deliver(&mut store, Which::Due, at, http))?;
    Ok(())
}
