//! Reading real-looking calendars from `fixtures/calendars/`: Outlook,
//! Google and Nextcloud exports, DST in both directions, broken files.
//! Expected occurrences are written out by hand.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Helsinki;
use vaihde::calendar::{self, CalendarError, InspectRow, Kind};
use vaihde::model::{FeedNote, Unreadable};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calendars").join(name)).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    vaihde::time::start_of_day(NaiveDate::from_ymd_opt(y, m, d).unwrap(), Helsinki)
}

/// (start, end, kind, summary) rows for a fixture in a window.
fn rows(name: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(String, String, Kind, String)> {
    let mut warnings = Vec::new();
    let list = calendar::occurrences(&read(name), name, Helsinki, from, to, &mut warnings).unwrap();
    list.iter()
        .map(|o| {
            let r = InspectRow::of(o, Helsinki);
            (r.start, r.end, r.kind, r.summary)
        })
        .collect()
}

fn row(start: &str, end: &str, kind: Kind, summary: &str) -> (String, String, Kind, String) {
    (start.into(), end.into(), kind, summary.into())
}

#[test]
fn outlook_export_with_windows_zones_overrides_and_busy_status() {
    let got = rows("outlook-maija.ics", day(2026, 11, 14), day(2026, 12, 10));
    assert_eq!(
        got,
        vec![
            // All-day, DTEND exclusive; OOF wins over TRANSP:TRANSPARENT.
            row("2026-11-20", "2026-11-28", Kind::OutOfOffice, "Vuosiloma"),
            // Weekly on Mondays; 16.11 is an EXDATE.
            row("2026-11-23T10:00:00+02:00", "2026-11-23T11:00:00+02:00", Kind::Busy, "HR-tiimin viikkopalaveri"),
            row("2026-11-30T10:00:00+02:00", "2026-11-30T11:00:00+02:00", Kind::Busy, "HR-tiimin viikkopalaveri"),
            // CLASS:PRIVATE hides the title.
            row("2026-12-01T08:00:00+02:00", "2026-12-01T09:30:00+02:00", Kind::Busy, "private"),
            row("2026-12-03T12:00:00+02:00", "2026-12-03T16:00:00+02:00", Kind::Tentative, "Ehkä: rekrytointimessut"),
            row("2026-12-04T09:00:00+02:00", "2026-12-04T09:15:00+02:00", Kind::Free, "Muistutus: palkka-ajo"),
            // RECURRENCE-ID moved 7.12 10:00 to 8.12 13:00.
            row(
                "2026-12-08T13:00:00+02:00",
                "2026-12-08T14:00:00+02:00",
                Kind::Busy,
                "HR-tiimin viikkopalaveri (siirretty)"
            ),
            // "W. Europe Standard Time" without a VTIMEZONE block: Berlin, an hour behind.
            row("2026-12-09T10:00:00+02:00", "2026-12-09T18:00:00+02:00", Kind::OutOfOffice, "Messut Frankfurt"),
        ]
    );
}

#[test]
fn google_export_utc_duration_last_friday_and_cancelled_instance() {
    let got = rows("google-pekka.ics", day(2026, 10, 1), day(2027, 1, 1));
    let summary_at = |start: &str| got.iter().find(|r| r.0 == start).map(|r| (r.2, r.3.clone()));
    // BYDAY=-1FR with COUNT=4 and DURATION.
    for friday in ["2026-10-30", "2026-11-27", "2026-12-25"] {
        assert_eq!(
            summary_at(&format!("{friday}T14:00:00+02:00")),
            Some((Kind::Busy, "Kuukausikatsaus".into())),
            "{friday}"
        );
    }
    // Every other day until 10.11 (a DATE UNTIL), the 6th cancelled by an override.
    let standups: Vec<_> = got.iter().filter(|r| r.3 == "Aamupalaveri").map(|r| (r.0.clone(), r.2)).collect();
    assert_eq!(
        standups,
        vec![
            ("2026-11-02T08:30:00+02:00".into(), Kind::Busy),
            ("2026-11-04T08:30:00+02:00".into(), Kind::Busy),
            ("2026-11-06T08:30:00+02:00".into(), Kind::Free),
            ("2026-11-08T08:30:00+02:00".into(), Kind::Busy),
            ("2026-11-10T08:30:00+02:00".into(), Kind::Busy),
        ]
    );
    // UTC times print in Helsinki time.
    assert_eq!(summary_at("2026-11-23T10:00:00+02:00"), Some((Kind::Busy, "Johtoryhmän kokous".into())));
    // A Google all-day "Loma" is free by default, but the title says holiday.
    assert!(got.contains(&row("2026-11-30", "2026-12-02", Kind::OutOfOffice, "Loma")));
    // All-day without DTEND lasts one day.
    assert!(got.contains(&row("2026-12-04", "2026-12-05", Kind::OutOfOffice, "Koulutuspäivä")));
}

#[test]
fn nextcloud_shared_absences_floating_setpos_rdate_bom_and_folding() {
    let got = rows("nextcloud-poissaolot.ics", day(2026, 11, 1), day(2027, 2, 1));
    let saldo: Vec<_> = got.iter().filter(|r| r.3.contains("saldovapaa")).map(|r| r.0.clone()).collect();
    // Last weekday of each month (BYSETPOS=-1), three times, plus an RDATE.
    assert_eq!(saldo, ["2026-11-30", "2026-12-24", "2026-12-31", "2027-01-29"]);
    assert!(
        got.contains(&row("2026-11-24T08:00:00+02:00", "2026-11-24T16:00:00+02:00", Kind::OutOfOffice, "Sairaana")),
        "floating time in the company zone"
    );
    assert!(got.contains(&row("2026-11-25", "2026-11-26", Kind::Free, "Maikki etätöissä")));
    assert!(
        got.iter().any(|r| r.3 == "Koulutus: Jussi Heikkinen (työturvallisuuskorttikoulutus Tampereella)"),
        "folded line"
    );
    let fifteenth: Vec<_> = got.iter().filter(|r| r.3.starts_with("Hanna")).map(|r| r.0.clone()).collect();
    assert_eq!(fifteenth, ["2026-12-15", "2027-01-15"]);
}

#[test]
fn dst_both_directions_keep_the_wall_clock() {
    let got = rows("dst-daily.ics", day(2026, 3, 1), day(2026, 11, 1));
    let starts: Vec<_> = got.iter().filter(|r| r.3 == "Aamupalaveri").map(|r| r.0.clone()).collect();
    assert_eq!(
        starts,
        [
            "2026-03-27T09:00:00+02:00",
            "2026-03-28T09:00:00+02:00",
            "2026-03-29T09:00:00+03:00",
            "2026-03-30T09:00:00+03:00",
            "2026-10-24T09:00:00+03:00",
            "2026-10-25T09:00:00+02:00",
            "2026-10-26T09:00:00+02:00",
        ]
    );
    // An all-day event over the spring change is still two whole days.
    let mut w = Vec::new();
    let list = calendar::occurrences(&read("dst-daily.ics"), "dst", Helsinki, day(2026, 3, 1), day(2026, 4, 1), &mut w)
        .unwrap();
    let holiday = list.iter().find(|o| o.all_day).unwrap();
    assert_eq!(holiday.end - holiday.start, chrono::Duration::hours(47), "the night of the change is an hour short");
}

#[test]
fn stray_windows_1252_bytes_are_read_not_rejected() {
    let got = rows("stray-byte-1252.ics", day(2026, 12, 1), day(2026, 12, 31));
    assert_eq!(got[0].3, "Lomalla Järvinen");
}

#[test]
fn broken_files_name_the_line_and_the_problem() {
    let err = |name: &str| calendar::parse(&read(name), name).unwrap_err();
    assert_eq!(
        err("broken-truncated.ics"),
        CalendarError::Line {
            origin: "broken-truncated.ics".into(),
            line: 8,
            why: vaihde::model::Unreadable::NeverClosed { name: "VEVENT".into() }
        }
    );
    // One broken event costs that event only: the good one is read, the bad
    // one is named with its line.
    let cal = calendar::parse(&read("broken-date.ics"), "broken-date.ics").unwrap();
    assert_eq!(cal.events.len(), 1);
    let e = cal.skipped[0].to_string();
    assert!(e.starts_with("broken-date.ics, line 8: DTSTART") && e.contains("20261345T250000Z"), "{e}");
    // A file of nothing but broken events is a broken file.
    let only_bad = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:bad\nDTSTART:20261345T250000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    let e = calendar::parse(only_bad.as_bytes(), "bad.ics").unwrap_err().to_string();
    assert!(e.starts_with("bad.ics, line 2: DTSTART"), "{e}");
    assert_eq!(
        err("login-page.html"),
        CalendarError::NotACalendar { origin: "login-page.html".into(), web_page: true }
    );
    let e = err("login-page.html").to_string();
    assert!(e.contains("web page, not a calendar"), "{e}");
}

#[test]
fn endless_and_explosive_rules_stay_inside_the_window() {
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:Tick\nDTSTART:20260101T000000Z\nDURATION:PT1S\nRRULE:FREQ=SECONDLY;COUNT=100000000\nEND:VEVENT\n\
               BEGIN:VEVENT\nUID:y\nSUMMARY:Forever\nDTSTART;TZID=Europe/Helsinki:20200106T090000\nDTEND;TZID=Europe/Helsinki:20200106T100000\nRRULE:FREQ=WEEKLY\nEND:VEVENT\nEND:VCALENDAR\n";
    let mut warnings = Vec::new();
    let list =
        calendar::occurrences(ics.as_bytes(), "hostile", Helsinki, day(2026, 11, 23), day(2026, 12, 7), &mut warnings)
            .unwrap();
    let forever: Vec<_> = list.iter().filter(|o| o.uid == "y").collect();
    assert_eq!(forever.len(), 2, "an endless weekly rule gives just the two Mondays in the window");
    assert_eq!(list.iter().filter(|o| o.uid == "x").count(), 0, "the SECONDLY rule is skipped");
    assert!(
        warnings.iter().any(|w| matches!(w, FeedNote::TooFineGrained { freq, .. } if freq == "SECONDLY")),
        "{warnings:?}"
    );
}

#[test]
fn five_thousand_events_parse_and_expand() {
    let ics = calendar::sample::calendar(5000, &[]);
    let mut warnings = Vec::new();
    let list = calendar::occurrences(ics.as_bytes(), "big", Helsinki, day(2025, 12, 1), day(2027, 6, 1), &mut warnings)
        .unwrap();
    assert_eq!(list.len(), 4500 + 500 * 10);
    assert!(warnings.is_empty());
}

#[test]
fn hostile_structures_are_errors_or_warnings_never_hangs() {
    let (from, to) = (day(2026, 10, 24), day(2027, 12, 28));
    let read = |text: &str| {
        let started = std::time::Instant::now();
        let mut warnings = Vec::new();
        let result = vaihde::calendar::occurrences(text.as_bytes(), "hostile.ics", Helsinki, from, to, &mut warnings)
            .map(|o| o.len())
            .map_err(|e| e.to_string());
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
        (result, warnings)
    };
    let wrap = |body: &str| format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n");
    let event = |extra: &str| {
        format!("BEGIN:VEVENT\r\nUID:h\r\nSUMMARY:Loma\r\nDTSTART;VALUE=DATE:20261124\r\n{extra}END:VEVENT\r\n")
    };
    // Deeply nested components.
    let nested = format!("{}{}", "BEGIN:VALARM\r\n".repeat(10_000), "END:VALARM\r\n".repeat(10_000));
    let (r, _) = read(&wrap(&event(&nested)));
    assert!(r.as_ref().is_err_and(|e| e.contains("line 13") && e.contains("nested")), "{r:?}");
    // An enormous component: a 5 MB description.
    let (r, _) = read(&wrap(&event(&format!("DESCRIPTION:{}\r\n", "x".repeat(5_000_000)))));
    assert_eq!(r, Ok(1));
    // A hundred million daily occurrences: only the window is walked.
    let (r, _) = read(&wrap(&event("RRULE:FREQ=DAILY;COUNT=100000000\r\n")));
    assert!(r.is_ok_and(|n| n > 300 && n < 500));
    // An unknown time zone: the company's, with a warning.
    let (r, warnings) = read(&wrap(
        "BEGIN:VEVENT\r\nUID:z\r\nSUMMARY:Out of office\r\nDTSTART;TZID=Mars/Olympus_Mons:20261124T090000\r\nDTEND;TZID=Mars/Olympus_Mons:20261124T170000\r\nEND:VEVENT\r\n",
    ));
    assert_eq!(r, Ok(1));
    assert!(
        warnings.iter().any(|w| matches!(w, FeedNote::UnknownZone { zone, .. } if zone == "Mars/Olympus_Mons")),
        "{warnings:?}"
    );
    // Missing END lines, and an invalid date.
    let (r, _) = read("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261124T090000\r\n");
    assert!(r.is_err_and(|e| e.contains("never closed")));
    let (r, _) = read(&wrap("BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20261345T250000\r\nEND:VEVENT\r\n"));
    assert!(r.is_err_and(|e| e.contains("line 3") && e.contains("DTSTART")));
}

/// RFC 5545 §3.3.6: days in a DURATION are nominal. P1D from 12:00 the day
/// before the spring change ends at 12:00 the next day (23 hours), P1DT2H
/// at 14:00; PT24H is exact (13:00 the next day); the autumn day is 25 hours.
#[test]
fn nominal_durations_follow_the_wall_clock() {
    let got = rows("nominal-durations.ics", day(2026, 3, 1), day(2026, 11, 1));
    let ends: Vec<(&str, &str)> = got.iter().map(|(_, end, _, summary)| (summary.as_str(), end.as_str())).collect();
    assert_eq!(
        ends,
        [
            ("Messut (P1D over the spring change)", "2026-03-29T12:00:00+03:00"),
            ("Messut (P1DT2H)", "2026-03-29T14:00:00+03:00"),
            ("Messut (PT24H, exact)", "2026-03-29T13:00:00+03:00"),
            ("Messut (P1D over the autumn change)", "2026-10-25T12:00:00+02:00"),
        ]
    );
}

/// An end before the start is read as a moment at the start, as other
/// readers do, instead of refusing the event; a moment (zero length) makes
/// nobody unavailable (the store keeps no absence for it).
#[test]
fn an_end_before_the_start_is_a_moment_not_a_broken_file() {
    let mut warnings = Vec::new();
    let list = calendar::occurrences(
        &read("reversed-and-zero-length.ics"),
        "reversed",
        Helsinki,
        day(2026, 11, 20),
        day(2026, 11, 30),
        &mut warnings,
    )
    .unwrap();
    let spans: Vec<(&str, i64)> = list.iter().map(|o| (o.uid.as_str(), (o.end - o.start).num_minutes())).collect();
    assert_eq!(spans, [("reversed", 0), ("zero", 0), ("reversed-day", 0), ("normal", 360)]);
    assert_eq!(warnings.iter().filter(|w| matches!(w, FeedNote::EndBeforeStart { .. })).count(), 2, "{warnings:?}");
}

/// Two RRULEs in one event (RFC 2445, still written by some servers): the union.
#[test]
fn two_rrules_make_the_union_of_their_occurrences() {
    let got = rows("two-rrules.ics", day(2026, 11, 1), day(2026, 12, 1));
    let starts: Vec<&str> = got.iter().map(|(start, ..)| start.as_str()).collect();
    assert_eq!(
        starts,
        [
            "2026-11-02T08:00:00+02:00",
            "2026-11-04T08:00:00+02:00",
            "2026-11-09T08:00:00+02:00",
            "2026-11-11T08:00:00+02:00",
            "2026-11-16T08:00:00+02:00"
        ]
    );
}

/// Google writes a recurring event in UTC and names the calendar's zone in
/// X-WR-TIMEZONE: the event recurs at its wall-clock time there (09:00 New
/// York before and after New York's DST change on 8 March), floating times
/// are that zone's, and a single UTC event is the instant it says.
#[test]
fn x_wr_timezone_keeps_a_google_weekly_event_at_its_wall_clock() {
    let got = rows("google-x-wr-timezone.ics", day(2026, 3, 1), day(2026, 3, 20));
    let starts: Vec<(&str, &str)> =
        got.iter().map(|(start, _, _, summary)| (summary.as_str(), start.as_str())).collect();
    assert_eq!(
        starts,
        [
            ("Weekly at 09:00 New York", "2026-03-02T16:00:00+02:00"),
            ("Weekly at 09:00 New York", "2026-03-09T15:00:00+02:00"),
            ("Floating 10:00 in the calendar zone", "2026-03-10T16:00:00+02:00"),
            ("Once, in UTC", "2026-03-11T14:00:00+02:00"),
            ("Weekly at 09:00 New York", "2026-03-16T15:00:00+02:00"),
        ]
    );
}

/// A broken override costs its whole series (master and overrides), with a
/// warning naming the line: kept, the master would bring back the
/// occurrence the override cancelled. The rest of the feed is read.
#[test]
fn a_broken_override_costs_its_whole_series_not_the_feed() {
    let cal = calendar::parse(&read("broken-override.ics"), "broken-override.ics").unwrap();
    let uids: Vec<&str> = cal.events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids, ["other"]);
    let said: Vec<String> = cal.skipped.iter().map(|e| e.to_string()).collect();
    assert!(said[0].starts_with("broken-override.ics, line 11: DTSTART"), "{said:?}");
    assert_eq!(
        cal.skipped[1],
        CalendarError::at("broken-override.ics", 4, Unreadable::Series { uid: "weekly".into() }),
        "{said:?}"
    );
}

