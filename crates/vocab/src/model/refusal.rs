//! Why the directory refused a change or a lookup, as a value: the core
//! decides (one rule, one place, for the CLI and the window alike) and each
//! face words it in the operator's language from the catalogs' `refuse…`
//! messages, through [`Refusal::phrase`].

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{Field, Id};
use crate::words::{MessageId, Phrase};

/// The parts of a call script that are written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptPart {
    Name,
    Days,
    Hours,
    Dates,
    Question,
    GoesTo,
    Say,
    Answer,
}

/// A thing the directory looks up by what the operator typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Company,
    Person,
    Role,
    Feed,
    Absence,
    Suggestion,
    Message,
    Call,
    Script,
}

impl Thing {
    fn word(self) -> MessageId {
        match self {
            Thing::Company => crate::msg!("thingCompany"),
            Thing::Script => crate::msg!("thingScript"),
            Thing::Person => crate::msg!("thingPerson"),
            Thing::Role => crate::msg!("thingRole"),
            Thing::Feed => crate::msg!("thingFeed"),
            Thing::Absence => crate::msg!("thingAbsence"),
            Thing::Suggestion => crate::msg!("thingSuggestion"),
            Thing::Message => crate::msg!("thingMessage"),
            Thing::Call => crate::msg!("thingCall"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing matches what was typed.
    NotFound {
        what: Thing,
        query: String,
    },
    /// More than one matches: the candidates, described.
    Ambiguous {
        what: Thing,
        query: String,
        candidates: Vec<String>,
    },
    /// A person with neither a given nor a family name.
    NoName,
    NotAnEmail {
        value: String,
    },
    /// A text field over its limit (`field` is a field id such as "family_name").
    TooLong {
        field: Field,
        len: usize,
        limit: usize,
        excerpt: String,
    },
    /// "Calls go to" names the person themselves.
    CallsToSelf,
    /// "Calls go to" names someone in another company.
    CallsToOtherCompany {
        name: String,
    },
    /// "Calls go to" names someone who has left too.
    CallsToFormer {
        name: String,
    },
    /// A role "calls go to" that belongs to another company.
    CallsToForeignRole,
    MovesCompany,
    CoversSelf {
        name: String,
    },
    /// A delegate, role holder or calendar owner from another company.
    OtherCompany {
        name: String,
    },
    /// A former employee offered as a new delegate.
    FormerDelegate {
        name: String,
    },
    DatesReversed {
        from: NaiveDate,
        until: NaiveDate,
    },
    AbsenceReversed {
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        zone: String,
    },
    /// A calendar's absence cannot be removed by hand.
    FromCalendar,
    EmptyNote,
    RoleNeedsName,
    ListedTwice {
        name: String,
        role: String,
    },
    NobodyHoldsRole,
    CompanySlug {
        slug: String,
    },
    CompanyNeedsName,
    CompanyExists {
        slug: String,
    },
    UnknownZone {
        zone: String,
    },
    /// Opening hours that close before they open ("Mon 17:00–08:00").
    HoursReversed {
        weekday: chrono::Weekday,
        opens: chrono::NaiveTime,
        closes: chrono::NaiveTime,
    },
    NotANumber {
        number: String,
    },
    NumberTaken {
        number: String,
        company: String,
    },
    FavouritesFull {
        max: u8,
    },
    NotACalendarAddress {
        address: String,
    },
    /// "Sync now" where nothing syncs in the background (the CLI's session).
    SyncOff,
    /// The record was saved by someone else since the operator opened it.
    ChangedMeanwhile {
        name: String,
        /// Who saved it, when the change log knows.
        by: Option<String>,
        /// How long ago, when the change log knows.
        ago_seconds: Option<i64>,
    },
    /// What was given as a team database is not a `postgres://` address.
    NotATeamAddress,
    /// The team database could not be reached or opened (`detail` is technical).
    TeamUnreachable {
        detail: String,
    },
    /// A message with neither text nor a callback asked for.
    MessageEmpty,
    /// Signing in with no name.
    NoOperatorName,
    /// A message nobody would receive: no address and no webhook.
    NobodyToSendTo {
        company: String,
    },
    /// Another operator has claimed this callback.
    CallbackClaimed {
        by: String,
    },
    /// The message asks for no callback, or its callback is over.
    NoOpenCallback {
        id: Id,
    },
    /// The mail server's address is not `smtp://` or `smtps://`.
    NotAMailServer {
        address: String,
    },
    /// The replies' mailbox address is not `imaps://` (or `imap://` on this machine).
    NotAMailbox {
        address: String,
    },
    /// A part of a call script written in a way it cannot be read.
    ScriptPart {
        part: ScriptPart,
        text: String,
    },
    /// A question the call script requires was not answered.
    AnswerMissing {
        label: String,
    },
    /// A choice question answered with something not among its choices.
    NotAChoice {
        label: String,
        value: String,
        choices: Vec<String>,
    },
    /// A webhook's address is not `http://` or `https://`.
    NotAWebhook {
        address: String,
    },
    /// A staff feed's column mapping that is not "Header=field" with a known field.
    BadMapping {
        mapping: String,
        fields: String,
    },
    /// The built-in demo could not be loaded (a bug: the detail says why).
    DemoFailed {
        detail: String,
    },
}

impl Refusal {
    /// The catalog message that says it, with its values.
    pub fn phrase(&self) -> Phrase {
        use Refusal as R;
        let p = Phrase::new;
        match self {
            R::NotFound { what, query } => {
                p(crate::msg!("refuseNotFound")).word("what", what.word()).text("query", query)
            }
            R::Ambiguous { what, query, candidates } => p(crate::msg!("refuseAmbiguous"))
                .word("what", what.word())
                .text("query", query)
                .text("candidates", candidates.join("; ")),
            R::NoName => p(crate::msg!("refuseNoName")),
            R::NotAnEmail { value } => p(crate::msg!("refuseNotAnEmail")).text("value", value),
            R::TooLong { field, len, limit, excerpt } => p(crate::msg!("refuseTooLong"))
                .word("field", field.word())
                .number("len", *len)
                .number("limit", *limit)
                .text("excerpt", excerpt),
            R::CallsToSelf => p(crate::msg!("refuseCallsToSelf")),
            R::CallsToOtherCompany { name } => p(crate::msg!("refuseCallsToOtherCompany")).text("name", name),
            R::CallsToFormer { name } => p(crate::msg!("refuseCallsToFormer")).text("name", name),
            R::CallsToForeignRole => p(crate::msg!("refuseCallsToForeignRole")),
            R::MovesCompany => p(crate::msg!("refuseMovesCompany")),
            R::CoversSelf { name } => p(crate::msg!("refuseCoversSelf")).text("name", name),
            R::OtherCompany { name } => p(crate::msg!("refuseOtherCompany")).text("name", name),
            R::FormerDelegate { name } => p(crate::msg!("refuseFormerDelegate")).text("name", name),
            R::DatesReversed { from, until } => {
                p(crate::msg!("refuseDatesReversed")).date("from", *from).date("until", *until)
            }
            R::AbsenceReversed { starts_at, ends_at, zone } => {
                p(crate::msg!("refuseAbsenceReversed")).moment("from", *starts_at, zone).moment("until", *ends_at, zone)
            }
            R::FromCalendar => p(crate::msg!("refuseFromCalendar")),
            R::EmptyNote => p(crate::msg!("refuseEmptyNote")),
            R::RoleNeedsName => p(crate::msg!("refuseRoleNeedsName")),
            R::ListedTwice { name, role } => p(crate::msg!("refuseListedTwice")).text("name", name).text("role", role),
            R::NobodyHoldsRole => p(crate::msg!("refuseNobodyHoldsRole")),
            R::CompanySlug { slug } => p(crate::msg!("refuseCompanySlug")).text("slug", slug),
            R::CompanyNeedsName => p(crate::msg!("refuseCompanyNeedsName")),
            R::CompanyExists { slug } => p(crate::msg!("refuseCompanyExists")).text("slug", slug),
            R::UnknownZone { zone } => p(crate::msg!("refuseUnknownZone")).text("zone", zone),
            // The weekday is the key `weekdayShort` selects on; the times
            // are each language's `clock`.
            R::HoursReversed { weekday, opens, closes } => p(crate::msg!("refuseHoursReversed"))
                .text("weekday", crate::words::weekday_key(*weekday))
                .phrase("opens", Phrase::clock(*opens))
                .phrase("closes", Phrase::clock(*closes)),
            R::NotANumber { number } => p(crate::msg!("refuseNotANumber")).text("number", number),
            R::NumberTaken { number, company } => {
                p(crate::msg!("refuseNumberTaken")).text("number", number).text("company", company)
            }
            R::FavouritesFull { max } => p(crate::msg!("refuseFavouritesFull")).number("max", usize::from(*max)),
            R::NotACalendarAddress { address } => p(crate::msg!("refuseNotACalendarAddress")).text("address", address),
            R::SyncOff => p(crate::msg!("refuseSyncOff")),
            R::MessageEmpty => p(crate::msg!("refuseMessageEmpty")),
            R::NoOperatorName => p(crate::msg!("refuseNoOperatorName")),
            R::NobodyToSendTo { company } => p(crate::msg!("refuseNobodyToSendTo")).text("company", company),
            R::CallbackClaimed { by } => p(crate::msg!("refuseCallbackClaimed")).text("by", by),
            R::NoOpenCallback { id } => {
                p(crate::msg!("refuseNoOpenCallback")).number("id", usize::try_from(*id).unwrap_or(0))
            }
            R::NotAMailServer { address } => p(crate::msg!("refuseNotAMailServer")).text("address", address),
            R::NotAMailbox { address } => p(crate::msg!("refuseNotAMailbox")).text("address", address),
            R::AnswerMissing { label } => p(crate::msg!("refuseAnswerMissing")).text("label", label),
            R::NotAChoice { label, value, choices } => p(crate::msg!("refuseNotAChoice"))
                .text("label", label)
                .text("value", value)
                .text("choices", choices.join(", ")),
            R::ScriptPart { part, text } => p(match part {
                ScriptPart::Name => crate::msg!("refuseScriptName"),
                ScriptPart::Days => crate::msg!("refuseScriptDays"),
                ScriptPart::Hours => crate::msg!("refuseScriptHours"),
                ScriptPart::Dates => crate::msg!("refuseScriptDates"),
                ScriptPart::Question => crate::msg!("refuseScriptQuestion"),
                ScriptPart::GoesTo => crate::msg!("refuseScriptGoesTo"),
                ScriptPart::Say => crate::msg!("refuseScriptSay"),
                ScriptPart::Answer => crate::msg!("refuseScriptAnswer"),
            })
            .text("text", text),
            R::NotAWebhook { address } => p(crate::msg!("refuseNotAWebhook")).text("address", address),
            R::BadMapping { mapping, fields } => {
                p(crate::msg!("refuseBadMapping")).text("mapping", mapping).text("fields", fields)
            }
            R::NotATeamAddress => p(crate::msg!("refuseNotATeamAddress")),
            R::TeamUnreachable { detail } => p(crate::msg!("refuseTeamUnreachable")).text("detail", detail),
            R::DemoFailed { detail } => p(crate::msg!("refuseDemoFailed")).text("detail", detail),
            R::ChangedMeanwhile { name, by, ago_seconds } => {
                let phrase = match by {
                    Some(by) => p(crate::msg!("refuseChangedMeanwhileBy")).text("by", by),
                    None => p(crate::msg!("refuseChangedMeanwhile")),
                };
                // "20 seconds ago", "3 minutes ago": the unit is chosen here, the words in the catalog.
                let (unit, n) = match ago_seconds {
                    None => ("unknown", 0),
                    Some(s) if *s < 5 => ("now", 0),
                    Some(s) if *s < 60 => ("seconds", *s),
                    Some(s) if *s < 3_600 => ("minutes", s / 60),
                    Some(s) if *s < 86_400 => ("hours", s / 3_600),
                    Some(s) => ("days", s / 86_400),
                };
                phrase.text("name", name).text("unit", unit).number("n", usize::try_from(n).unwrap_or(0))
            }
        }
    }

    /// The form field a refusal is about, when it is about one (the
    /// window's forms name list fields in the plural: "aliases").
    pub fn field(&self) -> Option<Field> {
        match self {
            Refusal::NoName | Refusal::NoOperatorName => Some(Field::GivenName),
            Refusal::ScriptPart { part, .. } => match part {
                ScriptPart::Name => Some(Field::ScriptName),
                ScriptPart::Days => Some(Field::ScriptDays),
                ScriptPart::Hours => Some(Field::ScriptHours),
                ScriptPart::Dates => Some(Field::ScriptDates),
                ScriptPart::Question => Some(Field::ScriptQuestions),
                ScriptPart::GoesTo => Some(Field::ScriptGoesTo),
                ScriptPart::Say => Some(Field::ScriptSay),
                ScriptPart::Answer => None,
            },
            Refusal::NotAnEmail { .. } => Some(Field::Emails),
            Refusal::TooLong { field, .. } => Some(field.in_form()),
            Refusal::CallsToSelf
            | Refusal::CallsToOtherCompany { .. }
            | Refusal::CallsToFormer { .. }
            | Refusal::CallsToForeignRole => Some(Field::CallsTo),
            Refusal::EmptyNote => Some(Field::Note),
            _ => None,
        }
    }

    /// In English, for logs and the `Display` of errors.
    pub fn english(&self) -> String {
        crate::words::Words::of(crate::model::Language::En).phrase(&self.phrase())
    }

    /// One of every kind, for the catalog tests: each must be worded in
    /// every language.
    #[cfg(test)]
    pub fn samples() -> Vec<Refusal> {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default();
        let at = DateTime::<Utc>::from_timestamp(1_796_000_000, 0).unwrap_or_default();
        let name = || "Maija Virtanen".to_string();
        vec![
            Refusal::NotFound { what: Thing::Person, query: "Nobody".into() },
            Refusal::Ambiguous {
                what: Thing::Company,
                query: "A".into(),
                candidates: vec!["A Oy".into(), "Ab".into()],
            },
            Refusal::NoName,
            Refusal::NotAnEmail { value: "maija@".into() },
            Refusal::TooLong { field: Field::FamilyName, len: 201, limit: 200, excerpt: "VVV".into() },
            Refusal::CallsToSelf,
            Refusal::CallsToOtherCompany { name: name() },
            Refusal::CallsToFormer { name: name() },
            Refusal::CallsToForeignRole,
            Refusal::MovesCompany,
            Refusal::CoversSelf { name: name() },
            Refusal::OtherCompany { name: name() },
            Refusal::FormerDelegate { name: name() },
            Refusal::DatesReversed { from: day, until: day },
            Refusal::AbsenceReversed { starts_at: at, ends_at: at, zone: "Europe/Helsinki".into() },
            Refusal::FromCalendar,
            Refusal::EmptyNote,
            Refusal::RoleNeedsName,
            Refusal::ListedTwice { name: name(), role: "HR".into() },
            Refusal::NobodyHoldsRole,
            Refusal::CompanySlug { slug: "A B".into() },
            Refusal::CompanyNeedsName,
            Refusal::CompanyExists { slug: "a".into() },
            Refusal::UnknownZone { zone: "Mars/Base".into() },
            Refusal::HoursReversed {
                weekday: chrono::Weekday::Mon,
                opens: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
                closes: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            },
            Refusal::NotANumber { number: "abc".into() },
            Refusal::NumberTaken { number: "09 1".into(), company: "A Oy".into() },
            Refusal::FavouritesFull { max: 9 },
            Refusal::NotACalendarAddress { address: "ftp://x".into() },
            Refusal::SyncOff,
            Refusal::NotATeamAddress,
            Refusal::TeamUnreachable { detail: "db.example.org:5432/vaihde: connection refused".into() },
            Refusal::DemoFailed { detail: "x".into() },
            Refusal::ChangedMeanwhile { name: name(), by: Some("Jenny".into()), ago_seconds: Some(20) },
            Refusal::ChangedMeanwhile { name: name(), by: Some("Jenny".into()), ago_seconds: Some(0) },
            Refusal::ChangedMeanwhile { name: name(), by: None, ago_seconds: None },
        ]
    }
}
