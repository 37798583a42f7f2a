//! The overrides of a recurring event's series: RECURRENCE-ID moves,
//! retitles or cancels one occurrence, and with RANGE=THISANDFUTURE this one
//! and every later one (the same shift on the wall clock, the override's
//! length, title and status, until the next such override). An override of
//! an instance the master excludes stands for nothing; one of an instance
//! the rule never makes stands for itself.

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

use super::CalendarError;
use super::event::Event;
use super::expand::{Span, gap, instant, period_end, push_within, rule_zone};
use super::rules::occurrence_starts;
use crate::model::FeedNote;

/// The overrides of the events' series: one occurrence each, or (RANGE=
/// THISANDFUTURE) this one and all later, until the next such override.
pub(super) struct Series<'e> {
    pub(super) overrides: &'e HashMap<(String, DateTime<Utc>), &'e Event>,
    masters: HashMap<&'e str, &'e Event>,
    /// Per UID, the THISANDFUTURE overrides by the original start they take over from, in order.
    futures: HashMap<&'e str, Vec<(DateTime<Utc>, &'e Event)>>,
    zone: Tz,
}

/// A THISANDFUTURE override's share of its series: originals in [from, until).
#[derive(Debug, Clone, Copy)]
pub(super) struct FuturePart<'e> {
    master: &'e Event,
    from: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
}

impl<'e> Series<'e> {
    pub(super) fn of(
        events: &'e [Event],
        overrides: &'e HashMap<(String, DateTime<Utc>), &'e Event>,
        zone: Tz,
    ) -> Series<'e> {
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
    pub(super) fn excluded(&self, uid: &str, original: DateTime<Utc>) -> bool {
        self.masters.get(uid).is_some_and(|m| m.exdates.iter().any(|w| instant(*w, self.zone) == Some(original)))
    }

    /// Whether a THISANDFUTURE override of `uid` takes the occurrence
    /// originally at `original` (the master's, or an earlier range's).
    pub(super) fn in_future_part(&self, uid: &str, original: DateTime<Utc>) -> bool {
        self.futures.get(uid).is_some_and(|list| list.iter().any(|(at, _)| *at <= original))
    }

    /// For a THISANDFUTURE override with its master: which originals it takes.
    pub(super) fn future_part(&self, e: &'e Event) -> Option<FuturePart<'e>> {
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
pub(super) fn expand_future(
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
