//! Feeds as stored rows: add, list, remove, record how a sync went, and
//! replace a feed's absences in one go. Fetching and reading calendars is
//! the sync module's; this only stores.

use crate::params;
use crate::store::db::{Connection, OptionalExtension};
use chrono::{DateTime, Utc};

use super::changes::{self, Entry, get_utc, utc_text};
use super::{DirectoryError, Result, Stamp, companies, people};
use crate::model::{
    AbsenceKind, ChangeValue, Feed, FeedKind, FeedNote, FeedView, Id, MatchNews, Problem, Suggestion, Unmatched, redact,
};

/// Only these are fetched; `file:` and plain paths only because the user
/// added them by hand.
pub fn check_address(url: &str) -> Result<()> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = ["https://", "http://", "webcal://", "webcals://", "file://"].iter().any(|s| lower.starts_with(s))
        || lower.starts_with('/');
    if !ok {
        return Err(crate::model::Refusal::NotACalendarAddress { address: redact(url) }.into());
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
    let label = crate::text::bounded(crate::text::Kind::Name, crate::model::Field::Label, label)?;
    let label = label.as_str();
    if let Some(p) = person_id {
        let person = people::get(conn, p)?;
        if person.company_id != company_id {
            return Err(crate::model::Refusal::OtherCompany { name: person.full_name() }.into());
        }
    }
    let id: Id = conn.query_row(
        "INSERT INTO feeds (company_id, person_id, url, address, label) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![company_id, person_id, url.trim(), redact(url.trim()), label.trim()],
        |r| r.get(0),
    )?;
    let subject = if label.trim().is_empty() { redact(url) } else { label.trim().to_string() };
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(company.id),
            entity: crate::model::ChangeEntity::Feed,
            entity_id: Some(id),
            subject: &subject,
            field: crate::model::ChangeField::Whole,
            old: None,
            // The address itself never goes into the change log: it may hold a token.
            new: Some(ChangeValue::FeedAdded { address: redact(url) }),
        },
    )?;
    Ok(id)
}

pub fn remove(conn: &Connection, id: Id, stamp: &Stamp) -> Result<()> {
    let feed = get(conn, id)?;
    conn.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
    let subject = feed.display_name();
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(feed.company_id),
            entity: crate::model::ChangeEntity::Feed,
            entity_id: Some(id),
            subject: &subject,
            field: crate::model::ChangeField::Whole,
            old: None,
            new: Some(ChangeValue::RemovedWithAbsences),
        },
    )
}

/// A feed with its full address, which may carry secrets: for fetching.
const COLUMNS: &str = "id, company_id, person_id, url, label, etag, last_modified, last_attempt_at, last_success_at, last_error, error_permanent, occurrences, last_problem, address, on_call";
/// A feed without its full address (`url` empty): for showing. Never
/// reads the `url` column, so a desk's database role need not be allowed to.
const SHOWN_COLUMNS: &str = "id, company_id, person_id, '' AS url, label, etag, last_modified, last_attempt_at, last_success_at, last_error, error_permanent, occurrences, last_problem, address, on_call";

fn row(r: &crate::store::db::Row) -> crate::store::db::Result<Feed> {
    let opt_time = |i: usize| -> crate::store::db::Result<Option<DateTime<Utc>>> {
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
        address: r.get(13)?,
        label: r.get(4)?,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        last_attempt_at: opt_time(7)?,
        last_success_at: opt_time(8)?,
        problem: problem_of(r.get(12)?, r.get(9)?),
        error_permanent: r.get(10)?,
        occurrences: r.get(11)?,
        on_call: r.get(14)?,
    })
}

/// The stored problem; a failure recorded before problems were values
/// keeps its sentence.
fn problem_of(json: Option<String>, sentence: Option<String>) -> Option<Problem> {
    match (json.and_then(|j| serde_json::from_str(&j).ok()), sentence) {
        (Some(p), _) => Some(p),
        (None, Some(detail)) => Some(Problem::Other { detail }),
        (None, None) => None,
    }
}

/// One feed with its full address (for fetching it).
pub fn get(conn: &Connection, id: Id) -> Result<Feed> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM feeds WHERE id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| DirectoryError::not_found(crate::model::Thing::Feed, format!("#{id}")))
}

