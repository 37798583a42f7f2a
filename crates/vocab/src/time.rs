//! Reading and writing times as operators and scripts give them.
//!
//! The core never reads the clock itself: callers pass `at`. This module only
//! converts between text and `DateTime<Utc>` in a company's zone.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TimeError {
    #[error(
        "{0:?} is not a time: use RFC 3339 like 2026-11-23T09:30:00+02:00, or a local 2026-11-23 09:30, or a date 2026-11-23"
    )]
    Unparsable(String),
    #[error(
        "{text:?} does not exist in {zone} (the clocks skip it at the daylight-saving change): pick another minute"
    )]
    Skipped { text: String, zone: String },
    #[error("{0:?} is not a weekday: use mon, tue, wed, thu, fri, sat or sun")]
    Weekday(String),
    #[error("unknown time zone {0:?}: use an IANA name like Europe/Helsinki or Europe/Stockholm")]
    Zone(String),
}

impl TimeError {
    /// In the operator's words: what was typed, and the forms that work.
    pub fn phrase(&self) -> crate::words::Phrase {
        use crate::words::Phrase;
        match self {
            TimeError::Unparsable(text) => Phrase::new(crate::msg!("timeUnparsable")).text("text", text),
            TimeError::Skipped { text, zone } => {
                Phrase::new(crate::msg!("timeSkipped")).text("text", text).text("zone", zone)
            }
            TimeError::Weekday(text) => Phrase::new(crate::msg!("timeNotWeekday")).text("text", text),
            TimeError::Zone(zone) => Phrase::new(crate::msg!("timeUnknownZone")).text("zone", zone),
        }
    }
}

pub fn parse_zone(name: &str) -> Result<Tz, TimeError> {
    name.trim().parse::<Tz>().map_err(|_| TimeError::Zone(name.to_string()))
}

/// An instant as a user types it: RFC 3339 with offset, or a local date-time or
/// date taken in `zone` (a bare date means its midnight).
pub fn parse_instant(text: &str, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN)))
        .ok_or_else(|| TimeError::Unparsable(t.to_string()))?;
    local_to_utc(naive, zone).ok_or_else(|| TimeError::Skipped { text: t.to_string(), zone: zone.name().to_string() })
}

/// A local wall-clock time in `zone` as UTC. Ambiguous times (the repeated
/// hour in autumn) take the earlier instant; skipped ones (spring) are `None`.
pub fn local_to_utc(naive: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Some(dt.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// Midnight starting `date` in `zone`, moving forward past a skipped midnight.
pub fn start_of_day(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let mut naive = date.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(utc) = local_to_utc(naive, zone) {
            return utc;
        }
        naive += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

pub fn weekday_code(day: Weekday) -> String {
    day.to_string().to_ascii_lowercase()
}

pub fn parse_weekday(text: &str) -> Result<Weekday, TimeError> {
    let key = text.trim().to_ascii_lowercase();
    let prefix: String = key.chars().take(2).collect();
    let day = match prefix.as_str() {
        "mo" | "ma" | "må" => Weekday::Mon,
        "tu" | "ti" => Weekday::Tue,
        "we" | "ke" | "on" => Weekday::Wed,
        "th" | "to" => Weekday::Thu,
        "fr" | "pe" => Weekday::Fri,
        "sa" | "lö" | "la" => Weekday::Sat,
        "su" | "sö" => Weekday::Sun,
        _ => return Err(TimeError::Weekday(text.to_string())),
    };
    Ok(day)
}

/// RFC 3339 in the given zone, seconds precision: what `--json` prints.
pub fn rfc3339_in(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

impl crate::words::Said for TimeError {
    fn phrase(&self) -> crate::words::Phrase {
        TimeError::phrase(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Helsinki;

    #[test]
    fn local_date_is_midnight_in_zone() {
        let at = parse_instant("2026-07-01", Helsinki).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-06-30T21:00:00+00:00");
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        let at = parse_instant("2026-01-05T08:00:00+01:00", Helsinki).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-01-05T07:00:00+00:00");
    }

    #[test]
    fn skipped_spring_hour_is_an_error() {
        // 2026-03-29 03:30 does not exist in Helsinki (clocks jump 03:00 -> 04:00).
        let err = parse_instant("2026-03-29 03:30", Helsinki).unwrap_err();
        assert!(matches!(err, TimeError::Skipped { .. }), "{err}");
    }

    #[test]
    fn repeated_autumn_hour_takes_the_first() {
        let at = parse_instant("2026-10-25 03:30", Helsinki).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn weekdays_in_three_languages() {
        assert_eq!(parse_weekday("Monday").unwrap(), Weekday::Mon);
        assert_eq!(parse_weekday("ke").unwrap(), Weekday::Wed);
        assert_eq!(parse_weekday("sön").unwrap(), Weekday::Sun);
        assert!(parse_weekday("x").is_err());
    }
}
