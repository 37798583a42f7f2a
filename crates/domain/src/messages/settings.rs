//! Where messages go out from: the directory's mail settings (one row, so
//! a team shares them) and each company's messaging settings (its message
//! address, its webhook, its summary).
//!
//! The SMTP address and a webhook address may carry a password or token:
//! they are the store's secret columns (see `store::copy`), read only by
//! the code that delivers, and shown with the secret blanked out.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::directory::changes::{get_utc, utc_text};
use crate::directory::{Result, refuse};
use crate::model::Field;
use crate::model::{Id, Refusal};
use crate::params;
use crate::store::db::{Connection, OptionalExtension};
use crate::text::clean::{Kind, bounded};

/// How long calls and messages are kept when nobody said otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MailSettings {
    /// `smtp://` or `smtps://` address, with its password; empty when none is set.
    #[serde(skip)]
    pub smtp_url: String,
    /// The address as it may be shown (password blanked).
    pub smtp_shown: String,
    /// `imaps://` (or on this machine `imap://`) address of the mailbox
    /// replies arrive in, with its password; empty when none is set.
    #[serde(skip)]
    pub imap_url: String,
    /// The mailbox's address as it may be shown (password blanked).
    pub imap_shown: String,
    pub mail_from: String,
    pub keep_days: u32,
}

/// The mail settings without the SMTP address (what a desk may read).
pub fn shown(conn: &Connection) -> Result<MailSettings> {
    let row = conn
        .query_row("SELECT mail_from, keep_days FROM mail_settings WHERE id = 1", [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })
        .optional()?;
    let (mail_from, keep_days) = row.unwrap_or((String::new(), DEFAULT_KEEP_DAYS));
    Ok(MailSettings {
        smtp_url: String::new(),
        smtp_shown: String::new(),
        imap_url: String::new(),
        imap_shown: String::new(),
        mail_from,
        keep_days,
    })
}

/// The mail settings with the SMTP and IMAP addresses, `VAIHDE_SMTP_URL`,
/// `VAIHDE_IMAP_URL` and `VAIHDE_MAIL_FROM` overriding what is stored (a
/// test, a desk of its own).
pub fn for_delivery(conn: &Connection) -> Result<MailSettings> {
    let (smtp, imap) = conn
        .query_row("SELECT smtp_url, imap_url FROM mail_settings WHERE id = 1", [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .unwrap_or_default();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let mut s = shown(conn)?;
    s.smtp_url = env("VAIHDE_SMTP_URL").unwrap_or(smtp);
    s.imap_url = env("VAIHDE_IMAP_URL").unwrap_or(imap);
    if let Some(from) = env("VAIHDE_MAIL_FROM") {
        s.mail_from = from;
    }
    s.smtp_shown = super::smtp::shown(&s.smtp_url);
    s.imap_shown = super::smtp::shown(&s.imap_url);
    Ok(s)
}

/// What to change in the mail settings; `None` keeps a value as it is,
/// an empty address removes it.
#[derive(Debug, Clone, Default)]
pub struct MailChange<'a> {
    pub smtp_url: Option<&'a str>,
    pub imap_url: Option<&'a str>,
    pub mail_from: Option<&'a str>,
    pub keep_days: Option<u32>,
}

/// Changes the mail settings.
pub fn set(conn: &Connection, change: &MailChange) -> Result<()> {
    if let Some(url) = change.smtp_url.filter(|u| !u.trim().is_empty()) {
        super::smtp::Server::parse(url)?;
    }
    if let Some(url) = change.imap_url.filter(|u| !u.trim().is_empty()) {
        super::replies::Mailbox::parse(url)?;
    }
    let from = match change.mail_from {
        Some(f) => Some(email_or_empty(Field::MailFrom, f)?),
        None => None,
    };
    let keep_days = change.keep_days;
    conn.execute("INSERT INTO mail_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING", [])?;
    if let Some(url) = change.smtp_url {
        conn.execute("UPDATE mail_settings SET smtp_url = ?1 WHERE id = 1", [url.trim()])?;
    }
    if let Some(url) = change.imap_url {
        // Another mailbox is read from its start.
        conn.execute(
            "UPDATE mail_settings SET imap_url = ?1, imap_validity = 0, imap_next_uid = 0 WHERE id = 1",
            [url.trim()],
        )?;
    }
    if let Some(from) = from {
        conn.execute("UPDATE mail_settings SET mail_from = ?1 WHERE id = 1", [from])?;
    }
    if let Some(days) = keep_days {
        conn.execute("UPDATE mail_settings SET keep_days = ?1 WHERE id = 1", [days.max(1)])?;
    }
    Ok(())
}

/// How often a company's client gets a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SummaryEvery {
    Off,
    Daily,
    Weekly,
}

