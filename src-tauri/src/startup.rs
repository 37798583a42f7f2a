//! Opening the directory the app works on: the same data directory as the
//! CLI (`--data-dir`, else `VAIHDE_DATA_DIR`, else the platform default), and
//! the clock (`--at` or `VAIHDE_AT` fixes "now" for tests and
//! demonstrations). An empty directory stays empty: the window's first-run
//! screen asks whether to try the demo (kept beside it) or start with a
//! staff file.

use anyhow::Context as _;
use vaihde::api::{Clock, Session};

use crate::background::SyncSettings;
use vaihde::store::Location;
use vaihde::{Directory, Store};

/// The few command-line options the app takes (softphones may add more
/// later: the deep-link URL arrives as an argument too).
#[derive(Debug, Default)]
pub struct Options {
    pub data_dir: Option<std::path::PathBuf>,
    /// A team's PostgreSQL database (`--database`, else `VAIHDE_DATABASE_URL`).
    pub database: Option<String>,
    at: Option<String>,
    sync_minutes: Option<u64>,
    /// `vaihde://call?to=…&from=…`: softphones open the app with this.
    call: Option<vaihde::calls::CallArgs>,
    /// Register the app as the handler of `vaihde://` links and exit.
    pub register_url_handler: bool,
    /// The demo's simulated phone line instead of the desk's own (`--demo-line`, scripts/demo).
    pub demo_line: bool,
}

/// Reads the app's arguments (without the program name).
pub fn options(raw: &[String]) -> anyhow::Result<Options> {
    let mut o = Options::default();
    let mut args = raw.iter().cloned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data-dir" => o.data_dir = Some(args.next().context("--data-dir needs a directory")?.into()),
            "--database" => o.database = Some(args.next().context("--database needs a postgres:// address")?),
            "--at" => o.at = Some(args.next().context("--at needs a time")?),
            "--sync-minutes" => {
                o.sync_minutes =
                    Some(args.next().context("--sync-minutes needs a number")?.parse().context("--sync-minutes")?)
            }
            "--register-url-handler" => o.register_url_handler = true,
            "--demo-line" => o.demo_line = true,
            other => {
                if let Some(call) = vaihde::calls::parse_call_url(other) {
                    o.call = Some(call);
                }
            }
        }
    }
    Ok(o)
}

/// The session for the window and the settings for background sync
/// (`--sync-minutes`, else `VAIHDE_SYNC_MINUTES`, else every 5 minutes;
/// 0 for none).
pub fn open_session(options: Options, data_dir: std::path::PathBuf) -> anyhow::Result<(Session, SyncSettings)> {
    let database = options.database.clone().or_else(|| std::env::var("VAIHDE_DATABASE_URL").ok());
    let location = Location::choose(database.as_deref(), &data_dir);
    let actor = vaihde::shifts::given_by_environment();
    // Named to the team database before the first connection: `vaihde team
    // status` counts open desks by this name.
    vaihde::store::postgres::set_desk_name(&vaihde::team::connection_name("desk", actor.as_deref()));
    // A team database out of reach at start: the desk opens on its copy
    // (read-only, with the banner) and goes back to it when it answers.
    let (store, offline) = match (Store::open_at(&location), &location) {
        (Ok(store), _) => (store, false),
        (Err(e), Location::Postgres(url)) => {
            let copy = Store::open_copy(&vaihde::team::local_copy_path(&data_dir, url))
                .with_context(|| format!("opening {location}: {e}; and this desk has no copy of it yet"))?;
            eprintln!("vaihde: {location} cannot be reached ({e}): starting on this desk's copy");
            (copy, true)
        }
        (Err(e), _) => return Err(anyhow::Error::new(e).context(format!("opening {location}"))),
    };
    let directory = Directory::new(store);
    let at = options.at.or_else(|| std::env::var("VAIHDE_AT").ok()).filter(|t| !t.trim().is_empty());
    let clock = match at {
        Some(text) => Clock::Fixed(vaihde::time::parse_instant(&text, chrono_tz::Europe::Helsinki).context("--at")?),
        None => Clock::System,
    };
    let minutes = match options.sync_minutes {
        Some(m) => m,
        None => std::env::var("VAIHDE_SYNC_MINUTES").ok().and_then(|m| m.parse().ok()).unwrap_or(5),
    };
    // 0: this desk fetches no calendars (a team's sync worker does); its
    // copy of the team database is still kept fresh every 5 minutes.
    let sync = SyncSettings {
        location: location.clone(),
        clock,
        every: std::time::Duration::from_secs(60 * if minutes == 0 { 5 } else { minutes }),
        fetch: minutes > 0,
    };
    let mut session = Session::new(directory, clock);
    if offline {
        session.go_offline(Clock::System.now(), None);
    }
    session.data_dir = Some(data_dir);
    session.location = Some(location);
    session.pending_call = options.call;
    // No name given: whoever is signed in at this desk (`vaihde operator
    // sign-in`, or Ctrl+O in the window).
    session.actor = vaihde::shifts::who_acts(session.directory.conn(), actor.as_deref(), &vaihde::shifts::this_desk())
        .unwrap_or(None);
    Ok((session, sync))
}
