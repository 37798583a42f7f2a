//! Embedded, append-only schema migrations. Never edit a released file: add
//! the next one. Each is applied together with its bookkeeping row in one
//! transaction, so a crash mid-upgrade leaves the previous version intact.

use super::db::{self, Connection};
use super::{StoreError, Tx};

/// One step of the schema: its SQLite and PostgreSQL forms side by side, so
/// a step cannot be added for one engine and forgotten for the other (the
/// fields are not optional: a missing form does not compile).
pub struct Migration {
    /// 1, 2, 3, ... without gaps (a test checks).
    pub version: u32,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: Postgres,
    /// Data changes SQL cannot express, run after the SQL in the same
    /// transaction. They call only code frozen with them (`heal`), never
    /// today's directory, so a later change there cannot break an upgrade.
    pub rust: Option<RustStep>,
}

/// A step's PostgreSQL form.
pub enum Postgres {
    /// Part of the team database's baseline ([`POSTGRES_BASELINE`]): the
    /// team database came after SQLite's migration 11, so no PostgreSQL
    /// database is older and the steps up to it are applied as one.
    InBaseline,
    Sql(&'static str),
}

/// A migration's step in Rust.
pub type RustStep = fn(&Connection) -> db::Result<()>;

/// Every step, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "directory",
        sqlite: include_str!("migrations/0001_directory.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 2,
        name: "feeds",
        sqlite: include_str!("migrations/0002_feeds.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 3,
        name: "favourites",
        sqlite: include_str!("migrations/0003_favourites.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 4,
        name: "feed warnings",
        sqlite: include_str!("migrations/0004_feed_warnings.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 5,
        name: "match suggestions",
        sqlite: include_str!("migrations/0005_match_suggestions.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 6,
        name: "normalised text",
        sqlite: include_str!("migrations/0006_normalised_text.sql"),
        postgres: Postgres::InBaseline,
        rust: Some(|conn| super::heal::normalise_stored_text(conn).map(|_| ())),
    },
    Migration {
        version: 7,
        name: "unmatched per event",
        sqlite: include_str!("migrations/0007_unmatched_per_event.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 8,
        name: "feed problems",
        sqlite: include_str!("migrations/0008_feed_problems.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 9,
        name: "typed changes",
        sqlite: include_str!("migrations/0009_typed_changes.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 10,
        name: "live changes",
        sqlite: include_str!("migrations/0010_live_changes.sql"),
        postgres: Postgres::InBaseline,
        rust: None,
    },
    Migration {
        version: 11,
        name: "person numbers",
        sqlite: include_str!("migrations/0011_person_numbers.sql"),
        postgres: Postgres::InBaseline,
        rust: Some(super::heal::index_phone_numbers),
    },
    Migration {
        version: 12,
        name: "feed addresses",
        sqlite: include_str!("migrations/0012_feed_addresses.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0012_feed_addresses.sql")),
        rust: Some(super::heal::shown_feed_addresses),
    },
    Migration {
        version: 13,
        name: "messages",
        sqlite: include_str!("migrations/0013_messages.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0013_messages.sql")),
        rust: None,
    },
    Migration {
        version: 14,
        name: "staff feeds",
        sqlite: include_str!("migrations/0014_staff_feeds.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0014_staff_feeds.sql")),
        rust: None,
    },
    Migration {
        version: 15,
        name: "carddav",
        sqlite: include_str!("migrations/0015_carddav.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0015_carddav.sql")),
        rust: None,
    },
    Migration {
        version: 16,
        name: "on call",
        sqlite: include_str!("migrations/0016_on_call.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0016_on_call.sql")),
        rust: None,
    },
    Migration {
        version: 17,
        name: "learned",
        sqlite: include_str!("migrations/0017_learned.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0017_learned.sql")),
        rust: None,
    },
    Migration {
        version: 18,
        name: "line times",
        sqlite: include_str!("migrations/0018_line_times.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0018_line_times.sql")),
        rust: None,
    },
    Migration {
        version: 19,
        name: "replies",
        sqlite: include_str!("migrations/0019_replies.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0019_replies.sql")),
        rust: None,
    },
    Migration {
        version: 20,
        name: "escalation",
        sqlite: include_str!("migrations/0020_escalation.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0020_escalation.sql")),
        rust: None,
    },
    Migration {
        version: 21,
        name: "call scripts",
        sqlite: include_str!("migrations/0021_call_scripts.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0021_call_scripts.sql")),
        rust: None,
    },
    Migration {
        version: 22,
        name: "script answers",
        sqlite: include_str!("migrations/0022_script_answers.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0022_script_answers.sql")),
        rust: None,
    },
    Migration {
        version: 23,
        name: "shifts",
        sqlite: include_str!("migrations/0023_shifts.sql"),
        postgres: Postgres::Sql(include_str!("migrations/postgres/0023_shifts.sql")),
        rust: None,
    },
];

/// The team database's schema as of SQLite's migration 11, applied whole to
/// an empty PostgreSQL database; the steps up to it say [`Postgres::InBaseline`].
const POSTGRES_BASELINE: (u32, &str) = (11, include_str!("migrations/postgres/0011_baseline.sql"));

/// The newest version this build knows.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

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
    let known = latest();
    let current: u32 = conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?;
    if current > known {
        return Err(StoreError::TooNew { found: current, known });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let migrate_err = |source| StoreError::Migrate { version: m.version, name: m.name, source };
        let tx = Tx::begin(conn).map_err(migrate_err)?;
        // Another process may have migrated while we waited for the lock.
        let done: bool = conn
            .query_row("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)", [m.version], |r| r.get(0))
            .map_err(migrate_err)?;
        if !done {
            conn.execute_batch(m.sqlite).map_err(migrate_err)?;
            if let Some(step) = m.rust {
                step(conn).map_err(migrate_err)?;
            }
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                crate::params![m.version, m.name, chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()],
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
    let known = latest();
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
        for m in MIGRATIONS.iter().filter(|m| m.version <= baseline) {
            record(m.version, m.name).map_err(migrate_err)?;
        }
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current.max(baseline)) {
        let migrate_err = |source| StoreError::Migrate { version: m.version, name: m.name, source };
        let Postgres::Sql(sql) = m.postgres else {
            // Only a step up to the baseline may lack its own form (a test checks).
            return Err(migrate_err(db::Error::conversion(
                "schema",
                format!("migration {} has no PostgreSQL form", m.version),
            )));
        };
        conn.execute_batch(sql).map_err(migrate_err)?;
        if let Some(step) = m.rust {
            step(conn).map_err(migrate_err)?;
        }
        record(m.version, m.name).map_err(migrate_err)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs in every test build, on either engine: the list is one without
    /// gaps, and each step after the baseline has its own PostgreSQL form
    /// while none up to it does (it would never run).
    #[test]
    fn every_step_has_both_forms() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{} is out of order", m.name);
            assert!(!m.sqlite.trim().is_empty(), "{}: no SQLite form", m.name);
            match m.postgres {
                Postgres::InBaseline => assert!(m.version <= POSTGRES_BASELINE.0, "{}: no PostgreSQL form", m.name),
                Postgres::Sql(sql) => {
                    assert!(m.version > POSTGRES_BASELINE.0, "{}: inside the baseline, never run", m.name);
                    assert!(!sql.trim().is_empty(), "{}: empty PostgreSQL form", m.name);
                }
            }
        }
    }
}