impl SummaryEvery {
    pub fn code(self) -> &'static str {
        match self {
            SummaryEvery::Off => "off",
            SummaryEvery::Daily => "daily",
            SummaryEvery::Weekly => "weekly",
        }
    }

    pub fn parse(code: &str) -> Option<SummaryEvery> {
        Some(match code {
            "off" => SummaryEvery::Off,
            "daily" => SummaryEvery::Daily,
            "weekly" => SummaryEvery::Weekly,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Messaging {
    pub company_id: Id,
    /// Where messages go that nobody of the directory can take.
    pub address: String,
    /// Whether a webhook gets each message (its address is a secret).
    pub has_webhook: bool,
    pub summary_every: SummaryEvery,
    pub summary_to: String,
    pub summary_sent_at: Option<DateTime<Utc>>,
    /// Minutes an urgent message may wait for its acknowledgement.
    pub ack_minutes: u32,
}

/// A company's messaging settings (defaults when none are stored).
pub fn messaging(conn: &Connection, company_id: Id) -> Result<Messaging> {
    let row = conn
        .query_row(
            "SELECT address, webhook_url <> '', summary_every, summary_to, summary_sent_at, ack_minutes
             FROM company_messaging WHERE company_id = ?1",
            [company_id],
            |r| {
                let every: String = r.get(2)?;
                Ok(Messaging {
                    company_id,
                    address: r.get(0)?,
                    has_webhook: r.get(1)?,
                    summary_every: SummaryEvery::parse(&every).unwrap_or(SummaryEvery::Off),
                    summary_to: r.get(3)?,
                    summary_sent_at: match r.get::<_, Option<String>>(4)? {
                        Some(_) => Some(get_utc(r, 4)?),
                        None => None,
                    },
                    ack_minutes: r.get(5)?,
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or(Messaging {
        company_id,
        address: String::new(),
        has_webhook: false,
        summary_every: SummaryEvery::Off,
        summary_to: String::new(),
        summary_sent_at: None,
        ack_minutes: super::escalation::DEFAULT_ACK_MINUTES,
    }))
}

/// A company's webhook address, for delivery only.
pub fn webhook_url(conn: &Connection, company_id: Id) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT webhook_url FROM company_messaging WHERE company_id = ?1", [company_id], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .filter(|u| !u.is_empty()))
}

/// What to change in a company's messaging settings; `None` keeps a value.
#[derive(Debug, Clone, Default)]
pub struct MessagingChange {
    pub address: Option<String>,
    pub webhook_url: Option<String>,
    pub summary_every: Option<SummaryEvery>,
    pub summary_to: Option<String>,
    /// Minutes an urgent message may wait for its acknowledgement (at least 1).
    pub ack_minutes: Option<u32>,
}

/// An e-mail address typed into `field`, through the text door; empty is
/// allowed (no address), anything else must look like an address.
pub(super) fn email_or_empty(field: Field, value: &str) -> Result<String> {
    let v = bounded(Kind::Email, field, value)?;
    if !v.is_empty() && !crate::text::looks_like_email(&v) {
        return refuse(Refusal::NotAnEmail { value: v });
    }
    Ok(v)
}

pub fn set_messaging(conn: &Connection, company_id: Id, change: &MessagingChange) -> Result<Messaging> {
    let address = change.address.as_deref().map(|a| email_or_empty(Field::MessageAddress, a)).transpose()?;
    let summary_to = change.summary_to.as_deref().map(|a| email_or_empty(Field::SummaryTo, a)).transpose()?;
    let webhook = match change.webhook_url.as_deref().map(str::trim) {
        Some("") => Some(String::new()),
        Some(url) => match url::Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Some(url.to_string()),
            _ => return refuse(Refusal::NotAWebhook { address: crate::model::redact(url) }),
        },
        None => None,
    };
    conn.execute(
        "INSERT INTO company_messaging (company_id) VALUES (?1) ON CONFLICT (company_id) DO NOTHING",
        [company_id],
    )?;
    let set = |column: &str, value: &str| {
        conn.execute(
            &format!("UPDATE company_messaging SET {column} = ?2 WHERE company_id = ?1"),
            params![company_id, value],
        )
    };
    if let Some(a) = &address {
        set("address", a)?;
    }
    if let Some(w) = &webhook {
        set("webhook_url", w)?;
    }
    if let Some(e) = change.summary_every {
        set("summary_every", e.code())?;
    }
    if let Some(t) = &summary_to {
        set("summary_to", t)?;
    }
    if let Some(minutes) = change.ack_minutes {
        conn.execute(
            "UPDATE company_messaging SET ack_minutes = ?2 WHERE company_id = ?1",
            params![company_id, minutes.max(1)],
        )?;
    }
    messaging(conn, company_id)
}

/// Records that a company's summary went out at `at`.
pub fn summary_sent(conn: &Connection, company_id: Id, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE company_messaging SET summary_sent_at = ?2 WHERE company_id = ?1",
        params![company_id, utc_text(at)],
    )?;
    Ok(())
}
