//! Differential test: calendars generated from a fixed seed are read by
//! Vaihde and by an independent implementation (Python's `icalendar` +
//! `recurring-ical-events` + `x-wr-timezone`, pinned, set up by
//! `scripts/calendar-reference`), and every occurrence must agree: UID,
//! start and end instants, title and status.
//!
//! The generator writes what real calendars contain: UTC, IANA-zoned,
//! floating and all-day starts; DTEND, DURATION (exact and nominal) or
//! neither; DAILY/WEEKLY/MONTHLY/YEARLY rules with INTERVAL, COUNT, UNTIL,
//! BYDAY (also ordinal), BYMONTHDAY, BYMONTH, BYSETPOS and WKST; two RRULEs
//! in one event; EXDATE; RDATE (also periods); RECURRENCE-ID overrides that
//! move, retitle or cancel one occurrence or (RANGE=THISANDFUTURE) all later
//! ones; Google's X-WR-TIMEZONE; a VTIMEZONE under a name no lookup knows.
//!
//! It leaves out, on purpose, what the RFC leaves undefined or where the
//! reference is known to be wrong, so that every disagreement means
//! something:
//! - a DTSTART that does not match its own rule (RFC 5545 3.8.5.3: the set
//!   is undefined): every generated start is an occurrence of its rule;
//! - an exact length spanning a daylight-saving change: Python adds
//!   durations on the wall clock (see `tests/differential/reference.py`), so
//!   timed events of exact length lie between 06:00 and 23:00;
//! - local times inside a daylight-saving gap (Python gives a gap time the
//!   offset before the gap for the start and after it for the end);
//!   `tests/calendar.rs` covers gaps against hand-written expectations.
//!
//! `VAIHDE_DIFFERENTIAL_SEED` and `VAIHDE_DIFFERENTIAL_CALENDARS` try other
//! seeds and sizes; a failure prints the calendar and both readings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::Helsinki;

/// The window both readers are asked about.
const FROM: &str = "2027-01-01T00:00:00Z";
const TO: &str = "2027-12-01T00:00:00Z";

/// splitmix64: small, fixed across platforms and versions, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// How a generated event writes its times.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Utc,
    Zoned(&'static str),
    Floating,
    Date,
}

/// A TZID no name lookup knows, defined in the file with Central European rules.
const DEFINED: &str = "Lokal tid (normaltid)";
const DEFINED_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Lokal tid (normaltid)\r\n\
BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

impl Style {
    /// `;PARAMS:VALUE` for a property holding `t` (a date for all-day events).
    fn value(self, t: NaiveDateTime) -> String {
        match self {
            Style::Utc => format!(":{}Z", t.format("%Y%m%dT%H%M%S")),
            Style::Zoned(tz) => format!(";TZID={tz}:{}", t.format("%Y%m%dT%H%M%S")),
            Style::Floating => format!(":{}", t.format("%Y%m%dT%H%M%S")),
            Style::Date => format!(";VALUE=DATE:{}", t.format("%Y%m%d")),
        }
    }
    /// An UNTIL of the same kind as the start (RFC 5545 3.3.10: UTC when
    /// the start has a zone, a date for dates, floating for floating).
    fn until(self, t: NaiveDateTime) -> String {
        match self {
            Style::Utc | Style::Zoned(_) => format!("{}Z", t.format("%Y%m%dT%H%M%S")),
            Style::Floating => t.format("%Y%m%dT%H%M%S").to_string(),
            Style::Date => t.format("%Y%m%d").to_string(),
        }
    }
}

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn code(d: Weekday) -> &'static str {
    WEEKDAYS[d.num_days_from_monday() as usize]
}

fn days_in_month(d: NaiveDate) -> u32 {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).map_or(28, |n| n.pred_opt().map_or(28, |p| p.day()))
}

fn last_in_month(d: NaiveDate, pred: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut day = d.with_day(days_in_month(d)).unwrap_or(d);
    while !pred(day) {
        day = day.pred_opt().unwrap_or(day);
    }
    day
}

fn weekday_of_week(d: NaiveDate) -> bool {
    d.weekday().num_days_from_monday() < 5
}

