//! Taking a message: the form's rules (one place, for the CLI and the
//! window alike) and the one transaction that stores it with its
//! recipients, its history's first line and its place in the outbox,
//! before any delivery is tried.

use std::hash::{BuildHasher, Hasher};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::model::{EventKind, Message, Recipient, RecipientKind};
use crate::directory::changes::utc_text;
use crate::directory::{Result, companies, refuse};
use crate::model::Field;
use crate::model::{Id, Refusal};
use crate::params;
use crate::store::db::Connection;
use crate::text::clean::{Kind, bounded};

/// A message as the operator filled the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Draft {
    pub company_id: Id,
    pub for_person_id: Option<Id>,
    /// Whom it is for, as the form shows it.
    pub for_words: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub caller_name: String,
    #[serde(default)]
    pub caller_org: String,
    #[serde(default)]
    pub caller_number: String,
    #[serde(default)]
    pub caller_email: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub urgent: bool,
    #[serde(default)]
    pub callback: bool,
    /// By when the caller wants the call back.
    #[serde(default)]
    pub callback_by: Option<DateTime<Utc>>,
    /// The caller's own words for when suits them.
    #[serde(default)]
    pub callback_when: String,
    /// What the operator told the caller.
    #[serde(default)]
    pub said: String,
    pub recipients: Vec<Recipient>,
    /// The call script it is taken under: its required questions must be
    /// answered, and an urgent script makes the message urgent.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub script_id: Option<Id>,
    /// The caller's answers to the script's questions.
    #[serde(default)]
    pub answers: Vec<super::model::Answer>,
}

/// The answers through the door and checked against the draft's script:
/// every required question answered, a choice one of its choices. Returns
/// the script.
fn answered(conn: &Connection, d: &mut Draft) -> Result<Option<crate::scripts::Script>> {
    let mut answers = Vec::with_capacity(d.answers.len());
    for a in std::mem::take(&mut d.answers) {
        let label = bounded(Kind::Name, Field::Label, &a.label)?;
        let value = bounded(Kind::Notes, Field::MessageBody, &a.value)?;
        if !value.is_empty() {
            answers.push(super::model::Answer { label, value });
        }
    }
    d.answers = answers;
    let Some(id) = d.script_id else { return Ok(None) };
    let script = crate::scripts::get(conn, id)?;
    if script.company_id != d.company_id {
        return refuse(Refusal::OtherCompany { name: script.name });
    }
    for q in &script.questions {
        let given = d.answers.iter().find(|a| a.label == q.label);
        match given {
            None if q.required => return refuse(Refusal::AnswerMissing { label: q.label.clone() }),
            Some(a) if q.kind == crate::scripts::AnswerKind::Choice && !q.choices.contains(&a.value) => {
                return refuse(Refusal::NotAChoice {
                    label: q.label.clone(),
                    value: a.value.clone(),
                    choices: q.choices.clone(),
                });
            }
            _ => {}
        }
    }
    Ok(Some(script))
}

