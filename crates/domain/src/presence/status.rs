//! A person's status at a moment: in, away (why, since, back when), busy,
//! tentative, outside opening hours, left the company, or not an employee.
//!
//! The rule for absences lives in [`effect`], and only there.

use crate::store::db::Connection;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::directory::{Result, absences};
use crate::model::{Absence, AbsenceKind, Company, Person, PersonKind};

/// What an absence does to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Not reachable: holiday, sick, out of office, training, other.
    Away,
    /// In the building but not to be disturbed: a meeting.
    Busy,
    /// Maybe away: shown to the operator, calls still go through.
    Tentative,
}

/// The rule: which absences make a person unavailable, and of what kind.
/// Calendar sync maps events onto these kinds (out of office / holiday →
/// away, busy → meeting, tentative → tentative, free → not stored).
pub fn effect(kind: AbsenceKind) -> Effect {
    match kind {
        AbsenceKind::Holiday
        | AbsenceKind::Sick
        | AbsenceKind::OutOfOffice
        | AbsenceKind::Training
        | AbsenceKind::Other => Effect::Away,
        AbsenceKind::Meeting => Effect::Busy,
        AbsenceKind::Tentative => Effect::Tentative,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum State {
    In,
    Away,
    Busy,
    Tentative,
    OutsideHours,
    Left,
    Outsider,
}

impl State {
    /// Whether a call may be put through to someone in this state.
    pub fn takes_calls(self) -> bool {
        matches!(self, State::In | State::Tentative)
    }

    pub fn code(self) -> &'static str {
        match self {
            State::In => "in",
            State::Away => "away",
            State::Busy => "busy",
            State::Tentative => "tentative",
            State::OutsideHours => "outside_hours",
            State::Left => "left",
            State::Outsider => "outsider",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Presence {
    /// Serialised as `status`: routes, chain steps and search rows carry
    /// these fields flattened, so their JSON reads `"status": "away"`.
    #[serde(rename = "status")]
    pub state: State,
    /// Why not in: the absence kind ("holiday", "meeting", ...) when there is one.
    pub reason: Option<AbsenceKind>,
    /// The absence's own words ("loma", "kurssilla Tampereella"), if any.
    pub detail: String,
    /// Since when the current absence runs.
    pub since: Option<DateTime<Utc>>,
    /// Back (or open again) at: the first moment after the absence, with
    /// back-to-back and overlapping absences merged, moved to the next
    /// opening time when the company is closed then.
    pub until: Option<DateTime<Utc>>,
    /// The IANA zone the person's company keeps time in: faces show
    /// `since` and `until` in it, whichever company the call is for.
    pub zone: String,
}

impl Presence {
    pub(crate) fn simple(state: State, company: &Company) -> Presence {
        Presence {
            state,
            reason: None,
            detail: String::new(),
            since: None,
            until: None,
            zone: company.timezone.clone(),
        }
    }
}

/// How far ahead absences are looked at to find the return time.
const LOOKAHEAD_DAYS: i64 = 400;

/// Loads what is needed and works out `person`'s status at `at`.
pub fn status_at(conn: &Connection, person: &Person, company: &Company, at: DateTime<Utc>) -> Result<Presence> {
    let list = absences::of_person(conn, person.id, at, at + Duration::days(LOOKAHEAD_DAYS))?;
    Ok(presence_of(person, company, &list, at))
}

/// The status from the person, their company and their absences (any that
/// overlap `at` or follow it; others are ignored). Pure: table-tested.
pub fn presence_of(person: &Person, company: &Company, list: &[Absence], at: DateTime<Utc>) -> Presence {
    if person.kind == PersonKind::Outsider {
        return Presence::simple(State::Outsider, company);
    }
    if person.left.is_some() {
        return Presence::simple(State::Left, company);
    }
    let blocking: Vec<&Absence> = list.iter().filter(|a| effect(a.kind) != Effect::Tentative).collect();
    let covering: Vec<&&Absence> = blocking.iter().filter(|a| a.starts_at <= at && at < a.ends_at).collect();
    if !covering.is_empty() {
        // Away wins over busy; among those, the one that lasts longest explains best.
        let main = covering
            .iter()
            .max_by_key(|a| (effect(a.kind) == Effect::Away, a.ends_at))
            .map(|a| **a)
            .unwrap_or(covering[0]);
        let since = covering.iter().map(|a| a.starts_at).min();
        let mut end = covering.iter().map(|a| a.ends_at).max().unwrap_or(at);
        // Merge what follows without a gap: back-to-back or overlapping.
        loop {
            let next = blocking.iter().filter(|a| a.starts_at <= end && a.ends_at > end).map(|a| a.ends_at).max();
            match next {
                Some(e) => end = e,
                None => break,
            }
        }
        let back = crate::hours::next_opening(company, end).unwrap_or(end);
        return Presence {
            state: if effect(main.kind) == Effect::Away { State::Away } else { State::Busy },
            reason: Some(main.kind),
            detail: main.reason.clone(),
            since,
            until: Some(back),
            zone: company.timezone.clone(),
        };
    }
    if !crate::hours::is_open(company, at) {
        let opens = crate::hours::next_opening(company, at);
        return Presence { until: opens, ..Presence::simple(State::OutsideHours, company) };
    }
    if let Some(t) = list.iter().find(|a| effect(a.kind) == Effect::Tentative && a.starts_at <= at && at < a.ends_at) {
        return Presence {
            state: State::Tentative,
            reason: Some(t.kind),
            detail: t.reason.clone(),
            since: Some(t.starts_at),
            until: Some(t.ends_at),
            zone: company.timezone.clone(),
        };
    }
    Presence::simple(State::In, company)
}
