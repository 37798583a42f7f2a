//! Occurrences in a window: single events, recurrence rules expanded with
//! the `rrule` crate (only inside the window, however endless the rule),
//! RDATE (with its own end when it is a period) and EXDATE, and RECURRENCE-ID overrides that move or cancel one
//! occurrence. Times become instants here: dates and floating times in the
//! company's zone, TZID times in theirs.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::CalendarError;
use super::classify::{Kind, classify};
use super::event::{Event, When};
use crate::model::{FeedNote, Unreadable, line_no};
use crate::time::{local_to_utc, start_of_day};

/// A time of `property` that the clocks skip.
fn gap(property: &str) -> Unreadable {
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

fn instant(w: When, zone: Tz) -> Option<DateTime<Utc>> {
    match w {
        When::Date(d) => Some(start_of_day(d, zone)),
        When::Utc(t) => Some(t),
        When::Zoned(naive, tz) => local_to_utc(naive, tz),
        When::Floating(naive) => local_to_utc(naive, zone),
    }
}

/// The zone a recurrence is computed in: wall-clock rules follow DST there.
fn rule_zone(w: When, zone: Tz) -> rrule::Tz {
    match w {
        When::Utc(_) => rrule::Tz::UTC,
        When::Zoned(_, tz) => rrule::Tz::Tz(tz),
        When::Date(_) | When::Floating(_) => rrule::Tz::Tz(zone),
    }
}

fn in_rule_zone(t: DateTime<Utc>, tz: rrule::Tz) -> DateTime<rrule::Tz> {
    t.with_timezone(&tz)
}

/// RFC 5545 lets UNTIL be a date or a local time; the rrule crate wants UTC
/// when the start has a zone. Rewrite it as the UTC instant it means.
fn normalise_until(rule: &str, tz: rrule::Tz) -> Result<String, String> {
    let mut parts = Vec::new();
    for part in rule.split(';').filter(|p| !p.trim().is_empty()) {
        let Some(value) = part.strip_prefix("UNTIL=").or_else(|| part.strip_prefix("until=")) else {
            parts.push(part.to_string());
            continue;
        };
        let utc = if value.ends_with('Z') {
            value.to_string()
        } else {
            let naive = if value.len() == 8 {
                NaiveDate::parse_from_str(value, "%Y%m%d")
                    .map(|d| d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()))
            } else {
                chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
            }
            .map_err(|_| format!("RRULE UNTIL {value:?} is not a date or date-time"))?;
            let t = tz
                .from_local_datetime(&naive)
                .earliest()
                .ok_or_else(|| format!("RRULE UNTIL {value:?} does not exist in {}", tz.name()))?;
            t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
        };
        parts.push(format!("UNTIL={utc}"));
    }
    Ok(parts.join(";"))
}

/// An occurrence's start and, for recurring events, its original start (its RECURRENCE-ID).
type Start = (DateTime<Utc>, Option<DateTime<Utc>>);
/// An occurrence's end and, for all-day events, its dates (end exclusive).
type End = (DateTime<Utc>, Option<(NaiveDate, NaiveDate)>);
/// One occurrence of an event as expanded: start, end, dates, recurrence id.
type Span = (DateTime<Utc>, DateTime<Utc>, Option<(NaiveDate, NaiveDate)>, Option<DateTime<Utc>>);

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
        let (end, dates) = match period_end(e, start, zone) {
            Some(end) => (end, None),
            None => occurrence_end(e, start, zone, source)?,
        };
        let overlaps = if end > start { start < to && end > from } else { start >= from && start < to };
        if !overlaps {
            continue;
        }
        out.push((start, end, dates, original.or_else(|| e.recurrence_id.and_then(|r| instant(r, zone)))));
    }
    Ok(())
}

/// The overrides of the events' series: one occurrence each, or (RANGE=
/// THISANDFUTURE) this one and all later, until the next such override.
struct Series<'e> {
    overrides: &'e HashMap<(String, DateTime<Utc>), &'e Event>,
    masters: HashMap<&'e str, &'e Event>,
    /// Per UID, the THISANDFUTURE overrides by the original start they take over from, in order.
    futures: HashMap<&'e str, Vec<(DateTime<Utc>, &'e Event)>>,
    zone: Tz,
}

/// A THISANDFUTURE override's share of its series: originals in [from, until).
#[derive(Debug, Clone, Copy)]
struct FuturePart<'e> {
    master: &'e Event,
    from: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
}

