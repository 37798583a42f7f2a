//! Occurrences in a window: each event's recurrence set ([`super::rules`])
//! with its series' overrides ([`super::series`]) applied, as instants
//! (dates and floating times in the company's zone, TZID times in theirs)
//! with their ends, streamed to a sink or collected. Shared here: how a
//! written time becomes an instant, and how long an occurrence lasts.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::CalendarError;
use super::classify::{Kind, classify};
use super::event::{Event, When};
use super::rules::occurrence_starts;
use super::series::{Series, expand_future};
use crate::model::{FeedNote, Unreadable};
use crate::time::{local_to_utc, start_of_day};

/// A time of `property` that the clocks skip.
pub(super) fn gap(property: &str) -> Unreadable {
    Unreadable::DstGap { property: property.into() }
}

/// At most this many occurrences of one event inside a window: a rule that
/// would make more (FREQ=SECONDLY, say) is cut here, with a warning.
pub const MAX_OCCURRENCES_PER_EVENT: u16 = 5000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub uid: String,
    /// The title, or "private" for private and confidential events.
    pub summary: String,
    /// The real title, for matching a shared calendar's events to people;
    /// never shown for private events.
    pub match_text: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    /// For all-day occurrences: the dates, end exclusive.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// The original start of a recurring occurrence (its RECURRENCE-ID).
    pub recurrence_id: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub transp: Option<String>,
    pub busy_status: Option<String>,
    pub kind: Kind,
    pub emails: Vec<String>,
    pub line: usize,
}

pub(super) fn instant(w: When, zone: Tz) -> Option<DateTime<Utc>> {
    match w {
        When::Date(d) => Some(start_of_day(d, zone)),
        When::Utc(t) => Some(t),
        When::Zoned(naive, tz) => local_to_utc(naive, tz),
        When::Floating(naive) => local_to_utc(naive, zone),
    }
}

/// The zone a recurrence is computed in: wall-clock rules follow DST there.
pub(super) fn rule_zone(w: When, zone: Tz) -> rrule::Tz {
    match w {
        When::Utc(_) => rrule::Tz::UTC,
        When::Zoned(_, tz) => rrule::Tz::Tz(tz),
        When::Date(_) | When::Floating(_) => rrule::Tz::Tz(zone),
    }
}

pub(super) fn in_rule_zone(t: DateTime<Utc>, tz: rrule::Tz) -> DateTime<rrule::Tz> {
    t.with_timezone(&tz)
}

/// An occurrence's start and, for recurring events, its original start (its RECURRENCE-ID).
pub(super) type Start = (DateTime<Utc>, Option<DateTime<Utc>>);
/// An occurrence's end and, for all-day events, its dates (end exclusive).
pub(super) type End = (DateTime<Utc>, Option<(NaiveDate, NaiveDate)>);
/// One occurrence of an event as expanded: start, end, dates, recurrence id.
pub(super) type Span = (DateTime<Utc>, DateTime<Utc>, Option<(NaiveDate, NaiveDate)>, Option<DateTime<Utc>>);

/// One occurrence as [`for_each`] hands it over: its instants, borrowing the
/// event for the rest, so a feed of millions of occurrences costs no string
/// copies until a consumer keeps one.
#[derive(Debug, Clone, Copy)]
pub struct Occ<'a> {
    /// The event's position in the slice given to [`for_each`].
    pub index: usize,
    pub event: &'a Event,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub dates: Option<(NaiveDate, NaiveDate)>,
    pub recurrence_id: Option<DateTime<Utc>>,
    pub kind: Kind,
}

impl Occ<'_> {
    pub fn to_owned(&self) -> Occurrence {
        let e = self.event;
        Occurrence {
            uid: e.uid.clone(),
            summary: if e.private { "private".into() } else { e.summary.clone() },
            match_text: e.summary.clone(),
            start: self.start,
            end: self.end,
            all_day: self.all_day,
            dates: self.dates,
            recurrence_id: self.recurrence_id,
            status: e.status.clone(),
            transp: e.transp.clone(),
            busy_status: e.busy_status.clone(),
            kind: self.kind,
            emails: e.emails.clone(),
            line: e.line,
        }
    }
}

