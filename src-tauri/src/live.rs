//! Keeps the window live: a thread follows the directory's changes (the
//! core's `api::live::Watch`: on a team database woken by the server's
//! notifications, else five looks a second) and tells the window what
//! changed with a `directory-changed` event, so an edit made anywhere —
//! another desk, the CLI, a sync, an import — is on screen within a second.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tauri::{AppHandle, Emitter};
use vaihde::api::Session;
use vaihde::api::live::{EVENT, TEAM_EVENT, Watch, keep_connected};

const EVERY: Duration = Duration::from_millis(200);

pub fn spawn(app: AppHandle, session: Arc<Mutex<Session>>) {
    let spawned = std::thread::Builder::new().name("live".into()).spawn(move || {
        let mut watch: Option<Watch> = None;
        let mut told_lost = false;
        loop {
            match &watch {
                Some(w) => w.wait(EVERY),
                None => std::thread::sleep(EVERY),
            }
            // The session's directory: the first-run screen may have moved it to the demo.
            let Some(location) = session.lock().ok().and_then(|s| s.location.clone()) else { continue };
            if watch.as_ref().is_none_or(|w| *w.location() != location) {
                match Watch::open(&location) {
                    Ok(w) => watch = Some(w),
                    Err(e) => {
                        // Not even a first connection (a team database away at start).
                        if !told_lost {
                            eprintln!("vaihde: following the directory's changes: {e}");
                            told_lost = true;
                        }
                        tell_team_state(&app, keep_connected(&session, false));
                    }
                }
                continue;
            }
            let Some(w) = watch.as_mut() else { continue };
            let stepped = w.step(&session);
            // On a team database: onto the desk's copy when the server is
            // away, back when it answers; the window shows or hides its banner.
            tell_team_state(&app, keep_connected(&session, stepped.is_ok()));
            match stepped {
                Ok(Some(changed)) => {
                    told_lost = false;
                    if let Err(e) = app.emit(EVENT, &changed) {
                        eprintln!("vaihde: telling the window what changed: {e}");
                    }
                }
                Ok(None) => told_lost = false,
                Err(e) => {
                    // The watch connects again by itself and catches up; the
                    // window keeps what it shows. Said once, not five times a second.
                    if !told_lost {
                        eprintln!("vaihde: following the directory's changes: {e}");
                        told_lost = true;
                    }
                }
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: live updates are off: {e}");
    }
}

fn tell_team_state(app: &AppHandle, state: Option<vaihde::api::TeamState>) {
    if let Some(state) = state
        && let Err(e) = app.emit(TEAM_EVENT, &state)
    {
        eprintln!("vaihde: telling the window about the team database: {e}");
    }
}