/// RDATE;VALUE=PERIOD: each period is an occurrence with its own end (a
/// time, or a duration, nominal days on the wall clock); EXDATE removes one
/// like any other occurrence.
#[test]
fn rdate_periods_are_occurrences_with_their_own_ends() {
    let got = rows("rdate-periods.ics", day(2026, 11, 1), day(2026, 11, 20));
    let spans: Vec<(&str, &str)> = got.iter().map(|(start, end, ..)| (start.as_str(), end.as_str())).collect();
    assert_eq!(
        spans,
        [
            ("2026-11-02T09:00:00+02:00", "2026-11-02T10:00:00+02:00"),
            ("2026-11-04T13:00:00+02:00", "2026-11-04T16:00:00+02:00"),
            ("2026-11-09T12:00:00+02:00", "2026-11-10T12:00:00+02:00"),
        ]
    );
}

/// RECURRENCE-ID;RANGE=THISANDFUTURE moves this and every later occurrence
/// (the same shift, the override's length and title); an occurrence with
/// an override of its own keeps that one.
#[test]
fn this_and_future_overrides_change_every_later_occurrence() {
    let got = rows("this-and-future.ics", day(2026, 11, 1), day(2026, 12, 15));
    let spans: Vec<(&str, &str, &str)> =
        got.iter().map(|(start, end, _, summary)| (start.as_str(), end.as_str(), summary.as_str())).collect();
    let later = "Viikkopalaveri (afternoons from now on)";
    assert_eq!(
        spans,
        [
            ("2026-11-02T09:00:00+02:00", "2026-11-02T10:00:00+02:00", "Viikkopalaveri"),
            ("2026-11-09T09:00:00+02:00", "2026-11-09T10:00:00+02:00", "Viikkopalaveri"),
            ("2026-11-16T13:00:00+02:00", "2026-11-16T15:00:00+02:00", later),
            ("2026-11-23T13:00:00+02:00", "2026-11-23T15:00:00+02:00", later),
            ("2026-12-01T10:00:00+02:00", "2026-12-01T11:00:00+02:00", "Viikkopalaveri (Tuesday this week)"),
            ("2026-12-07T13:00:00+02:00", "2026-12-07T15:00:00+02:00", later),
        ]
    );
}