/// Every occurrence of `events` overlapping [from, to), sorted by start then
/// UID. Warnings (cut rules, unknown zones) are collected, not fatal.
pub fn expand(
    events: &[Event],
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    source: &str,
    warnings: &mut Vec<FeedNote>,
) -> Result<Vec<Occurrence>, CalendarError> {
    let mut out = Vec::new();
    for_each(events, zone, from, to, source, warnings, &mut |o| out.push(o.to_owned()))?;
    out.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    Ok(out)
}

/// [`expand`] without collecting: `sink` gets every occurrence overlapping
/// [from, to), event by event (not in time order). Returns how many it got.
pub fn for_each<'e>(
    events: &'e [Event],
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    source: &str,
    warnings: &mut Vec<FeedNote>,
    sink: &mut dyn FnMut(Occ<'e>),
) -> Result<usize, CalendarError> {
    // Overrides by (UID, original start instant).
    let mut overrides: HashMap<(String, DateTime<Utc>), &Event> = HashMap::new();
    // One event that cannot be expanded costs that event, said as a warning
    // with its line; only when no event at all can be used is it an error.
    let mut failed: Vec<CalendarError> = Vec::new();
    for e in events {
        if let Some(rid) = e.recurrence_id {
            match instant(rid, zone) {
                Some(at) => {
                    overrides.insert((e.uid.clone(), at), e);
                }
                None => failed.push(CalendarError::at(source, e.line, gap("RECURRENCE-ID"))),
            }
        }
    }
    let overridden_uids: std::collections::HashSet<&str> = overrides.keys().map(|(u, _)| u.as_str()).collect();
    let series = Series::of(events, &overrides, zone);
    let mut used = 0;
    let mut count = 0;
    // One event's occurrences, kept until the whole event expanded: an
    // error half way must not have sent half of it.
    let mut buffer: Vec<Span> = Vec::new();
    for (index, e) in events.iter().enumerate() {
        warnings.extend(e.warnings.iter().map(|w| w.note(e.line)));
        let all_day = matches!(e.start, When::Date(_));
        let kind = classify(e, all_day);
        buffer.clear();
        let expanded = match series.future_part(e) {
            Some(part) => expand_future(e, part, &series, zone, (from, to), source, warnings, &mut buffer),
            None => expand_one(e, &series, &overridden_uids, zone, from, to, source, warnings, &mut buffer),
        };
        match expanded {
            Ok(()) => {
                used += 1;
                for &(start, end, dates, recurrence_id) in &buffer {
                    sink(Occ { index, event: e, start, end, all_day, dates, recurrence_id, kind });
                }
                count += buffer.len();
            }
            Err(err) => failed.push(err),
        }
    }
    if used == 0
        && let Some(first) = failed.first()
    {
        return Err(first.clone());
    }
    warnings.extend(failed.iter().map(CalendarError::note));
    Ok(count)
}

/// The occurrences of one event inside the window (start, end, dates,
/// recurrence id), appended to `out`.
#[allow(clippy::too_many_arguments)]
fn expand_one(
    e: &Event,
    series: &Series<'_>,
    overridden_uids: &std::collections::HashSet<&str>,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    source: &str,
    warnings: &mut Vec<FeedNote>,
    out: &mut Vec<Span>,
) -> Result<(), CalendarError> {
    if let Some(rid) = e.recurrence_id.and_then(|r| instant(r, zone))
        && series.excluded(&e.uid, rid)
    {
        return Ok(()); // moved, then deleted: see Series::excluded
    }
    let starts = occurrence_starts(e, zone, from, to, source, warnings)?;
    // Most events have no overrides: look them up only for those that do.
    let overridden = e.recurrence_id.is_none() && overridden_uids.contains(e.uid.as_str());
    for (start, original) in starts {
        if overridden
            && let Some(orig) = original
            && (series.overrides.contains_key(&(e.uid.clone(), orig)) || series.in_future_part(&e.uid, orig))
        {
            continue; // an override stands in for this one
        }
        // An RDATE period has its own length.
        let length = period_end(e, start, zone).map(|end| end - start);
        let original = original.or_else(|| e.recurrence_id.and_then(|r| instant(r, zone)));
        push_within(e, start, length, original, zone, (from, to), source, out)?;
    }
    Ok(())
}

