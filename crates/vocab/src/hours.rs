//! Opening hours: is the company open at a moment, and when does it next
//! open. Read in the company's own time zone.

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::model::Company;

/// Whether `at` falls inside one of the company's opening spans. A company
/// with no opening hours set is taken as always open (nothing to go on).
pub fn is_open(company: &Company, at: DateTime<Utc>) -> bool {
    if company.opening_hours.is_empty() {
        return true;
    }
    let local = at.with_timezone(&company.tz());
    let (day, time) = (local.weekday(), local.time());
    company.opening_hours.iter().any(|s| s.weekday == day && s.opens <= time && time < s.closes)
}

/// The first moment at or after `at` when the company is open, looking up
/// to two weeks ahead; `None` if it never opens.
pub fn next_opening(company: &Company, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if is_open(company, at) {
        return Some(at);
    }
    let tz = company.tz();
    let start = at.with_timezone(&tz).date_naive();
    (0..15)
        .flat_map(|d| {
            let date = start + Duration::days(d);
            let mut opens: Vec<_> = company
                .opening_hours
                .iter()
                .filter(move |s| s.weekday == date.weekday())
                .filter_map(move |s| crate::time::local_to_utc(date.and_time(s.opens), tz))
                .collect();
            opens.sort();
            opens
        })
        .find(|&t| t >= at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Language, OpeningSpan};
    use chrono::{NaiveTime, TimeZone, Weekday};

    fn company() -> Company {
        let span = |weekday| OpeningSpan {
            weekday,
            opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            closes: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        };
        let mut c = Company::new("a", "A", Language::Fi, "Europe/Helsinki");
        c.opening_hours = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].map(span).to_vec();
        c
    }

    #[test]
    fn open_in_local_time() {
        let c = company();
        // Monday 23.11.2026 09:00 Helsinki = 07:00 UTC.
        assert!(is_open(&c, Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap()));
        assert!(!is_open(&c, Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap()), "16:00 local is closed");
        assert!(!is_open(&c, Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()), "Saturday");
    }

    #[test]
    fn friday_evening_opens_monday_morning() {
        let c = company();
        let friday_evening = Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
        assert_eq!(next_opening(&c, friday_evening), Some(Utc.with_ymd_and_hms(2026, 11, 30, 6, 0, 0).unwrap()));
    }
}