/// Feeds of one company, or of all, to show: without their full
/// addresses (`url` is empty; `address` is what may be shown).
pub fn list(conn: &Connection, company_id: Option<Id>) -> Result<Vec<Feed>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SHOWN_COLUMNS} FROM feeds WHERE CAST(?1 AS BIGINT) IS NULL OR company_id = ?1 ORDER BY id"
    ))?;
    Ok(stmt.query_map([company_id], row)?.collect::<crate::store::db::Result<_>>()?)
}

/// Feeds of one company, or of all, with their full addresses: for
/// fetching them (calendar sync), which a team's sync worker may do alone.
pub fn list_to_fetch(conn: &Connection, company_id: Option<Id>) -> Result<Vec<Feed>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM feeds WHERE CAST(?1 AS BIGINT) IS NULL OR company_id = ?1 ORDER BY id"
    ))?;
    Ok(stmt.query_map([company_id], row)?.collect::<crate::store::db::Result<_>>()?)
}

/// When a feed was last fetched, by any desk.
pub fn last_attempt(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn.query_row("SELECT MAX(last_attempt_at) FROM feeds", [], |r| r.get(0))?;
    Ok(at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.to_utc()))
}

/// Events that name nobody (suggestions are listed apart).
pub fn unmatched(conn: &Connection, feed_id: Id) -> Result<Vec<Unmatched>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, summary, starts_at, line, occurrences, next_at FROM feed_unmatched
         WHERE feed_id = ?1 AND suggested_person_id IS NULL ORDER BY starts_at, uid",
    )?;
    let rows = stmt.query_map([feed_id], |r| {
        let next_at = match r.get::<_, Option<String>>(5)? {
            Some(_) => Some(get_utc(r, 5)?),
            None => None,
        };
        Ok(Unmatched {
            uid: r.get(0)?,
            summary: r.get(1)?,
            starts_at: get_utc(r, 2)?,
            line: r.get(3)?,
            occurrences: r.get(4)?,
            next_at,
        })
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// Events that name a colleague only by a lone name, one per UID.
pub fn suggestions(conn: &Connection, feed_id: Id) -> Result<Vec<Suggestion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.uid, MIN(u.summary), MIN(u.starts_at), COUNT(*), u.suggested_person_id
         FROM feed_unmatched u WHERE u.feed_id = ?1 AND u.suggested_person_id IS NOT NULL
         GROUP BY u.uid, u.suggested_person_id ORDER BY MIN(u.starts_at), u.uid",
    )?;
    let rows = stmt.query_map([feed_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, get_utc(r, 2)?, r.get::<_, u32>(3)?, r.get::<_, Id>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (uid, summary, starts_at, occurrences, person_id) = row?;
        let person_name = people::get(conn, person_id)?.full_name();
        out.push(Suggestion { uid, summary, starts_at, occurrences, person_id, person_name });
    }
    Ok(out)
}

/// The operator's decisions on suggestions: (UID, person) → confirmed.
pub fn decisions(conn: &Connection, feed_id: Id) -> Result<std::collections::HashMap<(String, Id), bool>> {
    let mut stmt =
        conn.prepare_cached("SELECT uid, person_id, confirmed FROM feed_match_decisions WHERE feed_id = ?1")?;
    let rows = stmt.query_map([feed_id], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// How many recent match changes a feed shows, and for how long.
const NEWS_SHOWN: usize = 5;
const NEWS_DAYS: i64 = 7;

/// Events that started or stopped naming someone, from the change log.
fn news(conn: &Connection, f: &Feed) -> Result<Vec<MatchNews>> {
    let Some(last) = f.last_success_at else { return Ok(Vec::new()) };
    let since = utc_text(last - chrono::Duration::days(NEWS_DAYS));
    let mut stmt = conn.prepare_cached(
        "SELECT at, subject, old, new FROM changes
         WHERE entity = 'feed' AND entity_id = ?1 AND field = 'calendar match' AND at >= ?2
         ORDER BY at DESC, id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![f.id, since, NEWS_SHOWN as i64], |r| {
        let old: Option<String> = r.get(2)?;
        let new: Option<String> = r.get(3)?;
        Ok(MatchNews {
            at: get_utc(r, 0)?,
            person_name: r.get(1)?,
            names_them: new.is_some(),
            summary: new.or(old).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// The operator confirms ("it is Anna Lahti") or dismisses a suggestion.
/// Confirming turns the event's stored occurrences into absences at once;
/// both are remembered for the event's UID, so later syncs follow them.
/// Call inside one transaction.
pub fn decide(conn: &Connection, feed_id: Id, uid: &str, person_id: Id, confirmed: bool, stamp: &Stamp) -> Result<()> {
    let feed = get(conn, feed_id)?;
    let person = people::get(conn, person_id)?;
    if person.company_id != feed.company_id {
        return Err(crate::model::Refusal::OtherCompany { name: person.full_name() }.into());
    }
    conn.execute(
        "INSERT INTO feed_match_decisions (feed_id, uid, person_id, confirmed, decided_at, decided_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (feed_id, uid, person_id) DO UPDATE SET confirmed = ?4, decided_at = ?5, decided_by = ?6",
        params![feed_id, uid, person_id, confirmed, utc_text(stamp.at), stamp.actor],
    )?;
    let summary: Option<String> = conn
        .query_row(
            "SELECT MIN(summary) FROM feed_unmatched WHERE feed_id = ?1 AND uid = ?2 AND suggested_person_id = ?3",
            params![feed_id, uid, person_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if confirmed {
        let moved = conn.execute(
            "INSERT INTO absences (person_id, starts_at, ends_at, kind, reason, source, feed_id, uid, recurrence_id)
             SELECT suggested_person_id, starts_at, ends_at, COALESCE(kind, 'other'), summary, 'calendar', feed_id, uid, NULL
             FROM feed_unmatched
             WHERE feed_id = ?1 AND uid = ?2 AND suggested_person_id = ?3 AND ends_at IS NOT NULL AND ends_at > starts_at",
            params![feed_id, uid, person_id],
        )?;
        conn.execute(
            "DELETE FROM feed_unmatched WHERE feed_id = ?1 AND uid = ?2 AND suggested_person_id = ?3",
            params![feed_id, uid, person_id],
        )?;
        conn.execute("UPDATE feeds SET occurrences = occurrences + ?2 WHERE id = ?1", params![feed_id, moved as i64])?;
    } else {
        conn.execute(
            "UPDATE feed_unmatched SET suggested_person_id = NULL WHERE feed_id = ?1 AND uid = ?2 AND suggested_person_id = ?3",
            params![feed_id, uid, person_id],
        )?;
    }
    let summary = summary.unwrap_or_else(|| uid.to_string());
    let label = feed.display_name();
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(feed.company_id),
            entity: crate::model::ChangeEntity::Person,
            entity_id: Some(person_id),
            subject: &person.full_name(),
            field: crate::model::ChangeField::Calendar,
            old: None,
            new: Some(ChangeValue::CalendarDecided { summary, feed: label, confirmed }),
        },
    )
}

/// [`decide`] on the colleague the event `uid` suggests now: what both the
/// CLI and the desk call.
pub fn decide_suggestion(conn: &Connection, feed_id: Id, uid: &str, confirmed: bool, stamp: &Stamp) -> Result<Id> {
    let person: Option<Id> = conn
        .query_row(
            "SELECT suggested_person_id FROM feed_unmatched
             WHERE feed_id = ?1 AND uid = ?2 AND suggested_person_id IS NOT NULL LIMIT 1",
            params![feed_id, uid],
            |r| r.get(0),
        )
        .optional()?;
    let person = person.ok_or_else(|| {
        DirectoryError::not_found(crate::model::Thing::Suggestion, format!("{uid} in feed #{feed_id}"))
    })?;
    decide(conn, feed_id, uid, person, confirmed, stamp)?;
    Ok(person)
}

/// Records that an event of a shared calendar began (`names_them`) or
/// stopped naming someone; the feeds panel and the change log show it.
pub fn record_match_news(
    conn: &Connection,
    feed: &Feed,
    person_id: Id,
    summary: &str,
    names_them: bool,
    stamp: &Stamp,
) -> Result<()> {
    let name = people::get(conn, person_id)?.full_name();
    let text = Some(ChangeValue::text(summary));
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(feed.company_id),
            entity: crate::model::ChangeEntity::Feed,
            entity_id: Some(feed.id),
            subject: &name,
            field: crate::model::ChangeField::CalendarMatch,
            old: if names_them { None } else { text.clone() },
            new: if names_them { text } else { None },
        },
    )
}

/// What the feed's last good sync stored, by event UID: who its absences
/// belong to, and which events named nobody (or only suggested someone).
pub struct Stored {
    pub matched: std::collections::HashMap<String, Id>,
    pub unmatched: std::collections::HashSet<String>,
}

pub fn stored(conn: &Connection, feed_id: Id) -> Result<Stored> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT uid, person_id FROM absences WHERE feed_id = ?1 AND uid IS NOT NULL")?;
    let matched =
        stmt.query_map([feed_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::store::db::Result<_>>()?;
    let mut stmt = conn.prepare_cached("SELECT DISTINCT uid FROM feed_unmatched WHERE feed_id = ?1")?;
    let unmatched = stmt.query_map([feed_id], |r| r.get(0))?.collect::<crate::store::db::Result<_>>()?;
    Ok(Stored { matched, unmatched })
}

pub fn view(conn: &Connection, f: &Feed) -> Result<FeedView> {
    Ok(FeedView {
        id: f.id,
        company_id: f.company_id,
        person_id: f.person_id,
        kind: if f.person_id.is_some() { FeedKind::Person } else { FeedKind::Shared },
        address: f.address.clone(),
        label: f.label.clone(),
        last_attempt_at: f.last_attempt_at,
        last_success_at: f.last_success_at,
        problem: f.problem.clone(),
        occurrences: f.occurrences,
        unmatched: unmatched(conn, f.id)?,
        suggestions: suggestions(conn, f.id)?,
        news: news(conn, f)?,
        warnings: warnings(conn, f.id)?,
    })
}

/// What one good sync read from a feed.
#[derive(Debug, Clone, Copy)]
pub struct FeedContent<'a> {
    pub absences: &'a [CalendarAbsence],
    /// Events that name nobody known, or only suggest someone.
    pub unmatched: &'a [CalendarUnmatched],
    /// Skipped events, unknown zones, rules cut short.
    pub warnings: &'a [FeedNote],
}

/// How many warnings of one sync are kept.
const MAX_WARNINGS: usize = 20;

/// A feed's notes: values, or sentences stored before notes were values
/// (read as `FeedNote::Said`, so an old store needs no migration).
fn warnings(conn: &Connection, id: Id) -> Result<Vec<FeedNote>> {
    let text: String = conn.query_row("SELECT warnings FROM feeds WHERE id = ?1", [id], |r| r.get(0))?;
    let stored: Vec<serde_json::Value> = serde_json::from_str(&text)?;
    Ok(stored.into_iter().map(FeedNote::from_stored).collect())
}

/// A failed attempt: the error is recorded, the absences of the last good
/// sync stay exactly as they were.
pub fn record_failure(conn: &Connection, id: Id, at: DateTime<Utc>, problem: &Problem, permanent: bool) -> Result<()> {
    let json = serde_json::to_string(problem).unwrap_or_default();
    conn.execute(
        "UPDATE feeds SET last_attempt_at = ?2, last_error = ?3, error_permanent = ?4, last_problem = ?5 WHERE id = ?1",
        params![id, utc_text(at), problem.english(), permanent, json],
    )?;
    Ok(())
}

/// The server said nothing changed (HTTP 304): still a success.
pub fn record_unchanged(conn: &Connection, id: Id, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE feeds SET last_attempt_at = ?2, last_success_at = ?2, last_error = NULL, last_problem = NULL, error_permanent = 0 WHERE id = ?1",
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

/// An event occurrence of a shared calendar that names nobody for sure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarUnmatched {
    pub uid: String,
    pub summary: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub kind: AbsenceKind,
    pub line: i64,
    /// A colleague named only by a lone name: a suggestion for the operator.
    pub suggested: Option<Id>,
    /// Events naming nobody are one row each: how many occurrences it has
    /// in the window (`starts_at` is the first), and the next one from now.
    pub occurrences: u32,
    pub next_at: Option<DateTime<Utc>>,
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
        "INSERT INTO feed_unmatched (feed_id, uid, summary, starts_at, line, ends_at, kind, suggested_person_id, occurrences, next_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for u in unmatched {
        insert.execute(params![
            id,
            u.uid,
            u.summary,
            utc_text(u.starts_at),
            u.line,
            utc_text(u.ends_at),
            u.kind.code(),
            u.suggested,
            u.occurrences,
            u.next_at.map(utc_text)
        ])?;
    }
    // A feed full of oddities says the first few; the rest are alike.
    let kept: Vec<&FeedNote> = warnings.iter().take(MAX_WARNINGS).collect();
    conn.execute(
        "UPDATE feeds SET etag = ?2, last_modified = ?3, last_attempt_at = ?4, last_success_at = ?4,
             last_error = NULL, last_problem = NULL, error_permanent = 0, occurrences = ?5, warnings = ?6 WHERE id = ?1",
        params![id, etag, last_modified, utc_text(at), absences.len() as i64, serde_json::to_string(&kept)?],
    )?;
    Ok(())
}
