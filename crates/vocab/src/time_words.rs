//! Dates and times as an operator types them into a form, in Finnish,
//! Swedish or English: "27.11.", "27.11.2026", "27.11. 14", "pe klo 14.30",
//! "huomenna", "imorgon 12", "tomorrow", "Friday", "+3" (days), "+2h", and
//! the ISO forms scripts use. "Now" and the company's zone are parameters,
//! so the same text always means the same instant in tests.
//!
//! The rules, once: a date alone means its midnight in the company's zone
//! (the start of that day); a time alone means today; a weekday means the
//! next such day after today; a day and month without a year means the one
//! nearest to today (within half a year either way). This module does not
//! word errors for the window: it says which text it could not read, and
//! the face words the accepted forms in the operator's language.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use crate::time::{local_to_utc, parse_instant};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TypedTimeError {
    #[error(
        "{0:?} is not a date or time: write 27.11., 27.11.2026, 27.11. 14:00, klo 14, tomorrow (huomenna, imorgon), \
         a weekday (Friday, perjantai, fredag) or +3 (days from today)"
    )]
    NotUnderstood(String),
    #[error("{0:?} is not a day of the calendar")]
    NoSuchDay(String),
    #[error("{text:?} does not exist in {zone} (the clocks skip it at the daylight-saving change): pick another time")]
    Skipped { text: String, zone: String },
}

impl TypedTimeError {
    /// In the operator's words: what was typed and what to write instead
    /// (a day that does not exist and a skipped hour each say so).
    pub fn phrase(&self) -> crate::words::Phrase {
        use crate::words::Phrase;
        match self {
            TypedTimeError::NotUnderstood(text) => Phrase::new(crate::msg!("timeNotUnderstood")).text("text", text),
            TypedTimeError::NoSuchDay(text) => Phrase::new(crate::msg!("timeNoSuchDay")).text("text", text),
            TypedTimeError::Skipped { text, zone } => {
                Phrase::new(crate::msg!("timeSkipped")).text("text", text).text("zone", zone)
            }
        }
    }
}

/// Words that carry no meaning of their own: "klo 14", "on Friday", "på fredag".
const FILLER: &[&str] = &["klo", "kl", "kl.", "at", "on", "på", "next", "ensi", "nästa", "om", "i"];

