//! A company's webhook: each message POSTed as JSON, for SMS gateways and
//! chat tools. The body is the message's facts (no words of ours), with
//! the message's Message-ID as `Idempotency-Key`, so a receiver can tell a
//! retry after a crash from a new message.

use std::time::Duration;

use serde::Serialize;

use super::model::{Message, Status};

const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Serialize)]
struct Payload<'a> {
    id: i64,
    mail_id: &'a str,
    company: &'a str,
    #[serde(rename = "for")]
    for_words: &'a str,
    topic: &'a str,
    caller: Caller<'a>,
    text: &'a str,
    urgent: bool,
    callback: bool,
    callback_by: Option<String>,
    callback_when: Option<&'a str>,
    said: &'a str,
    taken_by: &'a str,
    taken_at: String,
    status: Status,
    /// How many times nobody acknowledged it in time and it was sent on
    /// (0 for a message as taken); each is a new POST with its own key.
    escalations: u32,
    /// When it must be acknowledged by (urgent messages).
    ack_due_at: Option<String>,
    /// The call script it was taken under, and the caller's answers.
    script: &'a str,
    answers: &'a [super::model::Answer],
}

#[derive(Debug, Serialize)]
struct Caller<'a> {
    name: &'a str,
    organisation: &'a str,
    number: &'a str,
    email: &'a str,
}

/// The JSON a webhook receives.
pub fn payload(m: &Message) -> serde_json::Value {
    let p = Payload {
        id: m.id,
        mail_id: &m.mail_id,
        company: &m.company_name,
        for_words: &m.for_words,
        topic: &m.topic,
        caller: Caller {
            name: &m.caller_name,
            organisation: &m.caller_org,
            number: &m.caller_number,
            email: &m.caller_email,
        },
        text: &m.body,
        urgent: m.urgent,
        callback: m.callback.is_some(),
        callback_by: m.callback.as_ref().and_then(|c| c.by).map(crate::directory::changes::utc_text),
        callback_when: m.callback.as_ref().map(|c| c.when.as_str()),
        said: &m.said,
        taken_by: &m.taken_by,
        taken_at: crate::directory::changes::utc_text(m.taken_at),
        status: m.status,
        escalations: m.escalations,
        ack_due_at: m.ack_due_at.map(crate::directory::changes::utc_text),
        script: &m.script,
        answers: &m.answers,
    };
    serde_json::to_value(p).unwrap_or(serde_json::Value::Null)
}

/// How a delivery did not go through, by either channel (this POST, or the
/// outbox's SMTP server), in words the faces translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Try again later: no answer, a timeout, 5xx, 408, 429.
    ForNow(crate::words::Phrase),
    /// The receiver said no for good (another 4xx, a 5xx SMTP answer, an
    /// address the mail library refuses): an operator must look.
    ForGood(crate::words::Phrase),
}

/// The message's Message-ID, and for a message sent on by its escalation
/// the step too: a retry repeats its key, a step is a new one.
pub fn idempotency_key(m: &Message) -> String {
    if m.escalations == 0 { m.mail_id.clone() } else { format!("{}#{}", m.mail_id, m.escalations) }
}

pub async fn post(http: &reqwest::Client, url: &str, m: &Message) -> Result<(), Refused> {
    let shown = crate::model::redact(url);
    let answer = http
        .post(url)
        .timeout(TIMEOUT)
        .header("Idempotency-Key", idempotency_key(m))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(payload(m).to_string())
        .send()
        .await
        .map_err(|e| Refused::ForNow(unreached(&e, &shown)))?;
    let status = answer.status();
    if status.is_success() {
        return Ok(());
    }
    let words = crate::words::Phrase::new(crate::msg!("webhookStatus"))
        .text("address", &shown)
        .text("status", status.as_u16().to_string());
    if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
        Err(Refused::ForGood(words))
    } else {
        Err(Refused::ForNow(words))
    }
}

/// Why a POST got no answer, in the catalogs' words (the calendar feeds'
/// reading of the error, worded for a webhook).
fn unreached(e: &reqwest::Error, shown: &str) -> crate::words::Phrase {
    use crate::model::Problem;
    let id = match crate::sync::fetch::describe_error(e).problem {
        Problem::Timeout => crate::msg!("webhookTimeout"),
        Problem::Unreachable => crate::msg!("webhookUnreachable"),
        Problem::Tls => crate::msg!("webhookTls"),
        Problem::NameNotFound => crate::msg!("webhookNameNotFound"),
        Problem::RedirectLoop => crate::msg!("webhookRedirectLoop"),
        _ => crate::msg!("webhookFailed"),
    };
    crate::words::Phrase::new(id).text("address", shown)
}
