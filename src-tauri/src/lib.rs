//! The desktop shell: opens the directory, holds the session, and exposes
//! the core's API to the window through one Tauri command. Wiring only; what
//! each command does lives in the core (`vaihde::api`).

mod background;
mod delivery;
mod line;
mod live;
mod single;
mod startup;
mod url_handler;

use std::sync::{Arc, Mutex};

use tauri::{Manager, State};
use vaihde::api::{self, ApiError, Session};

struct AppState {
    session: Arc<Mutex<Session>>,
}

/// The single entry point the front end calls (through `ui/src/ipc.ts`).
/// Runs off the UI thread so a slow query never freezes the window.
#[tauri::command(async)]
fn api(state: State<'_, AppState>, cmd: String, args: serde_json::Value) -> Result<serde_json::Value, ApiError> {
    let mut session = state.session.lock().map_err(|_| {
        ApiError::new(vaihde::api::ErrorKind::Store, "an earlier request failed badly; restart Vaihde")
            .saying(vaihde::words::Phrase::new(vaihde::msg!("apiRestart")))
    })?;
    api::dispatch(&mut session, &cmd, args)
}

pub fn run() {
    if let Err(e) = start() {
        eprintln!("vaihde: {e:#}");
        std::process::exit(1);
    }
}

fn start() -> anyhow::Result<()> {
    let launched_at_ms =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).ok();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = startup::options(&args)?;
    let demo_line = options.demo_line;
    if options.register_url_handler {
        let path = url_handler::register()?;
        println!("vaihde:// links now open this app ({})", path.display());
        return Ok(());
    }
    let data_dir = vaihde::paths::data_dir(options.data_dir.as_deref())?;
    // A softphone's second launch hands its call to the open window and ends.
    if single::forward_to_running(&data_dir, &args) {
        return Ok(());
    }
    let (mut session, sync) = startup::open_session(options, data_dir.clone())?;
    session.launched_at_ms = launched_at_ms;
    let location = sync.location.clone();
    let clock = sync.clock;
    let session = Arc::new(Mutex::new(session));
    background::build_index(location, Arc::clone(&session));
    delivery::spawn(sync.location.clone(), clock, Arc::clone(&session));
    background::spawn(sync, Arc::clone(&session));
    let for_calls = Arc::clone(&session);
    let for_live = Arc::clone(&session);
    let for_line = Arc::clone(&session);
    let line_console: Arc<Mutex<Option<Arc<Mutex<vaihde::line::console::Console>>>>> = Arc::default();
    let started_line = Arc::clone(&line_console);
    let app = tauri::Builder::default()
        .manage(AppState { session })
        .setup(move |app| {
            live::spawn(app.handle().clone(), for_live);
            let console = line::spawn(app.handle().clone(), &for_line, demo_line);
            if let Ok(mut slot) = started_line.lock() {
                *slot = console;
            }
            let handle = app.handle().clone();
            single::listen(&data_dir, move |args| {
                if let Some(call) = args.iter().find_map(|a| vaihde::calls::parse_call_url(a))
                    && let Ok(mut s) = for_calls.lock()
                {
                    // The window picks it up within a second (take_pending_call).
                    s.pending_call = Some(call);
                }
                if let Some(window) = handle.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.set_focus();
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api])
        .build(tauri::generate_context!())
        .map_err(|e| anyhow::anyhow!("the window could not start: {e}"))?;
    app.run(move |_, event| {
        // The phone engine is the app's child: it stops with the app,
        // never left running without a window.
        if let tauri::RunEvent::Exit = event
            && let Ok(slot) = line_console.lock()
            && let Some(console) = slot.as_ref()
            && let Ok(mut console) = console.lock()
        {
            console.stop();
        }
    });
    Ok(())
}
