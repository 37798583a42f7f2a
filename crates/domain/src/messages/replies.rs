//! Acknowledgement by reply. A message's recipient answers its e-mail
//! (any text: "ok", "soitan", a forwarded SMS); the reply lands in the
//! answering service's own mailbox, and the delivery rounds read it back
//! over IMAP, so the desk needs no port of its own open to the world.
//!
//! A reply acknowledges a message when both hold:
//! - it names the message's Message-ID in `In-Reply-To` or `References`
//!   (every mail program keeps them when answering), and
//! - its sender is one of the message's recipients: a forged
//!   `In-Reply-To` for another company's message, a colleague answering a
//!   message that was not theirs, or an unrelated mail acknowledge nothing.
//!
//! Reading goes on from where it stopped (the mailbox's UIDVALIDITY and
//! the next UID), kept in the store in the same write as the
//! acknowledgements, so a desk killed mid-round reads the same replies
//! again and acknowledging twice changes nothing. The mailbox's address:
//!
//! - `imaps://user:password@host[:993][/MAILBOX]`: TLS from the first byte;
//! - `imap://user:password@127.0.0.1:1143[/MAILBOX]`: plain text, on this
//!   machine only (a password never crosses a network in the clear).

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use futures_util::TryStreamExt;
use serde::Serialize;

use super::model::{EventKind, Status};
use super::stored::record;
use crate::directory::changes::utc_text;
use crate::directory::{DirectoryError, Result, refuse};
use crate::model::{Id, Refusal};
use crate::params;
use crate::store::Store;
use crate::store::db::{Connection, OptionalExtension};
use crate::words::Phrase;

/// How long one conversation with the mailbox may take.
const TIMEOUT: StdDuration = StdDuration::from_secs(20);
/// A mailbox read for the first time (or renumbered) is read from this far back.
const FIRST_LOOK_DAYS: i64 = 14;
/// At most this many replies' headers in one FETCH.
const PER_FETCH: usize = 200;
/// The event detail that says "acknowledged by a reply".
pub const BY_REPLY: &str = "reply";

/// Where replies arrive, parsed from its address.
#[derive(Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub host: String,
    pub port: u16,
    pub tls: bool,
    pub user: String,
    password: String,
    /// The folder to read (`INBOX` unless the address names one).
    pub folder: String,
}

impl std::fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailbox")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

impl Mailbox {
    pub fn parse(address: &str) -> Result<Mailbox> {
        let bad = || Refusal::NotAMailbox { address: super::smtp::shown(address) };
        let Ok(url) = url::Url::parse(address.trim()) else { return refuse(bad()) };
        let tls = match url.scheme() {
            "imaps" => true,
            "imap" => false,
            _ => return refuse(bad()),
        };
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else { return refuse(bad()) };
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !tls && !loopback {
            return refuse(bad());
        }
        let decode = |s: &str| crate::text::percent_decode(s);
        let user = decode(url.username());
        if user.is_empty() {
            return refuse(bad());
        }
        let folder = decode(url.path().trim_start_matches('/'));
        Ok(Mailbox {
            port: url.port().unwrap_or(if tls { 993 } else { 143 }),
            host,
            tls,
            user,
            password: url.password().map(decode).unwrap_or_default(),
            folder: if folder.is_empty() { "INBOX".into() } else { folder },
        })
    }
}

/// What a reply says about itself: who sent it and which messages it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub uid: u32,
    /// The sender's address, lower case.
    pub from: String,
    /// The Message-IDs it answers (`In-Reply-To` and `References`), with
    /// their angle brackets, as stored for a message.
    pub answers: Vec<String>,
}

/// A reply from its header; `None` when it has no sender address.
pub fn reply_from_header(uid: u32, header: &[u8]) -> Option<Reply> {
    let (headers, _) = mailparse::parse_headers(header).ok()?;
    let from = headers.iter().find(|h| h.get_key_ref().eq_ignore_ascii_case("from"))?;
    let from = match mailparse::addrparse_header(from).ok()?.iter().next()? {
        mailparse::MailAddr::Single(s) => s.addr.clone(),
        mailparse::MailAddr::Group(g) => g.addrs.first()?.addr.clone(),
    };
    let mut answers = Vec::new();
    for h in headers.iter().filter(|h| {
        let k = h.get_key_ref();
        k.eq_ignore_ascii_case("in-reply-to") || k.eq_ignore_ascii_case("references")
    }) {
        for id in message_ids(&h.get_value()) {
            if !answers.contains(&id) {
                answers.push(id);
            }
        }
    }
    Some(Reply { uid, from: from.trim().to_lowercase(), answers })
}