/// Appends the occurrence of `e` starting at `start` (as long as `length`,
/// else as `e` says) when it overlaps the window.
#[allow(clippy::too_many_arguments)]
pub(super) fn push_within(
    e: &Event,
    start: DateTime<Utc>,
    length: Option<Duration>,
    original: Option<DateTime<Utc>>,
    zone: Tz,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    source: &str,
    out: &mut Vec<Span>,
) -> Result<(), CalendarError> {
    let (end, dates) = match length {
        Some(l) => (start + l.max(Duration::zero()), None),
        None => occurrence_end(e, start, zone, source)?,
    };
    let overlaps = if end > start { start < to && end > from } else { start >= from && start < to };
    if overlaps {
        out.push((start, end, dates, original));
    }
    Ok(())
}

pub(super) fn event_length(e: &Event) -> Duration {
    if let Some(d) = e.duration {
        return d.approx();
    }
    match (e.start, e.end) {
        (When::Date(s), Some(When::Date(end))) => end - s,
        (When::Date(_), _) => Duration::days(1),
        (s, Some(end)) => match (instant(s, Tz::UTC), instant(end, Tz::UTC)) {
            (Some(a), Some(b)) => b - a,
            _ => Duration::zero(),
        },
        _ => Duration::zero(),
    }
}

/// `start` plus a DURATION: its days on the wall clock of the event's zone
/// (so a day across a DST change is 23 or 25 hours), then the exact part.
pub(super) fn nominal_end(start: DateTime<Utc>, d: super::event::Nominal, tz: rrule::Tz) -> DateTime<Utc> {
    let local = start.with_timezone(&tz).naive_local() + Duration::days(d.days);
    let wall = tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc));
    // A wall-clock time the clocks skip: the exact length instead.
    wall.unwrap_or(start + Duration::days(d.days)) + d.exact
}

/// End instant of an occurrence starting at `start`, and its dates for all-day events.
/// The end of an occurrence that an RDATE period gave (its own end or
/// duration), when `start` is one; an end before its start is a moment.
pub(super) fn period_end(e: &Event, start: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
    use super::event::PeriodEnd;
    let (from, end) = e.periods.iter().find(|(from, _)| instant(*from, zone) == Some(start))?;
    let end = match end {
        PeriodEnd::At(w) => instant(*w, zone)?,
        PeriodEnd::After(d) => nominal_end(start, *d, rule_zone(*from, zone)),
    };
    Some(end.max(start))
}

pub(super) fn occurrence_end(e: &Event, start: DateTime<Utc>, zone: Tz, source: &str) -> Result<End, CalendarError> {
    if let When::Date(first) = e.start {
        // Whole days: count days, not hours, so DST changes cannot shift the end.
        let day = start.with_timezone(&zone).date_naive();
        let days = match (e.end, e.duration) {
            (Some(When::Date(end)), _) => (end - first).num_days(),
            (_, Some(d)) => d.days.max(1),
            _ => 1,
        };
        if days < 0 {
            // An end before the start: a moment, which makes nobody away.
            return Ok((start, Some((day, day))));
        }
        let last = day + Duration::days(days.max(1));
        return Ok((start_of_day(last, zone), Some((day, last))));
    }
    let end = match (e.end, e.duration) {
        (_, Some(d)) => nominal_end(start, d, rule_zone(e.start, zone)),
        (Some(end), None) => {
            let s = instant(e.start, zone).unwrap_or(start);
            let en = instant(end, zone).ok_or_else(|| CalendarError::at(source, e.line, gap("DTEND")))?;
            // An end before the start is read as a moment at the start.
            start + (en - s).max(Duration::zero())
        }
        (None, None) => start,
    };
    Ok((end, None))
}