/// A TZID that no name lookup knows is read from the file's VTIMEZONE
/// (Outlook's anonymous "GMT +0100 (Standard) / GMT +0200 (Daylight)", a
/// name in Swedish), DST included; and a definition in the file wins over
/// a name lookup (here "FLE Standard Time" defined as central European).
#[test]
fn vtimezone_definitions_are_read_and_win_over_names() {
    let mut warnings = Vec::new();
    let cal = read("outlook-vtimezones.ics");
    let list =
        calendar::occurrences(&cal, "outlook", Helsinki, day(2026, 3, 1), day(2026, 8, 1), &mut warnings).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let starts: Vec<(&str, String)> =
        list.iter().map(|o| (o.uid.as_str(), o.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))).collect();
    assert_eq!(
        starts,
        [
            ("winter", "2026-03-10T08:00:00Z".to_string()),
            ("summer", "2026-03-30T07:00:00Z".to_string()),
            ("swedish", "2026-07-01T07:00:00Z".to_string()),
            ("file-wins", "2026-07-02T07:00:00Z".to_string()),
        ]
    );
}

/// Two DTSTARTs, or an RRULE of no known FREQ, make the event unreadable:
/// its series is skipped (not guessed), the rest of the feed is read.
#[test]
fn two_starts_or_an_unknown_freq_cost_the_series() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:twice\nDTSTART:20261102T080000Z\nDTSTART:20261103T080000Z\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:fortnightly\nDTSTART:20261102T080000Z\nRRULE:FREQ=FORTNIGHTLY\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:fortnightly\nRECURRENCE-ID:20261116T080000Z\nDTSTART:20261116T100000Z\nEND:VEVENT\n\
BEGIN:VEVENT\nUID:fine\nDTSTART;VALUE=DATE:20261104\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = calendar::parse(text.as_bytes(), "odd.ics").unwrap();
    assert_eq!(cal.events.iter().map(|e| e.uid.as_str()).collect::<Vec<_>>(), ["fine"]);
    let at = |line, why| CalendarError::at("odd.ics", line, why);
    assert_eq!(
        cal.skipped,
        [
            at(2, Unreadable::StartTwice),
            at(7, Unreadable::UnknownFreq { rule: "FREQ=FORTNIGHTLY".into() }),
            at(12, Unreadable::Series { uid: "fortnightly".into() }),
        ]
    );
    // Worded for the operator, the line and the rule as data.
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi)
        .feed_note(&FeedNote::Skipped { line: 7, why: Unreadable::UnknownFreq { rule: "FREQ=FORTNIGHTLY".into() } });
    assert_eq!(
        fi,
        "rivi 7: säännöllä RRULE FREQ=FORTNIGHTLY ei ole tunnettua toistotiheyttä (FREQ); tapahtuma ja sen sarja ohitetaan"
    );
}

