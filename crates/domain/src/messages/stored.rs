//! Messages in the store: read back whole (with recipients and callback),
//! listed, and their history.

use chrono::{DateTime, Utc};

use super::model::*;
use crate::directory::changes::{get_utc, utc_text};
use crate::directory::{DirectoryError, Result};
use crate::model::{Id, Thing};
use crate::params;
use crate::store::db::{Connection, Row};

const COLUMNS: &str = "m.id, m.company_id, c.name, m.for_person_id, m.for_words, m.topic, m.caller_name, m.caller_org,
     m.caller_number, m.caller_email, m.body, m.urgent, m.said, m.taken_by, m.taken_at, m.mail_id, m.status,
     m.status_at, m.attempts, m.next_try_at, m.last_error, m.callback, m.callback_by, m.callback_when,
     m.claimed_by, m.claimed_at, m.callback_outcome, m.callback_done_at, m.callback_tries, m.ack_due_at,
     m.escalations, m.alarm_at, m.script, m.answers_json";

fn opt_utc(r: &Row, idx: usize) -> crate::store::db::Result<Option<DateTime<Utc>>> {
    match r.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(_) => get_utc(r, idx).map(Some),
    }
}

fn read(r: &Row) -> crate::store::db::Result<Message> {
    let status: String = r.get(16)?;
    let callback = if r.get::<_, bool>(21)? {
        let outcome: Option<String> = r.get(26)?;
        Some(Callback {
            by: opt_utc(r, 22)?,
            when: r.get(23)?,
            claimed_by: r.get(24)?,
            claimed_at: opt_utc(r, 25)?,
            outcome: outcome.as_deref().and_then(CallbackOutcome::parse),
            done_at: opt_utc(r, 27)?,
            tries: r.get(28)?,
        })
    } else {
        None
    };
    Ok(Message {
        id: r.get(0)?,
        company_id: r.get(1)?,
        company_name: r.get(2)?,
        for_person_id: r.get(3)?,
        for_words: r.get(4)?,
        topic: r.get(5)?,
        caller_name: r.get(6)?,
        caller_org: r.get(7)?,
        caller_number: r.get(8)?,
        caller_email: r.get(9)?,
        body: r.get(10)?,
        urgent: r.get(11)?,
        said: r.get(12)?,
        taken_by: r.get(13)?,
        taken_at: get_utc(r, 14)?,
        mail_id: r.get(15)?,
        status: Status::parse(&status).ok_or_else(|| {
            crate::store::db::Error::conversion("messages.status", format!("unknown status {status:?}"))
        })?,
        status_at: get_utc(r, 17)?,
        attempts: r.get(18)?,
        next_try_at: opt_utc(r, 19)?,
        last_error: trouble_from(r.get(20)?),
        recipients: Vec::new(),
        callback,
        ack_due_at: opt_utc(r, 29)?,
        escalations: r.get(30)?,
        alarm_at: opt_utc(r, 31)?,
        script: r.get(32)?,
        answers: {
            let text: String = r.get(33)?;
            serde_json::from_str(&text)
                .map_err(|e| crate::store::db::Error::conversion("messages.answers_json", e.to_string()))?
        },
    })
}

