//! The change log: every edit of the directory leaves a row here, so an
//! operator can ask "what changed this week?" (the new CEO shows up first).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{Result, Stamp};
use crate::model::{Change, Id};

/// What an edit records; `at` and `actor` come from the [`Stamp`].
pub struct Entry<'a> {
    pub company_id: Option<Id>,
    pub entity: &'a str,
    pub entity_id: Option<Id>,
    pub subject: &'a str,
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub fn record(conn: &Connection, stamp: &Stamp, e: Entry<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO changes (at, company_id, entity, entity_id, subject, field, old, new, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![utc_text(stamp.at), e.company_id, e.entity, e.entity_id, e.subject, e.field, e.old, e.new, stamp.actor],
    )?;
    Ok(())
}

/// Records `field` only when its value really changed; empty counts as none.
pub fn record_field(
    conn: &Connection,
    stamp: &Stamp,
    base: &Entry<'_>,
    field: &str,
    old: String,
    new: String,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let some = |s: String| if s.is_empty() { None } else { Some(s) };
    record(
        conn,
        stamp,
        Entry {
            company_id: base.company_id,
            entity: base.entity,
            entity_id: base.entity_id,
            subject: base.subject,
            field,
            old: some(old),
            new: some(new),
        },
    )
}

/// Changes at or after `since`, newest first, optionally of one company.
pub fn since(conn: &Connection, company_id: Option<Id>, since: DateTime<Utc>) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, company_id, entity, entity_id, subject, field, old, new, actor
         FROM changes
         WHERE at >= ?1 AND (?2 IS NULL OR company_id = ?2)
         ORDER BY at DESC, id DESC",
    )?;
    let rows = stmt.query_map(params![utc_text(since), company_id], row_to_change)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?);
    }
    Ok(out)
}

/// All changes, oldest first: for backups.
pub fn all(conn: &Connection) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, company_id, entity, entity_id, subject, field, old, new, actor FROM changes ORDER BY id",
    )?;
    let rows = stmt.query_map([], row_to_change)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?);
    }
    Ok(out)
}

pub fn insert_raw(conn: &Connection, c: &Change) -> Result<()> {
    conn.execute(
        "INSERT INTO changes (id, at, company_id, entity, entity_id, subject, field, old, new, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![c.id, utc_text(c.at), c.company_id, c.entity, c.entity_id, c.subject, c.field, c.old, c.new, c.actor],
    )?;
    Ok(())
}

fn row_to_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    Ok(Change {
        id: r.get(0)?,
        at: get_utc(r, 1)?,
        company_id: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        subject: r.get(5)?,
        field: r.get(6)?,
        old: r.get(7)?,
        new: r.get(8)?,
        actor: r.get(9)?,
    })
}

/// UTC instants are stored as fixed-width RFC 3339 text so they sort as text.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Reads a column written by [`utc_text`].
pub fn get_utc(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = r.get(idx)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}
