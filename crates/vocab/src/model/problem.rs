//! What went wrong with a calendar or staff feed, as a value: the faces word it in
//! the operator's language (`problem…` messages of the catalogs); stored
//! with the feed as JSON beside the English sentence kept for logs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// 401/403: the calendar is no longer public.
    NotPublic {
        status: u16,
    },
    /// 404/410: nothing at the address any more.
    Gone {
        status: u16,
    },
    /// 429: the server asks us to slow down.
    SlowDown,
    /// 5xx: the server has a problem; retried.
    ServerTrouble {
        status: u16,
    },
    /// Another HTTP status instead of the calendar.
    UnexpectedStatus {
        status: u16,
    },
    Timeout,
    RedirectLoop,
    /// Certificate or TLS problem.
    Tls,
    /// The host name could not be found.
    NameNotFound,
    Unreachable,
    /// Downloading failed some other way; retried.
    DownloadFailed,
    /// Larger than the limit.
    TooLarge {
        megabytes: u64,
    },
    /// The address is not one Vaihde reads (not a URL, another scheme).
    BadAddress,
    /// A calendar (or staff) file on disk that is not there.
    FileMissing,
    /// A file on disk this user may not read.
    FileDenied,
    /// A calendar file on disk could not be read.
    FileUnreadable {
        detail: String,
    },
    /// Stored before unreadable calendars and staff lists were values
    /// (`Broken`, `NotACalendar`, `StaffFile`): the reader's sentence.
    Unreadable {
        detail: String,
    },
    /// A calendar whose every event is unreadable, or whose structure is
    /// broken: where, and why.
    Broken {
        line: u32,
        why: super::Unreadable,
    },
    /// Not an iCalendar file at all; `web_page` when it is HTML (a login
    /// page served instead of the calendar is common).
    NotACalendar {
        web_page: bool,
    },
    /// A shared calendar that named our people and now names none of the
    /// company's, though it is full of absences: most likely swapped.
    NamesNobodyHere {
        company: String,
        absences: u32,
    },
    /// A personal calendar whose events involve people of another client
    /// company and never its own person.
    SomeoneElses {
        events: u32,
        other: String,
        person: String,
    },
    /// Stored before `NamesNobodyHere` and `SomeoneElses` were values: the
    /// sentence saying the calendar is somebody else's.
    Foreign {
        detail: String,
    },
    /// A staff list that cannot be read or imported: where and why, as the
    /// import says it.
    StaffFile {
        why: crate::words::Phrase,
    },
    /// A CardDAV server without an address book at the address given.
    NoAddressBook,
    /// A server's answer that cannot be read (not XML, a bad link in it);
    /// `detail` is the reader's.
    BadAnswer {
        detail: String,
    },
    /// A staff list that names nobody: refused, nobody is flagged gone.
    ListsNobody,
    /// A staff list that suddenly names under half of whom it named at its
    /// last good sync (an export cut short, the wrong sheet): refused.
    SuddenDrop {
        listed: u64,
        before: u64,
    },
    /// Stored before problems were values, or technical (an HTTP client
    /// that could not be set up): the sentence as it was.
    Other {
        detail: String,
    },
}

impl Problem {
    /// The English sentence kept with the feed for logs and old readers.
    pub fn english(&self) -> String {
        crate::words::Words::of(crate::model::Language::En).problem(self)
    }
}
