//! Callbacks: a message whose caller wants a call back is also on a shared
//! work list, per company and across all companies (the agent's list),
//! ordered by when the caller wanted it. An agent claims one ("I'll take
//! it") with a conditional write, so of two agents claiming at once one
//! wins and the other is told who has it; then records how it went, or
//! releases it.

use chrono::{DateTime, Utc};

use super::model::{CallbackOutcome, EventKind, Message};
use super::stored::{self, record};
use crate::directory::changes::utc_text;
use crate::directory::{Result, refuse};
use crate::model::{Id, Refusal};
use crate::params;
use crate::store::db::Connection;

/// Open callbacks (of one company, or all), the most pressing first: by
/// when the caller wanted the call (those without a time after those
/// with), then by when the message was taken.
pub fn open(conn: &Connection, company_id: Option<Id>) -> Result<Vec<Message>> {
    stored::query(
        conn,
        "m.callback = 1 AND m.callback_outcome IS NULL AND (CAST(?1 AS BIGINT) IS NULL OR m.company_id = ?1)
         ORDER BY m.callback_by IS NULL, m.callback_by, m.taken_at, m.id",
        params![company_id],
    )
}

fn open_one(conn: &Connection, id: Id) -> Result<Message> {
    let m = stored::get(conn, id)?;
    match &m.callback {
        Some(cb) if cb.is_open() => Ok(m),
        _ => refuse(Refusal::NoOpenCallback { id }),
    }
}

/// Claims the callback for `who`. Claiming one's own again is fine.
pub fn claim(conn: &Connection, id: Id, who: &str, at: DateTime<Utc>) -> Result<Message> {
    open_one(conn, id)?;
    let n = conn.execute(
        "UPDATE messages SET claimed_by = ?2, claimed_at = ?3
         WHERE id = ?1 AND callback_outcome IS NULL AND (claimed_by IS NULL OR claimed_by = ?2)",
        params![id, who, utc_text(at)],
    )?;
    if n == 0 {
        let by: Option<String> = conn.query_row("SELECT claimed_by FROM messages WHERE id = ?1", [id], |r| r.get(0))?;
        return refuse(Refusal::CallbackClaimed { by: by.unwrap_or_default() });
    }
    record(conn, id, at, EventKind::Claimed, "", who)?;
    stored::get(conn, id)
}

/// Puts the callback back on the list for anyone to take.
pub fn release(conn: &Connection, id: Id, who: &str, at: DateTime<Utc>) -> Result<Message> {
    let m = open_one(conn, id)?;
    if m.callback.as_ref().is_some_and(|c| c.claimed_by.is_some()) {
        conn.execute("UPDATE messages SET claimed_by = NULL, claimed_at = NULL WHERE id = ?1", [id])?;
        record(conn, id, at, EventKind::Released, "", who)?;
    }
    stored::get(conn, id)
}

/// Records how a callback went. Reached, or a message left: it is done
/// (and so is its message, once delivered). No answer: it goes back on
/// the list, released, with the try counted.
pub fn finish(conn: &Connection, id: Id, outcome: CallbackOutcome, who: &str, at: DateTime<Utc>) -> Result<Message> {
    let m = open_one(conn, id)?;
    if let Some(by) = m.callback.as_ref().and_then(|c| c.claimed_by.clone())
        && by != who
    {
        return refuse(Refusal::CallbackClaimed { by });
    }
    let now = utc_text(at);
    match outcome {
        CallbackOutcome::NoAnswer => {
            conn.execute(
                "UPDATE messages SET callback_tries = callback_tries + 1, claimed_by = NULL, claimed_at = NULL WHERE id = ?1",
                [id],
            )?;
        }
        CallbackOutcome::Reached | CallbackOutcome::LeftMessage => {
            conn.execute(
                "UPDATE messages SET callback_outcome = ?2, callback_done_at = ?3, claimed_by = ?4 WHERE id = ?1",
                params![id, outcome.code(), now, who],
            )?;
            conn.execute(
                "UPDATE messages SET status = 'done', status_at = ?2 WHERE id = ?1 AND status IN ('sent', 'acknowledged')",
                params![id, now],
            )?;
        }
    }
    record(conn, id, at, EventKind::CalledBack, outcome.code(), who)?;
    stored::get(conn, id)
}