fn recipients_of(conn: &Connection, id: Id) -> Result<Vec<Recipient>> {
    let mut st = conn.prepare_cached(
        "SELECT kind, name, address, person_id FROM message_recipients WHERE message_id = ?1 ORDER BY position",
    )?;
    let rows = st.query_map([id], |r| {
        let kind: String = r.get(0)?;
        Ok(Recipient {
            kind: if kind == "cc" { RecipientKind::Cc } else { RecipientKind::To },
            name: r.get(1)?,
            address: r.get(2)?,
            person_id: r.get(3)?,
            // Why each was chosen is the form's business; stored ones are simply the list.
            why: RecipientWhy::Typed,
        })
    })?;
    Ok(rows.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// Messages matching `filter` (SQL over `m`), each whole.
pub(super) fn query(conn: &Connection, filter: &str, params: impl crate::store::db::Params) -> Result<Vec<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM messages m JOIN companies c ON c.id = m.company_id WHERE {filter}");
    let mut st = conn.prepare(&sql)?;
    let mut list = st.query_map(params, read)?.collect::<crate::store::db::Result<Vec<_>>>()?;
    for m in &mut list {
        m.recipients = recipients_of(conn, m.id)?;
    }
    Ok(list)
}

pub fn get(conn: &Connection, id: Id) -> Result<Message> {
    query(conn, "m.id = ?1", [id])?
        .into_iter()
        .next()
        .ok_or_else(|| DirectoryError::not_found(Thing::Message, format!("#{id}")))
}

/// Which messages to list.
#[derive(Debug, Clone, Default)]
pub struct List {
    pub company_id: Option<Id>,
    /// Taken at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only these statuses (all when empty).
    pub statuses: Vec<Status>,
    pub for_person_id: Option<Id>,
    pub limit: Option<usize>,
}

/// Messages, newest first.
pub fn list(conn: &Connection, which: &List) -> Result<Vec<Message>> {
    let mut filter = String::from(
        "(CAST(?1 AS BIGINT) IS NULL OR m.company_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR m.taken_at >= ?2) \
         AND (CAST(?3 AS BIGINT) IS NULL OR m.for_person_id = ?3)",
    );
    if !which.statuses.is_empty() {
        let codes: Vec<String> = which.statuses.iter().map(|s| format!("'{}'", s.code())).collect();
        filter.push_str(&format!(" AND m.status IN ({})", codes.join(", ")));
    }
    filter.push_str(" ORDER BY m.taken_at DESC, m.id DESC");
    if let Some(n) = which.limit {
        filter.push_str(&format!(" LIMIT {n}"));
    }
    query(conn, &filter, params![which.company_id, which.since.map(utc_text), which.for_person_id])
}

/// A message's history, oldest first.
pub fn events(conn: &Connection, id: Id) -> Result<Vec<Event>> {
    let mut st =
        conn.prepare("SELECT at, what, detail, actor FROM message_events WHERE message_id = ?1 ORDER BY id")?;
    let rows = st.query_map([id], |r| {
        let what: String = r.get(1)?;
        let what = EventKind::parse(&what)
            .ok_or_else(|| crate::store::db::Error::conversion("message_events.what", what.clone()))?;
        let detail: String = r.get(2)?;
        // A failed try's detail is why, as a phrase; other events' a code.
        let (detail, said) = match what {
            EventKind::TryFailed | EventKind::Failed => (String::new(), trouble_from(detail)),
            _ => (detail, None),
        };
        Ok(Event { at: get_utc(r, 0)?, what, detail, said, actor: r.get(3)? })
    })?;
    Ok(rows.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// Records what happened to a message.
pub(super) fn record(
    conn: &Connection,
    id: Id,
    at: DateTime<Utc>,
    what: EventKind,
    detail: &str,
    actor: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO message_events (message_id, at, what, detail, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, utc_text(at), what.code(), detail, actor],
    )?;
    Ok(())
}

/// An operator's word on a message: acknowledged, or done. A message never
/// goes back: acknowledging one that is done leaves it done. Marking a
/// queued one ends its delivery (the recipient has it another way).
pub fn mark(conn: &Connection, id: Id, mark: Mark, at: DateTime<Utc>, actor: &str) -> Result<Message> {
    let m = get(conn, id)?;
    if m.status == Status::Done {
        return Ok(m);
    }
    set_status(conn, id, mark.status(), at, actor)
}

/// Moves a message to `status`, with its event.
pub(super) fn set_status(conn: &Connection, id: Id, status: Status, at: DateTime<Utc>, actor: &str) -> Result<Message> {
    let m = get(conn, id)?;
    if m.status != status {
        conn.execute(
            "UPDATE messages SET status = ?2, status_at = ?3 WHERE id = ?1",
            params![id, status.code(), utc_text(at)],
        )?;
        let what = match status {
            Status::Acknowledged => EventKind::Acknowledged,
            Status::Done => EventKind::Done,
            Status::Queued => EventKind::Requeued,
            Status::Sent => EventKind::Sent,
            Status::Failed => EventKind::Failed,
        };
        record(conn, id, at, what, "", actor)?;
    }
    get(conn, id)
}

/// Why a delivery try failed, as stored: the phrase as JSON.
pub(super) fn trouble_text(p: &crate::words::Phrase) -> String {
    serde_json::to_string(p).unwrap_or_default()
}

/// A stored reason back as a phrase: empty is none; what is not a phrase
/// (stores from before reasons were phrases hold a server's words or an
/// English sentence) is quoted as it is.
pub(super) fn trouble_from(text: String) -> Option<crate::words::Phrase> {
    if text.is_empty() {
        return None;
    }
    Some(
        serde_json::from_str(&text)
            .unwrap_or_else(|_| crate::words::Phrase::new(crate::msg!("deliveryDetail")).text("detail", text)),
    )
}
