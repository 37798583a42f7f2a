//! A calendar feed: where a person's (or a company's shared absence)
//! calendar is read from, and how its last syncs went.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: Id,
    pub company_id: Id,
    /// A person's own calendar; `None` for a shared absence calendar.
    pub person_id: Option<Id>,
    /// As given: may carry credentials, so never print it; use [`redact`].
    /// Empty when read for showing (see `directory::feeds::list`).
    pub url: String,
    /// The address as it may be shown: [`redact`]ed.
    pub address: String,
    pub label: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// The last failure; `None` when the last sync worked.
    pub problem: Option<super::Problem>,
    /// Whether retrying cannot help until someone fixes something (401, 404, not a calendar).
    pub error_permanent: bool,
    /// Occurrences stored from the last good sync.
    pub occurrences: i64,
    /// An on-call rota for this role or topic ("päivystys"): its events
    /// say who is on call, not who is away. Empty for absence calendars.
    pub on_call: String,
}

impl Feed {
    /// How the feed is named to people: its label, else its address without secrets.
    pub fn display_name(&self) -> String {
        if self.label.is_empty() { self.address.clone() } else { self.label.clone() }
    }
}

/// Whose calendar a feed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FeedKind {
    /// One person's own calendar.
    Person,
    /// A shared absence calendar naming many.
    Shared,
}

/// What may be shown of a feed (never the raw address).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedView {
    pub id: Id,
    pub company_id: Id,
    pub person_id: Option<Id>,
    pub kind: FeedKind,
    pub address: String,
    pub label: String,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub problem: Option<super::Problem>,
    pub occurrences: i64,
    pub unmatched: Vec<Unmatched>,
    /// Events that name someone only by a lone family or given name: the
    /// operator confirms or dismisses each (one per event UID).
    pub suggestions: Vec<Suggestion>,
    /// Events that started or stopped naming someone in recent syncs (a new
    /// colleague, a changed alias), newest first.
    pub news: Vec<MatchNews>,
    /// What the last good sync had to say: skipped events, unknown zones.
    pub warnings: Vec<super::FeedNote>,
}

/// "Lahti-reissu → Anna Lahti?": an event of a shared calendar that names
/// a colleague only by a lone name. Not an absence until confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    pub uid: String,
    pub summary: String,
    /// The first stored occurrence.
    pub starts_at: DateTime<Utc>,
    /// How many occurrences the event has in the stored window.
    pub occurrences: u32,
    pub person_id: Id,
    pub person_name: String,
}

/// An event of a shared calendar that began (or stopped) marking someone away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatchNews {
    pub at: DateTime<Utc>,
    pub summary: String,
    pub person_name: String,
    /// `true`: it names them now; `false`: it no longer does.
    pub names_them: bool,
}

/// An event of a shared calendar that names nobody Vaihde knows: one per
/// event, however often it recurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unmatched {
    pub uid: String,
    pub summary: String,
    /// Its first occurrence in the stored window.
    pub starts_at: DateTime<Utc>,
    pub line: i64,
    /// How many occurrences it has in the window.
    pub occurrences: u32,
    /// The next one from the sync on, if any.
    pub next_at: Option<DateTime<Utc>>,
}

/// The address without secrets: no user or password, no path, no query
/// ("https://calendar.google.com/…"); tokens hide anywhere in the path, so
/// none of it is shown. Give feeds a label to tell them apart.
pub fn redact(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s, r),
        None => return shorten_path(url),
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = authority.rsplit('@').next().unwrap_or("");
    if path.trim_start_matches('/').is_empty() {
        format!("{scheme}://{host}/")
    } else {
        format!("{scheme}://{host}/…")
    }
}

fn shorten_path(path: &str) -> String {
    path.rsplit('/').next().map(|f| format!("…/{f}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secrets_never_survive() {
        assert_eq!(
            redact("https://user:hunter2@cal.example.fi/remote.php/dav/public-calendars/AbCdEf?export"),
            "https://cal.example.fi/…"
        );
        assert_eq!(
            redact("https://calendar.google.com/calendar/ical/maija%40x.fi/private-0123456789abcdef/basic.ics"),
            "https://calendar.google.com/…"
        );
        assert_eq!(
            redact("webcal://outlook.office365.com/owa/calendar/abc/def/calendar.ics?token=x"),
            "webcal://outlook.office365.com/…"
        );
        assert_eq!(redact("/home/jenny/poissaolot.ics"), "…/poissaolot.ics");
        for r in [redact("https://a:b@h/x/y?z=1"), redact("https://h/secret-token")] {
            assert!(!r.contains("b@") && !r.contains("z=1") && !r.contains("secret"), "{r}");
        }
    }
}
