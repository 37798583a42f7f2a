//! Urgent means acknowledged. An urgent message must be acknowledged (by a
//! reply, [`super::replies`], or by an operator) within its company's time,
//! 15 minutes unless set (`vaihde messaging C --ack-within N`). When the
//! time passes, the message climbs one rung and the clock starts again:
//!
//! 1. the colleague the covering chain chooses now for the person it is
//!    for (who may be back, or whose cover changed since it was taken);
//! 2. whoever is on call now on one of the company's rotas;
//! 3. the company's message address;
//!
//! each only when not a recipient already and with an e-mail address. The
//! new recipient gets the message on its own, by e-mail, and the webhook
//! is told again. After the last rung the message raises an alarm on every
//! desk (the top of the callbacks list) until someone acknowledges it.
//!
//! Each step is one write that checks the step it expects, so a desk or
//! worker killed mid-round loses nothing, and two rounds never climb twice.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::model::{EventKind, Message, Recipient, RecipientKind, RecipientWhy};
use super::stored::{self, record};
use crate::directory::changes::utc_text;
use crate::directory::{Result, people};
use crate::model::Id;
use crate::params;
use crate::store::db::Connection;

/// How long an urgent message may wait for its acknowledgement when the
/// company has not said.
pub const DEFAULT_ACK_MINUTES: u32 = 15;

/// When a message taken at `at` for `company_id` must be acknowledged by
/// (`None`: it is not urgent).
pub fn due(conn: &Connection, company_id: Id, urgent: bool, at: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    if !urgent {
        return Ok(None);
    }
    let minutes = super::settings::messaging(conn, company_id)?.ack_minutes;
    Ok(Some(at + Duration::minutes(i64::from(minutes))))
}

/// The next recipient of a message nobody acknowledged; `None` when the
/// ladder is climbed to its end.
pub fn next_rung(conn: &Connection, m: &Message, at: DateTime<Utc>) -> Result<Option<Recipient>> {
    let known = |address: &str| m.recipients.iter().any(|r| r.address.eq_ignore_ascii_case(address));
    let person = |id: Id, why: RecipientWhy| -> Result<Option<Recipient>> {
        let p = people::get(conn, id)?;
        Ok(p.emails.first().filter(|a| !known(a)).map(|address| Recipient {
            kind: RecipientKind::To,
            name: p.full_name(),
            address: address.clone(),
            person_id: Some(p.id),
            why,
        }))
    };
    if let Some(for_person) = m.for_person_id.filter(|id| people::get(conn, *id).is_ok()) {
        let route = crate::presence::route_person(conn, for_person, at, None, &Default::default())?;
        for step in route.chain.iter().filter(|s| s.status.state.takes_calls()) {
            if let Some(r) = person(step.person.id, RecipientWhy::Covering)? {
                return Ok(Some(r));
            }
        }
    }
    for id in crate::presence::on_call::on_call_now(conn, m.company_id, at)? {
        if let Some(r) = person(id, RecipientWhy::OnCall)? {
            return Ok(Some(r));
        }
    }
    let address = super::settings::messaging(conn, m.company_id)?.address;
    if !address.is_empty() && !known(&address) {
        return Ok(Some(Recipient {
            kind: RecipientKind::To,
            name: m.company_name.clone(),
            address,
            person_id: None,
            why: RecipientWhy::CompanyAddress,
        }));
    }
    Ok(None)
}

/// What one step did to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Sent on to a new recipient.
    Escalated { id: Id, to: String },
    /// Nobody left to send it to: an alarm on every desk.
    Alarm { id: Id },
}