/// The `<…>` ids of a header's value (`In-Reply-To` may add comments or words).
fn message_ids(value: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else { break };
        let id: String = rest[start..=start + len].chars().filter(|c| !c.is_whitespace()).collect();
        if id.len() > 2 {
            ids.push(id);
        }
        rest = &rest[start + len + 1..];
    }
    ids
}

/// Where reading stopped: the folder's UIDVALIDITY and the next UID to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    pub validity: u32,
    pub next_uid: u32,
}

/// Reads the replies that arrived after `from` (or, in a mailbox read for
/// the first time or renumbered since, those of the last
/// [`FIRST_LOOK_DAYS`] before `at`). Marks nothing as read: the mailbox
/// stays as people left it.
pub async fn fetch(mailbox: &Mailbox, from: Position, at: DateTime<Utc>) -> Result<(Vec<Reply>, Position), Phrase> {
    let trouble = |e: String| Phrase::new(crate::msg!("mailboxTrouble")).text("detail", e);
    let talk = async {
        let tcp = tokio::net::TcpStream::connect((mailbox.host.as_str(), mailbox.port))
            .await
            .map_err(|e| trouble(e.to_string()))?;
        if mailbox.tls {
            let tls = tokio_native_tls::native_tls::TlsConnector::new().map_err(|e| trouble(e.to_string()))?;
            let stream = tokio_native_tls::TlsConnector::from(tls)
                .connect(&mailbox.host, tcp)
                .await
                .map_err(|e| trouble(e.to_string()))?;
            converse(async_imap::Client::new(stream), mailbox, from, at).await.map_err(trouble)
        } else {
            converse(async_imap::Client::new(tcp), mailbox, from, at).await.map_err(trouble)
        }
    };
    match tokio::time::timeout(TIMEOUT, talk).await {
        Ok(result) => result,
        Err(_) => Err(trouble(format!("no answer in {} s", TIMEOUT.as_secs()))),
    }
}

async fn converse<T>(
    mut client: async_imap::Client<T>,
    mailbox: &Mailbox,
    from: Position,
    at: DateTime<Utc>,
) -> std::result::Result<(Vec<Reply>, Position), String>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    client.read_response().await.map_err(|e| e.to_string())?.ok_or("the server closed the connection")?;
    let mut session = client.login(&mailbox.user, &mailbox.password).await.map_err(|(e, _)| e.to_string())?;
    let folder = session.examine(&mailbox.folder).await.map_err(|e| e.to_string())?;
    let validity = folder.uid_validity.unwrap_or(0);
    let query = if validity == from.validity && from.next_uid > 0 {
        format!("UID {}:*", from.next_uid)
    } else {
        format!("SINCE {}", (at - Duration::days(FIRST_LOOK_DAYS)).format("%d-%b-%Y"))
    };
    let mut uids: Vec<u32> = session.uid_search(&query).await.map_err(|e| e.to_string())?.into_iter().collect();
    // "n:*" answers with the last message even when it is older than n.
    if validity == from.validity {
        uids.retain(|u| *u >= from.next_uid);
    }
    uids.sort_unstable();
    let mut replies = Vec::with_capacity(uids.len());
    for chunk in uids.chunks(PER_FETCH) {
        let set = chunk.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let fetches: Vec<_> = session
            .uid_fetch(&set, "(UID BODY.PEEK[HEADER])")
            .await
            .map_err(|e| e.to_string())?
            .try_collect()
            .await
            .map_err(|e| e.to_string())?;
        for f in &fetches {
            if let (Some(uid), Some(header)) = (f.uid, f.header())
                && let Some(reply) = reply_from_header(uid, header)
            {
                replies.push(reply);
            }
        }
    }
    let next_uid = match uids.last() {
        Some(last) => last + 1,
        None if validity == from.validity => from.next_uid,
        None => folder.uid_next.unwrap_or(1),
    };
    let _ = session.logout().await;
    Ok((replies, Position { validity, next_uid }))
}

/// Acknowledges the messages the replies answer, by the rule above.
/// Returns the ids acknowledged now (one already acknowledged or done is
/// left as it is and not returned).
pub fn acknowledge(conn: &Connection, replies: &[Reply], at: DateTime<Utc>) -> Result<Vec<Id>> {
    let mut done = Vec::new();
    for reply in replies {
        for id in &reply.answers {
            let found: Option<(Id, String)> = conn
                .query_row("SELECT id, status FROM messages WHERE mail_id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((message, status)) = found else { continue };
            if matches!(Status::parse(&status), Some(Status::Acknowledged | Status::Done)) {
                continue;
            }
            let theirs: bool = conn.query_row(
                "SELECT COUNT(*) > 0 FROM message_recipients WHERE message_id = ?1 AND LOWER(address) = ?2",
                params![message, reply.from],
                |r| r.get(0),
            )?;
            if !theirs {
                continue;
            }
            conn.execute(
                "UPDATE messages SET status = 'acknowledged', status_at = ?2 WHERE id = ?1",
                params![message, utc_text(at)],
            )?;
            record(conn, message, at, EventKind::Acknowledged, BY_REPLY, &reply.from)?;
            done.push(message);
        }
    }
    Ok(done)
}

/// What a round read from the mailbox.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepliesRead {
    /// Replies read (whatever they answered).
    pub read: u32,
    /// Messages acknowledged by them.
    pub acknowledged: Vec<Id>,
    /// Why the mailbox could not be read; it is tried again next round.
    pub error: Option<Phrase>,
}

