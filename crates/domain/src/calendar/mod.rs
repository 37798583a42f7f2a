//! Reading calendars: from a feed's bytes to the occurrences in a window,
//! each with the verdict of the absence rule ([`classify`]). Parsing of
//! content lines is the `icalendar` crate's, recurrence expansion the
//! `rrule` crate's; this module handles what real Outlook, Google and
//! Nextcloud feeds do (Windows zone names, floating times, all-day events,
//! overrides, stray bytes) and names the line of anything it cannot read.
//!
//! No I/O here: fetching feeds and storing absences is the sync module's.

pub mod classify;
pub mod event;
pub mod expand;
mod rules;
pub mod sample;
mod series;
pub mod text;
pub mod vtimezone;
pub mod zones;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::{FeedNote, Unreadable, line_no};

pub use classify::Kind;
pub use event::Event;
pub use expand::Occurrence;

/// A calendar, or a part of it, that cannot be read. Displayed in English
/// (for logs and `calendar inspect`); the faces word it with
/// [`CalendarError::problem`] and [`CalendarError::note`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{origin}: {}", crate::model::Problem::NotACalendar { web_page: *web_page }.english())]
    NotACalendar { origin: String, web_page: bool },
    #[error("{origin}, line {line}: {why}")]
    Line { origin: String, line: usize, why: Unreadable },
}

impl CalendarError {
    pub fn at(source: &str, line: usize, why: Unreadable) -> CalendarError {
        CalendarError::Line { origin: source.to_string(), line, why }
    }

    /// The feed's problem when this makes the whole calendar unreadable.
    pub fn problem(&self) -> crate::model::Problem {
        match self {
            CalendarError::NotACalendar { web_page, .. } => crate::model::Problem::NotACalendar { web_page: *web_page },
            CalendarError::Line { line, why, .. } => {
                crate::model::Problem::Broken { line: line_no(*line), why: why.clone() }
            }
        }
    }

    /// The feed's note when this costs one event (and its series).
    pub fn note(&self) -> FeedNote {
        match self {
            CalendarError::Line { line, why, .. } => FeedNote::Skipped { line: line_no(*line), why: why.clone() },
            other => FeedNote::Said { text: other.to_string() },
        }
    }
}

/// A calendar read and checked, ready to expand.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub events: Vec<Event>,
    /// Events that could not be read, each naming its line; the rest are used.
    pub skipped: Vec<CalendarError>,
}

