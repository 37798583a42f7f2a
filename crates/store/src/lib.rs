//! Vaihde's store, the second layer: the one place that opens Vaihde's
//! database, the embedded SQLite of one desk or (the team database)
//! PostgreSQL, both behind [`db::Connection`]; the migrations with each
//! step's two forms side by side; copying a directory into a team
//! database; where the data directory is ([`paths`]). It uses the
//! vocabulary crate below it and nothing above: the domain (directory,
//! messages, search…) reads and writes through it, and cargo keeps it so.
//!
//! Opening SQLite creates the data directory, sets WAL, `synchronous=NORMAL`,
//! a busy timeout and foreign keys, then applies the embedded migrations.
//! Writes go through [`Store::write`], one transaction each (`BEGIN
//! IMMEDIATE` on SQLite), so a failed import or sync leaves nothing
//! half-done. Queries live in `directory`, not here.

pub mod copy;
pub mod db;
mod heal;
pub mod jobs;
mod migrations;
pub mod paths;
pub mod postgres;

use std::path::{Path, PathBuf};
use std::time::Duration;

use vaihde_vocab::words::Phrase;

pub use db::Connection;

pub use migrations::MIGRATIONS;

/// A store that cannot be opened or written. `Display` is the English
/// (for logs); the faces word [`StoreError::phrase`].
#[derive(Debug)]
pub enum StoreError {
    CreateDir { path: PathBuf, source: std::io::Error },
    Open { path: PathBuf, source: rusqlite::Error },
    Copy { path: PathBuf, source: std::io::Error },
    Permissions { path: PathBuf, source: std::io::Error },
    Migrate { version: u32, name: &'static str, source: db::Error },
    TooNew { found: u32, known: u32 },
    Sql(db::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&english(&self.phrase()))
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::CreateDir { source, .. } | StoreError::Copy { source, .. } => Some(source),
            StoreError::Permissions { source, .. } => Some(source),
            StoreError::Open { source, .. } => Some(source),
            StoreError::Migrate { source, .. } => Some(source),
            StoreError::Sql(e) => Some(e),
            StoreError::TooNew { .. } => None,
        }
    }
}

impl From<db::Error> for StoreError {
    fn from(e: db::Error) -> Self {
        StoreError::Sql(e)
    }
}

impl StoreError {
    /// What went wrong, as a catalog phrase (`store…`).
    pub fn phrase(&self) -> Phrase {
        let path = |p: &Path| p.display().to_string();
        match self {
            StoreError::CreateDir { path: p, source } => Phrase::new(vaihde_vocab::msg!("storeCreateDir"))
                .text("path", path(p))
                .text("detail", source.to_string()),
            StoreError::Open { path: p, source } => {
                Phrase::new(vaihde_vocab::msg!("storeOpen")).text("path", path(p)).phrase("why", sqlite_phrase(source))
            }
            StoreError::Copy { path: p, source } => {
                Phrase::new(vaihde_vocab::msg!("storeCopy")).text("path", path(p)).text("detail", source.to_string())
            }
            StoreError::Permissions { path: p, source } => Phrase::new(vaihde_vocab::msg!("storePermissions"))
                .text("path", path(p))
                .text("detail", source.to_string()),
            StoreError::Migrate { version, name, source } => Phrase::new(vaihde_vocab::msg!("storeMigrate"))
                .text("version", version.to_string())
                .text("name", *name)
                .phrase("why", phrase(source)),
            StoreError::TooNew { found, known } => Phrase::new(vaihde_vocab::msg!("storeTooNew"))
                .text("found", found.to_string())
                .text("known", known.to_string()),
            StoreError::Sql(e) => phrase(e),
        }
    }
}

impl From<postgres::PgError> for StoreError {
    fn from(e: postgres::PgError) -> Self {
        StoreError::Sql(e.into())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e.into())
    }
}

