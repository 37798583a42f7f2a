//! When a call script applies, and which of several wins: a pure rule
//! over the moment in the company's own time and the number the caller
//! dialled, with table tests. Also the few text forms both faces read a
//! script's "when" from ("mon-fri", "17:00-08:00", "2026-12-24..2026-12-26").
//!
//! Each condition narrows; an empty one does not. The most specific script
//! that applies wins: a dialled number weighs most (a line of its own is
//! the client's clearest wish), then a date span (a holiday), then hours,
//! then days; equal ones keep the order they were added in.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::model::{Refusal, ScriptPart};

/// A day of the week, as a script names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub fn of(w: Weekday) -> Day {
        match w {
            Weekday::Mon => Day::Mon,
            Weekday::Tue => Day::Tue,
            Weekday::Wed => Day::Wed,
            Weekday::Thu => Day::Thu,
            Weekday::Fri => Day::Fri,
            Weekday::Sat => Day::Sat,
            Weekday::Sun => Day::Sun,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Day::Mon => "mon",
            Day::Tue => "tue",
            Day::Wed => "wed",
            Day::Thu => "thu",
            Day::Fri => "fri",
            Day::Sat => "sat",
            Day::Sun => "sun",
        }
    }

    fn weekday(self) -> Weekday {
        match self {
            Day::Mon => Weekday::Mon,
            Day::Tue => Weekday::Tue,
            Day::Wed => Weekday::Wed,
            Day::Thu => Weekday::Thu,
            Day::Fri => Weekday::Fri,
            Day::Sat => Weekday::Sat,
            Day::Sun => Weekday::Sun,
        }
    }
}

/// When a script applies. Every condition set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct When {
    /// Days of the week; empty: every day.
    #[serde(default)]
    pub days: Vec<Day>,
    /// From this time of day…
    #[serde(default)]
    pub from: Option<NaiveTime>,
    /// …until this one (earlier than `from`: past midnight, and the
    /// early hours count to the day the span began).
    #[serde(default)]
    pub until: Option<NaiveTime>,
    /// First and last date (inclusive), such as a holiday.
    #[serde(default)]
    pub first_date: Option<NaiveDate>,
    #[serde(default)]
    pub last_date: Option<NaiveDate>,
    /// Only calls to this number of the company (as digits compare).
    #[serde(default)]
    pub number: Option<String>,
}

impl When {
    /// Whether a call at `local` (the company's own time) to `dialled`
    /// falls inside.
    pub fn applies(&self, local: NaiveDateTime, dialled: Option<&str>) -> bool {
        let time = local.time();
        // In the early hours of a span past midnight, the day that counts
        // is the one the span began (Friday 17:00-08:00 covers Saturday 03:00).
        let (day, date) = match (self.from, self.until) {
            (Some(from), Some(until)) if until <= from && time < until => {
                let d = local.date().pred_opt().unwrap_or(local.date());
                (d.weekday(), local.date())
            }
            _ => (local.weekday(), local.date()),
        };
        if !self.days.is_empty() && !self.days.iter().any(|d| d.weekday() == day) {
            return false;
        }
        let in_hours = match (self.from, self.until) {
            (None, None) => true,
            (Some(from), None) => time >= from,
            (None, Some(until)) => time < until,
            (Some(from), Some(until)) if from < until => from <= time && time < until,
            (Some(from), Some(until)) => time >= from || time < until,
        };
        if !in_hours {
            return false;
        }
        if self.first_date.is_some_and(|f| date < f) || self.last_date.is_some_and(|l| date > l) {
            return false;
        }
        match &self.number {
            None => true,
            Some(n) => {
                let want = crate::phone::number_key(n);
                dialled.is_some_and(|d| {
                    let got = crate::phone::number_key(d);
                    !want.is_empty()
                        && (got == want
                            || (got.len() >= 6 && want.len() >= 6 && (got.ends_with(&want) || want.ends_with(&got))))
                })
            }
        }
    }

    /// How specific: a dialled number 8, a date span 4, hours 2, days 1.
    pub fn specificity(&self) -> u32 {
        let mut s = 0;
        if self.number.is_some() {
            s += 8;
        }
        if self.first_date.is_some() || self.last_date.is_some() {
            s += 4;
        }
        if self.from.is_some() || self.until.is_some() {
            s += 2;
        }
        if !self.days.is_empty() && self.days.len() < 7 {
            s += 1;
        }
        s
    }
}

fn refuse<T>(part: ScriptPart, text: &str) -> Result<T, Refusal> {
    Err(Refusal::ScriptPart { part, text: text.to_string() })
}

/// "mon-fri", "sat,sun", "ma-pe", "mon" → the days, in week order.
pub fn parse_days(text: &str) -> Result<Vec<Day>, Refusal> {
    let mut days = Vec::new();
    for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let day = |t: &str| {
            crate::time::parse_weekday(t)
                .map_err(|_| Refusal::ScriptPart { part: ScriptPart::Days, text: text.to_string() })
        };
        let (first, last) = match piece.split_once('-') {
            Some((a, b)) => (day(a)?, day(b)?),
            None => (day(piece)?, day(piece)?),
        };
        let mut d = first;
        loop {
            days.push(Day::of(d));
            if d == last {
                break;
            }
            d = d.succ();
        }
    }
    if days.is_empty() {
        return refuse(ScriptPart::Days, text);
    }
    days.sort();
    days.dedup();
    Ok(days)
}

