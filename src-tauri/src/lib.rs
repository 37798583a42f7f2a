//! The desktop shell: opens the directory, holds the session, and exposes
//! the core's API to the window through one Tauri command. Wiring only; what
//! each command does lives in the core (`vaihde::api`).

mod background;
mod startup;

use std::sync::{Arc, Mutex};

use tauri::State;
use vaihde::api::{self, ApiError, Session};

struct AppState {
    session: Arc<Mutex<Session>>,
}

/// The single entry point the front end calls (through `ui/src/ipc.ts`).
/// Runs off the UI thread so a slow query never freezes the window.
#[tauri::command(async)]
fn api(state: State<'_, AppState>, cmd: String, args: serde_json::Value) -> Result<serde_json::Value, ApiError> {
    let mut session = state.session.lock().map_err(|_| ApiError {
        kind: "store".into(),
        message: "an earlier request failed badly; restart Vaihde".into(),
    })?;
    api::dispatch(&mut session, &cmd, args)
}

pub fn run() {
    let (session, sync) = match startup::open_session() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("vaihde: {e:#}");
            std::process::exit(1);
        }
    };
    let session = Arc::new(Mutex::new(session));
    background::spawn(sync, Arc::clone(&session));
    let result = tauri::Builder::default()
        .manage(AppState { session })
        .invoke_handler(tauri::generate_handler![api])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("vaihde: the window could not start: {e}");
        std::process::exit(1);
    }
}