fn english(p: &Phrase) -> String {
    vaihde_vocab::words::Words::of(vaihde_vocab::model::Language::En).phrase(p)
}

/// A database failure in English, for logs (the faces word [`phrase`]).
pub fn explain(e: &db::Error) -> String {
    english(&phrase(e))
}

/// SQLite's failures that the operator can do something about, as phrases;
/// others with the database's own words as their detail. Every write is one
/// transaction, so a failed one has changed nothing, and the sentences say so.
pub fn phrase(e: &db::Error) -> Phrase {
    match e {
        db::Error::Sqlite(e) => sqlite_phrase(e),
        db::Error::Postgres(e) => Phrase::new(vaihde_vocab::msg!("storeTeamDatabase")).text("detail", e.to_string()),
        db::Error::CopyOnly { .. } => Phrase::new(vaihde_vocab::msg!("refuseTeamAway")),
        other => Phrase::new(vaihde_vocab::msg!("storeDatabase")).text("detail", other.to_string()),
    }
}

fn sqlite_phrase(e: &rusqlite::Error) -> Phrase {
    use rusqlite::ErrorCode;
    let detail = |id: vaihde_vocab::words::MessageId| Phrase::new(id).text("detail", e.to_string());
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => Phrase::new(vaihde_vocab::msg!("storeDiskFull")),
        Some(ErrorCode::ReadOnly) => Phrase::new(vaihde_vocab::msg!("storeReadOnly")),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Phrase::new(vaihde_vocab::msg!("storeBusy")),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => detail(vaihde_vocab::msg!("storeCannotOpen")),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => detail(vaihde_vocab::msg!("storeDamaged")),
        _ => detail(vaihde_vocab::msg!("storeDatabase")),
    }
}

/// Where a directory is kept: a desk's data directory (SQLite), or a
/// team's PostgreSQL database. Shown without any password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Dir(PathBuf),
    Postgres(String),
}

impl Location {
    /// `--database` (or `VAIHDE_DATABASE_URL`) when given, else the team
    /// database this desk joined (from the app's first-run screen), else
    /// the data directory's own.
    pub fn choose(database: Option<&str>, data_dir: &Path) -> Location {
        match database.map(str::trim).filter(|d| !d.is_empty()) {
            Some(url) => Location::Postgres(url.to_string()),
            None => match crate::paths::saved_team_database(data_dir) {
                Some(url) => Location::Postgres(url),
                None => Location::Dir(data_dir.to_path_buf()),
            },
        }
    }

    pub fn dir(&self) -> Option<&Path> {
        match self {
            Location::Dir(d) => Some(d),
            Location::Postgres(_) => None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Dir(d) => write!(f, "{}", d.display()),
            Location::Postgres(url) => write!(f, "postgres://{}", postgres::describe(url)),
        }
    }
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// A desk's read-only copy of the team database: when it was made.
    copied_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`.
    /// A directory Vaihde creates is readable by its user only (0700): the
    /// database holds feed addresses with their secrets.
    pub fn open_dir(data_dir: &Path) -> Result<Store, StoreError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(data_dir).map_err(|source| StoreError::CreateDir { path: data_dir.to_path_buf(), source })?;
        Store::open(&crate::paths::database_path(data_dir))
    }

    /// Opens (creating if needed) the database file at `path`. The file is
    /// made readable by its owner only (0600) before the journal exists, so
    /// SQLite gives the -wal and -shm files the same mode.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let conn = rusqlite::Connection::open(path).map_err(open_err)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path)
                && meta.permissions().mode() & 0o077 != 0
            {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .map_err(|source| StoreError::Permissions { path: path.to_path_buf(), source })?;
            }
        }
        // The busy timeout must come first: setting WAL itself may wait on a lock
        // held by another Vaihde process (the app and the CLI on one directory).
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        let mut store = Store::configure(conn).map_err(open_err)?;
        store.path = Some(path.to_path_buf());
        store.migrate()?;
        Ok(store)
    }

    /// Opens the directory wherever it is kept.
    pub fn open_at(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::Dir(dir) => Store::open_dir(dir),
            Location::Postgres(url) => Store::open_postgres(url),
        }
    }

    /// Opens the team database at `url` (`postgres://…`), creating the
    /// schema in an empty database.
    pub fn open_postgres(url: &str) -> Result<Store, StoreError> {
        let client = postgres::Client::connect(url, Duration::from_secs(10))?;
        let mut store = Store { conn: Connection::postgres(client), path: None, copied_at: None };
        store.migrate()?;
        Ok(store)
    }