/// Regression: the calendar's own properties and a VTIMEZONE scan looked at
/// a line's first bytes by slicing, which panics when a line starts with a
/// character wider than one byte.
#[test]
fn lines_starting_with_wide_characters_before_events_do_not_panic() {
    let text = "BEGIN:VCALENDAR\nABCDEÄ:x\nX-WR-CALNAME:Jäsenet\nX-ABCDEFGHIJKLÄ:y\nBEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20261104\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = calendar::parse(text.as_bytes(), "wide.ics").unwrap();
    assert_eq!(cal.events.len(), 1);
}

// ---- Regressions found by the differential test (tests/calendar_differential.rs).

/// (start, end, summary, status) in UTC for inline calendar text, with no warnings.
fn inline(events: &str, from: &str, to: &str) -> Vec<(String, String, String, Option<String>)> {
    let text = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n");
    let mut warnings = Vec::new();
    let list = calendar::occurrences(
        text.as_bytes(),
        "inline.ics",
        Helsinki,
        from.parse().unwrap(),
        to.parse().unwrap(),
        &mut warnings,
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%MZ").to_string();
    let mut rows: Vec<_> =
        list.iter().map(|o| (fmt(o.start), fmt(o.end), o.summary.clone(), o.status.clone())).collect();
    rows.sort();
    rows
}

fn occ(start: &str, end: &str, summary: &str) -> (String, String, String, Option<String>) {
    (start.into(), end.into(), summary.into(), None)
}

#[test]
fn an_all_day_series_moved_by_a_day_stays_on_whole_days_across_dst() {
    // Weekly Mon/Fri/Sun from Mon 18 Oct 2027; from the first on, every
    // occurrence moves a day later. Sun 31 Oct (the DST change) becomes
    // Mon 1 Nov, midnight to midnight in Helsinki, not 23:00 on the 31st.
    let got = inline(
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20271018\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,FR,SU;COUNT=6\r\nSUMMARY:Away\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:a\r\nRECURRENCE-ID;VALUE=DATE;RANGE=THISANDFUTURE:20271018\r\nDTSTART;VALUE=DATE:20271019\r\nDTEND;VALUE=DATE:20271020\r\nSUMMARY:Away (moved)\r\nEND:VEVENT\r\n",
        "2027-10-31T00:00:00Z",
        "2027-11-03T00:00:00Z",
    );
    assert_eq!(got, vec![occ("2027-10-31T22:00Z", "2027-11-01T22:00Z", "Away (moved)")]);
}

#[test]
fn an_override_of_an_excluded_instance_stands_for_nothing() {
    // Moved, then deleted: the server keeps the override and adds an EXDATE.
    let got = inline(
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270519T131500Z\r\nDURATION:PT15M\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEXDATE:20270521T131500Z\r\nSUMMARY:Daily\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b\r\nRECURRENCE-ID:20270521T131500Z\r\nDTSTART:20270521T141500Z\r\nDURATION:PT15M\r\nSUMMARY:Daily (moved)\r\nEND:VEVENT\r\n",
        "2027-05-21T00:00:00Z",
        "2027-05-22T00:00:00Z",
    );
    assert_eq!(got, vec![]);
}

#[test]
fn a_this_and_future_override_of_no_instance_stands_for_itself() {
    // The rule ends on 1 Aug; the override names 7 Aug, which it never made.
    let got = inline(
        "BEGIN:VEVENT\r\nUID:c\r\nDTSTART;VALUE=DATE:20270730\r\nRRULE:FREQ=DAILY;INTERVAL=2;COUNT=2\r\nSUMMARY:Away\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:c\r\nRECURRENCE-ID;VALUE=DATE;RANGE=THISANDFUTURE:20270807\r\nDTSTART;VALUE=DATE:20270807\r\nSUMMARY:Away\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        "2027-08-05T00:00:00Z",
        "2027-08-10T00:00:00Z",
    );
    assert_eq!(
        got,
        vec![("2027-08-06T21:00Z".into(), "2027-08-07T21:00Z".into(), "Away".into(), Some("CANCELLED".into()))]
    );
}

#[test]
fn a_second_rule_counts_from_the_real_start() {
    // Every other day until 6 Jan, and five Saturdays from 12 Dec: the
    // Saturdays end on 9 Jan, however late the window starts.
    let got = inline(
        "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;TZID=Europe/Stockholm:20261212T164500\r\nDURATION:PT15M\r\n\
         RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20270106T180500Z\r\nRRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=5\r\nSUMMARY:Two rules\r\nEND:VEVENT\r\n",
        "2027-01-07T00:00:00Z",
        "2027-02-01T00:00:00Z",
    );
    assert_eq!(got, vec![occ("2027-01-09T15:45Z", "2027-01-09T16:00Z", "Two rules")]);
}

#[test]
fn a_rule_that_ends_before_it_starts_makes_nothing_and_costs_nothing_else() {
    let got = inline(
        "BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20270725T124500Z\r\nDURATION:PT1H\r\nRRULE:FREQ=YEARLY;UNTIL=20270725T112600Z\r\nSUMMARY:Void\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20270726T120000Z\r\nDURATION:PT1H\r\nSUMMARY:Kept\r\nEND:VEVENT\r\n",
        "2027-07-01T00:00:00Z",
        "2027-08-01T00:00:00Z",
    );
    assert_eq!(got, vec![occ("2027-07-26T12:00Z", "2027-07-26T13:00Z", "Kept")]);
}

#[test]
fn an_old_rule_that_ended_keeps_its_event_and_its_rdate() {
    // The start moved forward towards the window must not pass UNTIL: the
    // recurrence crate refused that, and the whole event with its RDATE went.
    let got = inline(
        "BEGIN:VEVENT\r\nUID:g\r\nDTSTART;TZID=Europe/Helsinki:20261210T123000\r\nDTEND;TZID=Europe/Helsinki:20261210T160000\r\n\
         RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20261214T113500Z\r\nRDATE;TZID=Europe/Helsinki:20270203T143000\r\nSUMMARY:Old\r\nEND:VEVENT\r\n",
        "2027-01-01T00:00:00Z",
        "2027-03-01T00:00:00Z",
    );
    assert_eq!(got, vec![occ("2027-02-03T12:30Z", "2027-02-03T16:00Z", "Old")]);
}

#[test]
fn an_rdate_period_in_a_moved_series_keeps_its_own_length() {
    let got = inline(
        "BEGIN:VEVENT\r\nUID:h\r\nDTSTART;TZID=Europe/Helsinki:20270831T103000\r\nDTEND;TZID=Europe/Helsinki:20270831T140000\r\n\
         RRULE:FREQ=MONTHLY;COUNT=1\r\nRDATE;VALUE=PERIOD;TZID=Europe/Helsinki:20270919T133000/PT2H\r\nSUMMARY:Series\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:h\r\nRECURRENCE-ID;TZID=Europe/Helsinki;RANGE=THISANDFUTURE:20270831T103000\r\n\
         DTSTART;TZID=Europe/Helsinki:20270831T120000\r\nDURATION:PT30M\r\nSUMMARY:Series (moved)\r\nEND:VEVENT\r\n",
        "2027-08-01T00:00:00Z",
        "2027-10-01T00:00:00Z",
    );
    assert_eq!(
        got,
        vec![
            occ("2027-08-31T09:00Z", "2027-08-31T09:30Z", "Series (moved)"),
            occ("2027-09-19T12:00Z", "2027-09-19T14:00Z", "Series (moved)"),
        ]
    );
}

#[test]
fn one_instant_made_twice_is_one_occurrence() {
    // An RDATE equal to DTSTART, and two rules meeting on one day.
    let got = inline(
        "BEGIN:VEVENT\r\nUID:i\r\nDTSTART:20270301T090000Z\r\nDURATION:PT1H\r\nRDATE:20270301T090000Z\r\nSUMMARY:Once\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:j\r\nDTSTART:20270301T120000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\nRRULE:FREQ=WEEKLY;COUNT=1\r\nSUMMARY:Twice\r\nEND:VEVENT\r\n",
        "2027-03-01T00:00:00Z",
        "2027-03-03T00:00:00Z",
    );
    assert_eq!(
        got,
        vec![
            occ("2027-03-01T09:00Z", "2027-03-01T10:00Z", "Once"),
            occ("2027-03-01T12:00Z", "2027-03-01T13:00Z", "Twice"),
            occ("2027-03-02T12:00Z", "2027-03-02T13:00Z", "Twice"),
        ]
    );
}