/// The draft with every text through the door and every rule checked.
pub fn check(conn: &Connection, mut d: Draft) -> Result<Draft> {
    let company = companies::get(conn, d.company_id)?;
    d.for_words = bounded(Kind::Line, Field::ForWords, &d.for_words)?;
    d.topic = bounded(Kind::Name, Field::Topic, &d.topic)?;
    d.caller_name = bounded(Kind::Name, Field::CallerName, &d.caller_name)?;
    d.caller_org = bounded(Kind::Name, Field::CallerOrg, &d.caller_org)?;
    d.caller_number = bounded(Kind::Phone, Field::CallerNumber, &d.caller_number)?;
    d.caller_email = super::settings::email_or_empty(Field::CallerEmail, &d.caller_email)?;
    d.body = bounded(Kind::Notes, Field::MessageBody, &d.body)?;
    d.callback_when = bounded(Kind::Line, Field::CallbackWhen, &d.callback_when)?;
    d.said = bounded(Kind::Line, Field::Said, &d.said)?;
    let script = answered(conn, &mut d)?;
    if d.body.is_empty() && !d.callback && d.answers.is_empty() {
        return refuse(Refusal::MessageEmpty);
    }
    if script.as_ref().is_some_and(|s| s.urgent) {
        d.urgent = true;
    }
    if !d.callback {
        d.callback_by = None;
        d.callback_when.clear();
    }
    if let Some(id) = d.for_person_id {
        let p = crate::directory::people::get(conn, id)?;
        if p.company_id != d.company_id {
            return refuse(Refusal::OtherCompany { name: p.full_name() });
        }
        if d.for_words.is_empty() {
            d.for_words = p.full_name();
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut recipients = Vec::with_capacity(d.recipients.len());
    for mut r in std::mem::take(&mut d.recipients) {
        r.address = super::settings::email_or_empty(Field::Recipient, &r.address)?;
        r.name = bounded(Kind::Name, Field::RecipientName, &r.name)?;
        if r.address.is_empty() || !seen.insert(r.address.to_lowercase()) {
            continue;
        }
        recipients.push(r);
    }
    // A list of copies only still reaches someone: the first becomes the addressee.
    if !recipients.iter().any(|r| r.kind == RecipientKind::To)
        && let Some(first) = recipients.first_mut()
    {
        first.kind = RecipientKind::To;
    }
    d.recipients = recipients;
    let has_webhook = super::settings::messaging(conn, d.company_id)?.has_webhook;
    if d.recipients.is_empty() && !has_webhook {
        return refuse(Refusal::NobodyToSendTo { company: company.name });
    }
    Ok(d)
}

/// A Message-ID that is this message's for ever: a retry, or a resend
/// after a crash, carries the same one, so a recipient's mail program
/// shows a duplicate as one message.
fn mail_id(at: DateTime<Utc>, domain: &str) -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(at.timestamp_nanos_opt().unwrap_or_default() as u128);
    h.write_u32(std::process::id());
    let domain = if domain.is_empty() { "vaihde.invalid" } else { domain };
    format!("<vaihde.{}.{:016x}@{domain}>", at.format("%Y%m%d%H%M%S"), h.finish())
}

/// Stores the message, checked, in one transaction (the caller's), queued
/// for delivery now. Returns it as stored.
pub fn take(conn: &Connection, draft: Draft, at: DateTime<Utc>, operator: &str) -> Result<Message> {
    let d = check(conn, draft)?;
    let from = super::settings::shown(conn)?.mail_from;
    let domain = from.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_default();
    let has_webhook = super::settings::messaging(conn, d.company_id)?.has_webhook;
    let now = utc_text(at);
    let id: Id = conn.query_row(
        "INSERT INTO messages (company_id, for_person_id, for_words, topic, caller_name, caller_org, caller_number,
             caller_key, caller_email, body, urgent, said, taken_by, taken_at, mail_id, status, status_at,
             next_try_at, mail_pending, webhook_pending, callback, callback_by, callback_when)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'queued', ?14, ?14, ?16, ?17, ?18, ?19, ?20)
         RETURNING id",
        params![
            d.company_id,
            d.for_person_id,
            d.for_words,
            d.topic,
            d.caller_name,
            d.caller_org,
            d.caller_number,
            crate::phone::number_key(&d.caller_number),
            d.caller_email,
            d.body,
            d.urgent,
            d.said,
            operator,
            now,
            mail_id(at, &domain),
            !d.recipients.is_empty(),
            has_webhook,
            d.callback,
            d.callback_by.map(utc_text),
            d.callback_when
        ],
        |r| r.get(0),
    )?;
    if d.script_id.is_some() || !d.answers.is_empty() {
        let script = d.script_id.map(|id| crate::scripts::get(conn, id)).transpose()?.map(|s| s.name);
        let answers = serde_json::to_string(&d.answers).unwrap_or_else(|_| "[]".into());
        conn.execute(
            "UPDATE messages SET script = ?2, answers_json = ?3 WHERE id = ?1",
            params![id, script.unwrap_or_default(), answers],
        )?;
    }
    // An urgent message starts its acknowledgement clock when it is taken.
    if let Some(due) = super::escalation::due(conn, d.company_id, d.urgent, at)? {
        conn.execute("UPDATE messages SET ack_due_at = ?2 WHERE id = ?1", params![id, utc_text(due)])?;
    }
    for (position, r) in d.recipients.iter().enumerate() {
        conn.execute(
            "INSERT INTO message_recipients (message_id, position, kind, name, address, person_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, position, r.kind.code(), r.name, r.address, r.person_id],
        )?;
    }
    super::stored::record(conn, id, at, EventKind::Taken, "", operator)?;
    super::stored::get(conn, id)
}

/// Takes the message and, when it was taken during a logged call, ends
/// that call with it (whom the caller asked for, and "message #id"): one
/// transaction, the caller's.
pub fn take_during_call(
    conn: &Connection,
    draft: Draft,
    call: Option<Id>,
    at: DateTime<Utc>,
    operator: &str,
) -> Result<Message> {
    use super::call_log::{self, CallOutcome, Close};
    let m = take(conn, draft, at, operator)?;
    if let Some(call) = call {
        call_log::asked_for(conn, call, &m.for_words, m.for_person_id)?;
        call_log::close(conn, call, CallOutcome::Message, &Close { message_id: Some(m.id), ..Default::default() }, at)?;
    }
    Ok(m)
}