    /// A private, empty database with the full schema, for tests: SQLite in
    /// memory, or — when `VAIHDE_TEST_POSTGRES` names a PostgreSQL server
    /// (a throw-away one, started by `scripts/with-postgres`) — a fresh schema
    /// on it, so the same suite proves both engines.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        if let Some(url) = std::env::var("VAIHDE_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) {
            return Store::open_postgres_scratch(&url);
        }
        let conn = rusqlite::Connection::open_in_memory()?;
        let mut store = Store::configure(conn)?;
        store.migrate()?;
        Ok(store)
    }

    /// A new schema of its own on the server at `url`, for one test.
    pub fn open_postgres_scratch(url: &str) -> Result<Store, StoreError> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "t{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_micros()
        );
        Store::open_postgres(&postgres::schema_url(url, &name)?)
    }

    fn configure(conn: rusqlite::Connection) -> Result<Store, rusqlite::Error> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store { conn: Connection::sqlite(conn), path: None, copied_at: None })
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        migrations::apply(&self.conn)
    }

    /// A desk's copy of the team database (written by
    /// `team::write_local_copy`), opened read-only: what the desk shows
    /// while the team database cannot be reached. Every write is refused
    /// with [`db::Error::CopyOnly`]. The copy's time is its file's.
    pub fn open_copy(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let copied_at = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(chrono::DateTime::<chrono::Utc>::from)
            .map_err(|source| StoreError::Copy { path: path.to_path_buf(), source })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = rusqlite::Connection::open_with_flags(path, flags).map_err(open_err)?;
        let mut store = Store::configure(conn).map_err(open_err)?;
        store.path = Some(path.to_path_buf());
        store.copied_at = Some(copied_at);
        let version = store.schema_version()?;
        let known = migrations::latest();
        if version != known {
            return Err(StoreError::TooNew { found: version, known });
        }
        Ok(store)
    }

    /// When this read-only copy was made; `None` for the directory itself.
    pub fn copied_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.copied_at
    }

    /// Runs `f` over one consistent moment of the database: a read-only,
    /// repeatable-read transaction on PostgreSQL (all tables as of its
    /// start, whatever other desks commit meanwhile), a read transaction
    /// on SQLite.
    pub fn read_consistent<T, E>(&self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<db::Error>,
    {
        self.conn.execute_batch(match self.conn.engine() {
            db::Engine::Sqlite => "BEGIN",
            db::Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        })?;
        let tx = Tx { conn: &self.conn, open: true };
        let value = f(&self.conn)?;
        tx.commit()?;
        Ok(value)
    }

    /// The database file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction (immediate on SQLite, so it never
    /// deadlocks upgrading a read lock): all of it is stored, or none.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<db::Error>,
    {
        if let Some(copied_at) = self.copied_at {
            return Err(db::Error::CopyOnly { copied_at }.into());
        }
        let tx = Tx::begin(&self.conn)?;
        let value = f(&self.conn)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in a transaction that is rolled back afterwards: a dry run
    /// that reports what would change.
    pub fn rehearse<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<db::Error>,
    {
        let _tx = Tx::begin(&self.conn)?;
        f(&self.conn)
    }

    /// The schema version: the highest migration applied.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?)
    }
}