/// A rule whose first occurrence is the (possibly moved) start, and how far
/// apart its occurrences are when that is simple (for overrides and EXDATEs
/// that hit real occurrences).
fn rule(rng: &mut Rng, start: &mut NaiveDateTime, style: Style) -> (String, Option<Duration>) {
    let interval = if rng.chance(40) { rng.range(2, 3) } else { 1 };
    let every = |days: i64| Duration::days(days * interval);
    let mut step = None;
    let mut r = match rng.below(10) {
        0..=2 => {
            if rng.chance(25) {
                while !weekday_of_week(start.date()) {
                    *start += Duration::days(1);
                }
                "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR".to_string()
            } else {
                step = Some(every(1));
                "FREQ=DAILY".to_string()
            }
        }
        3..=5 => {
            if rng.chance(50) {
                let mut days = vec![code(start.weekday())];
                for _ in 0..rng.range(1, 3) {
                    let d = *rng.pick(&WEEKDAYS);
                    if !days.contains(&d) {
                        days.push(d);
                    }
                }
                let wkst = if interval > 1 && rng.chance(50) { ";WKST=SU" } else { "" };
                format!("FREQ=WEEKLY;BYDAY={}{wkst}", days.join(","))
            } else {
                step = Some(every(7));
                "FREQ=WEEKLY".to_string()
            }
        }
        6..=8 => match rng.below(4) {
            0 => "FREQ=MONTHLY".to_string(),
            1 => format!("FREQ=MONTHLY;BYMONTHDAY={}", start.day()),
            2 => {
                let d = start.date();
                let nth =
                    if d.day() + 7 > days_in_month(d) && rng.chance(50) { -1 } else { (d.day() as i64 - 1) / 7 + 1 };
                format!("FREQ=MONTHLY;BYDAY={nth}{}", code(d.weekday()))
            }
            _ => {
                let last = last_in_month(start.date(), weekday_of_week);
                *start = last.and_time(start.time());
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1".to_string()
            }
        },
        _ => {
            if rng.chance(50) {
                let last = last_in_month(start.date(), |d| d.weekday() == Weekday::Sun);
                *start = last.and_time(start.time());
                format!("FREQ=YEARLY;BYMONTH={};BYDAY=-1SU", start.month())
            } else {
                "FREQ=YEARLY".to_string()
            }
        }
    };
    if interval > 1 {
        write!(r, ";INTERVAL={interval}").ok();
    }
    match rng.below(10) {
        0..=3 => {
            write!(r, ";COUNT={}", rng.range(1, 30)).ok();
        }
        4..=6 => {
            let until = *start + Duration::days(rng.range(0, 200)) + Duration::minutes(rng.range(-90, 90));
            write!(r, ";UNTIL={}", style.until(until)).ok();
        }
        _ => {}
    }
    (r, step)
}

