//! The switchboard learns first: what a client's own staff list changed —
//! a person added, a title changed, a person no longer listed — kept as a
//! to-read list until each operator has seen it, so the new CEO is known
//! at the desk before the first caller asks for her. Management titles
//! are pinned at the top. Seen marks are per operator (the desk's name):
//! every operator answers calls, so each has to have seen it.
//!
//! Written by the staff sync (`crate::sync::staff`), after a feed's first
//! good sync (the first one only sets the baseline: a new company's whole
//! staff list is not "news"). The change log keeps the full history.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::Result;
use super::changes::{get_utc, utc_text};
use crate::model::Id;
use crate::params;
use crate::store::db::{Connection, Row};

/// How long an unseen item stays on the list: after that it is history
/// (the change log), not news for the next shift.
pub const KEPT_DAYS: i64 = 30;

/// At most this many items are listed at once.
const LIST_LIMIT: i64 = 500;

/// What a staff list taught.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Lesson {
    /// A person the switchboard did not have, with their title (may be empty).
    Added { title: String },
    /// A title changed (the old one may be empty).
    Title { old: String, new: String },
    /// The list no longer names the person (they are not deleted).
    Gone,
}

impl Lesson {
    fn code(&self) -> &'static str {
        match self {
            Lesson::Added { .. } => "added",
            Lesson::Title { .. } => "title",
            Lesson::Gone => "gone",
        }
    }

    /// Whether the lesson is about a management title, before or after:
    /// a new CEO is the change a caller is most likely to test first.
    pub fn is_management(&self) -> bool {
        match self {
            Lesson::Added { title } => is_management(title),
            Lesson::Title { old, new } => is_management(old) || is_management(new),
            Lesson::Gone => false,
        }
    }
}

/// One item of an operator's to-read list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Learned {
    pub id: Id,
    pub company_id: Id,
    pub person_id: Id,
    /// The person's name when it was learned.
    pub name: String,
    /// The staff source, as named to a person.
    pub feed: String,
    pub lesson: Lesson,
    /// A management title: listed first.
    pub pinned: bool,
    pub at: DateTime<Utc>,
    /// The day it was learned, in the company's zone ("since Tue 1.12.").
    pub day: NaiveDate,
    /// The company's zone.
    pub zone: String,
}

/// Words that make a title a management one, in fi, sv and en (lower
/// case; matched inside words, so "talousjohtaja" and "ekonomichef" count).
const MANAGEMENT_PARTS: &[&str] =
    &["johtaja", "päällikkö", "direktör", "chef", "director", "chief", "president", "ordförande", "head of"];

/// Short titles that count only as whole words ("VD", not "video").
const MANAGEMENT_WORDS: &[&str] = &["ceo", "cfo", "cto", "coo", "cio", "cmo", "vd", "md", "tj"];

/// Whether a title is a management one: CEO, toimitusjohtaja,
/// verkställande direktör, johtaja, chef, Head of …
pub fn is_management(title: &str) -> bool {
    let lower = title.to_lowercase();
    MANAGEMENT_PARTS.iter().any(|p| lower.contains(p))
        || lower.split(|c: char| !c.is_alphanumeric()).any(|w| MANAGEMENT_WORDS.contains(&w))
}

/// Adds a lesson to every operator's list.
pub fn record(
    conn: &Connection,
    company_id: Id,
    person_id: Id,
    name: &str,
    feed: &str,
    lesson: &Lesson,
    at: DateTime<Utc>,
) -> Result<()> {
    let (old, new) = match lesson {
        Lesson::Added { title } => ("", title.as_str()),
        Lesson::Title { old, new } => (old.as_str(), new.as_str()),
        Lesson::Gone => ("", ""),
    };
    conn.execute(
        "INSERT INTO learned (company_id, person_id, feed, kind, subject, old, new, pinned, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            company_id,
            person_id,
            feed,
            lesson.code(),
            name,
            old,
            new,
            i64::from(lesson.is_management()),
            utc_text(at)
        ],
    )?;
    Ok(())
}

