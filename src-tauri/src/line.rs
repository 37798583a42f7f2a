//! The desk's phone line in the app. When the desk has a line
//! (`vaihde line set`, or the window's settings), a thread steps the
//! core's console (`vaihde::line::console`): it takes in the engine's
//! events, writes the call log on a database connection of its own, and
//! tells the window with a `line-changed` event. The window's commands act
//! on the same console through the session. Without a line the console
//! idles (the window works as before) until the settings give it one.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter};
use vaihde::api::Session;
use vaihde::api::line::LINE_EVENT;
use vaihde::line::console::Console;

/// How often the engine's events are taken in: well inside the 100 ms a
/// ringing call may take to show its company.
const EVERY: Duration = Duration::from_millis(20);

/// How often a lost database connection is opened again.
const REOPEN: Duration = Duration::from_secs(5);

/// Starts the line's thread (on the desk's line, the demo's simulated one
/// with `demo`, or idle until one is set); returns its console (for
/// stopping the engine when the app closes).
pub fn spawn(app: AppHandle, session: &Arc<Mutex<Session>>, demo: bool) -> Option<Arc<Mutex<Console>>> {
    let (data_dir, location, clock, started, operator) = {
        let s = session.lock().ok()?;
        (s.data_dir.clone()?, s.location.clone()?, s.clock, s.started, s.actor.clone().unwrap_or_default())
    };
    let console = if demo {
        Console::demo(&operator)
    } else {
        // A damaged settings file: the console says so in the panel.
        if let Err(e) = vaihde::line::load(&data_dir) {
            eprintln!("vaihde: the desk's phone line: {e}");
        }
        // Without a line the console stays idle (its panel says "none")
        // until the window's settings give it one.
        Console::start(&data_dir, &operator, clock.running(started))
    };
    let console = Arc::new(Mutex::new(console));
    if let Ok(mut s) = session.lock() {
        s.line = Some(Arc::clone(&console));
    }
    let stepped = Arc::clone(&console);
    let spawned = std::thread::Builder::new().name("line".into()).spawn(move || {
        let mut store = None;
        let mut opened_at: Option<Instant> = None;
        loop {
            if store.is_none() && opened_at.is_none_or(|t| t.elapsed() >= REOPEN) {
                opened_at = Some(Instant::now());
                match vaihde::Store::open_at(&location) {
                    Ok(s) => store = Some(s),
                    Err(e) => eprintln!("vaihde: the phone line's database connection: {e}"),
                }
            }
            let (changed, serial) = match stepped.lock() {
                Ok(mut console) => {
                    let changed = console.step(store.as_mut(), clock.running(started), Duration::ZERO);
                    (changed, console.serial())
                }
                Err(_) => return,
            };
            if changed && let Err(e) = app.emit(LINE_EVENT, serial) {
                eprintln!("vaihde: telling the window about the line: {e}");
            }
            std::thread::sleep(EVERY);
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: starting the phone line's thread: {e}");
    }
    Some(console)
}
