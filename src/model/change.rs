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
    #[serde(default, deserialize_with = "plain_or_typed")]
    pub old: Option<ChangeValue>,
    #[serde(default, deserialize_with = "plain_or_typed")]
    pub new: Option<ChangeValue>,
    /// Operator name when known.
    pub actor: Option<String>,
}

/// A value before or after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// A staff source no longer lists the person (never deleted for it).
    GoneFrom {
        source: String,
    },
    /// A staff source lists the person again.
    ListedAgain {
        source: String,
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

/// A change value as stored in backups: typed, or plain text in backups
/// written before values were typed.
fn plain_or_typed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ChangeValue>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Plain(String),
        Typed(ChangeValue),
    }
    Ok(Option::<Repr>::deserialize(d)?.map(|r| match r {
        Repr::Plain(text) => ChangeValue::Text { text },
        Repr::Typed(v) => v,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_backups_with_plain_text_values_are_read() {
        let read = |old: &str, new: &str| -> Change {
            serde_json::from_str(&format!(
                r#"{{"id":1,"at":"2026-11-23T08:00:00Z","company_id":null,"entity":"role","entity_id":null,
                    "subject":"CEO","field":"holders","old":{old},"new":{new},"actor":null}}"#
            ))
            .unwrap()
        };
        let c = read("\"Kari Nieminen\"", r#"{"kind":"added"}"#);
        assert_eq!(c.old, Some(ChangeValue::text("Kari Nieminen")));
        assert_eq!(c.new, Some(ChangeValue::Added));
        assert_eq!(read("null", "null").old, None);
        let typed = ChangeValue::Left { on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), reason: None };
        assert_eq!(serde_json::from_str::<ChangeValue>(&serde_json::to_string(&typed).unwrap()).unwrap(), typed);
    }
}
