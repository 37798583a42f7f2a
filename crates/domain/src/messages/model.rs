//! A message, its recipients, its status and its history, as values: the
//! faces word them from the catalogs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Id;

/// Where a message is: `queued → sent | failed → acknowledged → done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored, not delivered yet (never tried, or a try failed and another comes).
    Queued,
    /// Every recipient's server accepted it.
    Sent,
    /// A server refused it for good (an unknown address): an operator must act.
    Failed,
    /// The recipient (or an operator for them) said they have it.
    Acknowledged,
    /// Dealt with.
    Done,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Failed => "failed",
            Status::Acknowledged => "acknowledged",
            Status::Done => "done",
        }
    }

    /// The catalog message that names it.
    pub fn word(self) -> &'static str {
        match self {
            Status::Queued => "messageQueued",
            Status::Sent => "messageSent",
            Status::Failed => "messageFailed",
            Status::Acknowledged => "messageAcknowledged",
            Status::Done => "messageDone",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Some(match code {
            "queued" => Status::Queued,
            "sent" => Status::Sent,
            "failed" => Status::Failed,
            "acknowledged" => Status::Acknowledged,
            "done" => Status::Done,
            _ => return None,
        })
    }
}

/// What an operator can say of a message: the recipient has it, or it is
/// dealt with. Only these two are set by hand; the rest is delivery's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Acknowledged,
    Done,
}

impl Mark {
    pub fn status(self) -> Status {
        match self {
            Mark::Acknowledged => Status::Acknowledged,
            Mark::Done => Status::Done,
        }
    }
}

/// To or Cc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    To,
    Cc,
}

impl RecipientKind {
    pub fn code(self) -> &'static str {
        match self {
            RecipientKind::To => "to",
            RecipientKind::Cc => "cc",
        }
    }
}

/// Why a recipient is on the list (what Vaihde knew), for the form to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecipientWhy {
    /// The person asked for.
    AskedFor,
    /// The colleague the covering chain chose while the person is away.
    Covering,
    /// The first available holder of the role or topic asked for.
    RoleHolder,
    /// Where the calls of someone who left go.
    CallsOf,
    /// The company's address for messages nobody else can take.
    CompanyAddress,
    /// Whoever is on call now (an urgent message nobody acknowledged).
    OnCall,
    /// Typed by the operator.
    Typed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recipient {
    pub kind: RecipientKind,
    pub name: String,
    pub address: String,
    pub person_id: Option<Id>,
    pub why: RecipientWhy,
}

/// How a callback ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CallbackOutcome {
    /// The caller was reached.
    Reached,
    /// Nobody answered: the callback goes back on the list.
    NoAnswer,
    /// A message was left on the caller's voicemail: done.
    LeftMessage,
}

impl CallbackOutcome {
    pub fn code(self) -> &'static str {
        match self {
            CallbackOutcome::Reached => "reached",
            CallbackOutcome::NoAnswer => "no_answer",
            CallbackOutcome::LeftMessage => "left_message",
        }
    }

    pub fn parse(code: &str) -> Option<CallbackOutcome> {
        Some(match code {
            "reached" => CallbackOutcome::Reached,
            "no_answer" => CallbackOutcome::NoAnswer,
            "left_message" => CallbackOutcome::LeftMessage,
            _ => return None,
        })
    }
}

/// The callback a message asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Callback {
    /// By when the caller wants the call (orders the work list).
    pub by: Option<DateTime<Utc>>,
    /// The caller's own words for when suits them ("after two").
    pub when: String,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<DateTime<Utc>>,
    /// How it ended; `None` while it is on the list.
    pub outcome: Option<CallbackOutcome>,
    pub done_at: Option<DateTime<Utc>>,
    /// Calls tried that nobody answered.
    pub tries: u32,
}