/// Reads the replies since the last round, acknowledges what they answer
/// and keeps where reading stopped, in one write. Nothing to do without a
/// mailbox.
pub async fn read(store: &mut Store, at: DateTime<Utc>) -> Result<RepliesRead> {
    let settings = super::settings::for_delivery(store.conn())?;
    if settings.imap_url.trim().is_empty() {
        return Ok(RepliesRead::default());
    }
    let mailbox = match Mailbox::parse(&settings.imap_url) {
        Ok(m) => m,
        Err(e) => return Ok(RepliesRead { error: Some(e.phrase()), ..RepliesRead::default() }),
    };
    let from = position(store.conn())?;
    let (replies, next) = match fetch(&mailbox, from, at).await {
        Ok(r) => r,
        Err(error) => return Ok(RepliesRead { error: Some(error), ..RepliesRead::default() }),
    };
    let acknowledged = store.write(|conn| {
        let acked = acknowledge(conn, &replies, at)?;
        conn.execute("INSERT INTO mail_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING", [])?;
        conn.execute(
            "UPDATE mail_settings SET imap_validity = ?1, imap_next_uid = ?2 WHERE id = 1",
            params![i64::from(next.validity), i64::from(next.next_uid)],
        )?;
        Ok::<_, DirectoryError>(acked)
    })?;
    Ok(RepliesRead { read: replies.len() as u32, acknowledged, error: None })
}

fn position(conn: &Connection) -> Result<Position> {
    let row: Option<(i64, i64)> = conn
        .query_row("SELECT imap_validity, imap_next_uid FROM mail_settings WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (validity, next_uid) = row.unwrap_or_default();
    Ok(Position { validity: u32::try_from(validity).unwrap_or(0), next_uid: u32::try_from(next_uid).unwrap_or(0) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_imaps_or_plain_on_this_machine_only() {
        let m = Mailbox::parse("imaps://vastaus%40palvelu.fi:p%C3%A4ss@mail.example.fi/Kuittaukset").unwrap();
        assert_eq!(
            (m.port, m.tls, m.user.as_str(), m.folder.as_str()),
            (993, true, "vastaus@palvelu.fi", "Kuittaukset")
        );
        assert_eq!(m.password, "päss");
        let m = Mailbox::parse("imap://u:p@127.0.0.1:14300").unwrap();
        assert_eq!((m.port, m.tls, m.folder.as_str()), (14300, false, "INBOX"));
        for bad in ["imap://u:p@mail.example.fi", "imaps://mail.example.fi", "smtp://u:p@x", "", "imaps://"] {
            assert!(Mailbox::parse(bad).is_err(), "{bad}");
        }
        let e = Mailbox::parse("imap://anna:hunter2@mail.example.fi").unwrap_err();
        assert!(!e.to_string().contains("hunter2"));
        assert!(!format!("{:?}", Mailbox::parse("imaps://anna:hunter2@x.fi").unwrap()).contains("hunter2"));
    }

    #[test]
    fn a_reply_names_its_sender_and_the_ids_it_answers() {
        let header = b"From: =?utf-8?q?Maija_Virtanen?= <Maija.Virtanen@Rakennuskoivu.fi>\r\n\
            Subject: Re: Soittopyynt\xc3\xb6\r\n\
            In-Reply-To: <vaihde.20261123.1@vastaus.example>\r\n\
            References: <older@x>\r\n <vaihde.20261123.1@vastaus.example>\r\n\r\n";
        let r = reply_from_header(7, header).unwrap();
        assert_eq!(r.from, "maija.virtanen@rakennuskoivu.fi");
        assert_eq!(r.answers, ["<vaihde.20261123.1@vastaus.example>", "<older@x>"]);
        assert_eq!(reply_from_header(8, b"Subject: no sender\r\n\r\n"), None);
        assert_eq!(message_ids("<a@b> (comment) <c@d>"), ["<a@b>", "<c@d>"]);
        assert!(message_ids("no ids here <unclosed").is_empty());
    }
}
