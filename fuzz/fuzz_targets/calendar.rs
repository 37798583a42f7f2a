//! Any bytes as a calendar feed: read, then expand over a year and a bit as
//! sync does. Errors are fine; panics, hangs and runaway memory are bugs.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let from = Utc.with_ymd_and_hms(2026, 10, 24, 0, 0, 0).single().unwrap_or_default();
    let to = Utc.with_ymd_and_hms(2027, 12, 28, 0, 0, 0).single().unwrap_or_default();
    let mut warnings = Vec::new();
    let _ = vaihde::calendar::occurrences(data, "fuzz.ics", chrono_tz::Europe::Helsinki, from, to, &mut warnings);
});