fn relative_day(word: &str) -> Option<i64> {
    match word {
        "today" | "tänään" | "idag" => Some(0),
        "tomorrow" | "huomenna" | "imorgon" | "morgon" => Some(1),
        "ylihuomenna" | "övermorgon" => Some(2),
        _ => None,
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    use Weekday::*;
    let w = word.trim_end_matches('.');
    let day = match w {
        "ma" | "maanantai" | "maanantaina" | "mån" | "måndag" | "mon" | "monday" => Mon,
        "ti" | "tiistai" | "tiistaina" | "tis" | "tisdag" | "tue" | "tues" | "tuesday" => Tue,
        "ke" | "keskiviikko" | "keskiviikkona" | "ons" | "onsdag" | "wed" | "wednesday" => Wed,
        "to" | "torstai" | "torstaina" | "tor" | "tors" | "torsdag" | "thu" | "thur" | "thurs" | "thursday" => Thu,
        "pe" | "perjantai" | "perjantaina" | "fre" | "fredag" | "fri" | "friday" => Fri,
        "la" | "lauantai" | "lauantaina" | "lör" | "lördag" | "sat" | "saturday" => Sat,
        "su" | "sunnuntai" | "sunnuntaina" | "sön" | "söndag" | "sun" | "sunday" => Sun,
        _ => return None,
    };
    Some(day)
}

fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// "14", "14:30", "14.30", "8.05".
fn time_of_day(token: &str) -> Option<NaiveTime> {
    let (h, m) = match token.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (number(h)?, number(m)?),
        Some(_) => return None,
        None => (number(token)?, 0),
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// The year that puts day.month nearest to `today`.
fn nearest_year(day: u32, month: u32, today: NaiveDate) -> Option<NaiveDate> {
    [today.year(), today.year() + 1, today.year() - 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - today).num_days().abs())
}

enum DateToken {
    Date(NaiveDate),
    /// Looked like a date, but no such day exists ("31.2.").
    NoSuchDay,
}

/// "27.11.", "27.11.2026", "27.11.26", "27.11" (a day that cannot be a time).
fn date_token(token: &str, today: NaiveDate) -> Option<DateToken> {
    let parts: Vec<&str> = token.split('.').collect();
    let (day, month, year) = match parts.as_slice() {
        [d, m, ""] => (number(d)?, number(m)?, None),
        [d, m, y] if !y.is_empty() => (number(d)?, number(m)?, Some(number(y)?)),
        // Without the closing dot "14.30" is a time; only a pair that
        // cannot be one is a date.
        [d, m] if time_of_day(token).is_none() => (number(d)?, number(m)?, None),
        _ => return None,
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let date = match year {
        None => nearest_year(day, month, today),
        Some(y) if y < 100 => NaiveDate::from_ymd_opt(2000 + y as i32, month, day),
        Some(y) => NaiveDate::from_ymd_opt(y as i32, month, day),
    };
    Some(date.map_or(DateToken::NoSuchDay, DateToken::Date))
}

/// What an operator typed, read as an instant. See the module comment.
pub fn parse_typed(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, TypedTimeError> {
    let trimmed = text.trim();
    if let Ok(at) = parse_instant(trimmed, zone) {
        return Ok(at);
    }
    let not_understood = || TypedTimeError::NotUnderstood(trimmed.to_string());
    let lower = trimmed.to_lowercase();
    let today = now.with_timezone(&zone).date_naive();
    // "+3" days, "+2h" hours from now.
    if let Some(rest) = lower.strip_prefix('+') {
        let rest = rest.trim();
        if let Some(hours) = rest.strip_suffix('h').map(str::trim).and_then(number) {
            return Ok(now + Duration::hours(i64::from(hours.min(24 * 400))));
        }
        let days = rest.trim_end_matches(['d', 'p', 'v']).trim();
        let days = number(days).filter(|d| *d <= 400).ok_or_else(not_understood)?;
        let date = today + Duration::days(i64::from(days));
        return Ok(crate::time::start_of_day(date, zone));
    }
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    for token in lower.split([' ', ',']).filter(|t| !t.is_empty()) {
        if FILLER.contains(&token) {
            continue;
        }
        if date.is_none() {
            if let Some(offset) = relative_day(token) {
                date = Some(today + Duration::days(offset));
                continue;
            }
            if let Some(day) = weekday(token) {
                let ahead = (7 + day.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
                date = Some(today + Duration::days(if ahead == 0 { 7 } else { ahead }));
                continue;
            }
            match date_token(token, today) {
                Some(DateToken::Date(d)) => {
                    date = Some(d);
                    continue;
                }
                Some(DateToken::NoSuchDay) => return Err(TypedTimeError::NoSuchDay(trimmed.to_string())),
                None => {}
            }
        }
        if time.is_none()
            && let Some(t) = time_of_day(token)
        {
            time = Some(t);
            continue;
        }
        return Err(not_understood());
    }
    let (date, time) = match (date, time) {
        (None, None) => return Err(not_understood()),
        (d, t) => (d.unwrap_or(today), t),
    };
    match time {
        None => Ok(crate::time::start_of_day(date, zone)),
        Some(t) => local_to_utc(date.and_time(t), zone)
            .ok_or_else(|| TypedTimeError::Skipped { text: trimmed.to_string(), zone: zone.name().to_string() }),
    }
}

/// A day as an operator types it ("30.11.", "tänään", "perjantai", "-1"
/// is not a form; "2026-11-30" is): the day in the company's zone.
pub fn parse_typed_date(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<NaiveDate, TypedTimeError> {
    if let Ok(d) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        return Ok(d);
    }
    let at = parse_typed(text, now, zone)?;
    Ok(at.with_timezone(&zone).date_naive())
}

#[cfg(test)]
mod tests {
    /// Regression: a day that does not exist and a skipped hour were told
    /// in the window as "write a date like 27.11.", as if not understood.
    #[test]
    fn each_refusal_says_what_is_wrong() {
        use crate::model::Language;
        use crate::words::Words;
        let fi = Words::of(Language::Fi);
        assert_eq!(fi.phrase(&TypedTimeError::NoSuchDay("31.2.".into()).phrase()), "”31.2.” ei ole kalenterin päivä");
        let skipped = TypedTimeError::Skipped { text: "29.3. 3.30".into(), zone: "Europe/Helsinki".into() };
        assert!(fi.phrase(&skipped.phrase()).contains("kesäajan"), "{}", fi.phrase(&skipped.phrase()));
        let en = Words::of(Language::En).phrase(&TypedTimeError::NotUnderstood("soon".into()).phrase());
        assert!(en.starts_with("“soon”: Write a date or time like"), "{en}");
    }

    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::{Helsinki, Mariehamn};

    /// Monday 23.11.2026 10:00 in Helsinki.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    fn local(text: &str) -> String {
        parse_typed(text, now(), Helsinki).unwrap().with_timezone(&Helsinki).format("%a %Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn day_and_month_with_and_without_a_year() {
        assert_eq!(local("27.11."), "Fri 2026-11-27 00:00");
        assert_eq!(local("27.11.2026"), "Fri 2026-11-27 00:00");
        assert_eq!(local("27.11.26"), "Fri 2026-11-27 00:00");
        assert_eq!(local("27.11"), "Fri 2026-11-27 00:00");
        // Early January typed in November is next year's.
        assert_eq!(local("4.1."), "Mon 2027-01-04 00:00");
        // A last day in the autumn typed in November is this year's.
        assert_eq!(local("30.9."), "Wed 2026-09-30 00:00");
    }

    #[test]
    fn a_date_with_a_time() {
        assert_eq!(local("27.11. 14"), "Fri 2026-11-27 14:00");
        assert_eq!(local("27.11. klo 14.30"), "Fri 2026-11-27 14:30");
        assert_eq!(local("27.11.2026 kl. 8.05"), "Fri 2026-11-27 08:05");
        assert_eq!(local("27.11. at 14:00"), "Fri 2026-11-27 14:00");
    }

    #[test]
    fn a_time_alone_is_today() {
        assert_eq!(local("klo 14"), "Mon 2026-11-23 14:00");
        assert_eq!(local("kl 15.30"), "Mon 2026-11-23 15:30");
        assert_eq!(local("14:00"), "Mon 2026-11-23 14:00");
    }

    #[test]
    fn words_for_days_in_three_languages() {
        for word in ["huomenna", "imorgon", "i morgon", "tomorrow", "Tomorrow"] {
            assert_eq!(local(word), "Tue 2026-11-24 00:00", "{word}");
        }
        assert_eq!(local("huomenna klo 12"), "Tue 2026-11-24 12:00");
        assert_eq!(local("ylihuomenna"), "Wed 2026-11-25 00:00");
        assert_eq!(local("tänään 16"), "Mon 2026-11-23 16:00");
    }

    #[test]
    fn weekdays_mean_the_next_one() {
        for word in ["pe", "perjantai", "perjantaina", "fre", "fredag", "fri", "Friday", "on Friday", "på fredag"] {
            assert_eq!(local(word), "Fri 2026-11-27 00:00", "{word}");
        }
        // Today is Monday: "Monday" is next week's.
        for word in ["ma", "måndag", "monday"] {
            assert_eq!(local(word), "Mon 2026-11-30 00:00", "{word}");
        }
        assert_eq!(local("ti klo 9"), "Tue 2026-11-24 09:00");
        assert_eq!(local("tors 13.15"), "Thu 2026-11-26 13:15");
    }

    #[test]
    fn plus_days_and_hours() {
        assert_eq!(local("+3"), "Thu 2026-11-26 00:00");
        assert_eq!(local("+ 1"), "Tue 2026-11-24 00:00");
        assert_eq!(local("+2h"), "Mon 2026-11-23 12:00");
    }

    #[test]
    fn iso_forms_still_work() {
        assert_eq!(local("2026-11-24"), "Tue 2026-11-24 00:00");
        assert_eq!(local("2026-11-24 09:30"), "Tue 2026-11-24 09:30");
        assert_eq!(local("2026-11-24T09:30:00+02:00"), "Tue 2026-11-24 09:30");
    }

    #[test]
    fn the_company_zone_decides() {
        let at = parse_typed("huomenna", now(), Mariehamn).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 11, 23, 22, 0, 0).unwrap());
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        for text in ["soon", "", "27", "klo 25", "+x", "27.11. 14 15", "32.1."] {
            let e = parse_typed(text, now(), Helsinki).unwrap_err();
            assert!(matches!(e, TypedTimeError::NotUnderstood(_)), "{text}: {e}");
            assert!(e.to_string().contains("27.11."), "{e}");
        }
        assert_eq!(parse_typed("31.2.", now(), Helsinki).unwrap_err(), TypedTimeError::NoSuchDay("31.2.".into()));
        let e = parse_typed("29.3.2026 3.30", now(), Helsinki).unwrap_err();
        assert!(matches!(e, TypedTimeError::Skipped { .. }), "{e}");
    }

    #[test]
    fn dates_for_a_last_day() {
        let d = |t: &str| parse_typed_date(t, now(), Helsinki).unwrap().to_string();
        assert_eq!(d("30.11."), "2026-11-30");
        assert_eq!(d("tänään"), "2026-11-23");
        assert_eq!(d("2026-11-30"), "2026-11-30");
        assert_eq!(d("pe"), "2026-11-27");
    }
}