/// "17:00-08:00" → from and until (until earlier: past midnight).
pub fn parse_hours(text: &str) -> Result<(NaiveTime, NaiveTime), Refusal> {
    let time = |t: &str| match t.trim() {
        "24:00" => NaiveTime::from_hms_opt(0, 0, 0),
        t => NaiveTime::parse_from_str(t, "%H:%M").ok(),
    };
    match text.split_once('-').map(|(a, b)| (time(a), time(b))) {
        Some((Some(from), Some(until))) if from != until => Ok((from, until)),
        _ => refuse(ScriptPart::Hours, text),
    }
}

/// "2026-12-24..2026-12-26" or "2026-12-24" → first and last date.
pub fn parse_dates(text: &str) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let date = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
    let (first, last) = match text.split_once("..") {
        Some((a, b)) => (date(a), date(b)),
        None => (date(text), date(text)),
    };
    match (first, last) {
        (Some(f), Some(l)) if f <= l => Ok((f, l)),
        _ => refuse(ScriptPart::Dates, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn when(days: &str, hours: &str, dates: &str, number: &str) -> When {
        let mut w = When::default();
        if !days.is_empty() {
            w.days = parse_days(days).unwrap();
        }
        if !hours.is_empty() {
            let (f, u) = parse_hours(hours).unwrap();
            (w.from, w.until) = (Some(f), Some(u));
        }
        if !dates.is_empty() {
            let (f, l) = parse_dates(dates).unwrap();
            (w.first_date, w.last_date) = (Some(f), Some(l));
        }
        if !number.is_empty() {
            w.number = Some(number.into());
        }
        w
    }

    #[test]
    fn whether_a_script_applies() {
        // 2026-12-07 is a Monday; 2026-12-12 a Saturday.
        let cases = [
            ("every day", when("", "", "", ""), "2026-12-07 03:00", None, true),
            ("weekdays, on a Monday", when("mon-fri", "", "", ""), "2026-12-07 10:00", None, true),
            ("weekdays, on a Saturday", when("mon-fri", "", "", ""), "2026-12-12 10:00", None, false),
            ("Finnish day names", when("la,su", "", "", ""), "2026-12-12 10:00", None, true),
            ("office hours, inside", when("", "08:00-16:00", "", ""), "2026-12-07 15:59", None, true),
            ("office hours, at closing", when("", "08:00-16:00", "", ""), "2026-12-07 16:00", None, false),
            ("evening past midnight, late", when("", "16:00-08:00", "", ""), "2026-12-07 22:00", None, true),
            ("evening past midnight, early", when("", "16:00-08:00", "", ""), "2026-12-08 07:59", None, true),
            ("evening past midnight, morning", when("", "16:00-08:00", "", ""), "2026-12-08 08:00", None, false),
            // Friday 16:00-08:00: Saturday 03:00 belongs to Friday's night.
            ("Friday's night on Saturday", when("fri", "16:00-08:00", "", ""), "2026-12-12 03:00", None, true),
            ("Friday's night, not Saturday's", when("fri", "16:00-08:00", "", ""), "2026-12-12 17:00", None, false),
            ("a holiday", when("", "", "2026-12-24..2026-12-26", ""), "2026-12-26 23:59", None, true),
            ("after the holiday", when("", "", "2026-12-24..2026-12-26", ""), "2026-12-27 00:00", None, false),
            ("its number", when("", "", "", "09 4321 001"), "2026-12-07 10:00", Some("+358 9 4321 001"), true),
            ("another number", when("", "", "", "09 4321 001"), "2026-12-07 10:00", Some("09 4321 000"), false),
            ("no number known", when("", "", "", "09 4321 001"), "2026-12-07 10:00", None, false),
        ];
        for (why, w, local, dialled, want) in cases {
            assert_eq!(w.applies(at(local), dialled), want, "{why}");
        }
    }

    #[test]
    fn the_most_specific_wins() {
        let order = [
            when("", "", "", "09 4321 001"),
            when("mon-fri", "16:00-08:00", "2026-12-24..2026-12-26", ""),
            when("", "", "2026-12-24", ""),
            when("mon-fri", "16:00-08:00", "", ""),
            when("", "16:00-08:00", "", ""),
            when("mon-fri", "", "", ""),
            when("", "", "", ""),
            when("mon-sun", "", "", ""),
        ];
        let s: Vec<u32> = order.iter().map(When::specificity).collect();
        assert!(s.windows(2).all(|p| p[0] >= p[1]), "{s:?}");
        assert_eq!(s[6], s[7], "every day of the week narrows nothing");
    }

    #[test]
    fn forms_that_cannot_be_read_say_so() {
        assert_eq!(parse_days("mon-fri").unwrap(), [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]);
        assert_eq!(parse_days("fri-mon").unwrap(), [Day::Mon, Day::Fri, Day::Sat, Day::Sun]);
        for bad in ["", "funday", "mon-xyz"] {
            assert!(matches!(parse_days(bad), Err(Refusal::ScriptPart { part: ScriptPart::Days, .. })), "{bad}");
        }
        assert!(parse_hours("17:00-24:00").is_ok());
        for bad in ["17-8", "08:00-08:00", "25:00-01:00", "evening"] {
            assert!(parse_hours(bad).is_err(), "{bad}");
        }
        for bad in ["2026-12-26..2026-12-24", "christmas", "2026-13-01"] {
            assert!(parse_dates(bad).is_err(), "{bad}");
        }
    }
}
