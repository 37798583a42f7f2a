//! Reading VEVENTs into plain data: times as written (date, UTC, zoned or
//! floating), recurrence parts, and the properties that decide whether the
//! person is away. Parsing of the content lines themselves is the
//! `icalendar` crate's; this module checks structure and values and names
//! the line of anything wrong.

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property};

use super::CalendarError;
use super::text::Unfolded;
use super::zones;
use crate::model::{FeedNote, Unreadable, line_no as note_line};

/// A time as the calendar wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// VALUE=DATE: a whole day, in the calendar owner's (the company's) zone.
    Date(NaiveDate),
    Utc(chrono::DateTime<Utc>),
    Zoned(NaiveDateTime, Tz),
    /// No zone at all: taken in the company's zone.
    Floating(NaiveDateTime),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Line in the original file where the VEVENT begins.
    pub line: usize,
    pub uid: String,
    pub summary: String,
    /// CLASS:PRIVATE or CONFIDENTIAL: the title is never shown.
    pub private: bool,
    pub start: When,
    pub end: Option<When>,
    pub duration: Option<Nominal>,
    pub rrule: Option<String>,
    /// Further RRULEs (RFC 2445 allowed several; some servers still write
    /// them): the occurrences are the union.
    pub more_rrules: Vec<String>,
    pub rdates: Vec<When>,
    /// RDATE;VALUE=PERIOD: an extra occurrence with its own end (its start
    /// is in `rdates` too, so EXDATE and overrides apply to it).
    pub periods: Vec<(When, PeriodEnd)>,
    pub exdates: Vec<When>,
    pub recurrence_id: Option<When>,
    /// RECURRENCE-ID;RANGE=THISANDFUTURE: the override changes this and
    /// every later occurrence of the series.
    pub this_and_future: bool,
    pub status: Option<String>,
    pub transp: Option<String>,
    pub busy_status: Option<String>,
    /// ATTENDEE and ORGANIZER addresses, lower-case, without mailto:.
    pub emails: Vec<String>,
    /// Things that were wrong but could be worked around (an unknown zone).
    pub warnings: Vec<EventWarning>,
}

/// Something wrong with an event that could be worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventWarning {
    /// A TZID nobody knows: its times were taken in the company's zone.
    UnknownZone(String),
    /// DTEND before DTSTART: read as a moment at its start.
    EndBeforeStart,
}

impl EventWarning {
    /// The feed's note, at the event's line.
    pub fn note(&self, line: usize) -> FeedNote {
        let line = note_line(line);
        match self {
            EventWarning::UnknownZone(zone) => FeedNote::UnknownZone { line, zone: zone.clone() },
            EventWarning::EndBeforeStart => FeedNote::EndBeforeStart { line },
        }
    }
}

/// Checks BEGIN/END nesting so a truncated file is named as such, and that
/// this is a calendar at all (a login page served instead is common).
/// Returns the unfolded-line ranges (first, last) of the calendar's own
/// VEVENTs, found on the same pass.
/// Deepest nesting of BEGIN/END blocks accepted.
const MAX_DEPTH: usize = 8;

