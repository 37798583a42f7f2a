//! The namesakes' order. When two people match a query equally well (two
//! Pekka Koistinens, or "koistinen" in a company with three), the search
//! alone can only guess; the desk knows better from its own call log:
//!
//! 1. whom *this caller* asked for before (a regular caller asks for the
//!    same person again), then
//! 2. whom callers ask for most (the managing director before the trainee
//!    namesake), both counted with recent calls weighing more: a call's
//!    weight halves every [`HALF_LIFE_DAYS`] and calls older than
//!    [`WINDOW_DAYS`] are not read at all.
//!
//! This only ever orders people whose scores are equal: it never lifts a
//! person above a better match (see [`super::index`]'s `best_first`).
//! Pure: built from the call log's lines ([`AskedFor`]) with the time as a
//! parameter, so the same log and moment give the same order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::model::Id;

/// A call's weight halves in this many days (four weeks: a colleague who
/// took over a customer a month ago has half the old one's pull already).
pub const HALF_LIFE_DAYS: f64 = 28.0;
/// Calls older than this (twelve weeks) are not counted.
pub const WINDOW_DAYS: i64 = 84;
/// A call's weight on the day it was made.
const FULL: f64 = 1000.0;

/// One line of the call log that names the person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedFor {
    pub person_id: Id,
    pub at: DateTime<Utc>,
    /// The caller's number as digits (`phone::number_key`), or empty.
    pub caller_key: String,
}

/// What breaks a tie between equally good matches: the larger key first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preference {
    /// Decayed calls from the current caller, per person asked for.
    by_caller: HashMap<Id, u32>,
    /// Decayed calls from anyone, per person asked for.
    demand: HashMap<Id, u32>,
}

impl Preference {
    /// No knowledge: ties stay in the index's stable order.
    pub fn none() -> Preference {
        Preference::default()
    }

    /// The preference at `at` from the log's lines, for the call from
    /// `caller_key` (digits; `None` or empty when the caller is unknown).
    /// Lines after `at` (a log read with a later clock) do not count.
    pub fn from_calls(calls: &[AskedFor], caller_key: Option<&str>, at: DateTime<Utc>) -> Preference {
        let caller = caller_key.filter(|k| !k.is_empty());
        let mut p = Preference::default();
        for c in calls {
            let w = weight(at, c.at);
            if w == 0 {
                continue;
            }
            *p.demand.entry(c.person_id).or_default() += w;
            if caller == Some(c.caller_key.as_str()) {
                *p.by_caller.entry(c.person_id).or_default() += w;
            }
        }
        p
    }

    /// The key of a person: (asked for by this caller, asked for by anyone).
    pub fn key(&self, person_id: Id) -> (u32, u32) {
        (self.by_caller.get(&person_id).copied().unwrap_or(0), self.demand.get(&person_id).copied().unwrap_or(0))
    }

    pub fn is_empty(&self) -> bool {
        self.demand.is_empty()
    }
}

/// A call made at `then`, seen at `now`: [`FULL`] on the day, halving
/// every [`HALF_LIFE_DAYS`]; 0 beyond [`WINDOW_DAYS`] or in the future.
pub fn weight(now: DateTime<Utc>, then: DateTime<Utc>) -> u32 {
    let age = now - then;
    if age < chrono::Duration::zero() || age > chrono::Duration::days(WINDOW_DAYS) {
        return 0;
    }
    let days = age.num_seconds() as f64 / 86_400.0;
    // At least 1, so a call at the window's edge still counts for something.
    (FULL * 0.5f64.powf(days / HALF_LIFE_DAYS)).round().max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    fn call(person_id: Id, days_ago: i64, caller: &str) -> AskedFor {
        AskedFor { person_id, at: now() - Duration::days(days_ago), caller_key: caller.into() }
    }

    #[test]
    fn weight_halves_every_four_weeks_and_stops_at_twelve() {
        let cases = [
            (0, 1000),
            (28, 500),
            (56, 250),
            (84, 125),
            (85, 0),
            (-1, 0), // a line after the moment asked about
        ];
        for (days, want) in cases {
            assert_eq!(weight(now(), now() - Duration::days(days)), want, "{days} days ago");
        }
    }

    #[test]
    fn table_of_who_comes_first_between_namesakes() {
        // (log, caller, the two namesakes 1 and 2) -> who comes first
        struct Case {
            why: &'static str,
            log: Vec<AskedFor>,
            caller: Option<&'static str>,
            first: Id,
        }
        let cases = [
            Case { why: "nobody asked: the index's order stays", log: vec![], caller: None, first: 1 },
            Case {
                why: "asked for more often",
                log: vec![call(2, 1, "a"), call(2, 3, "b"), call(1, 2, "c")],
                caller: None,
                first: 2,
            },
            Case {
                why: "recent calls weigh more than old ones",
                log: vec![call(1, 70, "a"), call(1, 60, "b"), call(2, 1, "c")],
                caller: None,
                first: 2,
            },
            Case {
                why: "this caller's own history beats the crowd",
                log: vec![call(1, 1, "a"), call(1, 2, "b"), call(1, 3, "c"), call(2, 40, "0401234567")],
                caller: Some("0401234567"),
                first: 2,
            },
            Case {
                why: "another caller's history is only the crowd's",
                log: vec![call(1, 1, "a"), call(1, 2, "b"), call(2, 3, "0401234567")],
                caller: Some("0509999999"),
                first: 1,
            },
            Case {
                why: "an unknown caller (no number) has no history",
                log: vec![call(2, 1, ""), call(1, 2, "b"), call(1, 3, "c")],
                caller: Some(""),
                first: 1,
            },
            Case {
                why: "calls beyond twelve weeks are forgotten",
                log: vec![call(2, 90, "a"), call(2, 91, "b"), call(1, 80, "c")],
                caller: None,
                first: 1,
            },
        ];
        for c in cases {
            let p = Preference::from_calls(&c.log, c.caller, now());
            // The larger key first; equal keys keep the lower id first.
            let first = if p.key(2) > p.key(1) { 2 } else { 1 };
            assert_eq!(first, c.first, "{}", c.why);
        }
    }
}
