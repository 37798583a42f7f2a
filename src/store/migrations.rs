//! Embedded, append-only schema migrations. Never edit a released file: add
//! the next one. Each is applied together with its bookkeeping row in one
//! transaction, so a crash mid-upgrade leaves the previous version intact.

use super::db::{self, Connection};
use super::{StoreError, Tx};

/// (version, name, SQL) in order. Versions are 1, 2, 3, ... without gaps.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "directory", include_str!("migrations/0001_directory.sql")),
    (2, "feeds", include_str!("migrations/0002_feeds.sql")),
    (3, "favourites", include_str!("migrations/0003_favourites.sql")),
    (4, "feed warnings", include_str!("migrations/0004_feed_warnings.sql")),
    (5, "match suggestions", include_str!("migrations/0005_match_suggestions.sql")),
    (6, "normalised text", include_str!("migrations/0006_normalised_text.sql")),
    (7, "unmatched per event", include_str!("migrations/0007_unmatched_per_event.sql")),
    (8, "feed problems", include_str!("migrations/0008_feed_problems.sql")),
    (9, "typed changes", include_str!("migrations/0009_typed_changes.sql")),
    (10, "live changes", include_str!("migrations/0010_live_changes.sql")),
    (11, "person numbers", include_str!("migrations/0011_person_numbers.sql")),
    (12, "feed addresses", include_str!("migrations/0012_feed_addresses.sql")),
    (13, "messages", include_str!("migrations/0013_messages.sql")),
    (14, "staff feeds", include_str!("migrations/0014_staff_feeds.sql")),
    (15, "carddav", include_str!("migrations/0015_carddav.sql")),
    (16, "on call", include_str!("migrations/0016_on_call.sql")),
    (17, "learned", include_str!("migrations/0017_learned.sql")),
];

/// The team database's schema as of SQLite's migration 11, applied whole to
/// an empty PostgreSQL database (none is older); later migrations list their
/// PostgreSQL form in [`POSTGRES`].
const POSTGRES_BASELINE: (u32, &str) = (11, include_str!("migrations/postgres/0011_baseline.sql"));

/// (version, SQL) for PostgreSQL, for the migrations after the baseline:
/// each version of [`MIGRATIONS`] past 11 needs its entry here too.
const POSTGRES: &[(u32, &str)] = &[
    (12, include_str!("migrations/postgres/0012_feed_addresses.sql")),
    (13, include_str!("migrations/postgres/0013_messages.sql")),
    (14, include_str!("migrations/postgres/0014_staff_feeds.sql")),
    (15, include_str!("migrations/postgres/0015_carddav.sql")),
    (16, include_str!("migrations/postgres/0016_on_call.sql")),
    (17, include_str!("migrations/postgres/0017_learned.sql")),
];

/// Migrations with a step in Rust as well, run after their SQL in the same
/// transaction: data changes SQL cannot express.
type RustStep = fn(&Connection) -> db::Result<()>;
const RUST_STEPS: &[(u32, RustStep)] = &[
    (6, |conn| super::heal::normalise_stored_text(conn).map(|_| ())),
    (11, super::heal::index_phone_numbers),
    (12, super::heal::shown_feed_addresses),
];

pub(super) fn apply(conn: &Connection) -> Result<(), StoreError> {
    if conn.engine() == db::Engine::Postgres {
        return apply_postgres(conn);
    }
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    let current: u32 = conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?;
    if current > known {
        return Err(StoreError::TooNew { found: current, known });
    }
    for &(version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let migrate_err = |source| StoreError::Migrate { version, name, source };
        let tx = Tx::begin(conn).map_err(migrate_err)?;
        // Another process may have migrated while we waited for the lock.
        let done: bool = conn
            .query_row("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)", [version], |r| r.get(0))
            .map_err(migrate_err)?;
        if !done {
            conn.execute_batch(sql).map_err(migrate_err)?;
            for (_, step) in RUST_STEPS.iter().filter(|s| s.0 == version) {
                step(conn).map_err(migrate_err)?;
            }
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                crate::params![version, name, chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()],
            )
            .map_err(migrate_err)?;
        }
        tx.commit().map_err(migrate_err)?;
    }
    Ok(())
}

/// The same list on PostgreSQL: the baseline on an empty database, then
/// each later migration's PostgreSQL form. Desks starting at once wait for
/// one another on a transaction-scoped advisory lock.
fn apply_postgres(conn: &Connection) -> Result<(), StoreError> {
    const MIGRATION_LOCK: i64 = 0x5641_4948_4445; // "VAIHDE"
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    let (baseline, baseline_sql) = POSTGRES_BASELINE;
    let tx = Tx::begin(conn)?;
    conn.query_row("SELECT pg_advisory_xact_lock(?1)::text", [MIGRATION_LOCK], |_| Ok(()))?;
    // Asked first: a desk's role may not create tables (only the schema's
    // owner upgrades it), and even IF NOT EXISTS needs that right.
    let exists: bool = conn.query_row("SELECT to_regclass('schema_migrations') IS NOT NULL", [], |r| r.get(0))?;
    if !exists {
        conn.execute_batch(
            "CREATE TABLE schema_migrations (
                 version    BIGINT PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_at TEXT NOT NULL
             )",
        )?;
    }
    let current: u32 = conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?;
    if current > known {
        return Err(StoreError::TooNew { found: current, known });
    }
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let record = |version: u32, name: &str| {
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            crate::params![version, name, now],
        )
    };
    if current < baseline {
        let migrate_err = |source| StoreError::Migrate { version: baseline, name: "team database", source };
        conn.execute_batch(baseline_sql).map_err(migrate_err)?;
        for &(version, name, _) in MIGRATIONS.iter().filter(|m| m.0 <= baseline) {
            record(version, name).map_err(migrate_err)?;
        }
    }
    for &(version, name, _) in MIGRATIONS.iter().filter(|m| m.0 > current.max(baseline)) {
        let migrate_err = |source| StoreError::Migrate { version, name, source };
        let sql = POSTGRES.iter().find(|p| p.0 == version).map(|p| p.1).ok_or_else(|| {
            migrate_err(db::Error::conversion("schema", format!("migration {version} has no PostgreSQL form")))
        })?;
        conn.execute_batch(sql).map_err(migrate_err)?;
        for (_, step) in RUST_STEPS.iter().filter(|s| s.0 == version) {
            step(conn).map_err(migrate_err)?;
        }
        record(version, name).map_err(migrate_err)?;
    }
    tx.commit()?;
    Ok(())
}
