//! Feeds as stored rows: add, list, remove, record how a sync went, and
//! replace a feed's absences in one go. Fetching and reading calendars is
//! the sync module's; this only stores.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::changes::{self, Entry, get_utc, utc_text};
use super::{DirectoryError, Result, Stamp, companies, people};
use crate::model::{AbsenceKind, Feed, FeedView, Id, Unmatched, redact};

/// Only these are fetched; `file:` and plain paths only because the user
/// added them by hand.
pub fn check_address(url: &str) -> Result<()> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = ["https://", "http://", "webcal://", "webcals://", "file://"].iter().any(|s| lower.starts_with(s))
        || lower.starts_with('/');
    if !ok {
        return Err(DirectoryError::Invalid(format!(
            "{} is not a calendar address: use https://, http://, webcal:// or a file path",
            redact(url)
        )));
    }
    Ok(())
}

pub fn add(
    conn: &Connection,
    company_id: Id,
    person_id: Option<Id>,
    url: &str,
    label: &str,
    stamp: &Stamp,
) -> Result<Id> {
    check_address(url)?;
    let company = companies::get(conn, company_id)?;
    if let Some(p) = person_id {
        let person = people::get(conn, p)?;
        if person.company_id != company_id {
            return Err(DirectoryError::Invalid(format!("{} works for another company", person.full_name())));
        }
    }
    conn.execute(
        "INSERT INTO feeds (company_id, person_id, url, label) VALUES (?1, ?2, ?3, ?4)",
        params![company_id, person_id, url.trim(), label.trim()],
    )?;
    let id = conn.last_insert_rowid();
    let subject = if label.trim().is_empty() { redact(url) } else { label.trim().to_string() };
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(company.id),
            entity: "feed",
            entity_id: Some(id),
            subject: &subject,
            field: "",
            old: None,
            // The address itself never goes into the change log: it may hold a token.
            new: Some(format!("added ({})", redact(url))),
        },
    )?;
    Ok(id)
}

pub fn remove(conn: &Connection, id: Id, stamp: &Stamp) -> Result<()> {
    let feed = get(conn, id)?;
    conn.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
    let subject = if feed.label.is_empty() { redact(&feed.url) } else { feed.label.clone() };
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(feed.company_id),
            entity: "feed",
            entity_id: Some(id),
            subject: &subject,
            field: "",
            old: None,
            new: Some("removed, with its absences".into()),
        },
    )
}

const COLUMNS: &str = "id, company_id, person_id, url, label, etag, last_modified, last_attempt_at, last_success_at, last_error, error_permanent, occurrences";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feed> {
    let opt_time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        match r.get::<_, Option<String>>(i)? {
            Some(_) => get_utc(r, i).map(Some),
            None => Ok(None),
        }
    };
    Ok(Feed {
        id: r.get(0)?,
        company_id: r.get(1)?,
        person_id: r.get(2)?,
        url: r.get(3)?,
        label: r.get(4)?,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        last_attempt_at: opt_time(7)?,
        last_success_at: opt_time(8)?,
        last_error: r.get(9)?,
        error_permanent: r.get(10)?,
        occurrences: r.get(11)?,
    })
}

pub fn get(conn: &Connection, id: Id) -> Result<Feed> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM feeds WHERE id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| DirectoryError::not_found("feed", format!("#{id}")))
}

