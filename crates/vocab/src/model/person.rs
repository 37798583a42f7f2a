//! A person in a company's directory: staff (current or former) or an
//! outsider that callers keep asking for.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PersonKind {
    /// Works (or worked, see [`Person::left`]) for the company.
    #[default]
    Staff,
    /// Not an employee, but callers ask for them ("the auditor", "the old IT contractor").
    Outsider,
}

/// What a record is to the switchboard: the one classification the card,
/// the incoming call and the CLI's lists use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// Works for the company now.
    Staff,
    /// Left the company: calls go where the record says.
    Former,
    /// Not an employee, but callers ask for them.
    Outsider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PhoneKind {
    /// An internal extension: what the operator transfers to first.
    Extension,
    /// A direct line.
    Direct,
    Mobile,
    Other,
}

impl PhoneKind {
    pub fn code(self) -> &'static str {
        match self {
            PhoneKind::Extension => "extension",
            PhoneKind::Direct => "direct",
            PhoneKind::Mobile => "mobile",
            PhoneKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<PhoneKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "extension" | "ext" | "x" => Some(PhoneKind::Extension),
            "direct" | "work" | "voice" => Some(PhoneKind::Direct),
            "mobile" | "cell" | "gsm" => Some(PhoneKind::Mobile),
            "other" | "home" | "fax" => Some(PhoneKind::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Phone {
    pub kind: PhoneKind,
    pub number: String,
    /// Free label shown beside the number ("switchboard", "Teams").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// Where the calls of a former employee or an outsider go now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "to", content = "target")]
pub enum Redirect {
    /// A colleague (person id in the same company).
    Person(Id),
    /// Whoever holds a role (role id in the same company).
    Role(Id),
    /// Anything else, read to the caller: "moved to Company X, +358 40 …".
    Text(String),
}

/// Where a person's calls go, resolved to names for showing: a value the
/// faces word in the operator's language ("rooli myynti", "role sales"),
/// never English text made in the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CallsTo {
    /// A colleague, by name.
    Person { name: String },
    /// Whoever holds a role, by the role's name.
    Role { name: String },
    /// A colleague deleted since the redirect was set.
    RemovedPerson { id: Id },
    /// A role deleted since the redirect was set.
    RemovedRole { id: Id },
    /// Words for the caller, as typed.
    Text { text: String },
}

impl CallsTo {
    /// The name or the words alone, with no word for "role": what a form's
    /// field shows and what the change log keeps. A removed target is "#id".
    pub fn plain(&self) -> String {
        match self {
            CallsTo::Person { name } | CallsTo::Role { name } => name.clone(),
            CallsTo::RemovedPerson { id } | CallsTo::RemovedRole { id } => format!("#{id}"),
            CallsTo::Text { text } => text.clone(),
        }
    }
}

/// The record that someone has left the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Departure {
    pub on: NaiveDate,
    /// Shown to the operator ("retired", "moved to a customer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: Id,
    pub company_id: Id,
    #[serde(default)]
    pub kind: PersonKind,
    pub given_name: String,
    pub family_name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub department: String,
    /// Responsibilities as keywords ("HR", "laskutus", "palkat").
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// Lower-case; also used to match calendar events to the person.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Language codes the person speaks.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub left: Option<Departure>,
    /// Where calls go instead: set for former employees and outsiders.
    #[serde(default)]
    pub calls_to: Option<Redirect>,
}

impl Person {
    /// A staff member with only a name; fill in the rest field by field.
    pub fn new(company_id: Id, given_name: &str, family_name: &str) -> Person {
        Person {
            id: 0,
            company_id,
            kind: PersonKind::Staff,
            given_name: given_name.to_string(),
            family_name: family_name.to_string(),
            aliases: vec![],
            title: String::new(),
            department: String::new(),
            topics: vec![],
            phones: vec![],
            emails: vec![],
            languages: vec![],
            notes: String::new(),
            left: None,
            calls_to: None,
        }
    }

    /// "Maija Virtanen", or whichever part exists.
    pub fn full_name(&self) -> String {
        match (self.given_name.trim(), self.family_name.trim()) {
            ("", family) => family.to_string(),
            (given, "") => given.to_string(),
            (given, family) => format!("{given} {family}"),
        }
    }

    pub fn has_left(&self) -> bool {
        self.left.is_some()
    }

    pub fn record_kind(&self) -> RecordKind {
        match (self.kind, self.has_left()) {
            (PersonKind::Outsider, _) => RecordKind::Outsider,
            (_, true) => RecordKind::Former,
            _ => RecordKind::Staff,
        }
    }

    /// Current staff: not an outsider and not left.
    pub fn is_current_staff(&self) -> bool {
        self.kind == PersonKind::Staff && self.left.is_none()
    }

    pub fn phone(&self, kind: PhoneKind) -> Option<&Phone> {
        self.phones.iter().find(|p| p.kind == kind)
    }
}

/// One step of a person's ordered fallback list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Delegate {
    /// The covering colleague.
    pub delegate_id: Id,
    /// 1 covers first, then 2, ...
    pub position: u32,
    /// Only covers from this date (inclusive)...
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// ...until this date (inclusive).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Only for calls about this topic.
    #[serde(default)]
    pub topic: Option<String>,
}
