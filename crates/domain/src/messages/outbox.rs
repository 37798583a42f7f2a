//! The outbox: messages stored as queued, delivered in the background.
//!
//! A round takes the team's delivery job (one desk delivers; on SQLite the
//! one desk), then each due message in turn: it is *leased* in its own
//! committed write (so no other process sends it meanwhile, and a process
//! that dies mid-send lets its lease run out), sent, and its result
//! committed. A duplicate can therefore only happen when a process dies
//! between the server's acceptance and that commit — and then it carries
//! the same Message-ID. A server that refuses for now leaves the message
//! queued with its words and a next try after a growing pause; one that
//! refuses for good (an unknown address) makes it `failed`, for an
//! operator to see and queue again. Each round then reads the replies'
//! mailbox, where recipients acknowledge messages ([`super::replies`]), and
//! sends on the urgent ones nobody acknowledged in time ([`super::escalation`]).

use crate::words::Phrase;
use chrono::{DateTime, Duration, Utc};
use lettre::AsyncTransport;
use serde::Serialize;

use super::model::{EventKind, Message, Status};
use super::stored::{self, record};
use super::webhook::{self, Refused};
use crate::directory::changes::utc_text;
use crate::directory::{DirectoryError, Result, companies};
use crate::model::Id;
use crate::params;
use crate::store::Store;
use crate::store::jobs::{self, Job};

/// How long a desk may take to deliver one message before another may.
const LEASE: Duration = Duration::minutes(2);

/// At most this many messages in one round (the next round takes the rest).
const PER_ROUND: usize = 100;

/// The pause before try `n + 1` after `n` tries that did not go through:
/// quick at first (a server restarting), then every 15 minutes.
pub fn pause_after(tries: u32) -> Duration {
    const STEPS: [i64; 6] = [30, 60, 120, 300, 600, 900];
    Duration::seconds(STEPS[(tries.saturating_sub(1) as usize).min(STEPS.len() - 1)])
}

/// What became of one message in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Delivered {
    Sent,
    /// Not yet: why (Vaihde's words, or the server's as data), and when
    /// the next try is.
    NotYet {
        error: Phrase,
        next_try_at: DateTime<Utc>,
    },
    /// Refused for good: why.
    Failed {
        error: Phrase,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Delivery {
    pub id: Id,
    pub result: Delivered,
}

/// A round of delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Round {
    Ran {
        deliveries: Vec<Delivery>,
        /// What the replies' mailbox said (nothing when none is set).
        replies: super::replies::RepliesRead,
        /// Urgent messages sent on, or raising the alarm, this round.
        escalations: Vec<super::escalation::Step>,
    },
    /// Another desk of the team delivers now.
    OtherDesk { desk: Option<String> },
}

/// Which messages a round takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Those whose next try is due.
    Due,
    /// Every queued one, now (`vaihde outbox --send`).
    AllQueued,
    /// This one, now (just taken: the form says at once whether it went).
    One(Id),
}

/// Queued messages, oldest first: what the outbox holds.
pub fn queued(conn: &crate::store::db::Connection) -> Result<Vec<Message>> {
    stored::query(conn, "m.status = 'queued' ORDER BY m.taken_at, m.id", [])
}

/// Delivers what `which` names, at `at`.
pub async fn deliver(store: &mut Store, which: Which, at: DateTime<Utc>, http: &reqwest::Client) -> Result<Round> {
    if !jobs::try_take(store.conn(), Job::Delivery)? {
        return Ok(Round::OtherDesk { desk: jobs::holder(store.conn(), Job::Delivery)? });
    }
    let round = async {
        // Replies first, so a message answered meanwhile does not climb;
        // then the urgent ones nobody acknowledged climb a rung, and go out
        // with this round. Not in a round for one message just taken: the
        // form waits for it.
        let (replies, escalations) = match which {
            Which::One(_) => Default::default(),
            Which::Due | Which::AllQueued => {
                (super::replies::read(store, at).await?, super::escalation::round(store, at)?)
            }
        };
        let deliveries = run(store, which, at, http).await?;
        summaries(store, at, false).await?;
        Ok(Round::Ran { deliveries, replies, escalations })
    }
    .await;
    jobs::let_go(store.conn(), Job::Delivery);
    round
}

async fn run(store: &mut Store, which: Which, at: DateTime<Utc>, http: &reqwest::Client) -> Result<Vec<Delivery>> {
    let now = utc_text(at);
    let ids: Vec<Id> = {
        let (filter, id) = match which {
            Which::Due => ("next_try_at <= ?1 AND CAST(?2 AS BIGINT) IS NULL", None),
            Which::AllQueued => ("?1 <> '' AND CAST(?2 AS BIGINT) IS NULL", None),
            Which::One(id) => ("?1 <> '' AND id = ?2", Some(id)),
        };
        let sql = format!(
            "SELECT id FROM messages WHERE status = 'queued' AND {filter} ORDER BY next_try_at, id LIMIT {PER_ROUND}"
        );
        let mut st = store.conn().prepare(&sql)?;
        st.query_map(params![now, id], |r| r.get(0))?.collect::<crate::store::db::Result<Vec<_>>>()?
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let settings = super::settings::for_delivery(store.conn())?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if !lease(store, id, at)? {
            continue;
        }
        let m = stored::get(store.conn(), id)?;
        let result = deliver_one(store, &m, &settings, at, http).await?;
        out.push(Delivery { id, result });
    }
    Ok(out)
}

