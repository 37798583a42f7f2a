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
    /// What kind of record changed.
    pub entity: ChangeEntity,
    pub entity_id: Option<Id>,
    /// Human label of the entity at the time ("Maija Virtanen", "HR").
    pub subject: String,
    /// Which field; `whole` for whole-record changes (added, removed).
    pub field: ChangeField,
    #[serde(default, deserialize_with = "plain_or_typed")]
    pub old: Option<ChangeValue>,
    #[serde(default, deserialize_with = "plain_or_typed")]
    pub new: Option<ChangeValue>,
    /// Operator name when known.
    pub actor: Option<String>,
}

/// What kind of record a change log entry is about. Stored as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeEntity {
    Company,
    Person,
    Role,
    Delegates,
    Absence,
    Feed,
}

impl ChangeEntity {
    pub const ALL: [ChangeEntity; 6] = [
        ChangeEntity::Company,
        ChangeEntity::Person,
        ChangeEntity::Role,
        ChangeEntity::Delegates,
        ChangeEntity::Absence,
        ChangeEntity::Feed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeEntity::Company => "company",
            ChangeEntity::Person => "person",
            ChangeEntity::Role => "role",
            ChangeEntity::Delegates => "delegates",
            ChangeEntity::Absence => "absence",
            ChangeEntity::Feed => "feed",
        }
    }

    pub fn from_code(code: &str) -> Option<ChangeEntity> {
        ChangeEntity::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// Which field a change log entry is about; each face words it with the
/// catalogs' `field…` message. Stored as its code (`""` for a whole
/// record, "calendar match" as it always was).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeField {
    /// The whole record: added, removed.
    #[serde(rename = "")]
    Whole,
    Kind,
    GivenName,
    FamilyName,
    Aliases,
    Title,
    Department,
    Topics,
    Phones,
    Emails,
    Languages,
    Notes,
    Left,
    CallsTo,
    Holders,
    Delegates,
    Calendar,
    /// A calendar event that began or stopped naming someone.
    #[serde(rename = "calendar match")]
    CalendarMatch,
    /// A company's short id (slug).
    Id,
    Name,
    Language,
    Timezone,
    Numbers,
    Greetings,
    OpeningHours,
    AllowMobileTransfer,
    Fallback,
}

impl ChangeField {
    pub const ALL: [ChangeField; 27] = [
        ChangeField::Whole,
        ChangeField::Kind,
        ChangeField::GivenName,
        ChangeField::FamilyName,
        ChangeField::Aliases,
        ChangeField::Title,
        ChangeField::Department,
        ChangeField::Topics,
        ChangeField::Phones,
        ChangeField::Emails,
        ChangeField::Languages,
        ChangeField::Notes,
        ChangeField::Left,
        ChangeField::CallsTo,
        ChangeField::Holders,
        ChangeField::Delegates,
        ChangeField::Calendar,
        ChangeField::CalendarMatch,
        ChangeField::Id,
        ChangeField::Name,
        ChangeField::Language,
        ChangeField::Timezone,
        ChangeField::Numbers,
        ChangeField::Greetings,
        ChangeField::OpeningHours,
        ChangeField::AllowMobileTransfer,
        ChangeField::Fallback,
    ];

    /// The code it is stored as (its serde name).
    pub fn code(self) -> &'static str {
        use ChangeField as F;
        match self {
            F::Whole => "",
            F::Kind => "kind",
            F::GivenName => "given_name",
            F::FamilyName => "family_name",
            F::Aliases => "aliases",
            F::Title => "title",
            F::Department => "department",
            F::Topics => "topics",
            F::Phones => "phones",
            F::Emails => "emails",
            F::Languages => "languages",
            F::Notes => "notes",
            F::Left => "left",
            F::CallsTo => "calls_to",
            F::Holders => "holders",
            F::Delegates => "delegates",
            F::Calendar => "calendar",
            F::CalendarMatch => "calendar match",
            F::Id => "id",
            F::Name => "name",
            F::Language => "language",
            F::Timezone => "timezone",
            F::Numbers => "numbers",
            F::Greetings => "greetings",
            F::OpeningHours => "opening_hours",
            F::AllowMobileTransfer => "allow_mobile_transfer",
            F::Fallback => "fallback",
        }
    }

    pub fn from_code(code: &str) -> Option<ChangeField> {
        ChangeField::ALL.into_iter().find(|f| f.code() == code)
    }
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

#[cfg(test)]
mod field_tests {
    use super::*;
    use crate::model::Language;
    use crate::words::Words;

    #[test]
    fn every_change_field_and_entity_reads_back_and_is_worded_in_every_language() {
        for f in ChangeField::ALL {
            assert_eq!(ChangeField::from_code(f.code()), Some(f));
            let json = serde_json::to_string(&f).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", f.code()), "stored and serialised alike");
            if f == ChangeField::Whole {
                continue;
            }
            for lang in [Language::Fi, Language::Sv, Language::En] {
                let said = Words::of(lang).change_field(f);
                assert!(!said.starts_with("field") && !said.contains('_'), "{lang:?}: {f:?} → {said}");
            }
        }
        for e in ChangeEntity::ALL {
            assert_eq!(ChangeEntity::from_code(e.code()), Some(e));
        }
    }
}