/// Feeds of one company, or of all.
pub fn list(conn: &Connection, company_id: Option<Id>) -> Result<Vec<Feed>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM feeds WHERE ?1 IS NULL OR company_id = ?1 ORDER BY id"))?;
    Ok(stmt.query_map([company_id], row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn unmatched(conn: &Connection, feed_id: Id) -> Result<Vec<Unmatched>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, summary, starts_at, line FROM feed_unmatched WHERE feed_id = ?1 ORDER BY starts_at, uid",
    )?;
    let rows = stmt.query_map([feed_id], |r| {
        Ok(Unmatched { uid: r.get(0)?, summary: r.get(1)?, starts_at: get_utc(r, 2)?, line: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn view(conn: &Connection, f: &Feed) -> Result<FeedView> {
    Ok(FeedView {
        id: f.id,
        company_id: f.company_id,
        person_id: f.person_id,
        kind: if f.person_id.is_some() { "person".into() } else { "shared".into() },
        address: redact(&f.url),
        label: f.label.clone(),
        last_attempt_at: f.last_attempt_at,
        last_success_at: f.last_success_at,
        last_error: f.last_error.clone(),
        occurrences: f.occurrences,
        unmatched: unmatched(conn, f.id)?,
        warnings: warnings(conn, f.id)?,
    })
}

/// What one good sync read from a feed.
#[derive(Debug, Clone, Copy)]
pub struct FeedContent<'a> {
    pub absences: &'a [CalendarAbsence],
    /// Events that name nobody known.
    pub unmatched: &'a [Unmatched],
    /// Skipped events, unknown zones, rules cut short.
    pub warnings: &'a [String],
}

/// How many warnings of one sync are kept.
const MAX_WARNINGS: usize = 20;

fn warnings(conn: &Connection, id: Id) -> Result<Vec<String>> {
    let text: String = conn.query_row("SELECT warnings FROM feeds WHERE id = ?1", [id], |r| r.get(0))?;
    Ok(serde_json::from_str(&text)?)
}

/// A failed attempt: the error is recorded, the absences of the last good
/// sync stay exactly as they were.
pub fn record_failure(conn: &Connection, id: Id, at: DateTime<Utc>, message: &str, permanent: bool) -> Result<()> {
    conn.execute(
        "UPDATE feeds SET last_attempt_at = ?2, last_error = ?3, error_permanent = ?4 WHERE id = ?1",
        params![id, utc_text(at), message, permanent],
    )?;
    Ok(())
}

/// The server said nothing changed (HTTP 304): still a success.
pub fn record_unchanged(conn: &Connection, id: Id, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE feeds SET last_attempt_at = ?2, last_success_at = ?2, last_error = NULL, error_permanent = 0 WHERE id = ?1",
        params![id, utc_text(at)],
    )?;
    Ok(())
}

/// One absence from a calendar, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarAbsence {
    pub person_id: Id,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub kind: AbsenceKind,
    pub reason: String,
    pub uid: String,
    pub recurrence_id: Option<DateTime<Utc>>,
}

/// A good sync: replaces all of the feed's absences and unmatched events,
/// and its status. Call inside one transaction so the store never holds
/// half a feed.
pub fn replace(
    conn: &Connection,
    id: Id,
    at: DateTime<Utc>,
    validators: (Option<&str>, Option<&str>),
    content: &FeedContent<'_>,
) -> Result<()> {
    let (etag, last_modified) = validators;
    let FeedContent { absences, unmatched, warnings } = *content;
    conn.execute("DELETE FROM absences WHERE feed_id = ?1", [id])?;
    conn.execute("DELETE FROM feed_unmatched WHERE feed_id = ?1", [id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO absences (person_id, starts_at, ends_at, kind, reason, source, feed_id, uid, recurrence_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 'calendar', ?6, ?7, ?8)",
    )?;
    for a in absences.iter().filter(|a| a.ends_at > a.starts_at) {
        insert.execute(params![
            a.person_id,
            utc_text(a.starts_at),
            utc_text(a.ends_at),
            a.kind.code(),
            a.reason,
            id,
            a.uid,
            a.recurrence_id.map(utc_text)
        ])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO feed_unmatched (feed_id, uid, summary, starts_at, line) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for u in unmatched {
        insert.execute(params![id, u.uid, u.summary, utc_text(u.starts_at), u.line])?;
    }
    // A feed full of oddities says the first few; the rest are alike.
    let kept: Vec<&String> = warnings.iter().take(MAX_WARNINGS).collect();
    conn.execute(
        "UPDATE feeds SET etag = ?2, last_modified = ?3, last_attempt_at = ?4, last_success_at = ?4,
             last_error = NULL, error_permanent = 0, occurrences = ?5, warnings = ?6 WHERE id = ?1",
        params![id, etag, last_modified, utc_text(at), absences.len() as i64, serde_json::to_string(&kept)?],
    )?;
    Ok(())
}