/// An open transaction, rolled back when dropped uncommitted: by an error,
/// a `?`, or a panic.
struct Tx<'c> {
    conn: &'c Connection,
    open: bool,
}

impl<'c> Tx<'c> {
    fn begin(conn: &'c Connection) -> Result<Tx<'c>, db::Error> {
        conn.execute_batch(match conn.engine() {
            db::Engine::Sqlite => "BEGIN IMMEDIATE",
            db::Engine::Postgres => "BEGIN",
        })?;
        Ok(Tx { conn, open: true })
    }

    fn commit(mut self) -> Result<(), db::Error> {
        self.open = false;
        let committed = self.conn.execute_batch("COMMIT");
        if committed.is_err() {
            // A failed COMMIT (a full disk) leaves SQLite's transaction open.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        committed
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl vaihde_vocab::words::Said for StoreError {
    fn phrase(&self) -> vaihde_vocab::words::Phrase {
        StoreError::phrase(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_in_memory_with_all_migrations() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap() as usize, MIGRATIONS.len());
        if let Some(sqlite) = store.conn().as_sqlite() {
            let fk: i64 = sqlite.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
            assert_eq!(fk, 1);
        }
    }

    #[test]
    fn file_database_is_wal_and_reopens_without_reapplying() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested/data");
        {
            let store = Store::open_dir(&data).unwrap();
            let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
            assert_eq!(mode, "wal");
            let sync: i64 = store.conn().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
            assert_eq!(sync, 1, "NORMAL");
        }
        let store = Store::open_dir(&data).unwrap();
        let rows: i64 = store.conn().query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0)).unwrap();
        assert_eq!(rows as usize, MIGRATIONS.len());
    }

    #[test]
    fn failed_write_rolls_back() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<(), db::Error> = store.write(|tx| {
            tx.execute(
                "INSERT INTO companies (slug, name, language, timezone) VALUES ('a', 'A', 'fi', 'Europe/Helsinki')",
                [],
            )?;
            tx.execute("INSERT INTO companies (slug, name, language, timezone) VALUES ('a', 'B', 'fi', 'UTC')", [])?;
            Ok(())
        });
        assert!(result.is_err());
        let n: i64 = store.conn().query_row("SELECT COUNT(*) FROM companies", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn an_older_directory_gets_its_feeds_shown_addresses() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open_dir(dir.path()).unwrap();
            store
                .conn()
                .execute_batch(
                    "INSERT INTO companies (slug, name, language, timezone) VALUES ('a', 'A', 'fi', 'UTC');
                     INSERT INTO feeds (company_id, url) VALUES (1, 'https://cal.example.org/private/s3cr3t/basic.ics');
                     DELETE FROM schema_migrations WHERE version >= 12;
                     DROP TABLE call_scripts; DROP TABLE shifts; DROP TABLE learned_seen; DROP TABLE learned;
                     DROP TABLE on_call_shifts; DROP TABLE staff_feed_cards; DROP TABLE staff_sources; DROP TABLE staff_feeds;
                     DROP TABLE calls; DROP TABLE message_events; DROP TABLE message_recipients;
                     DROP TABLE messages; DROP TABLE mail_settings; DROP TABLE company_messaging;
                     ALTER TABLE feeds DROP COLUMN on_call;
                     ALTER TABLE feeds DROP COLUMN address;",
                )
                .unwrap();
        }
        let store = Store::open_dir(dir.path()).unwrap();
        let address: String = store.conn().query_row("SELECT address FROM feeds", [], |r| r.get(0)).unwrap();
        assert_eq!(address, vaihde_vocab::model::redact("https://cal.example.org/private/s3cr3t/basic.ics"));
        assert!(!address.contains("s3cr3t"), "{address}");
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        {
            let store = Store::open(&path).unwrap();
            store
                .conn()
                .execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '')", [])
                .unwrap();
        }
        let err = Store::open(&path).err().expect("must refuse");
        assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err}");
    }
}