/// Urgent messages past their acknowledgement time at `at`, not yet
/// acknowledged, done or alarming: the ones a round steps up.
pub fn overdue(conn: &Connection, at: DateTime<Utc>) -> Result<Vec<Id>> {
    let mut st = conn.prepare(&format!("SELECT id FROM messages WHERE {OVERDUE} ORDER BY ack_due_at, id"))?;
    Ok(st.query_map([utc_text(at)], |r| r.get(0))?.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// What makes a message overdue at `?1`: one condition for the list and
/// for the check of one message.
const OVERDUE: &str = "ack_due_at IS NOT NULL AND ack_due_at <= ?1 AND alarm_at IS NULL
     AND status NOT IN ('acknowledged', 'done')";

/// Steps message `id` up once, in the caller's transaction, if it is still
/// overdue (another desk may have stepped it, or a reply acknowledged it,
/// since [`overdue`] was read).
pub fn step(conn: &Connection, id: Id, at: DateTime<Utc>) -> Result<Option<Step>> {
    let still: bool = conn.query_row(
        &format!("SELECT COUNT(*) > 0 FROM messages WHERE {OVERDUE} AND id = ?2"),
        params![utc_text(at), id],
        |r| r.get(0),
    )?;
    if !still {
        return Ok(None);
    }
    let m = stored::get(conn, id)?;
    let Some(r) = next_rung(conn, &m, at)? else {
        conn.execute("UPDATE messages SET alarm_at = ?2 WHERE id = ?1", params![id, utc_text(at)])?;
        record(conn, id, at, EventKind::Alarm, "", "")?;
        return Ok(Some(Step::Alarm { id }));
    };
    let position: i64 =
        conn.query_row("SELECT COUNT(*) FROM message_recipients WHERE message_id = ?1", [id], |row| row.get(0))?;
    conn.execute(
        "INSERT INTO message_recipients (message_id, position, kind, name, address, person_id, pending)
         VALUES (?1, ?2, 'to', ?3, ?4, ?5, 1)",
        params![id, position, r.name, r.address, r.person_id],
    )?;
    let next = due(conn, m.company_id, true, at)?;
    let has_webhook = super::settings::messaging(conn, m.company_id)?.has_webhook;
    // Queued again for the new recipient; a failed message is tried again
    // too (the failure was an old recipient's address).
    conn.execute(
        "UPDATE messages SET escalations = escalations + 1, ack_due_at = ?2, status = 'queued', status_at = ?3,
         next_try_at = ?3, mail_pending = 1, webhook_pending = ?4, last_error = '' WHERE id = ?1",
        params![id, next.map(utc_text), utc_text(at), has_webhook],
    )?;
    record(conn, id, at, EventKind::Escalated, &r.address, "")?;
    Ok(Some(Step::Escalated { id, to: r.address }))
}

/// An urgent message nobody acknowledged after the last rung: what every
/// desk shows at the top of its callbacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alarm {
    pub message: Message,
    /// Minutes since it was taken, at the moment asked.
    pub minutes: i64,
    /// "urgent message #12 for Maija Virtanen not acknowledged in 30 min:
    /// call them or the client", for the faces to word.
    pub said: crate::words::Phrase,
}

/// The alarms standing at `at`, oldest first.
pub fn alarms(conn: &Connection, at: DateTime<Utc>) -> Result<Vec<Alarm>> {
    let list = stored::query(
        conn,
        "m.alarm_at IS NOT NULL AND m.status NOT IN ('acknowledged', 'done') ORDER BY m.taken_at, m.id",
        [],
    )?;
    Ok(list
        .into_iter()
        .map(|message| {
            let minutes = (at - message.taken_at).num_minutes().max(0);
            let said = crate::words::Phrase::new(crate::msg!("alarmUnacknowledged"))
                // An id is a label, never grouped as a count is.
                .text("id", message.id.to_string())
                .text("for", &message.for_words)
                .number("minutes", minutes as usize);
            Alarm { message, minutes, said }
        })
        .collect())
}

/// Steps every overdue message once, each in its own write.
pub fn round(store: &mut crate::store::Store, at: DateTime<Utc>) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    for id in overdue(store.conn(), at)? {
        if let Some(s) = store.write(|conn| step(conn, id, at))? {
            steps.push(s);
        }
    }
    Ok(steps)
}