pub fn check_structure(u: &Unfolded, source: &str) -> Result<Vec<(usize, usize)>, CalendarError> {
    // (name, original line, unfolded index) of each open component.
    let mut stack: Vec<(String, usize, usize)> = Vec::new();
    let mut events = Vec::new();
    let lines: Vec<&str> = u.text.lines().collect();
    let line_no = |i: usize| u.line_of.get(i).copied().unwrap_or(i + 1);
    let first = lines.first().map(|l| l.trim()).unwrap_or("");
    if !first.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Err(CalendarError::NotACalendar { origin: source.into(), web_page: first.starts_with('<') });
    }
    for (i, line) in lines.iter().enumerate() {
        let upper = line.trim().to_ascii_uppercase();
        if let Some(name) = upper.strip_prefix("BEGIN:") {
            // Real calendars nest three or four deep (VCALENDAR, VTIMEZONE,
            // STANDARD; VEVENT, VALARM). The parser recurses per level, so a
            // hostile file nesting thousands deep would overflow the stack.
            if stack.len() >= MAX_DEPTH {
                return Err(CalendarError::at(source, line_no(i), Unreadable::TooDeep { max: MAX_DEPTH as u32 }));
            }
            stack.push((name.to_string(), line_no(i), i));
        } else if let Some(name) = upper.strip_prefix("END:") {
            match stack.pop() {
                Some((open, _, first)) if open == name => {
                    // Depth 1 after the pop: a direct child of VCALENDAR.
                    if open == "VEVENT" && stack.len() == 1 {
                        events.push((first, i));
                    }
                }
                Some((open, at, _)) => {
                    return Err(CalendarError::at(
                        source,
                        line_no(i),
                        Unreadable::EndMismatch { end: name.to_string(), begin: open, begin_line: note_line(at) },
                    ));
                }
                None => {
                    return Err(CalendarError::at(
                        source,
                        line_no(i),
                        Unreadable::EndWithoutBegin { name: name.to_string() },
                    ));
                }
            }
        }
    }
    if let Some((open, at, _)) = stack.pop() {
        return Err(CalendarError::at(source, at, Unreadable::NeverClosed { name: open }));
    }
    Ok(events)
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<&'a Property<'a>> {
    c.properties.iter().find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a Property<'a>, key: &str) -> Option<&'a str> {
    p.params.iter().find(|x| x.key.as_str().eq_ignore_ascii_case(key)).and_then(|x| x.val.as_ref()).map(|v| v.as_str())
}

/// A one-line text value (titles): escapes undone, line breaks as spaces.
/// A title as stored and shown: through the door, cut (not refused) at the
/// one-line limit, since a stranger's calendar is not ours to reject.
fn text_value(p: &Property<'_>) -> String {
    crate::text::clipped(crate::text::Kind::Line, &crate::text::unescape(p.val.as_str(), ' '))
}

/// Parses a DATE or DATE-TIME value with its TZID, per RFC 5545.
/// The zones the file's VTIMEZONE blocks define, by TZID.
pub type Defined = std::collections::HashMap<String, Tz>;

fn parse_when(
    value: &str,
    tzid: Option<&str>,
    is_date: bool,
    defined: &Defined,
    warnings: &mut Vec<EventWarning>,
) -> Result<When, String> {
    let v = value.trim();
    if is_date || (v.len() == 8 && v.chars().all(|c| c.is_ascii_digit())) {
        return NaiveDate::parse_from_str(v, "%Y%m%d").map(When::Date).map_err(|_| v.to_string());
    }
    if let Some(utc) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| v.to_string())?;
        return Ok(When::Utc(Utc.from_utc_datetime(&naive)));
    }
    let naive = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").map_err(|_| v.to_string())?;
    match tzid {
        None => Ok(When::Floating(naive)),
        Some(id) => match defined.get(id.trim().trim_matches('"')).copied().or_else(|| zones::resolve(id)) {
            Some(tz) => Ok(When::Zoned(naive, tz)),
            None => {
                warnings.push(EventWarning::UnknownZone(id.trim().trim_matches('"').to_string()));
                Ok(When::Floating(naive))
            }
        },
    }
}

/// A value of `p` that is not what the property needs.
fn bad_value(p: &Property<'_>, value: &str) -> Unreadable {
    Unreadable::Value { property: p.name.as_str().to_ascii_uppercase(), value: value.trim().chars().take(80).collect() }
}

fn when_prop(p: &Property<'_>, defined: &Defined, warnings: &mut Vec<EventWarning>) -> Result<When, Unreadable> {
    let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    parse_when(p.val.as_str(), param(p, "TZID"), is_date, defined, warnings).map_err(|v| bad_value(p, &v))
}

/// How an RDATE period ends: at a time, or after a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodEnd {
    At(When),
    After(Nominal),
}

