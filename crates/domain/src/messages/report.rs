//! The summary for a client: calls handled, how fast they were answered,
//! messages taken and where they are, urgent ones acknowledged, open
//! callbacks — printed by `vaihde report` and mailed daily or weekly to the
//! client's summary address, in the company's language, with the charts of
//! its figures attached (`mail::summary`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::model::Message;
use crate::directory::{Result, companies};
use crate::model::{Company, Id};
use crate::store::db::Connection;
use crate::words::Words;

#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The company's figures for the period (the same rule as `vaihde
    /// report --format`), which the e-mail's charts draw.
    pub figures: super::figures::Figures,
}

pub fn report(conn: &Connection, company_id: Id, since: DateTime<Utc>, until: DateTime<Utc>) -> Result<Report> {
    let company = companies::get(conn, company_id)?;
    let mut messages = super::stored::list(
        conn,
        &super::stored::List { company_id: Some(company_id), since: Some(since), ..Default::default() },
    )?;
    messages.retain(|m| m.taken_at < until);
    messages.reverse();
    // The call counts are the figures' own (one reading of the call log, one rule).
    let figures = super::figures::figures(conn, Some(company_id), since, until)?;
    let row = figures.companies.first().cloned().unwrap_or_default();
    Ok(Report {
        company_id,
        company_name: company.name,
        since,
        until,
        calls: row.calls,
        transferred: row.transferred,
        messages_taken: row.messages,
        information: row.information,
        no_outcome: row.no_outcome,
        messages,
        open_callbacks: super::callbacks::open(conn, Some(company_id))?,
        figures,
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
    out.push('\n');
    if let Some(row) = r.figures.companies.first() {
        for line in figure_lines(row, words) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push('\n');
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
        if !m.answers.is_empty() {
            out.push_str(&super::mail::answers(m, words, "    "));
        }
    }
    out.push('\n');
    out.push_str(&words.with("reportCallbacks", &[("count", (r.open_callbacks.len() as u32).into())]));
    out.push('\n');
    for m in &r.open_callbacks {
        out.push_str(&format!("  #{} {} {}\n", m.id, caller(m, words), m.caller_number));
    }
    out
}

/// The figures beyond the outcomes, a line each, only those with anything
/// to say: answer and handle times (calls on the desk's line), urgent
/// messages and their acknowledgement, callbacks done and their wait.
pub fn figure_lines(row: &super::figures::Row, words: &Words) -> Vec<String> {
    let whole = |v: Option<f64>| v.map(|x| x.round() as i64);
    let mut out = Vec::new();
    if let (Some(median), Some(p90), Some(handle)) =
        (whole(row.answer_median_s), whole(row.answer_p90_s), whole(row.handle_median_s))
    {
        out.push(
            words.with(
                "reportAnswerTimes",
                &[("median", median.into()), ("p90", p90.into()), ("handle", handle.into())],
            ),
        );
    }
    let minutes = |v: Option<f64>| match whole(v) {
        Some(m) => crate::words::Arg::Num(m),
        None => "none".into(),
    };
    if row.urgent > 0 {
        out.push(words.with(
            "reportUrgent",
            &[
                ("urgent", row.urgent.into()),
                ("acked", row.urgent_acknowledged.into()),
                ("minutes", minutes(row.ack_median_min)),
                ("escalated", row.escalated.into()),
                ("alarms", row.alarms.into()),
            ],
        ));
    }
    if row.callbacks > 0 {
        out.push(words.with(
            "reportCallbacksDone",
            &[
                ("done", row.callbacks_done.into()),
                ("count", row.callbacks.into()),
                ("minutes", minutes(row.callback_wait_median_min)),
            ],
        ));
    }
    out
}

/// The caller as one line: name, organisation (or "unknown caller").
pub fn caller(m: &Message, words: &Words) -> String {
    let parts: Vec<&str> =
        [m.caller_name.as_str(), m.caller_org.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if parts.is_empty() { words.text("mailUnknownCaller") } else { parts.join(", ") }
}