/// Holds `id` for this desk for [`LEASE`]; `false` when another desk holds it.
fn lease(store: &mut Store, id: Id, at: DateTime<Utc>) -> Result<bool> {
    store.write(|conn| {
        let n = conn.execute(
            "UPDATE messages SET leased_until = ?3, attempts = attempts + 1
             WHERE id = ?1 AND status = 'queued' AND (leased_until IS NULL OR leased_until <= ?2)",
            params![id, utc_text(at), utc_text(at + LEASE)],
        )?;
        Ok::<_, DirectoryError>(n == 1)
    })
}

async fn deliver_one(
    store: &mut Store,
    m: &Message,
    settings: &super::settings::MailSettings,
    at: DateTime<Utc>,
    http: &reqwest::Client,
) -> Result<Delivered> {
    let (mail_pending, webhook_pending): (bool, bool) =
        store.conn().query_row("SELECT mail_pending, webhook_pending FROM messages WHERE id = ?1", [m.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let mut trouble = None;
    if mail_pending {
        match send_mail(store, m, settings).await {
            Ok(to) => store.write(|conn| {
                conn.execute("UPDATE messages SET mail_pending = 0 WHERE id = ?1", [m.id])?;
                conn.execute("UPDATE message_recipients SET pending = 0 WHERE message_id = ?1", [m.id])?;
                record(conn, m.id, at, EventKind::Sent, &to.join(", "), "")
            })?,
            Err(t) => trouble = Some(t),
        }
    }
    if trouble.is_none() && webhook_pending {
        match super::settings::webhook_url(store.conn(), m.company_id)? {
            None => store.write(|conn| {
                conn.execute("UPDATE messages SET webhook_pending = 0 WHERE id = ?1", [m.id])?;
                Ok::<_, DirectoryError>(())
            })?,
            Some(url) => match webhook::post(http, &url, m).await {
                Ok(()) => store.write(|conn| {
                    conn.execute("UPDATE messages SET webhook_pending = 0 WHERE id = ?1", [m.id])?;
                    record(conn, m.id, at, EventKind::Posted, &crate::model::redact(&url), "")
                })?,
                Err(refused) => trouble = Some(refused),
            },
        }
    }
    let attempts: u32 = store.conn().query_row("SELECT attempts FROM messages WHERE id = ?1", [m.id], |r| r.get(0))?;
    store.write(|conn| {
        let now = utc_text(at);
        Ok(match trouble {
            None => {
                conn.execute(
                    "UPDATE messages SET status = 'sent', status_at = ?2, next_try_at = NULL, leased_until = NULL,
                         last_error = '' WHERE id = ?1",
                    params![m.id, now],
                )?;
                Delivered::Sent
            }
            Some(Refused::ForNow(error)) => {
                let next = at + pause_after(attempts);
                conn.execute(
                    "UPDATE messages SET next_try_at = ?2, leased_until = NULL, last_error = ?3 WHERE id = ?1",
                    params![m.id, utc_text(next), super::stored::trouble_text(&error)],
                )?;
                record(conn, m.id, at, EventKind::TryFailed, &super::stored::trouble_text(&error), "")?;
                Delivered::NotYet { error, next_try_at: next }
            }
            Some(Refused::ForGood(error)) => {
                conn.execute(
                    "UPDATE messages SET status = 'failed', status_at = ?2, next_try_at = NULL, leased_until = NULL,
                         last_error = ?3 WHERE id = ?1",
                    params![m.id, now, super::stored::trouble_text(&error)],
                )?;
                record(conn, m.id, at, EventKind::Failed, &super::stored::trouble_text(&error), "")?;
                Delivered::Failed { error }
            }
        })
    })
}

/// Sends a message's e-mail; returns the addresses it went to. Recipients
/// a step of the escalation added get it on their own (the others had it).
async fn send_mail(
    store: &Store,
    m: &Message,
    settings: &super::settings::MailSettings,
) -> Result<Vec<String>, Refused> {
    let company = companies::get(store.conn(), m.company_id).map_err(|e| Refused::ForNow(e.phrase()))?;
    let pending: Vec<String> = {
        let conn = store.conn();
        let mut st = conn
            .prepare("SELECT address FROM message_recipients WHERE message_id = ?1 AND pending <> 0")
            .map_err(|e| Refused::ForNow(DirectoryError::from(e).phrase()))?;
        st.query_map([m.id], |r| r.get(0))
            .and_then(|rows| rows.collect::<crate::store::db::Result<Vec<String>>>())
            .map_err(|e| Refused::ForNow(DirectoryError::from(e).phrase()))?
    };
    let mut m = m.clone();
    if !pending.is_empty() {
        m.recipients.retain(|r| pending.contains(&r.address));
    }
    let m = &m;
    let to: Vec<String> = m.recipients.iter().map(|r| r.address.clone()).collect();
    // A message whose e-mail cannot be written waits for its settings to be
    // fixed (a sender address) rather than failing for good.
    let email = super::mail::compose(m, &settings.mail_from, company.language, company.tz()).map_err(|e| match e {
        super::mail::ComposeError::BadRecipient { .. } => Refused::ForGood(crate::words::Said::phrase(&e)),
        _ => Refused::ForNow(crate::words::Said::phrase(&e)),
    })?;
    transmit(settings, email).await.map(|()| to)
}

/// Hands an e-mail to the directory's SMTP server.
async fn transmit(settings: &super::settings::MailSettings, email: lettre::Message) -> Result<(), Refused> {
    if settings.smtp_url.trim().is_empty() {
        return Err(Refused::ForNow(Phrase::new(crate::msg!("mailNoServer"))));
    }
    let detail = |id, e: String| Phrase::new(id).text("detail", e);
    let server = super::smtp::Server::parse(&settings.smtp_url)
        .map_err(|e| Refused::ForNow(detail(crate::msg!("mailServerAddress"), e.to_string())))?;
    let transport =
        server.transport().map_err(|e| Refused::ForNow(detail(crate::msg!("mailNoTransport"), e.to_string())))?;
    // The server's own words are data: quoted as they are.
    match transport.send(email).await {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(Refused::ForGood(detail(crate::msg!("deliveryDetail"), smtp_words(&e)))),
        Err(e) => Err(Refused::ForNow(detail(crate::msg!("deliveryDetail"), smtp_words(&e)))),
    }
}

/// The SMTP error with its causes, as the server and the network said it.
fn smtp_words(e: &lettre::transport::smtp::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Queues a failed message again (the operator fixed its address).
pub fn requeue(conn: &crate::store::db::Connection, id: Id, at: DateTime<Utc>, actor: &str) -> Result<Message> {
    let m = stored::get(conn, id)?;
    if m.status == Status::Failed {
        conn.execute(
            "UPDATE messages SET status = 'queued', status_at = ?2, next_try_at = ?2, last_error = '' WHERE id = ?1",
            params![id, utc_text(at)],
        )?;
        record(conn, id, at, EventKind::Requeued, "", actor)?;
    }
    stored::get(conn, id)
}

/// The faces hold one client for every round (so they need not depend on reqwest).
pub use reqwest::Client as HttpClient;

/// The HTTP client webhooks go out with (each POST has its own timeout too).
pub fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(10)).build()
}

/// A summary that went out (or did not) in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummarySent {
    pub company_id: Id,
    /// Why it did not go; it is tried again next round.
    pub error: Option<Phrase>,
}

