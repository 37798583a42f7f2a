//! Synthetic calendars for tests and benchmarks: `n` events spread over a
//! year, one in ten weekly-recurring, deterministic for the same arguments.

use std::fmt::Write as _;

/// An Outlook-like calendar of `n` events in 2026 (TZID FLE Standard Time),
/// every tenth a weekly rule with ten occurrences. With `names`, titles
/// name people as a shared absence calendar would.
pub fn calendar(n: usize, names: &[String]) -> String {
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Vaihde//sample//EN\r\n");
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let hour = 8 + i % 8;
        let summary = match names.get(i % names.len().max(1)) {
            Some(name) if !names.is_empty() => format!("{name} loma"),
            _ => format!("Tapahtuma {i}"),
        };
        let _ = write!(
            ics,
            "BEGIN:VEVENT\r\nUID:sample-{i}\r\nSUMMARY:{summary}\r\nDTSTART;TZID=FLE Standard Time:2026{month:02}{day:02}T{hour:02}0000\r\nDURATION:PT1H\r\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n{}END:VEVENT\r\n",
            if i % 10 == 0 { "RRULE:FREQ=WEEKLY;COUNT=10\r\n" } else { "" }
        );
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}
