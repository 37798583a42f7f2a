//! Absences: a person is away from `starts_at` (inclusive) to `ends_at`
//! (exclusive). Manual ones are entered by an operator; calendar sync adds
//! its own (issue "Calendar sync").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Id;

/// Why someone is away; decides the words and colour the operator sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AbsenceKind {
    Holiday,
    Sick,
    OutOfOffice,
    Training,
    Meeting,
    /// Maybe away (a tentative calendar entry): shown, but calls still go through.
    Tentative,
    Other,
}

impl AbsenceKind {
    pub const ALL: [AbsenceKind; 7] = [
        AbsenceKind::Holiday,
        AbsenceKind::Sick,
        AbsenceKind::OutOfOffice,
        AbsenceKind::Training,
        AbsenceKind::Meeting,
        AbsenceKind::Tentative,
        AbsenceKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AbsenceKind::Holiday => "holiday",
            AbsenceKind::Sick => "sick",
            AbsenceKind::OutOfOffice => "out_of_office",
            AbsenceKind::Training => "training",
            AbsenceKind::Meeting => "meeting",
            AbsenceKind::Tentative => "tentative",
            AbsenceKind::Other => "other",
        }
    }

    /// The kinds an operator marks by hand, in the order both faces offer
    /// them (the usual one first: "sick, back tomorrow"). Tentative comes
    /// only from calendars. The window's list is generated from this one.
    pub const BY_HAND: [AbsenceKind; 6] = [
        AbsenceKind::Sick,
        AbsenceKind::Holiday,
        AbsenceKind::OutOfOffice,
        AbsenceKind::Training,
        AbsenceKind::Meeting,
        AbsenceKind::Other,
    ];

    pub fn parse(text: &str) -> Option<AbsenceKind> {
        let key = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        AbsenceKind::ALL.into_iter().find(|k| k.code() == key)
    }

    /// A kind an operator may type (one of [`AbsenceKind::BY_HAND`]).
    pub fn parse_by_hand(text: &str) -> Option<AbsenceKind> {
        AbsenceKind::parse(text).filter(|k| AbsenceKind::BY_HAND.contains(k))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AbsenceSource {
    /// Entered by an operator.
    Manual,
    /// Brought by calendar sync.
    Calendar,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Absence {
    pub id: Id,
    pub person_id: Id,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub kind: AbsenceKind,
    /// Free text shown to the operator ("loma", "kurssilla Tampereella").
    #[serde(default)]
    pub reason: String,
    pub source: AbsenceSource,
    /// The calendar feed it came from (calendar absences only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_id: Option<Id>,
}

/// What an operator enters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAbsence {
    pub person_id: Id,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub kind: AbsenceKind,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_types_every_kind_but_tentative_which_only_calendars_bring() {
        for k in AbsenceKind::BY_HAND {
            assert_eq!(AbsenceKind::parse_by_hand(k.code()), Some(k));
        }
        assert_eq!(AbsenceKind::parse_by_hand("Out of office"), Some(AbsenceKind::OutOfOffice));
        assert_eq!(AbsenceKind::parse("tentative"), Some(AbsenceKind::Tentative));
        assert_eq!(AbsenceKind::parse_by_hand("tentative"), None);
        assert_eq!(AbsenceKind::BY_HAND.len() + 1, AbsenceKind::ALL.len());
    }
}