impl<'e> Series<'e> {
    fn of(events: &'e [Event], overrides: &'e HashMap<(String, DateTime<Utc>), &'e Event>, zone: Tz) -> Series<'e> {
        let masters = events.iter().filter(|e| e.recurrence_id.is_none()).map(|e| (e.uid.as_str(), e)).collect();
        let mut futures: HashMap<&str, Vec<(DateTime<Utc>, &Event)>> = HashMap::new();
        for e in events.iter().filter(|e| e.this_and_future) {
            if let Some(at) = e.recurrence_id.and_then(|r| instant(r, zone)) {
                futures.entry(e.uid.as_str()).or_default().push((at, e));
            }
        }
        for list in futures.values_mut() {
            list.sort_by_key(|(at, _)| *at);
        }
        Series { overrides, masters, futures, zone }
    }

    /// Whether the master of `uid` excludes the instance at `original`
    /// (EXDATE). An override of an excluded instance stands for nothing:
    /// the instance was deleted after it had been changed, which is how
    /// servers keep a moved-then-deleted meeting (RFC 5545 3.8.5.1: the
    /// set is the rules and RDATEs minus the EXDATEs; recurring-ical-events
    /// reads it so too).
    fn excluded(&self, uid: &str, original: DateTime<Utc>) -> bool {
        self.masters.get(uid).is_some_and(|m| m.exdates.iter().any(|w| instant(*w, self.zone) == Some(original)))
    }

    /// Whether a THISANDFUTURE override of `uid` takes the occurrence
    /// originally at `original` (the master's, or an earlier range's).
    fn in_future_part(&self, uid: &str, original: DateTime<Utc>) -> bool {
        self.futures.get(uid).is_some_and(|list| list.iter().any(|(at, _)| *at <= original))
    }

    /// For a THISANDFUTURE override with its master: which originals it takes.
    fn future_part(&self, e: &'e Event) -> Option<FuturePart<'e>> {
        if !e.this_and_future {
            return None;
        }
        let master = self.masters.get(e.uid.as_str())?;
        let list = self.futures.get(e.uid.as_str())?;
        let i = list.iter().position(|(_, x)| std::ptr::eq(*x, e))?;
        Some(FuturePart { master, from: list[i].0, until: list.get(i + 1).map(|(at, _)| *at) })
    }
}

/// A THISANDFUTURE override: the master's occurrences from its RECURRENCE-ID
/// on (until the next such override), moved as the override moved its own
/// (the same shift of the start), each as long as the override, with its
/// title and status. An occurrence with an override of its own keeps that.
#[allow(clippy::too_many_arguments)]
fn expand_future(
    e: &Event,
    part: FuturePart<'_>,
    series: &Series<'_>,
    zone: Tz,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    source: &str,
    warnings: &mut Vec<FeedNote>,
    out: &mut Vec<Span>,
) -> Result<(), CalendarError> {
    let own = instant(e.start, zone).ok_or_else(|| CalendarError::at(source, e.line, gap("DTSTART")))?;
    // The shift is on the wall clock of the override's zone (RFC 5545
    // 3.8.4.4 moves the later instances "by the same amount" as this one):
    // an all-day series moved by a day stays on whole days across a DST
    // change, which an exact 24 hours would not (found by the differential
    // test).
    let tz = rule_zone(e.start, zone);
    let wall = |t: DateTime<Utc>| t.with_timezone(&tz).naive_local();
    let shift = wall(own) - wall(part.from);
    let moved = |orig: DateTime<Utc>| {
        let exact = orig + shift;
        tz.from_local_datetime(&(wall(orig) + shift)).earliest().map_or(exact, |t| t.with_timezone(&Utc))
    };
    let reach = shift.abs() + Duration::hours(2);
    let mut took_own = false;
    for (start, original) in occurrence_starts(part.master, zone, from - reach, to + reach, source, warnings)? {
        let orig = original.unwrap_or(start);
        if orig < part.from || part.until.is_some_and(|u| orig >= u) {
            continue;
        }
        if orig != part.from && series.overrides.contains_key(&(e.uid.clone(), orig)) {
            continue; // that one has an override of its own
        }
        took_own |= orig == part.from;
        // An RDATE period keeps its own length (the override's length
        // replaces the master's, which a period never had).
        let own_length = period_end(part.master, orig, zone).map(|end| end - orig);
        push_within(e, moved(orig), own_length, Some(orig), zone, (from, to), source, out)?;
    }
    // An override whose RECURRENCE-ID the series never makes (and did not
    // exclude) still stands for itself, as a plain override does.
    if !took_own && !series.excluded(&e.uid, part.from) {
        push_within(e, own, None, Some(part.from), zone, (from, to), source, out)?;
    }
    Ok(())
}

/// Appends the occurrence of `e` starting at `start` (as long as `length`,
/// else as `e` says) when it overlaps the window.
#[allow(clippy::too_many_arguments)]
fn push_within(
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

/// Start instants of an event's occurrences that may overlap the window,
/// each with its original start when it comes from a recurrence.
fn occurrence_starts(
    e: &Event,
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    source: &str,
    warnings: &mut Vec<FeedNote>,
) -> Result<Vec<Start>, CalendarError> {
    let err =
        |rule: &str| CalendarError::at(source, e.line, Unreadable::Rule { rule: rule.chars().take(200).collect() });
    let start = instant(e.start, zone).ok_or_else(|| CalendarError::at(source, e.line, gap("DTSTART")))?;
    let rdates: Vec<DateTime<Utc>> = e.rdates.iter().filter_map(|w| instant(*w, zone)).collect();
    let Some(rule) = e.rrule.as_deref().filter(|_| e.recurrence_id.is_none()) else {
        let mut v = vec![(start, if rdates.is_empty() { None } else { Some(start) })];
        v.extend(rdates.into_iter().map(|r| (r, Some(r))));
        // EXDATE takes from the set without a rule too (RDATEs, even DTSTART).
        if !e.exdates.is_empty() && e.recurrence_id.is_none() {
            let exdates: Vec<DateTime<Utc>> = e.exdates.iter().filter_map(|w| instant(*w, zone)).collect();
            v.retain(|(t, _)| !exdates.contains(t));
        }
        // An RDATE equal to DTSTART is one occurrence, not two (RFC 5545
        // §3.8.5.2: duplicate instances in the recurrence set count once).
        v.sort_by_key(|(t, _)| *t);
        v.dedup_by_key(|(t, _)| *t);
        return Ok(v);
    };
    // Sub-daily rules cannot describe an absence, and walking one from a
    // start long ago to today costs millions of steps (FREQ=SECONDLY is a
    // classic hostile feed): they are skipped, with a warning.
    let freq =
        rule.split(';').find_map(|p| p.trim().strip_prefix("FREQ=").map(str::to_ascii_uppercase)).unwrap_or_default();
    let hours_back = (from - start).num_hours();
    if freq == "SECONDLY" || freq == "MINUTELY" || (freq == "HOURLY" && hours_back > 24 * 366) {
        warnings.push(FeedNote::TooFineGrained { line: line_no(e.line), freq });
        return Ok(vec![(start, None)]);
    }
    // RFC 5545 rules are ASCII; the rrule crate slices them by bytes and
    // panics on anything else (found by fuzzing).
    if !rule.is_ascii() {
        return Err(err(rule));
    }
    if let When::Date(first) = e.start
        && e.more_rrules.is_empty()
        && rdates.is_empty()
        && let Some(simple) = SimpleDays::of(rule)
    {
        return Ok(simple.starts(e, first, zone, from - event_length(e).max(Duration::days(1)), to, warnings));
    }
    let tz = rule_zone(e.start, zone);
    let dt_start = in_rule_zone(start, tz);
    let mut rules = Vec::new();
    for r in std::iter::once(rule).chain(e.more_rrules.iter().map(String::as_str)) {
        if !r.is_ascii() {
            return Err(err(r));
        }
        let r = normalise_until(r, tz).map_err(|_| err(r))?;
        // A rule that ends before it starts makes nothing (dateutil and
        // recurring-ical-events read it so; the recurrence crate refuses
        // it, which cost the whole event).
        if until_of(&r).is_none_or(|until| until >= start) {
            rules.push(r);
        }
    }
    let exdates: Vec<DateTime<Utc>> = e.exdates.iter().filter_map(|w| instant(*w, zone)).collect();
    let Some((rule, more_rules)) = rules.split_first() else {
        let mut v: Vec<Start> = rdates.into_iter().filter(|r| !exdates.contains(r)).map(|r| (r, Some(r))).collect();
        v.sort_by_key(|(t, _)| *t);
        v.dedup_by_key(|(t, _)| *t);
        return Ok(v);
    };
    // Occurrences that start before the window can still reach into it.
    let longest = event_length(e).max(Duration::days(1));
    // Moving the start forward suits one rule only: a second rule may
    // count from the real start or recur on another step (found by the
    // differential test: a second rule's COUNT counted from the moved start).
    let dt_start =
        if more_rules.is_empty() { fast_forward(rule, dt_start, from - longest - Duration::days(1)) } else { dt_start };
    let expand = || -> Result<rrule::RRuleResult, String> {
        let parsed: rrule::RRule<rrule::Unvalidated> =
            rule.parse().map_err(|x: rrule::RRuleError| format!("RRULE {rule:?}: {x}"))?;
        let mut set = parsed.build(dt_start).map_err(|x| format!("RRULE {rule:?}: {x}"))?;
        for more in more_rules {
            let r: rrule::RRule<rrule::Unvalidated> =
                more.parse().map_err(|x: rrule::RRuleError| format!("RRULE {more:?}: {x}"))?;
            set = set.rrule(r.validate(dt_start).map_err(|x| format!("RRULE {more:?}: {x}"))?);
        }
        for r in &rdates {
            set = set.rdate(in_rule_zone(*r, tz));
        }
        for x in &exdates {
            set = set.exdate(in_rule_zone(*x, tz));
        }
        let set = set.after(in_rule_zone(from - longest - Duration::seconds(1), tz)).before(in_rule_zone(to, tz));
        Ok(set.all(MAX_OCCURRENCES_PER_EVENT))
    };
    // A panic inside the recurrence crate on a stranger's rule must cost
    // that event, not the app: it becomes this feed's error.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(expand))
        .map_err(|_| err(rule))?
        .map_err(|_| err(rule))?;
    if result.limited && result.dates.len() >= usize::from(MAX_OCCURRENCES_PER_EVENT) {
        warnings
            .push(FeedNote::TooManyOccurrences { line: line_no(e.line), max: u32::from(MAX_OCCURRENCES_PER_EVENT) });
    }
    // The recurrence crate returns the union of the rules and RDATEs in
    // order but keeps an instant that two of them make twice; RFC 5545
    // counts it once (found by the differential test).
    let mut starts: Vec<Start> = result
        .dates
        .into_iter()
        .map(|d| {
            let t = d.with_timezone(&Utc);
            (t, Some(t))
        })
        .collect();
    starts.dedup_by_key(|(t, _)| *t);
    Ok(starts)
}

/// The UNTIL of a rule as [`normalise_until`] wrote it (UTC).
fn until_of(rule: &str) -> Option<DateTime<Utc>> {
    let value = rule.split(';').find_map(|p| p.strip_prefix("UNTIL="))?;
    chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ").ok().map(|t| t.and_utc())
}

/// An all-day event repeating every n days or weeks, with at most an UNTIL
/// (the shared absence calendar's staple, and the flood's): its dates are
/// counted here instead of by the recurrence crate, which spends most of a
/// flood's sync on them. Any other part (COUNT, BY…, WKST) goes to the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SimpleDays {
    step_days: i64,
    until: Option<Until>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    Date(NaiveDate),
    Utc(DateTime<Utc>),
    Local(chrono::NaiveDateTime),
}

impl SimpleDays {
    fn of(rule: &str) -> Option<SimpleDays> {
        let (mut freq, mut interval, mut until) = (None, 1i64, None);
        for part in rule.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=')?;
            match k.to_ascii_uppercase().as_str() {
                "FREQ" => freq = Some(v.to_ascii_uppercase()),
                "INTERVAL" => interval = v.parse().ok().filter(|n: &i64| (1..=10_000).contains(n))?,
                "UNTIL" => {
                    until = Some(if v.len() == 8 {
                        Until::Date(NaiveDate::parse_from_str(v, "%Y%m%d").ok()?)
                    } else if let Some(utc) = v.strip_suffix(['Z', 'z']) {
                        Until::Utc(
                            Utc.from_utc_datetime(&chrono::NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?),
                        )
                    } else {
                        Until::Local(chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?)
                    })
                }
                _ => return None,
            }
        }
        let days = match freq.as_deref()? {
            "DAILY" => 1,
            "WEEKLY" => 7,
            _ => return None,
        };
        Some(SimpleDays { step_days: days * interval, until })
    }

    /// The starts of the dates from `first` that may overlap [from, to),
    /// without EXDATEs, at most [`MAX_OCCURRENCES_PER_EVENT`] (as the crate cuts).
    #[allow(clippy::too_many_arguments)]
    fn starts(
        self,
        e: &Event,
        first: NaiveDate,
        zone: Tz,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        warnings: &mut Vec<FeedNote>,
    ) -> Vec<Start> {
        let from_day = from.with_timezone(&zone).date_naive() - Duration::days(1);
        let skip = ((from_day - first).num_days().max(0)) / self.step_days;
        let exdates: Vec<DateTime<Utc>> = e.exdates.iter().filter_map(|w| instant(*w, zone)).collect();
        let mut out = Vec::new();
        let mut k = skip;
        loop {
            let Some(day) = first.checked_add_signed(Duration::days(k * self.step_days)) else { break };
            let start = start_of_day(day, zone);
            let within = match self.until {
                None => true,
                Some(Until::Date(u)) => day <= u,
                Some(Until::Utc(u)) => start <= u,
                Some(Until::Local(u)) => day.and_time(NaiveTime::MIN) <= u,
            };
            if start >= to || !within {
                break;
            }
            k += 1;
            if start <= from && day < from_day || exdates.contains(&start) {
                continue;
            }
            if out.len() >= usize::from(MAX_OCCURRENCES_PER_EVENT) {
                warnings.push(FeedNote::TooManyOccurrences {
                    line: line_no(e.line),
                    max: u32::from(MAX_OCCURRENCES_PER_EVENT),
                });
                break;
            }
            out.push((start, Some(start)));
        }
        out
    }
}

/// A daily or weekly rule without COUNT or BYSETPOS gives the same
/// occurrences from a start moved forward by whole periods (interval × 1 or
/// 7 days, on the wall clock), so the expansion need not walk the months
/// between an old DTSTART and the window: a feed of 20,000 daily events
/// started in January spent most of its time there. The moved start stays
/// before `before`, where the window's filter drops it whatever it is.
fn fast_forward(rule: &str, dt_start: DateTime<rrule::Tz>, before: DateTime<Utc>) -> DateTime<rrule::Tz> {
    let mut period = None;
    let mut interval = 1i64;
    for part in rule.split(';') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => {
                period = match value.trim().to_ascii_uppercase().as_str() {
                    "DAILY" => Some(1),
                    "WEEKLY" => Some(7),
                    _ => None,
                }
            }
            "INTERVAL" => interval = value.trim().parse().unwrap_or(0),
            // These count from the real start or depend on the year: leave the rule alone.
            "COUNT" | "BYSETPOS" | "BYWEEKNO" | "BYYEARDAY" => return dt_start,
            _ => {}
        }
    }
    let (Some(period), true) = (period, (1..=10_000).contains(&interval)) else { return dt_start };
    let step = period * interval;
    let tz = dt_start.timezone();
    let gap = (before.with_timezone(&tz).date_naive() - dt_start.date_naive()).num_days();
    let periods = gap.div_euclid(step) - 1;
    if periods <= 0 {
        return dt_start;
    }
    let moved = dt_start.naive_local() + Duration::days(periods * step);
    let moved = tz.from_local_datetime(&moved).earliest().unwrap_or(dt_start);
    // Never past the rule's end: the crate refuses a start after its UNTIL
    // (found by the differential test; the rule then cost its event).
    match until_of(rule) {
        Some(until) if moved.with_timezone(&Utc) > until => dt_start,
        _ => moved,
    }
}

