//! Heals what was stored before text went through the door
//! ([`vaihde_vocab::text::clean`]): names in decomposed Unicode, zero-width and
//! bidi characters, NUL bytes, over-long values. Runs once, as migration 6,
//! inside that migration's transaction. Over-long values are cut, not
//! refused: stored data is never lost by opening the directory, and what
//! stays is still shown.

use super::db::{Connection, Result as DbResult};
use crate::params;
use serde_json::Value;

use vaihde_vocab::text::clean::{Kind, clipped};

/// How a column holds its text.
#[derive(Clone, Copy)]
enum Shape {
    Plain(Kind),
    /// A JSON array or object of strings (aliases, greetings, phones: a
    /// phone's "number" is a number, the rest are labels).
    Json(Kind),
}

const COLUMNS: &[(&str, &str, Shape)] = &[
    ("people", "given_name", Shape::Plain(Kind::Name)),
    ("people", "family_name", Shape::Plain(Kind::Name)),
    ("people", "title", Shape::Plain(Kind::Name)),
    ("people", "department", Shape::Plain(Kind::Name)),
    ("people", "notes", Shape::Plain(Kind::Notes)),
    ("people", "left_reason", Shape::Plain(Kind::Line)),
    ("people", "redirect_text", Shape::Plain(Kind::Line)),
    ("people", "aliases", Shape::Json(Kind::Name)),
    ("people", "topics", Shape::Json(Kind::Name)),
    ("people", "languages", Shape::Json(Kind::Name)),
    ("people", "phones", Shape::Json(Kind::Name)),
    ("person_emails", "email", Shape::Plain(Kind::Email)),
    ("companies", "name", Shape::Plain(Kind::Name)),
    ("companies", "notes", Shape::Plain(Kind::Notes)),
    ("companies", "fallback", Shape::Plain(Kind::Line)),
    ("companies", "greetings", Shape::Json(Kind::Line)),
    ("company_numbers", "label", Shape::Plain(Kind::Name)),
    ("roles", "name", Shape::Plain(Kind::Name)),
    ("roles", "aliases", Shape::Json(Kind::Name)),
    ("absences", "reason", Shape::Plain(Kind::Line)),
    ("feeds", "label", Shape::Plain(Kind::Name)),
];

fn heal_json(value: &mut Value, kind: Kind) {
    match value {
        Value::String(s) => *s = clipped(kind, s),
        Value::Array(items) => items.iter_mut().for_each(|v| heal_json(v, kind)),
        Value::Object(fields) => {
            for (key, v) in fields.iter_mut() {
                match key.as_str() {
                    "number" => heal_json(v, Kind::Phone),
                    // Codes ("extension", "fi"), not text.
                    "kind" => {}
                    _ => heal_json(v, kind),
                }
            }
        }
        _ => {}
    }
}

/// Normalises every text column in place; returns how many values changed.
pub(super) fn normalise_stored_text(conn: &Connection) -> DbResult<usize> {
    let mut changed = 0;
    for &(table, column, shape) in COLUMNS {
        let mut read = conn.prepare(&format!("SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL"))?;
        let rows: Vec<(i64, String)> = read.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<DbResult<_>>()?;
        let mut write = conn.prepare(&format!("UPDATE {table} SET {column} = ?2 WHERE rowid = ?1"))?;
        for (rowid, text) in rows {
            let healed = match shape {
                Shape::Plain(kind) => clipped(kind, &text),
                Shape::Json(kind) => match serde_json::from_str::<Value>(&text) {
                    Ok(mut v) => {
                        heal_json(&mut v, kind);
                        v.to_string()
                    }
                    // Not ours to judge here: the directory reports damaged rows when read.
                    Err(_) => continue,
                },
            };
            if healed != text {
                write.execute(params![rowid, healed])?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

/// Fills `person_numbers` from the people's stored phones (migration 11).
pub(super) fn index_phone_numbers(conn: &Connection) -> DbResult<()> {
    let mut read = conn.prepare("SELECT id, phones FROM people")?;
    let rows = read.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, phones) = row?;
        // A phones value that does not read is left out of the lookup, not an error: it is still shown.
        let Ok(Value::Array(list)) = serde_json::from_str::<Value>(&phones) else { continue };
        let numbers = list.iter().filter_map(|ph| ph.get("number").and_then(Value::as_str));
        // The insert as migration 11 made the table, frozen here rather than
        // today's `directory::person_numbers::write`, so a later change to
        // that table cannot break the upgrade of an old directory. The key
        // is the vocabulary's `number_key`: a change to it re-keys every
        // row in a migration of its own, after this one.
        let mut insert = conn.prepare_cached(
            "INSERT INTO person_numbers (person_id, position, number_key, reversed) VALUES (?1, ?2, ?3, ?4)",
        )?;
        // A position counts every number, also one without digits (not stored).
        let keys = numbers.map(vaihde_vocab::phone::number_key).enumerate().filter(|(_, k)| !k.is_empty());
        for (position, key) in keys {
            insert.execute(params![id, position as i64, key, vaihde_vocab::phone::reversed(&key)])?;
        }
    }
    Ok(())
}

/// Migration 12: every feed's address as it may be shown (without secrets).
pub(super) fn shown_feed_addresses(conn: &Connection) -> DbResult<()> {
    let mut read = conn.prepare("SELECT id, url FROM feeds")?;
    let rows = read.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, url) = row?;
        conn.execute(
            "UPDATE feeds SET address = ?2 WHERE id = ?1",
            crate::params![id, vaihde_vocab::model::redact(&url)],
        )?;
    }
    Ok(())
}
