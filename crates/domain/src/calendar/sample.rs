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

/// The flood: `n` daily-recurring all-day events from 1.1.2026 on, each
/// naming nobody ("Tapahtuma numero 17"), as a hostile or careless shared
/// calendar can be (20,000 of them is a 2.4 MB file). For the store's bound
/// and its benchmark.
pub fn flood(n: usize) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Vaihde//flood//EN\r\n");
    for i in 0..n {
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:flood-{i}@vaihde\r\nSUMMARY:Tapahtuma numero {i}\r\nDTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"
        ));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}