/// The periods of an RDATE;VALUE=PERIOD ("start/end" or "start/duration").
fn period_list(
    p: &Property<'_>,
    defined: &Defined,
    warnings: &mut Vec<EventWarning>,
) -> Result<Vec<(When, PeriodEnd)>, Unreadable> {
    let mut out = Vec::new();
    for v in p.val.as_str().split(',').filter(|v| !v.trim().is_empty()) {
        let (start, end) = v.split_once('/').ok_or_else(|| bad_value(p, v))?;
        let start = parse_when(start, param(p, "TZID"), false, defined, warnings).map_err(|_| bad_value(p, v))?;
        let end = if end.trim_start_matches(['+', '-']).starts_with('P') {
            PeriodEnd::After(parse_nominal(end).ok_or_else(|| bad_value(p, v))?)
        } else {
            PeriodEnd::At(parse_when(end, param(p, "TZID"), false, defined, warnings).map_err(|_| bad_value(p, v))?)
        };
        out.push((start, end));
    }
    Ok(out)
}

fn when_list(p: &Property<'_>, defined: &Defined, warnings: &mut Vec<EventWarning>) -> Result<Vec<When>, Unreadable> {
    if param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
        // Only RDATE takes periods: the caller reads them with `period_list`.
        return Ok(Vec::new());
    }
    let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    p.val
        .as_str()
        .split(',')
        .filter(|v| !v.trim().is_empty())
        .map(|v| parse_when(v, param(p, "TZID"), is_date, defined, warnings).map_err(|v| bad_value(p, &v)))
        .collect()
}

/// A DURATION as RFC 5545 §3.3.6 means it: days (and weeks) are nominal,
/// counted on the wall clock, so `P1D` from 12:00 the day before a DST
/// change ends at 12:00 the next day; the time part is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nominal {
    pub days: i64,
    pub exact: Duration,
}

impl Nominal {
    /// Its length as if no clock changed (for looking back from a window).
    pub fn approx(self) -> Duration {
        Duration::days(self.days) + self.exact
    }
}

/// [`parse_duration`], keeping days apart from hours, minutes and seconds.
pub fn parse_nominal(text: &str) -> Option<Nominal> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let (date, time) = match t.strip_prefix('P')?.split_once('T') {
        Some((d, tm)) => (d, Some(tm)),
        None => (t.strip_prefix('P')?, None),
    };
    let days = if date.is_empty() { 0 } else { parse_duration(&format!("P{date}"))?.num_days() };
    let exact = match time {
        Some(tm) => parse_duration(&format!("PT{tm}"))?,
        None => Duration::zero(),
    };
    Some(Nominal { days: sign * days, exact: if sign < 0 { -exact } else { exact } })
}

