//! The core's values in words, for the CLI's human output and the
//! caller's sentence. The window words the same values with the same
//! messages in `ui/src/i18n.ts`; neither face adds words of its own.

use chrono_tz::Tz;

use super::{Arg, Words};
use crate::model::{
    AbsenceKind, CallsTo, Change, ChangeField, ChangeValue, FeedNote, PersonKind, PhoneKind, Problem, RecordKind,
    Unreadable,
};

/// `prefix` + the code in camel case: ("state", "outside_hours") → "stateOutsideHours".
pub fn message_id(prefix: &str, code: &str) -> String {
    let mut out = prefix.to_string();
    for part in code.split('_') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

impl Words {
    pub fn reason(&self, r: AbsenceKind) -> String {
        self.text(&message_id("reason", r.code()))
    }

    pub fn phone_kind(&self, k: PhoneKind) -> String {
        self.text(&message_id("phone", k.code()))
    }

    pub fn record(&self, r: RecordKind) -> Option<String> {
        match r {
            RecordKind::Staff => None,
            RecordKind::Former => Some(self.text("former")),
            RecordKind::Outsider => Some(self.text("outsider")),
        }
    }

    /// A changed field's name ("title", "calls_to", "calendar match"); one
    /// the catalogs do not name, as stored.
    pub fn field(&self, name: &str) -> String {
        let id = message_id("field", &name.replace(' ', "_"));
        if self.has(&id) { self.text(&id) } else { name.to_string() }
    }

    /// A changed field's name (`field…`), as the change log shows it.
    pub fn change_field(&self, f: ChangeField) -> String {
        self.text(&message_id("field", &f.code().replace(' ', "_")))
    }

    /// What one change log entry says: "title: Myyjä → Myyntipäällikkö",
    /// "added", or a calendar event that began or stopped naming someone.
    pub fn change(&self, c: &Change) -> String {
        let value = |v: &Option<ChangeValue>| v.as_ref().map(|v| self.change_value(v));
        match c.field {
            ChangeField::CalendarMatch => {
                let what = value(&c.new).or_else(|| value(&c.old)).unwrap_or_default();
                format!("{what} — {}", self.text(if c.new.is_some() { "nowNames" } else { "noLongerNames" }))
            }
            ChangeField::Whole => value(&c.new).unwrap_or_default(),
            field => format!(
                "{}: {} → {}",
                self.change_field(field),
                value(&c.old).unwrap_or_else(|| "–".into()),
                value(&c.new).unwrap_or_else(|| "–".into())
            ),
        }
    }

    /// A change log value: data as it is, Vaihde's own values in words.
    pub fn change_value(&self, v: &ChangeValue) -> String {
        use ChangeValue as V;
        let zone = |z: &str| z.parse::<Tz>().unwrap_or(chrono_tz::Europe::Helsinki);
        match v {
            V::Text { text } => text.clone(),
            V::Added => self.text("changeAdded"),
            V::AddedOutsider => self.text("changeAddedOutsider"),
            V::FeedAdded { address } => self.with("changeFeedAdded", &[("address", address.into())]),
            V::Removed => self.text("changeRemoved"),
            V::RemovedWithAbsences => self.text("changeRemovedWithAbsences"),
            V::Phones { phones } => phones
                .iter()
                .map(|p| format!("{} {}", self.phone_kind(p.kind), p.number))
                .collect::<Vec<_>>()
                .join(", "),
            V::Left { on, reason: None } => self.with("changeLeft", &[("date", Arg::Owned(self.date(*on)))]),
            V::Left { on, reason: Some(r) } => {
                self.with("changeLeftBecause", &[("date", Arg::Owned(self.date(*on))), ("reason", r.into())])
            }
            V::Record { record: PersonKind::Staff } => self.text("changeStaff"),
            V::Record { record: PersonKind::Outsider } => self.text("outsider"),
            V::Absence { reason, detail, starts_at, ends_at, zone: z } => {
                let why = if detail.is_empty() {
                    self.reason(*reason)
                } else {
                    format!("{} ({detail})", self.reason(*reason))
                };
                self.with(
                    "changeAbsence",
                    &[
                        ("reason", Arg::Owned(why)),
                        ("from", Arg::Owned(self.moment(*starts_at, zone(z)))),
                        ("until", Arg::Owned(self.moment(*ends_at, zone(z)))),
                    ],
                )
            }
            V::CalendarDecided { summary, feed, confirmed } => self.with(
                if *confirmed { "changeCalendarConfirmed" } else { "changeCalendarDismissed" },
                &[("summary", summary.into()), ("feed", feed.into())],
            ),
            V::Role { name } => self.with("changeRole", &[("name", name.into())]),
            V::Flag { on } => self.text(if *on { "changeYes" } else { "changeNo" }),
            V::GoneFrom { source } => self.with("changeGoneFrom", &[("source", source.into())]),
            V::ListedAgain { source } => self.with("changeListedAgain", &[("source", source.into())]),
        }
    }

    /// A feed's problem in this catalog's words.
    pub fn problem(&self, p: &Problem) -> String {
        self.problem_as("problem", p)
    }

    /// What went wrong with a staff feed: the staff list's own words
    /// (`staffProblem…`), else the calendar's where they fit both.
    pub fn staff_problem(&self, p: &Problem) -> String {
        self.problem_as("staffProblem", p)
    }

    fn problem_as(&self, prefix: &str, p: &Problem) -> String {
        let (name, args): (&str, Vec<(&str, Arg<'_>)>) = match p {
            Problem::NotPublic { status } => ("NotPublic", vec![("status", Arg::Num(i64::from(*status)))]),
            Problem::Gone { status } => ("Gone", vec![("status", Arg::Num(i64::from(*status)))]),
            Problem::SlowDown => ("SlowDown", vec![]),
            Problem::ServerTrouble { status } => ("ServerTrouble", vec![("status", Arg::Num(i64::from(*status)))]),
            Problem::UnexpectedStatus { status } => {
                ("UnexpectedStatus", vec![("status", Arg::Num(i64::from(*status)))])
            }
            Problem::Timeout => ("Timeout", vec![]),
            Problem::RedirectLoop => ("RedirectLoop", vec![]),
            Problem::Tls => ("Tls", vec![]),
            Problem::NameNotFound => ("NameNotFound", vec![]),
            Problem::Unreachable => ("Unreachable", vec![]),
            Problem::DownloadFailed => ("DownloadFailed", vec![]),
            Problem::TooLarge { megabytes } => {
                ("TooLarge", vec![("megabytes", Arg::Num(i64::try_from(*megabytes).unwrap_or(i64::MAX)))])
            }
            Problem::BadAddress => ("BadAddress", vec![]),
            Problem::FileUnreadable { detail } => ("FileUnreadable", vec![("detail", Arg::Text(detail))]),
            Problem::FileMissing => ("FileMissing", vec![]),
            Problem::FileDenied => ("FileDenied", vec![]),
            Problem::Unreadable { detail } => ("Unreadable", vec![("detail", Arg::Text(detail))]),
            Problem::Broken { line, why } => {
                ("Broken", vec![("line", Arg::Owned(line.to_string())), ("why", Arg::Owned(self.unreadable(why)))])
            }
            Problem::NotACalendar { web_page } => {
                (if *web_page { "NotACalendarWebPage" } else { "NotACalendar" }, vec![])
            }
            Problem::Foreign { detail } => ("Foreign", vec![("detail", Arg::Text(detail))]),
            Problem::NamesNobodyHere { company, absences } => {
                ("NamesNobodyHere", vec![("company", Arg::Text(company)), ("absences", Arg::Num(i64::from(*absences)))])
            }
            Problem::SomeoneElses { events, other, person } => (
                "SomeoneElses",
                vec![
                    ("events", Arg::Num(i64::from(*events))),
                    ("other", Arg::Text(other)),
                    ("person", Arg::Text(person)),
                ],
            ),
            Problem::StaffFile { why } => ("Unreadable", vec![("detail", Arg::Owned(self.phrase(why)))]),
            Problem::NoAddressBook => ("NoAddressBook", vec![]),
            Problem::BadAnswer { detail } => ("BadAnswer", vec![("detail", Arg::Text(detail))]),
            Problem::ListsNobody => ("ListsNobody", vec![]),
            Problem::SuddenDrop { listed, before } => (
                "SuddenDrop",
                vec![
                    ("listed", Arg::Num(i64::try_from(*listed).unwrap_or(i64::MAX))),
                    ("before", Arg::Num(i64::try_from(*before).unwrap_or(i64::MAX))),
                ],
            ),
            Problem::Other { detail } => return detail.clone(),
        };
        let id = format!("{prefix}{name}");
        let id = if self.has(&id) { id } else { format!("problem{name}") };
        self.with(&id, &args)
    }

    /// Why a part of a calendar cannot be read (`unreadable…`).
    pub fn unreadable(&self, u: &Unreadable) -> String {
        let num = |n: u32| Arg::Num(i64::from(n));
        match u {
            Unreadable::Line { text } => self.with("unreadableLine", &[("text", Arg::Text(text))]),
            Unreadable::Value { property, value } => {
                self.with("unreadableValue", &[("property", Arg::Text(property)), ("value", Arg::Text(value))])
            }
            Unreadable::NoStart => self.text("unreadableNoStart"),
            Unreadable::StartTwice => self.text("unreadableStartTwice"),
            Unreadable::UnknownFreq { rule } => self.with("unreadableUnknownFreq", &[("rule", Arg::Text(rule))]),
            Unreadable::DstGap { property } => self.with("unreadableDstGap", &[("property", Arg::Text(property))]),
            Unreadable::Rule { rule } => self.with("unreadableRule", &[("rule", Arg::Text(rule))]),
            Unreadable::Series { uid } => self.with("unreadableSeries", &[("uid", Arg::Text(uid))]),
            Unreadable::TooDeep { max } => self.with("unreadableTooDeep", &[("max", num(*max))]),
            Unreadable::EndMismatch { end, begin, begin_line } => self.with(
                "unreadableEndMismatch",
                &[
                    ("end", Arg::Text(end)),
                    ("begin", Arg::Text(begin)),
                    ("beginLine", Arg::Owned(begin_line.to_string())),
                ],
            ),
            Unreadable::EndWithoutBegin { name } => {
                self.with("unreadableEndWithoutBegin", &[("name", Arg::Text(name))])
            }
            Unreadable::NeverClosed { name } => self.with("unreadableNeverClosed", &[("name", Arg::Text(name))]),
        }
    }

    /// What the calendar reader said about one part of a feed (`note…`).
    pub fn feed_note(&self, n: &FeedNote) -> String {
        let num = |n: u32| Arg::Num(i64::from(n));
        // A line number is a place, not a quantity: never grouped ("1 234").
        let at = |n: &u32| Arg::Owned(n.to_string());
        match n {
            FeedNote::Skipped { line, why } => {
                self.with("noteSkipped", &[("line", at(line)), ("why", Arg::Owned(self.unreadable(why)))])
            }
            FeedNote::UnknownZone { line, zone } => {
                self.with("noteUnknownZone", &[("line", at(line)), ("zone", Arg::Text(zone))])
            }
            FeedNote::EndBeforeStart { line } => self.with("noteEndBeforeStart", &[("line", at(line))]),
            FeedNote::TooFineGrained { line, freq } => {
                self.with("noteTooFineGrained", &[("line", at(line)), ("freq", Arg::Text(freq))])
            }
            FeedNote::TooManyOccurrences { line, max } => {
                self.with("noteTooManyOccurrences", &[("line", at(line)), ("max", num(*max))])
            }
            FeedNote::Capped { max, days, until, dropped } => self.with(
                "noteCapped",
                &[
                    ("max", num(*max)),
                    ("days", num(*days)),
                    ("until", Arg::Owned(self.date(*until))),
                    ("dropped", num(*dropped)),
                ],
            ),
            FeedNote::Said { text } => text.clone(),
        }
    }

    /// Where calls go, in this catalog's words: a name, "role sales", the caller's words.
    pub fn calls_to(&self, c: &CallsTo) -> String {
        match c {
            CallsTo::Person { name } => name.clone(),
            CallsTo::Role { name } => self.with("callsToRole", &[("name", name.into())]),
            CallsTo::RemovedPerson { id } => self.with("callsToRemovedPerson", &[("id", Arg::Owned(id.to_string()))]),
            CallsTo::RemovedRole { id } => self.with("callsToRemovedRole", &[("id", Arg::Owned(id.to_string()))]),
            CallsTo::Text { text } => text.clone(),
        }
    }
}
