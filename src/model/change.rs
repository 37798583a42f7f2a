//! One entry of the change log: what changed in the directory, when, and by
//! whom. Values are typed ([`ChangeValue`]): data (a name, a title) stays as
//! it was typed, and what Vaihde itself says ("added", a phone's kind, an
//! absence's reason and dates) is a value each face words in its language.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{AbsenceKind, Id, PersonKind, Phone};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub company_id: Option<Id>,
    /// "company", "person", "role", "delegates", "absence", "feed".
    pub entity: String,
    pub entity_id: Option<Id>,
    /// Human label of the entity at the time ("Maija Virtanen", "HR").
    pub subject: String,
    /// Which field; empty for whole-record changes (added, removed).
    pub field: String,
    pub old: Option<ChangeValue>,
    pub new: Option<ChangeValue>,
    /// Operator name when known.
    pub actor: Option<String>,
}

/// A value before or after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeValue {
    /// Directory data as it was (a name, a title, a list), shown as is.
    Text {
        text: String,
    },
    /// The record was added.
    Added,
    /// An outsider (not an employee) was added.
    AddedOutsider,
    /// A calendar feed was added; the address with any secret redacted.
    FeedAdded {
        address: String,
    },
    Removed,
    /// A calendar feed was removed, with the absences it brought.
    RemovedWithAbsences,
    Phones {
        phones: Vec<Phone>,
    },
    Left {
        on: NaiveDate,
        reason: Option<String>,
    },
    Record {
        record: PersonKind,
    },
    /// An absence entered by hand.
    Absence {
        reason: AbsenceKind,
        detail: String,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        zone: String,
    },
    /// An operator said whether a calendar event is about this person.
    CalendarDecided {
        summary: String,
        feed: String,
        confirmed: bool,
    },
    /// Calls go to whoever holds this role.
    Role {
        name: String,
    },
    /// A yes/no setting (may calls go to mobiles).
    Flag {
        on: bool,
    },
}

impl ChangeValue {
    pub fn text(text: impl Into<String>) -> ChangeValue {
        ChangeValue::Text { text: text.into() }
    }

    /// Data that is empty counts as no value.
    pub fn some(self) -> Option<ChangeValue> {
        match &self {
            ChangeValue::Text { text } if text.is_empty() => None,
            ChangeValue::Phones { phones } if phones.is_empty() => None,
            _ => Some(self),
        }
    }

    /// The data, when the value is data.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ChangeValue::Text { text } => Some(text),
            _ => None,
        }
    }

    /// In English, kept in the log's text columns for old readers.
    pub fn english(&self) -> String {
        crate::words::Words::of(super::Language::En).change_value(self)
    }
}

/// Backups written before values were typed hold plain text.
impl<'de> Deserialize<'de> for ChangeValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        enum Typed {
            Text {
                text: String,
            },
            Added,
            AddedOutsider,
            FeedAdded {
                address: String,
            },
            Removed,
            RemovedWithAbsences,
            Phones {
                phones: Vec<Phone>,
            },
            Left {
                on: NaiveDate,
                reason: Option<String>,
            },
            Record {
                record: PersonKind,
            },
            Absence {
                reason: AbsenceKind,
                detail: String,
                starts_at: DateTime<Utc>,
                ends_at: DateTime<Utc>,
                zone: String,
            },
            CalendarDecided {
                summary: String,
                feed: String,
                confirmed: bool,
            },
            Role {
                name: String,
            },
            Flag {
                on: bool,
            },
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Plain(String),
            Typed(Typed),
        }
        Ok(match Repr::deserialize(d)? {
            Repr::Plain(text) => ChangeValue::Text { text },
            Repr::Typed(t) => match t {
                Typed::Text { text } => ChangeValue::Text { text },
                Typed::Added => ChangeValue::Added,
                Typed::AddedOutsider => ChangeValue::AddedOutsider,
                Typed::FeedAdded { address } => ChangeValue::FeedAdded { address },
                Typed::Removed => ChangeValue::Removed,
                Typed::RemovedWithAbsences => ChangeValue::RemovedWithAbsences,
                Typed::Phones { phones } => ChangeValue::Phones { phones },
                Typed::Left { on, reason } => ChangeValue::Left { on, reason },
                Typed::Record { record } => ChangeValue::Record { record },
                Typed::Absence { reason, detail, starts_at, ends_at, zone } => {
                    ChangeValue::Absence { reason, detail, starts_at, ends_at, zone }
                }
                Typed::CalendarDecided { summary, feed, confirmed } => {
                    ChangeValue::CalendarDecided { summary, feed, confirmed }
                }
                Typed::Role { name } => ChangeValue::Role { name },
                Typed::Flag { on } => ChangeValue::Flag { on },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_backups_with_plain_text_values_are_read() {
        let v: ChangeValue = serde_json::from_str("\"Kari Nieminen\"").unwrap();
        assert_eq!(v, ChangeValue::text("Kari Nieminen"));
        let v: ChangeValue = serde_json::from_str(r#"{"kind":"added"}"#).unwrap();
        assert_eq!(v, ChangeValue::Added);
        let typed = ChangeValue::Left { on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), reason: None };
        assert_eq!(serde_json::from_str::<ChangeValue>(&serde_json::to_string(&typed).unwrap()).unwrap(), typed);
    }
}
