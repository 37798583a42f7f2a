//! A whole directory copied from one database into another, table by table
//! with every id kept: how a desk's own SQLite directory moves into a
//! team's empty PostgreSQL database (`vaihde team init --from-local`).
//!
//! The copy runs inside the target's one write transaction and counts every
//! table on both sides before it commits, so it is all there or not at all.
//! Rows are read generically (the columns the source has), so a table added
//! by a later migration is copied once it is named in [`TABLES`]; a test
//! checks that every table of the schema is named there or in [`NOT_COPIED`].

use serde::Serialize;

use super::db::{self, Connection, Engine, Value};

/// Every table of the directory, in an order in which each row's
/// references already exist (self-references are deferred to the commit).
pub const TABLES: &[&str] = &[
    "companies",
    "company_numbers",
    "roles",
    "people",
    "person_emails",
    "role_holders",
    "delegates",
    "feeds",
    "absences",
    "changes",
    "feed_unmatched",
    "favourites",
    "feed_match_decisions",
    "person_numbers",
    "company_messaging",
    "mail_settings",
    "messages",
    "message_recipients",
    "message_events",
    "calls",
    "staff_feeds",
    "staff_sources",
    "staff_feed_cards",
    "on_call_shifts",
    "learned",
    "learned_seen",
    "call_scripts",
    "shifts",
];

/// Tables that belong to one database and are not copied: its schema
/// bookkeeping, and the live feed of its own changes (desks of the target
/// start following it from its end).
pub const NOT_COPIED: &[&str] = &["schema_migrations", "live_changes"];

/// Columns that only a team's sync worker needs (a feed's full address may
/// carry a token): a desk's own copy of the team database leaves them
/// empty, and never reads them, so the desk's role need not be allowed to.
pub const SECRET_COLUMNS: &[(&str, &str)] = &[
    ("feeds", "url"),
    ("staff_feeds", "url"),
    ("mail_settings", "smtp_url"),
    ("mail_settings", "imap_url"),
    ("company_messaging", "webhook_url"),
];

/// Whether a copy carries the secret columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    /// Everything (moving a directory into a team database).
    Copy,
    /// Empty in their place (a desk's read-only copy).
    Leave,
}

/// At most this many values in one INSERT: well inside both engines' limits
/// (SQLite 32,766 parameters, PostgreSQL 65,535), few round trips.
const VALUES_PER_INSERT: usize = 8_000;

/// How many rows of one table were copied (and counted on both sides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target already holds a directory: a copy would mix two.
    #[error("the target database already holds a directory ({companies} companies, {people} people)")]
    NotEmpty { companies: u64, people: u64 },
    #[error("the two databases have different schemas ({from} and {to}): open both with this Vaihde first")]
    Schemas { from: u32, to: u32 },
    /// Counted after the copy, before it is kept: never expected, checked
    /// because the copy must be whole.
    #[error("{table}: {expected} rows to copy but {found} arrived; nothing was copied")]
    Miscounted { table: &'static str, expected: u64, found: u64 },
    /// The target could not be opened or put in place (a desk's copy).
    #[error("{0}")]
    Store(String),
    #[error(transparent)]
    Sql(#[from] db::Error),
}

/// Copies every table of `from` into `to`, which must be empty and must be
/// inside a transaction (see [`super::Store::write`]); returns the counts.
pub fn copy_directory(from: &Connection, to: &Connection, secrets: Secrets) -> Result<Vec<TableCount>, CopyError> {
    let version = |c: &Connection| -> db::Result<u32> {
        c.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))
    };
    let (from_version, to_version) = (version(from)?, version(to)?);
    if from_version != to_version {
        return Err(CopyError::Schemas { from: from_version, to: to_version });
    }
    // Every table, not only companies: a change log left from an earlier
    // directory is someone's record too.
    let mut held = 0;
    for table in TABLES {
        held += count(to, table)?;
    }
    if held > 0 {
        return Err(CopyError::NotEmpty { companies: count(to, "companies")?, people: count(to, "people")? });
    }
    if to.engine() == Engine::Postgres {
        // People may name a colleague added after them (calls go to, a
        // delegate): those references are checked at the commit.
        to.execute_batch("SET CONSTRAINTS ALL DEFERRED")?;
    }
    let mut counts = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        let rows = from.query_rows(&select_all(to, table, secrets)?, [])?;
        insert_all(to, table, &rows)?;
        let expected = rows.len() as u64;
        let found = count(to, table)?;
        if found != expected {
            return Err(CopyError::Miscounted { table, expected, found });
        }
        counts.push(TableCount { table, rows: expected });
    }
    // The rows the copy wrote to the target's live feed stay: a desk starts
    // following at the feed's end, and an empty feed whose numbering has
    // moved on would look to a follower like rows it missed.
    Ok(counts)
}