/// What to read: the operator's unseen items of the last
/// [`KEPT_DAYS`] days, of one company or all, or of one person;
/// management titles first, then newest first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unseen {
    pub company_id: Option<Id>,
    pub person_id: Option<Id>,
}

pub fn unseen(conn: &Connection, operator: &str, of: Unseen, at: DateTime<Utc>) -> Result<Vec<Learned>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.company_id, l.person_id, l.subject, l.feed, l.kind, l.old, l.new, l.pinned, l.at, c.timezone
         FROM learned l JOIN companies c ON c.id = l.company_id
         WHERE l.at >= ?1
           AND (CAST(?2 AS BIGINT) IS NULL OR l.company_id = ?2)
           AND (CAST(?3 AS BIGINT) IS NULL OR l.person_id = ?3)
           AND NOT EXISTS (SELECT 1 FROM learned_seen s WHERE s.learned_id = l.id AND s.operator = ?4)
         ORDER BY l.pinned DESC, l.at DESC, l.id
         LIMIT ?5",
    )?;
    let since = utc_text(at - Duration::days(KEPT_DAYS));
    let rows = stmt.query_map(params![since, of.company_id, of.person_id, operator, LIST_LIMIT], row_to_learned)?;
    let mut out = Vec::new();
    for row in rows {
        if let Some(l) = row? {
            out.push(l);
        }
    }
    Ok(out)
}

/// Marks items seen by `operator`; returns how many were new to them.
pub fn mark_seen(conn: &Connection, operator: &str, ids: &[Id], at: DateTime<Utc>) -> Result<usize> {
    let mut n = 0;
    for id in ids {
        n += conn.execute(
            "INSERT INTO learned_seen (learned_id, operator, at) SELECT id, ?2, ?3 FROM learned WHERE id = ?1
             ON CONFLICT (learned_id, operator) DO NOTHING",
            params![id, operator, utc_text(at)],
        )?;
    }
    Ok(n)
}

/// Marks everything `of` selects seen by `operator` (the whole list, a
/// company's, or one person's).
pub fn mark_all_seen(conn: &Connection, operator: &str, of: Unseen, at: DateTime<Utc>) -> Result<usize> {
    let ids: Vec<Id> = unseen(conn, operator, of, at)?.into_iter().map(|l| l.id).collect();
    mark_seen(conn, operator, &ids, at)
}

fn row_to_learned(r: &Row) -> crate::store::db::Result<Option<Learned>> {
    let (old, new): (String, String) = (r.get(6)?, r.get(7)?);
    let kind: String = r.get(5)?;
    let lesson = match kind.as_str() {
        "added" => Lesson::Added { title: new },
        "title" => Lesson::Title { old, new },
        "gone" => Lesson::Gone,
        // A kind from a newer Vaihde: not this version's to word.
        _ => return Ok(None),
    };
    let at = get_utc(r, 9)?;
    let zone: String = r.get(10)?;
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Europe::Helsinki);
    Ok(Some(Learned {
        id: r.get(0)?,
        company_id: r.get(1)?,
        person_id: r.get(2)?,
        name: r.get(3)?,
        feed: r.get(4)?,
        lesson,
        pinned: r.get::<_, i64>(8)? != 0,
        at,
        day: at.with_timezone(&tz).date_naive(),
        zone,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn management_titles_in_three_languages() {
        for t in
            ["CEO", "Toimitusjohtaja", "verkställande direktör", "Talousjohtaja", "Ekonomichef", "Head of HR", "VD"]
        {
            assert!(is_management(t), "{t}");
        }
        for t in ["Myyntiassistentti", "Video editor", "Receptionist", "Kundtjänst", ""] {
            assert!(!is_management(t), "{t}");
        }
    }
}