/// One VEVENT (and its overrides) of calendar `n`.
fn event(rng: &mut Rng, out: &mut String, uid: &str, styles: &[Style]) {
    let style = *rng.pick(styles);
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let time = NaiveTime::from_hms_opt(rng.range(6, 18) as u32, *rng.pick(&[0, 15, 30, 45]), 0).unwrap_or_default();
    let mut start = (first + Duration::days(rng.range(0, 380))).and_time(time);
    let recurring = rng.chance(70);
    let rules = if recurring {
        let (r, step) = rule(rng, &mut start, style);
        let mut rules = vec![(r, step)];
        if rng.chance(8) {
            // A second rule through the same start (RFC 2445 allowed several).
            rules.push((format!("FREQ=WEEKLY;BYDAY={};COUNT={}", code(start.weekday()), rng.range(2, 8)), None));
        }
        rules
    } else {
        Vec::new()
    };
    let start_date = start.date().and_time(NaiveTime::MIN);
    let at = |t: NaiveDateTime| if style == Style::Date { t.date().and_time(NaiveTime::MIN) } else { t };
    let start = at(start);
    // The length: exact lengths stay inside 06:00–23:00.
    let length = if style == Style::Date {
        match rng.below(4) {
            0 | 1 => Some(format!("DTEND{}", style.value(start_date + Duration::days(rng.range(1, 3))))),
            2 => Some(format!("DURATION:P{}D", rng.range(1, 3))),
            _ => None,
        }
    } else {
        match rng.below(20) {
            0..=9 => Some(format!("DTEND{}", style.value(start + Duration::minutes(15 * rng.range(1, 16))))),
            10..=14 => Some(format!("DURATION:PT{}H{}M", rng.range(0, 4), 15 * rng.range(1, 3))),
            15..=16 => Some("DURATION:P1D".to_string()),
            _ => None,
        }
    };
    let title = format!("Event {uid}");
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:{title}\r\nDTSTART{}\r\n",
        style.value(start)
    );
    if let Some(l) = &length {
        let _ = write!(out, "{l}\r\n");
    }
    for (r, _) in &rules {
        let _ = write!(out, "RRULE:{r}\r\n");
    }
    let step = rules.first().and_then(|(_, s)| *s);
    if recurring && rng.chance(30) {
        for _ in 0..rng.range(1, 2) {
            let k = rng.range(1, 6);
            let t = match step {
                Some(s) => start + s * k as i32,
                None => start + Duration::days(k),
            };
            let _ = write!(out, "EXDATE{}\r\n", style.value(t));
        }
    }
    if rng.chance(20) {
        let t = at(start + Duration::days(rng.range(1, 60)) + Duration::hours(rng.range(0, 3)));
        if style != Style::Date && rng.chance(30) {
            // A period with its own exact length, inside the day.
            let value = style.value(t);
            let (params, v) = value.split_once(':').unwrap_or(("", ""));
            let _ = write!(out, "RDATE;VALUE=PERIOD{params}:{v}/PT{}H\r\n", rng.range(1, 2));
        } else {
            let _ = write!(out, "RDATE{}\r\n", style.value(t));
        }
    }
    out.push_str("END:VEVENT\r\n");
    if !recurring || !rng.chance(35) {
        return;
    }
    // An override of an occurrence that exists: the k-th of a simple rule, else the first.
    let k = if step.is_some() { rng.range(0, 4) } else { 0 };
    let rid = start + step.unwrap_or_else(Duration::zero) * k as i32;
    let future = rng.chance(15);
    let range = if future { ";RANGE=THISANDFUTURE" } else { "" };
    let rid_value = style.value(rid);
    let (rid_params, rid_v) = rid_value.split_once(':').unwrap_or(("", ""));
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nRECURRENCE-ID{rid_params}{range}:{rid_v}\r\n"
    );
    let shift =
        if style == Style::Date { Duration::days(rng.range(0, 1)) } else { Duration::minutes(30 * rng.range(0, 6)) };
    let moved = rid + shift;
    let _ = write!(out, "DTSTART{}\r\n", style.value(moved));
    match rng.below(4) {
        0 => {
            let _ = write!(out, "SUMMARY:{title}\r\nSTATUS:CANCELLED\r\n");
        }
        _ => {
            let _ = write!(out, "SUMMARY:{title} (moved)\r\n");
            if style == Style::Date {
                let _ = write!(out, "DTEND{}\r\n", style.value(moved + Duration::days(1)));
            } else {
                let _ = write!(out, "DURATION:PT{}M\r\n", 30 * rng.range(1, 4));
            }
        }
    }
    out.push_str("END:VEVENT\r\n");
}

/// Calendar number `n`: one to four events, sometimes Google's calendar
/// zone, sometimes a zone defined in the file.
fn calendar(rng: &mut Rng, n: usize) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Vaihde//differential//EN\r\n");
    let google = rng.chance(12);
    let defined = !google && rng.chance(12);
    if google {
        out.push_str("X-WR-TIMEZONE:Europe/Stockholm\r\n");
    }
    if defined {
        out.push_str(DEFINED_VTIMEZONE);
    }
    let styles: Vec<Style> = if google {
        vec![Style::Utc, Style::Floating, Style::Date]
    } else if defined {
        vec![Style::Zoned(DEFINED), Style::Zoned(DEFINED), Style::Date]
    } else {
        vec![
            Style::Utc,
            Style::Zoned("Europe/Helsinki"),
            Style::Zoned("Europe/Helsinki"),
            Style::Zoned("America/New_York"),
            Style::Zoned("Europe/Stockholm"),
            Style::Floating,
            Style::Date,
            Style::Date,
        ]
    };
    for i in 0..rng.range(1, 4) {
        event(rng, &mut out, &format!("c{n}-e{i}"), &styles);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// (uid, start, end, title, status), instants in UTC.
type Row = (String, String, String, String, Option<String>);

fn vaihde_rows(bytes: &[u8], name: &str) -> Result<Vec<Row>, String> {
    let from: DateTime<Utc> = FROM.parse().map_err(|e| format!("{e}"))?;
    let to: DateTime<Utc> = TO.parse().map_err(|e| format!("{e}"))?;
    let mut warnings = Vec::new();
    let list =
        vaihde::calendar::occurrences(bytes, name, Helsinki, from, to, &mut warnings).map_err(|e| e.to_string())?;
    if !warnings.is_empty() {
        return Err(format!("warnings: {warnings:?}"));
    }
    let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut rows: Vec<Row> = list
        .iter()
        .map(|o| {
            (o.uid.clone(), fmt(o.start), fmt(o.end), o.summary.clone(), o.status.as_ref().map(|s| s.to_uppercase()))
        })
        .collect();
    rows.sort();
    Ok(rows)
}

/// The reference interpreter: `VAIHDE_CALENDAR_REFERENCE`, else the one
/// `scripts/calendar-reference` sets up in the target directory.
fn reference_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VAIHDE_CALENDAR_REFERENCE") {
        return Some(PathBuf::from(p));
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/calendar-reference/bin/python3");
    p.exists().then_some(p)
}