/// Reads a calendar from bytes. `source` (a file name or a feed's address
/// without credentials) names it in errors.
pub fn parse(bytes: &[u8], source: &str) -> Result<Calendar, CalendarError> {
    let decoded = text::decode(bytes);
    let unfolded = text::unfold(&decoded);
    let ranges = event::check_structure(&unfolded, source)?;
    // Each VEVENT is parsed on its own: the icalendar parser slows down with
    // the square of the number of components in one call (5,000 events took
    // 3.5 s whole, milliseconds in pieces), and pieces also give every event
    // its own line number.
    let lines: Vec<&str> = unfolded.text.lines().collect();
    let mut events = Vec::with_capacity(ranges.len());
    let mut skipped = Vec::new();
    let calendar_zone = calendar_zone(&lines);
    // The file's own zone definitions win over a name lookup (RFC 5545).
    // One that matches no zone leaves its TZID to the name lookup (and its
    // "unknown time zone" warning).
    let defined = vtimezone::definitions(&lines);
    // UIDs of events that could not be read: their series go with them.
    let mut broken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (start, end) in ranges {
        let block = lines[start..=end].join("\n") + "\n";
        let line_no = unfolded.line_of.get(start).copied().unwrap_or(start + 1);
        let components = match icalendar::parser::read_components(&block) {
            Ok(c) => c,
            Err(e) => {
                // The crate names a line of the block: map it back to the file.
                let offset = e
                    .split("at line ")
                    .nth(1)
                    .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1);
                let line = unfolded.line_of.get(start + offset.saturating_sub(1)).copied().unwrap_or(line_no);
                let text = lines.get(start + offset.saturating_sub(1)).copied().unwrap_or("").trim().to_string();
                skipped.push(CalendarError::at(source, line, Unreadable::Line { text }));
                broken.extend(uid_in(&lines[start..=end]));
                continue;
            }
        };
        for c in components.iter().filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT")) {
            match event::event(c, line_no, &defined) {
                Ok(mut e) => {
                    if let Some(tz) = calendar_zone {
                        in_calendar_zone(&mut e, tz);
                    }
                    events.push(e)
                }
                Err(m) => {
                    skipped.push(CalendarError::at(source, line_no, m));
                    broken.extend(uid_in(&lines[start..=end]));
                }
            }
        }
    }
    // One broken part costs its whole series (the master and its
    // overrides): kept, a master whose override could not be read would
    // bring back the occurrence that override moved or cancelled.
    if !broken.is_empty() {
        events.retain(|e| {
            let keep = !broken.contains(&e.uid);
            if !keep {
                skipped.push(CalendarError::at(source, e.line, Unreadable::Series { uid: e.uid.clone() }));
            }
            keep
        });
    }
    // One broken event costs that event; a file of nothing but broken
    // events is a broken file (and must not replace a feed's last good data).
    if events.is_empty()
        && let Some(first) = skipped.first()
    {
        return Err(first.clone());
    }
    Ok(Calendar { events, skipped })
}

/// The UID of an event's lines, read by hand (the event itself could not be).
fn uid_in(lines: &[&str]) -> Option<String> {
    lines.iter().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        let name = name.split(';').next().unwrap_or(name).trim();
        (name.eq_ignore_ascii_case("UID") && !value.trim().is_empty()).then(|| value.trim().to_string())
    })
}

/// The calendar's own zone, as Google writes it (`X-WR-TIMEZONE`, a
/// property of the calendar, before its first component).
fn calendar_zone(lines: &[&str]) -> Option<Tz> {
    for line in lines {
        let line = line.trim();
        // By `get`: a line may start with a character wider than one byte.
        if line.get(..6).is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:"))
            && !line.eq_ignore_ascii_case("BEGIN:VCALENDAR")
        {
            return None;
        }
        let Some((name, value)) = line.split_once(':') else { continue };
        let name = name.split(';').next().unwrap_or(name);
        if name.eq_ignore_ascii_case("X-WR-TIMEZONE") {
            return zones::resolve(value.trim());
        }
    }
    None
}

/// Times of a calendar that names its own zone: floating times are in it
/// (not the company's), and a recurring event written in UTC recurs at
/// its wall-clock time there — Google writes a weekly 12:00 Helsinki
/// meeting as 10:00Z with `X-WR-TIMEZONE:Europe/Helsinki`, and it stays at
/// 12:00 across DST. A single UTC event is the same instant either way and
/// is left as it is; dates stay the company's days.
fn in_calendar_zone(e: &mut Event, tz: Tz) {
    use event::When;
    let recurs = e.rrule.is_some() || !e.more_rrules.is_empty() || !e.rdates.is_empty();
    let zoned = |w: When| match w {
        When::Floating(naive) => When::Zoned(naive, tz),
        When::Utc(t) if recurs => When::Zoned(t.with_timezone(&tz).naive_local(), tz),
        other => other,
    };
    e.end = e.end.map(zoned);
    e.start = zoned(e.start);
    let periods = e.periods.iter_mut().flat_map(|(from, end)| {
        let end = match end {
            event::PeriodEnd::At(w) => Some(w),
            event::PeriodEnd::After(_) => None,
        };
        std::iter::once(from).chain(end)
    });
    for w in e.rdates.iter_mut().chain(e.exdates.iter_mut()).chain(periods) {
        if let When::Floating(naive) = *w {
            *w = When::Zoned(naive, tz);
        }
    }
    if let Some(When::Floating(naive)) = e.recurrence_id {
        e.recurrence_id = Some(When::Zoned(naive, tz));
    }
}

