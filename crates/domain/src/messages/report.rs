//! The summary for a client: calls handled, messages taken and where they
//! are, open callbacks — printed by `vaihde report` and mailed daily or
//! weekly to the client's summary address, in the company's language.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::call_log::{self, CallOutcome};
use super::model::Message;
use crate::directory::{Result, companies};
use crate::model::{Company, Id};
use crate::store::db::Connection;
use crate::words::Words;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub company_id: Id,
    pub company_name: String,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub calls: u32,
    pub transferred: u32,
    pub messages_taken: u32,
    pub information: u32,
    pub no_outcome: u32,
    pub messages: Vec<Message>,
    pub open_callbacks: Vec<Message>,
}

pub fn report(conn: &Connection, company_id: Id, since: DateTime<Utc>, until: DateTime<Utc>) -> Result<Report> {
    let company = companies::get(conn, company_id)?;
    let calls: Vec<_> = call_log::list(conn, None, Some(since), 100_000)?
        .into_iter()
        .filter(|c| c.company_id == Some(company_id) && c.started_at < until)
        .collect();
    let count = |o: CallOutcome| calls.iter().filter(|c| c.outcome == o).count() as u32;
    let mut messages = super::stored::list(
        conn,
        &super::stored::List { company_id: Some(company_id), since: Some(since), ..Default::default() },
    )?;
    messages.retain(|m| m.taken_at < until);
    messages.reverse();
    Ok(Report {
        company_id,
        company_name: company.name,
        since,
        until,
        calls: calls.len() as u32,
        transferred: count(CallOutcome::Transferred),
        messages_taken: count(CallOutcome::Message),
        information: count(CallOutcome::Information),
        no_outcome: count(CallOutcome::NoOutcome) + count(CallOutcome::Open),
        messages,
        open_callbacks: super::callbacks::open(conn, Some(company_id))?,
    })
}

/// The report as text in `words`' language, times in the company's zone.
pub fn render(r: &Report, company: &Company, words: &Words) -> String {
    let zone = company.tz();
    let mut out = String::new();
    out.push_str(&words.with(
        "reportTitle",
        &[
            ("company", r.company_name.as_str().into()),
            ("since", words.moment(r.since, zone).into()),
            ("until", words.moment(r.until, zone).into()),
        ],
    ));
    out.push('\n');
    out.push_str(&words.with(
        "reportCalls",
        &[
            ("calls", r.calls.into()),
            ("transferred", r.transferred.into()),
            ("messages", r.messages_taken.into()),
            ("information", r.information.into()),
            ("none", r.no_outcome.into()),
        ],
    ));
    out.push_str("\n\n");
    out.push_str(&words.with("reportMessages", &[("count", (r.messages.len() as u32).into())]));
    out.push('\n');
    for m in &r.messages {
        out.push_str(&format!(
            "  #{} {} — {} → {} [{}]\n",
            m.id,
            words.moment(m.taken_at, zone),
            caller(m, words),
            m.for_words,
            words.text(m.status.word())
        ));
    }
    out.push('\n');
    out.push_str(&words.with("reportCallbacks", &[("count", (r.open_callbacks.len() as u32).into())]));
    out.push('\n');
    for m in &r.open_callbacks {
        out.push_str(&format!("  #{} {} {}\n", m.id, caller(m, words), m.caller_number));
    }
    out
}

/// The caller as one line: name, organisation (or "unknown caller").
pub fn caller(m: &Message, words: &Words) -> String {
    let parts: Vec<&str> =
        [m.caller_name.as_str(), m.caller_org.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if parts.is_empty() { words.text("mailUnknownCaller") } else { parts.join(", ") }
}
