//! The change log: every edit of the directory leaves a row here, so an
//! operator can ask "what changed this week?" (the new CEO shows up first).

use crate::params;
use crate::store::db::Connection;
use chrono::{DateTime, Utc};

use super::{Result, Stamp};
use crate::model::{Change, ChangeEntity, ChangeField, ChangeValue, Id};

/// What an edit records; `at` and `actor` come from the [`Stamp`].
pub struct Entry<'a> {
    pub company_id: Option<Id>,
    pub entity: ChangeEntity,
    pub entity_id: Option<Id>,
    pub subject: &'a str,
    pub field: ChangeField,
    pub old: Option<ChangeValue>,
    pub new: Option<ChangeValue>,
}

pub fn record(conn: &Connection, stamp: &Stamp, e: Entry<'_>) -> Result<()> {
    let english = |v: &Option<ChangeValue>| v.as_ref().map(ChangeValue::english);
    conn.execute(
        "INSERT INTO changes (at, company_id, entity, entity_id, subject, field, old, new, actor, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            utc_text(stamp.at),
            e.company_id,
            e.entity.code(),
            e.entity_id,
            e.subject,
            e.field.code(),
            english(&e.old),
            english(&e.new),
            stamp.actor,
            value_json(&e.old)?,
            value_json(&e.new)?
        ],
    )?;
    Ok(())
}

fn value_json(v: &Option<ChangeValue>) -> Result<Option<String>> {
    Ok(match v {
        Some(v) => Some(serde_json::to_string(v)?),
        None => None,
    })
}

/// Records `field` only when its value really changed; empty counts as none.
pub fn record_field(
    conn: &Connection,
    stamp: &Stamp,
    base: &Entry<'_>,
    field: ChangeField,
    old: ChangeValue,
    new: ChangeValue,
) -> Result<()> {
    let (old, new) = (old.some(), new.some());
    if old == new {
        return Ok(());
    }
    record(
        conn,
        stamp,
        Entry {
            company_id: base.company_id,
            entity: base.entity,
            entity_id: base.entity_id,
            subject: base.subject,
            field,
            old,
            new,
        },
    )
}

/// Changes at or after `since`, newest first, optionally of one company.
pub fn since(conn: &Connection, company_id: Option<Id>, since: DateTime<Utc>) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, company_id, entity, entity_id, subject, field, old, new, actor, old_value, new_value
         FROM changes
         WHERE at >= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR company_id = ?2)
         ORDER BY at DESC, id DESC",
    )?;
    let rows = stmt.query_map(params![utc_text(since), company_id], row_to_change)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?);
    }
    Ok(out)
}

/// The newest entry's id (0 for an empty log): with [`after`], what one
/// transaction wrote.
pub fn last_id(conn: &Connection) -> Result<Id> {
    Ok(conn.query_row("SELECT COALESCE(MAX(id), 0) FROM changes", [], |r| r.get(0))?)
}

/// The entries after `id`, oldest first.
pub fn after(conn: &Connection, id: Id) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, company_id, entity, entity_id, subject, field, old, new, actor, old_value, new_value
         FROM changes WHERE id > ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id], row_to_change)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?);
    }
    Ok(out)
}

/// All changes, oldest first: for backups.
pub fn all(conn: &Connection) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, company_id, entity, entity_id, subject, field, old, new, actor, old_value, new_value
         FROM changes ORDER BY id",
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
        "INSERT INTO changes (id, at, company_id, entity, entity_id, subject, field, old, new, actor, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            c.id,
            utc_text(c.at),
            c.company_id,
            c.entity.code(),
            c.entity_id,
            c.subject,
            c.field.code(),
            c.old.as_ref().map(ChangeValue::english),
            c.new.as_ref().map(ChangeValue::english),
            c.actor,
            value_json(&c.old)?,
            value_json(&c.new)?
        ],
    )?;
    Ok(())
}

fn row_to_change(r: &crate::store::db::Row) -> crate::store::db::Result<Change> {
    Ok(Change {
        id: r.get(0)?,
        at: get_utc(r, 1)?,
        company_id: r.get(2)?,
        entity: code(r, 3, ChangeEntity::from_code)?,
        entity_id: r.get(4)?,
        subject: r.get(5)?,
        field: code(r, 6, ChangeField::from_code)?,
        old: value(r, 10, 7)?,
        new: value(r, 11, 8)?,
        actor: r.get(9)?,
    })
}

/// A code column read back as its value.
fn code<T>(r: &crate::store::db::Row, idx: usize, from: fn(&str) -> Option<T>) -> crate::store::db::Result<T> {
    let text: String = r.get(idx)?;
    from(&text).ok_or_else(|| crate::store::db::Error::conversion(idx, format!("unknown code {text:?}")))
}

/// The typed value, or for rows from before values were typed, their text.
fn value(r: &crate::store::db::Row, typed: usize, text: usize) -> crate::store::db::Result<Option<ChangeValue>> {
    if let Some(json) = r.get::<_, Option<String>>(typed)? {
        return serde_json::from_str(&json).map(Some).map_err(|e| crate::store::db::Error::conversion(typed, e));
    }
    Ok(r.get::<_, Option<String>>(text)?.map(ChangeValue::text))
}

/// UTC instants are stored as fixed-width RFC 3339 text so they sort as text.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Reads a column written by [`utc_text`].
pub fn get_utc(r: &crate::store::db::Row, idx: usize) -> crate::store::db::Result<DateTime<Utc>> {
    let text: String = r.get(idx)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| crate::store::db::Error::conversion(idx, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::words::Words;

    #[test]
    fn rows_from_before_typed_values_read_as_text_and_new_ones_keep_english_beside() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        conn.execute(
            "INSERT INTO changes (at, entity, subject, field, old, new) VALUES ('2026-01-01T00:00:00Z', 'person', 'A', 'title', 'x', 'y')",
            [],
        )
        .unwrap();
        let stamp = Stamp::new(chrono::Utc::now(), None);
        let base = Entry {
            company_id: None,
            entity: crate::model::ChangeEntity::Person,
            entity_id: None,
            subject: "B",
            field: crate::model::ChangeField::Whole,
            old: None,
            new: None,
        };
        record(conn, &stamp, Entry { new: Some(ChangeValue::Added), ..base }).unwrap();
        let log = all(conn).unwrap();
        assert_eq!(log[0].new, Some(ChangeValue::text("y")));
        assert_eq!(log[1].new, Some(ChangeValue::Added));
        let english: String = conn.query_row("SELECT new FROM changes WHERE subject = 'B'", [], |r| r.get(0)).unwrap();
        assert_eq!(english, "added");
        assert_eq!(Words::of(Language::Sv).change(&log[1]), "tillagd");
    }
}