/// One occurrence as `vaihde calendar inspect` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectRow {
    pub uid: String,
    pub summary: String,
    pub start: String,
    pub end: String,
    pub all_day: bool,
    pub status: Option<String>,
    pub transp: Option<String>,
    pub busy_status: Option<String>,
    pub unavailable: bool,
    pub kind: Kind,
}

impl InspectRow {
    /// Times in `tz`; all-day occurrences as plain dates, end exclusive.
    pub fn of(o: &Occurrence, tz: Tz) -> InspectRow {
        let (start, end) = match o.dates {
            Some((first, last)) => (first.to_string(), last.to_string()),
            None => (crate::time::rfc3339_in(o.start, tz), crate::time::rfc3339_in(o.end, tz)),
        };
        InspectRow {
            uid: o.uid.clone(),
            summary: o.summary.clone(),
            start,
            end,
            all_day: o.all_day,
            status: o.status.clone(),
            transp: o.transp.clone(),
            busy_status: o.busy_status.clone(),
            unavailable: o.kind.unavailable(),
            kind: o.kind,
        }
    }
}

/// Parses and expands in one step: occurrences overlapping [from, to) with
/// floating times and dates taken in `zone`.
pub fn occurrences(
    bytes: &[u8],
    source: &str,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    warnings: &mut Vec<FeedNote>,
) -> Result<Vec<Occurrence>, CalendarError> {
    let cal = parse(bytes, source)?;
    warnings.extend(cal.skipped.iter().map(CalendarError::note));
    expand::expand(&cal.events, zone, from, to, source, warnings)
}

/// The earliest `limit` occurrences overlapping [from, to), sorted by start
/// then UID, and how many there are in all: memory stays bounded by `limit`
/// however large the calendar (`vaihde calendar inspect --limit`).
pub fn earliest(
    bytes: &[u8],
    source: &str,
    zone: Tz,
    window: (DateTime<Utc>, DateTime<Utc>),
    limit: usize,
    warnings: &mut Vec<FeedNote>,
) -> Result<(Vec<Occurrence>, usize), CalendarError> {
    use std::collections::BinaryHeap;
    let cal = parse(bytes, source)?;
    warnings.extend(cal.skipped.iter().map(CalendarError::note));
    // A max-heap of the kept ones by (start, uid): the latest is dropped first.
    let mut kept: BinaryHeap<(DateTime<Utc>, String, usize)> = BinaryHeap::new();
    let mut occurrences: Vec<Option<Occurrence>> = Vec::new();
    let total = expand::for_each(&cal.events, zone, window.0, window.1, source, warnings, &mut |o| {
        if limit == 0 {
            return;
        }
        let key = (o.start, o.event.uid.as_str());
        if kept.len() == limit {
            match kept.peek() {
                Some((start, uid, _)) if (*start, uid.as_str()) > key => {}
                _ => return,
            }
            if let Some((_, _, slot)) = kept.pop() {
                occurrences[slot] = None;
            }
        }
        occurrences.push(Some(o.to_owned()));
        kept.push((o.start, o.event.uid.clone(), occurrences.len() - 1));
        // Slots of dropped ones are reused only by compaction, when they dominate.
        if occurrences.len() > 4 * limit.max(1024) {
            let mut live: Vec<Occurrence> = occurrences.drain(..).flatten().collect();
            live.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
            kept.clear();
            for (i, o) in live.into_iter().enumerate() {
                kept.push((o.start, o.uid.clone(), i));
                occurrences.push(Some(o));
            }
        }
    })?;
    let mut list: Vec<Occurrence> = occurrences.into_iter().flatten().collect();
    list.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    Ok((list, total))
}