/// Sends the clients' summaries that are due at `at` (every one with an
/// address when `all`): the report since the last one, in the company's
/// language, to its summary address.
pub async fn summaries(store: &mut Store, at: DateTime<Utc>, all: bool) -> Result<Vec<SummarySent>> {
    use super::settings::SummaryEvery;
    let rows: Vec<(Id, String)> = {
        let mut st = store.conn().prepare(
            "SELECT company_id, summary_every FROM company_messaging WHERE summary_to <> '' ORDER BY company_id",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::store::db::Result<Vec<_>>>()?
    };
    let mut out = Vec::new();
    for (company_id, every) in rows {
        let period = match SummaryEvery::parse(&every) {
            Some(SummaryEvery::Daily) => Duration::days(1),
            Some(SummaryEvery::Weekly) => Duration::days(7),
            _ if all => Duration::days(1),
            _ => continue,
        };
        let messaging = super::settings::messaging(store.conn(), company_id)?;
        let last = messaging.summary_sent_at;
        // A summary just asked for counts its first period from now.
        if !all && last.is_none() {
            store.write(|c| super::settings::summary_sent(c, company_id, at))?;
            continue;
        }
        if !all && last.is_some_and(|l| at - l < period) {
            continue;
        }
        let since = last.unwrap_or(at - period);
        let settings = super::settings::for_delivery(store.conn())?;
        let company = companies::get(store.conn(), company_id)?;
        let report = super::report::report(store.conn(), company_id, since, at)?;
        let words = crate::words::Words::of(company.language);
        let email = super::mail::summary(&report, &company, &settings.mail_from, &messaging.summary_to, words);
        let sent = match email {
            Ok(email) => transmit(&settings, email).await.map_err(|t| match t {
                Refused::ForNow(w) | Refused::ForGood(w) => w,
            }),
            Err(e) => Err(crate::words::Said::phrase(&e)),
        };
        if sent.is_ok() {
            store.write(|c| super::settings::summary_sent(c, company_id, at))?;
        }
        out.push(SummarySent { company_id, error: sent.err() });
    }
    Ok(out)
}
