//! A team of desks on one PostgreSQL database: moving a desk's own
//! directory into it (`vaihde team init --from-local`), and what the team
//! database is doing (`vaihde team status`): which database, its version,
//! which desks are connected, who holds the sync lock, when sync last ran.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::directory::{Result, feeds};
use crate::store::db::{Connection, Engine};
use crate::store::jobs::{self, Job};
use crate::store::{Location, Store, copy};

/// How a process names its connections to the team database, so that the
/// server and `team status` can tell desks apart: "vaihde desk anna@desk-3"
/// (`face` is "desk" for the app, "cli" for the command line).
pub fn connection_name(face: &str, actor: Option<&str>) -> String {
    let host = host_name();
    match actor.map(str::trim).filter(|a| !a.is_empty()) {
        Some(actor) => format!("vaihde {face} {actor}@{host}"),
        None => format!("vaihde {face} @{host}"),
    }
}

/// This machine's name ("?" when it has none to tell).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "?".into())
}

/// One desk (or CLI run) connected to the team database now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connected {
    /// Its connection name ("vaihde desk anna@desk-3").
    pub name: String,
    /// How many connections it has open (a desk has a few: window, sync, live updates).
    pub connections: u32,
}

/// What `vaihde team status` says.
#[derive(Debug, Clone, Serialize)]
pub struct TeamStatus {
    /// Where, without any password.
    pub database: String,
    /// "postgresql" or "sqlite".
    pub engine: &'static str,
    /// The server's version ("15.8"); SQLite's library version on one desk.
    pub server_version: String,
    /// The directory's schema: the highest migration applied.
    pub schema_version: u32,
    pub companies: u64,
    pub people: u64,
    /// Desks connected now (this command's own connection not counted),
    /// open windows first.
    pub connected: Vec<Connected>,
    /// Open windows among them: the desks following the directory live.
    pub desks: u32,
    /// The desk in a calendar sync round now, if one is.
    pub sync_lock_holder: Option<String>,
    /// When a desk last fetched a feed.
    pub last_sync_at: Option<DateTime<Utc>>,
}

pub fn status(store: &Store, location: &Location) -> Result<TeamStatus> {
    let conn = store.conn();
    let count = |table: &str| copy::count(conn, table);
    let (engine, server_version, connected) = match conn.engine() {
        Engine::Sqlite => ("sqlite", rusqlite::version().to_string(), Vec::new()),
        Engine::Postgres => {
            let version: String = conn.query_row("SHOW server_version", [], |r| r.get(0))?;
            ("postgresql", version, connected(conn)?)
        }
    };
    let desks = connected.iter().filter(|c| c.name.starts_with("vaihde desk")).count() as u32;
    let last_sync_at = feeds::last_attempt(conn)?;
    Ok(TeamStatus {
        database: location.to_string(),
        engine,
        server_version,
        schema_version: store.schema_version()?,
        companies: count("companies")?,
        people: count("people")?,
        connected,
        desks,
        sync_lock_holder: jobs::holder(conn, Job::CalendarSync)?,
        last_sync_at,
    })
}

/// Vaihde's connections to this database other than our own, by name.
fn connected(conn: &Connection) -> crate::store::db::Result<Vec<Connected>> {
    let mut stmt = conn.prepare(
        "SELECT application_name, COUNT(*) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'vaihde%'
         GROUP BY application_name ORDER BY (application_name LIKE 'vaihde desk%') DESC, application_name",
    )?;
    let rows = stmt.query_map([], |r| {
        let n: i64 = r.get(1)?;
        Ok(Connected { name: r.get(0)?, connections: u32::try_from(n).unwrap_or(u32::MAX) })
    })?;
    rows.collect()
}

/// What `team init --from-local` copied, table by table.
pub type Copied = Vec<copy::TableCount>;

/// Copies the desk's own directory `local` into the team database `team`
/// (which must hold no directory yet), in one transaction with every table
/// counted on both sides.
pub fn init_from_local(local: &Store, team: &mut Store) -> std::result::Result<Copied, copy::CopyError> {
    team.write(|tx| copy::copy_directory(local.conn(), tx, copy::Secrets::Copy))
}

/// Where a desk keeps its read-only copy of the team database at `url`:
/// in its data directory, one file per team database (named by a hash of
/// where it is, never by its password-bearing address).
pub fn local_copy_path(data_dir: &std::path::Path, url: &str) -> std::path::PathBuf {
    // Stable across runs and versions: FNV-1a over the described address.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in crate::store::postgres::describe(url).bytes().chain(schema_of(url).bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    data_dir.join(format!("team-copy-{hash:016x}.sqlite3"))
}

/// The `search_path` a URL's options set, if any (tests keep directories
/// in schemas of one server; so may teams).
fn schema_of(url: &str) -> String {
    url.split_once("search_path%3D")
        .map(|(_, rest)| rest.split('&').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// Writes a desk's read-only copy of the team database `team` to `path`:
/// every table as of one moment (a repeatable-read transaction), into a
/// new file that then replaces the old copy whole, so a desk never reads a
/// half-written copy. Returns how many people it holds.
pub fn write_local_copy(team: &Store, path: &std::path::Path) -> std::result::Result<u64, copy::CopyError> {
    let fresh = path.with_extension("sqlite3.new");
    let _ = std::fs::remove_file(&fresh);
    let people = {
        let mut target = Store::open(&fresh).map_err(|e| copy::CopyError::Store(e.to_string()))?;
        // Without the feeds' full addresses: the desk never fetches from its
        // copy, and its role on the team database may not read them.
        let counts =
            team.read_consistent(|from| target.write(|tx| copy::copy_directory(from, tx, copy::Secrets::Leave)))?;
        // One file, no journal beside it: the copy is opened read-only.
        if let Some(sqlite) = target.conn().as_sqlite() {
            sqlite.pragma_update(None, "journal_mode", "DELETE").map_err(crate::store::db::Error::from)?;
        }
        counts.iter().find(|c| c.table == "people").map_or(0, |c| c.rows)
    };
    std::fs::rename(&fresh, path).map_err(|e| copy::CopyError::Store(e.to_string()))?;
    Ok(people)
}

/// Brings the desk's copy of the team database up to date (the app does it
/// after each calendar round, on the round's own connection); nothing to do
/// on a desk's own directory. Returns how many people the copy holds.
pub fn refresh_local_copy(
    team: &Store,
    location: &Location,
    data_dir: &std::path::Path,
) -> Option<std::result::Result<u64, copy::CopyError>> {
    let Location::Postgres(url) = location else { return None };
    Some(write_local_copy(team, &local_copy_path(data_dir, url)))
}