impl Callback {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        self.is_open() && self.by.is_some_and(|by| by < at)
    }
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    pub id: Id,
    pub company_id: Id,
    pub company_name: String,
    /// The person it is for, when it is for a person of the directory.
    pub for_person_id: Option<Id>,
    /// Whom it is for, as shown: the person's name, a role, or the operator's words.
    pub for_words: String,
    pub topic: String,
    pub caller_name: String,
    pub caller_org: String,
    pub caller_number: String,
    pub caller_email: String,
    pub body: String,
    pub urgent: bool,
    /// What the operator told the caller.
    pub said: String,
    pub taken_by: String,
    pub taken_at: DateTime<Utc>,
    /// The e-mail's Message-ID (the same on every try).
    pub mail_id: String,
    pub status: Status,
    pub status_at: DateTime<Utc>,
    pub attempts: u32,
    /// When the next delivery try is due (queued only).
    pub next_try_at: Option<DateTime<Utc>>,
    /// Why the last try did not go through, for "not sent yet: …" (Vaihde's
    /// words, or a server's as data); `None` once it went through.
    pub last_error: Option<crate::words::Phrase>,
    pub recipients: Vec<Recipient>,
    pub callback: Option<Callback>,
    /// An urgent message: by when it must be acknowledged (the current
    /// rung's time; see `escalation`).
    pub ack_due_at: Option<DateTime<Utc>>,
    /// Recipients it was sent on to because nobody acknowledged it.
    pub escalations: u32,
    /// When it ran out of recipients and raised the alarm.
    pub alarm_at: Option<DateTime<Utc>>,
    /// The call script it was taken under (the call type), or empty.
    pub script: String,
    /// The caller's answers to the script's questions.
    pub answers: Vec<Answer>,
}

/// A caller's answer to a call script's question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answer {
    pub label: String,
    pub value: String,
}

impl Answer {
    /// "Vian laatu=vesi": the label as the script asks it, then the answer.
    pub fn parse(text: &str) -> Result<Answer, crate::model::Refusal> {
        match text.split_once('=') {
            Some((label, value)) if !label.trim().is_empty() => {
                Ok(Answer { label: label.trim().to_string(), value: value.trim().to_string() })
            }
            _ => Err(crate::model::Refusal::ScriptPart {
                part: crate::model::ScriptPart::Answer,
                text: text.to_string(),
            }),
        }
    }
}

/// What happened to a message, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Taken,
    /// A delivery try that did not go through; another comes.
    TryFailed,
    Sent,
    /// The webhook took it.
    Posted,
    Failed,
    Acknowledged,
    Done,
    /// Queued again by an operator after a failure.
    Requeued,
    Claimed,
    Released,
    CalledBack,
    /// Not acknowledged in time: sent on to the next recipient (the detail).
    Escalated,
    /// Not acknowledged after the last recipient: an alarm on every desk.
    Alarm,
}

impl EventKind {
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Taken => "taken",
            EventKind::TryFailed => "try_failed",
            EventKind::Sent => "sent",
            EventKind::Posted => "posted",
            EventKind::Failed => "failed",
            EventKind::Acknowledged => "acknowledged",
            EventKind::Done => "done",
            EventKind::Requeued => "requeued",
            EventKind::Claimed => "claimed",
            EventKind::Released => "released",
            EventKind::CalledBack => "called_back",
            EventKind::Escalated => "escalated",
            EventKind::Alarm => "alarm",
        }
    }

    pub fn parse(code: &str) -> Option<EventKind> {
        [
            EventKind::Taken,
            EventKind::TryFailed,
            EventKind::Sent,
            EventKind::Posted,
            EventKind::Failed,
            EventKind::Acknowledged,
            EventKind::Done,
            EventKind::Requeued,
            EventKind::Claimed,
            EventKind::Released,
            EventKind::CalledBack,
            EventKind::Escalated,
            EventKind::Alarm,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Event {
    pub at: DateTime<Utc>,
    pub what: EventKind,
    /// A callback's outcome code; empty when there is nothing to add.
    pub detail: String,
    /// Why a try failed (`try_failed`, `failed`), in words the faces translate.
    pub said: Option<crate::words::Phrase>,
    pub actor: String,
}

/// How a message came to be acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AckHow {
    /// The recipient answered its e-mail (read back from the mailbox).
    Reply,
    /// An operator marked it (after a phone call, say).
    Operator,
}

/// Who acknowledged a message, when and how: from its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Acknowledgement {
    pub at: DateTime<Utc>,
    /// The replying address, or the operator's name.
    pub by: String,
    pub how: AckHow,
}

impl Acknowledgement {
    /// The acknowledgement in a message's history (its first: a message is
    /// acknowledged once), if any.
    pub fn of(events: &[Event]) -> Option<Acknowledgement> {
        events.iter().find(|e| e.what == EventKind::Acknowledged).map(|e| Acknowledgement {
            at: e.at,
            by: e.actor.clone(),
            how: if e.detail == super::replies::BY_REPLY { AckHow::Reply } else { AckHow::Operator },
        })
    }
}
