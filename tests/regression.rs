//! One test per bug found, most by fuzzing (`fuzz/`): the input that broke
//! Vaihde, kept in `fixtures/regressions/`, and what must happen instead.

use chrono::{TimeZone, Utc};

/// The occurrences read from a regression file, and the warnings.
fn occurrences(file: &str) -> (Result<usize, String>, Vec<String>) {
    let bytes = std::fs::read(format!("fixtures/regressions/{file}")).unwrap_or_default();
    let from = Utc.with_ymd_and_hms(2026, 10, 24, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2027, 12, 28, 0, 0, 0).unwrap();
    let mut warnings = Vec::new();
    let result = vaihde::calendar::occurrences(&bytes, file, chrono_tz::Europe::Helsinki, from, to, &mut warnings)
        .map(|o| o.len())
        .map_err(|e| e.to_string());
    (result, warnings.iter().map(ToString::to_string).collect())
}

/// BYDAY with bytes that are not ASCII made the rrule crate slice inside a
/// character and panic; that event is now skipped with a warning naming its
/// line, and the calendar's other events are read.
#[test]
fn non_ascii_byday_is_a_skipped_event_not_a_panic() {
    let (result, warnings) = occurrences("calendar-non-ascii-byday.ics");
    assert!(result.is_ok_and(|n| n > 0));
    assert!(
        warnings.iter().any(|w| w.contains("line 63") && w.contains("RRULE") && w.contains("skipped")),
        "{warnings:?}"
    );
}

/// Ten thousand nested components overflowed the stack inside the
/// iCalendar parser (found writing the hostile-input tests); nesting is now
/// limited before parsing.
#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let ics = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:n\r\nDTSTART;VALUE=DATE:20261124\r\n{}{}END:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VALARM\r\n".repeat(10_000),
        "END:VALARM\r\n".repeat(10_000)
    );
    let err = vaihde::calendar::parse(ics.as_bytes(), "deep.ics").unwrap_err().to_string();
    assert!(err.contains("deep.ics, line 11") && err.contains("nested"), "{err}");
}