/// The query that reads a table whole: `SELECT *`, or, leaving its secret
/// columns out, each column by name with `''` in a secret one's place.
fn select_all(schema: &Connection, table: &str, secrets: Secrets) -> db::Result<String> {
    let secret: Vec<&str> = SECRET_COLUMNS.iter().filter(|(t, _)| *t == table).map(|(_, c)| *c).collect();
    if secrets == Secrets::Copy || secret.is_empty() {
        return Ok(format!("SELECT * FROM {table}"));
    }
    let columns: Vec<String> = match schema.engine() {
        Engine::Sqlite => schema.query_rows("SELECT name FROM pragma_table_info(?1) ORDER BY cid", [table])?,
        Engine::Postgres => schema.query_rows(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
            [table],
        )?,
    }
    .iter()
    .map(|r| r.get(0))
    .collect::<db::Result<_>>()?;
    let list: Vec<String> =
        columns.iter().map(|c| if secret.contains(&c.as_str()) { format!("'' AS {c}") } else { c.clone() }).collect();
    Ok(format!("SELECT {} FROM {table}", list.join(", ")))
}

/// How many rows `table` holds.
pub fn count(conn: &Connection, table: &str) -> db::Result<u64> {
    let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The rows in as few INSERTs as the parameter limit allows.
fn insert_all(to: &Connection, table: &str, rows: &[db::Row]) -> db::Result<()> {
    let Some(first) = rows.first() else { return Ok(()) };
    let columns = first.columns();
    let width = columns.len().max(1);
    let per_insert = (VALUES_PER_INSERT / width).max(1);
    let names = columns.join(", ");
    for chunk in rows.chunks(per_insert) {
        let mut sql = format!("INSERT INTO {table} ({names}) VALUES ");
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * width);
        for (i, row) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for j in 0..width {
                if j > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("?{}", values.len() + j + 1));
            }
            sql.push(')');
            values.extend(row.values().iter().cloned());
        }
        to.execute(&sql, values)?;
    }
    Ok(())
}

impl vaihde_vocab::words::Said for CopyError {
    fn phrase(&self) -> vaihde_vocab::words::Phrase {
        use vaihde_vocab::words::Phrase;
        match self {
            CopyError::NotEmpty { companies, people } => Phrase::new(vaihde_vocab::msg!("copyNotEmpty"))
                .number("companies", usize::try_from(*companies).unwrap_or(usize::MAX))
                .number("people", usize::try_from(*people).unwrap_or(usize::MAX)),
            CopyError::Schemas { from, to } => {
                Phrase::new(vaihde_vocab::msg!("copySchemas")).text("from", from.to_string()).text("to", to.to_string())
            }
            CopyError::Miscounted { table, expected, found } => Phrase::new(vaihde_vocab::msg!("copyMiscounted"))
                .text("table", *table)
                .text("expected", expected.to_string())
                .text("found", found.to_string()),
            CopyError::Store(detail) => Phrase::new(vaihde_vocab::msg!("storeTeamDatabase")).text("detail", detail),
            CopyError::Sql(e) => super::phrase(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn every_table_of_the_schema_is_copied_or_named_as_not() {
        let store = Store::open_in_memory().expect("store");
        let Some(sqlite) = store.conn().as_sqlite() else { return };
        let mut stmt = sqlite
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .expect("prepare");
        let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("query").map(|t| t.expect("name")).collect();
        for t in &tables {
            assert!(
                TABLES.contains(&t.as_str()) || NOT_COPIED.contains(&t.as_str()),
                "table {t} is neither copied by team init nor named as not copied"
            );
        }
        for t in TABLES {
            assert!(tables.iter().any(|x| x == t), "{t} is not a table");
        }
    }
}