fn event_length(e: &Event) -> Duration {
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
fn nominal_end(start: DateTime<Utc>, d: super::event::Nominal, tz: rrule::Tz) -> DateTime<Utc> {
    let local = start.with_timezone(&tz).naive_local() + Duration::days(d.days);
    let wall = tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc));
    // A wall-clock time the clocks skip: the exact length instead.
    wall.unwrap_or(start + Duration::days(d.days)) + d.exact
}

/// End instant of an occurrence starting at `start`, and its dates for all-day events.
/// The end of an occurrence that an RDATE period gave (its own end or
/// duration), when `start` is one; an end before its start is a moment.
fn period_end(e: &Event, start: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
    use super::event::PeriodEnd;
    let (from, end) = e.periods.iter().find(|(from, _)| instant(*from, zone) == Some(start))?;
    let end = match end {
        PeriodEnd::At(w) => instant(*w, zone)?,
        PeriodEnd::After(d) => nominal_end(start, *d, rule_zone(*from, zone)),
    };
    Some(end.max(start))
}

fn occurrence_end(e: &Event, start: DateTime<Utc>, zone: Tz, source: &str) -> Result<End, CalendarError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// All-day daily and weekly rules counted by hand give exactly what the
    /// recurrence crate gives (WKST=MO changes nothing for these rules but
    /// sends them to the crate), across DST, with UNTIL of every kind,
    /// INTERVAL and EXDATE, from a start long before the window.
    #[test]
    fn simple_all_day_rules_match_the_crate() {
        let zone = chrono_tz::Europe::Helsinki;
        let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 11, 15, 0, 0, 0).unwrap();
        let rules = [
            "FREQ=DAILY",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=WEEKLY",
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20261020",
            "FREQ=DAILY;UNTIL=20260401T000000Z",
            "FREQ=DAILY;INTERVAL=5;UNTIL=20260615T120000",
        ];
        for rule in rules {
            for start in ["20250107", "20260310", "20261101"] {
                let cal = |rule: &str| {
                    format!(
                        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:{start}\nDTEND;VALUE=DATE:{start}\nRRULE:{rule}\nEXDATE;VALUE=DATE:20260329\nEND:VEVENT\nEND:VCALENDAR\n"
                    )
                };
                let run = |text: String| {
                    let cal = crate::calendar::parse(text.as_bytes(), "t").unwrap();
                    let got = expand(&cal.events, zone, from, to, "t", &mut Vec::new()).ok()?;
                    Some(got.into_iter().map(|o| (o.start, o.end, o.dates)).collect::<Vec<_>>())
                };
                assert!(SimpleDays::of(rule).is_some());
                // The crate refuses an UNTIL before DTSTART (the event is skipped); here it has no dates.
                if let Some(slow) = run(cal(&format!("{rule};WKST=MO"))) {
                    assert_eq!(run(cal(rule)), Some(slow), "{rule} from {start}");
                }
            }
        }
    }

    /// Moving the start forward gives exactly the occurrences the rule gives
    /// from its real start, across DST changes, for the rules it applies to.
    #[test]
    fn fast_forward_keeps_every_occurrence() {
        let tz = rrule::Tz::Tz(chrono_tz::Europe::Helsinki);
        let start = tz.with_ymd_and_hms(2025, 1, 6, 9, 30, 0).unwrap();
        let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        let run = |rule: &str, dt: DateTime<rrule::Tz>| -> Vec<DateTime<Utc>> {
            let parsed: rrule::RRule<rrule::Unvalidated> = rule.parse().unwrap();
            let set = parsed.build(dt).unwrap().after(from.with_timezone(&tz)).before(to.with_timezone(&tz));
            set.all(5000).dates.into_iter().map(|d| d.with_timezone(&Utc)).collect()
        };
        for rule in [
            "FREQ=DAILY",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
            "FREQ=WEEKLY",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
            "FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,TH",
            "FREQ=DAILY;UNTIL=20260601T000000Z",
        ] {
            let moved = fast_forward(rule, start, from - Duration::days(2));
            assert!(moved > start + Duration::days(300), "{rule}: moved {moved}");
            assert_eq!(run(rule, moved), run(rule, start), "{rule}");
        }
        for rule in ["FREQ=DAILY;COUNT=400", "FREQ=MONTHLY", "FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO,TU"] {
            assert_eq!(fast_forward(rule, start, from), start, "{rule} is left alone");
        }
    }

    #[test]
    fn until_becomes_utc() {
        let hel = rrule::Tz::Tz(chrono_tz::Europe::Helsinki);
        assert_eq!(normalise_until("FREQ=DAILY;UNTIL=20260110", hel).unwrap(), "FREQ=DAILY;UNTIL=20260110T215959Z");
        assert_eq!(
            normalise_until("FREQ=DAILY;UNTIL=20260110T090000", hel).unwrap(),
            "FREQ=DAILY;UNTIL=20260110T070000Z"
        );
        assert_eq!(
            normalise_until("FREQ=DAILY;UNTIL=20260110T090000Z", hel).unwrap(),
            "FREQ=DAILY;UNTIL=20260110T090000Z"
        );
        assert!(normalise_until("FREQ=DAILY;UNTIL=tomorrow", hel).is_err());
    }
}