/// ISO 8601 durations as RFC 5545 uses them: P1D, PT1H30M, P2W, P1DT12H.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in t.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            _ => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += match (c, in_time) {
                    ('W', false) => Duration::weeks(n),
                    ('D', false) => Duration::days(n),
                    ('H', true) => Duration::hours(n),
                    ('M', true) => Duration::minutes(n),
                    ('S', true) => Duration::seconds(n),
                    _ => return None,
                };
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// One VEVENT; `line` is where it begins in the original file.
pub fn event(c: &Component<'_>, line: usize, defined: &Defined) -> Result<Event, Unreadable> {
    let mut warnings = Vec::new();
    let uid = prop(c, "UID").map(text_value).unwrap_or_default();
    let start = prop(c, "DTSTART").ok_or(Unreadable::NoStart)?;
    // Two starts, or a rule of no known frequency: which occurrences the
    // event has cannot be known, so it is not guessed (its series goes).
    if c.properties.iter().filter(|p| p.name.as_str().eq_ignore_ascii_case("DTSTART")).count() > 1 {
        return Err(Unreadable::StartTwice);
    }
    for p in c.properties.iter().filter(|p| p.name.as_str().eq_ignore_ascii_case("RRULE")) {
        let rule = p.val.as_str();
        let freq = rule.split(';').find_map(|x| {
            let (k, v) = x.split_once('=')?;
            k.trim().eq_ignore_ascii_case("FREQ").then(|| v.trim().to_ascii_uppercase())
        });
        const KNOWN: [&str; 7] = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
        if !freq.as_deref().is_some_and(|f| KNOWN.contains(&f)) {
            return Err(Unreadable::UnknownFreq { rule: rule.chars().take(200).collect() });
        }
    }
    let start = when_prop(start, defined, &mut warnings)?;
    let end = prop(c, "DTEND").map(|p| when_prop(p, defined, &mut warnings)).transpose()?;
    let duration = match prop(c, "DURATION") {
        Some(p) => Some(parse_nominal(p.val.as_str()).ok_or_else(|| bad_value(p, p.val.as_str()))?),
        None => None,
    };
    // Other readers take an end before the start as a moment at the start;
    // so does Vaihde (it then makes nobody unavailable), rather than refusing the event.
    let reversed = match (start, end) {
        (When::Date(s), Some(When::Date(e))) => e < s,
        (When::Utc(s), Some(When::Utc(e))) => e < s,
        (When::Floating(s), Some(When::Floating(e))) => e < s,
        (When::Zoned(s, a), Some(When::Zoned(e, b))) => a == b && e < s,
        _ => false,
    };
    if reversed {
        warnings.push(EventWarning::EndBeforeStart);
    }
    let mut rdates = Vec::new();
    let mut periods = Vec::new();
    let mut exdates = Vec::new();
    for p in &c.properties {
        match p.name.as_str().to_ascii_uppercase().as_str() {
            "RDATE" if param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) => {
                let list = period_list(p, defined, &mut warnings)?;
                rdates.extend(list.iter().map(|(start, _)| *start));
                periods.extend(list);
            }
            "RDATE" => rdates.extend(when_list(p, defined, &mut warnings)?),
            "EXDATE" => exdates.extend(when_list(p, defined, &mut warnings)?),
            _ => {}
        }
    }
    let upper =
        |name: &str| prop(c, name).map(|p| p.val.as_str().trim().to_ascii_uppercase()).filter(|v| !v.is_empty());
    let class = upper("CLASS");
    let mut emails = Vec::new();
    for p in &c.properties {
        let name = p.name.as_str().to_ascii_uppercase();
        if name == "ATTENDEE" || name == "ORGANIZER" {
            let v = p.val.as_str().trim();
            let addr = v.strip_prefix("mailto:").or_else(|| v.strip_prefix("MAILTO:")).unwrap_or(v);
            if addr.contains('@') {
                emails.push(addr.to_lowercase());
            }
        }
    }
    Ok(Event {
        line,
        uid,
        summary: prop(c, "SUMMARY").map(text_value).unwrap_or_default(),
        private: matches!(class.as_deref(), Some("PRIVATE") | Some("CONFIDENTIAL")),
        start,
        end,
        duration,
        rrule: prop(c, "RRULE").map(|p| p.val.as_str().trim().to_string()),
        more_rrules: c
            .properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case("RRULE"))
            .skip(1)
            .map(|p| p.val.as_str().trim().to_string())
            .collect(),
        rdates,
        periods,
        exdates,
        recurrence_id: prop(c, "RECURRENCE-ID").map(|p| when_prop(p, defined, &mut warnings)).transpose()?,
        this_and_future: prop(c, "RECURRENCE-ID")
            .and_then(|p| param(p, "RANGE"))
            .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE")),
        status: upper("STATUS"),
        transp: upper("TRANSP"),
        busy_status: upper("X-MICROSOFT-CDO-BUSYSTATUS"),
        emails,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(parse_duration("P2W"), Some(Duration::weeks(2)));
        assert_eq!(parse_duration("P1DT12H"), Some(Duration::hours(36)));
        assert_eq!(parse_duration("1H"), None);
        assert_eq!(parse_duration("PT1X"), None);
    }

    #[test]
    fn when_values() {
        let mut w = Vec::new();
        assert_eq!(
            parse_when("20260105", None, true, &Defined::new(), &mut w),
            Ok(When::Date(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()))
        );
        assert!(matches!(parse_when("20260105T090000Z", None, false, &Defined::new(), &mut w), Ok(When::Utc(_))));
        assert!(matches!(
            parse_when("20260105T090000", Some("FLE Standard Time"), false, &Defined::new(), &mut w),
            Ok(When::Zoned(_, chrono_tz::Europe::Helsinki))
        ));
        assert!(matches!(
            parse_when("20260105T090000", Some("Nowhere"), false, &Defined::new(), &mut w),
            Ok(When::Floating(_))
        ));
        assert_eq!(w.len(), 1);
        assert!(parse_when("20261345T250000", None, false, &Defined::new(), &mut w).is_err());
    }
}