/// The rows of `a` not matched one for one in `b`.
fn minus<'a>(a: &'a [Row], b: &[Row]) -> Vec<&'a Row> {
    let mut left: Vec<Option<&Row>> = b.iter().map(Some).collect();
    a.iter()
        .filter(|r| match left.iter_mut().find(|x| x.is_some_and(|x| x == *r)) {
            Some(slot) => {
                *slot = None;
                false
            }
            None => true,
        })
        .collect()
}

#[test]
fn vaihde_agrees_with_an_independent_reader_on_generated_calendars() {
    let Some(python) = reference_python() else {
        // CI always has it (scripts/test sets it up); a developer may not.
        assert!(std::env::var_os("CI").is_none(), "the calendar reference is missing: run scripts/calendar-reference");
        eprintln!("skipped: no calendar reference (run scripts/calendar-reference)");
        return;
    };
    let seed: u64 = std::env::var("VAIHDE_DIFFERENTIAL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_203);
    let count: usize = std::env::var("VAIHDE_DIFFERENTIAL_CALENDARS").ok().and_then(|s| s.parse().ok()).unwrap_or(400);
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed);
    let mut texts = BTreeMap::new();
    for n in 0..count {
        let name = format!("{n:04}.ics");
        let text = calendar(&mut rng, n);
        std::fs::write(dir.path().join(&name), &text).unwrap();
        texts.insert(name, text);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/reference.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(dir.path())
        .args(["Europe/Helsinki", FROM, TO])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(out.status.success(), "the reference failed: {}", String::from_utf8_lossy(&out.stderr));
    let reference: BTreeMap<String, Vec<Row>> = serde_json::from_slice(&out.stdout).unwrap();

    let (mut total, mut agreeing, mut report) = (0usize, 0usize, String::new());
    let mut bad_files = 0;
    for (name, text) in &texts {
        let theirs = reference.get(name).cloned().unwrap_or_default();
        let ours = match vaihde_rows(text.as_bytes(), name) {
            Ok(rows) => rows,
            Err(e) => vec![(format!("ERROR {e}"), String::new(), String::new(), String::new(), None)],
        };
        total += theirs.len().max(ours.len());
        agreeing += theirs.len() - minus(&theirs, &ours).len();
        if ours != theirs {
            bad_files += 1;
            if bad_files <= std::env::var("VAIHDE_DIFFERENTIAL_SHOW").ok().and_then(|s| s.parse().ok()).unwrap_or(5) {
                // Multisets: the same occurrence twice (a rule and an RDATE) counts.
                let only_ours = minus(&ours, &theirs);
                let only_theirs = minus(&theirs, &ours);
                let _ = write!(report, "\n=== {name}\n{text}");
                for (side, rows) in [("only Vaihde", only_ours), ("only the reference", only_theirs)] {
                    for r in rows {
                        let _ = writeln!(report, "--- {side}: {} {} .. {} {:?} {:?}", r.0, r.1, r.2, r.3, r.4);
                    }
                }
            }
        }
    }
    eprintln!("differential: {count} calendars, {total} occurrences, {agreeing} agree (seed {seed})");
    assert!(total > count, "the generator made too few occurrences to mean anything: {total}");
    assert!(bad_files == 0, "{bad_files} of {count} calendars read differently (seed {seed}):{report}");
}
