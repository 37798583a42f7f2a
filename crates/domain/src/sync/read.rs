//! From a fetched calendar to what a sync stores: absences (an event that
//! names someone for sure, or a confirmed suggestion), suggestion rows (per
//! occurrence, so confirming one applies it at once) and events that name
//! nobody (one row per event, with its first and next occurrence and how
//! many there are, never one per occurrence).
//!
//! A feed cannot flood the store: occurrences are streamed from the
//! expansion, matched once per event, and at most [`MAX_STORED`] absences
//! and suggestion rows are kept, the earliest first, with a sentence when
//! the cap is hit. A calendar of 20,000 daily events naming nobody is 20,000
//! rows, not 8.6 million.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::matcher::{Match, Matcher};
use crate::calendar::{self, Event, classify};
use crate::directory::feeds::{CalendarAbsence, CalendarUnmatched};
use crate::model::{AbsenceKind, Feed, FeedNote, Id};

/// The most absences and suggestion rows one feed keeps.
pub const MAX_STORED: usize = 50_000;

/// What one feed's calendar gives, ready to store.
#[derive(Debug, Default)]
pub struct Read {
    pub absences: Vec<CalendarAbsence>,
    /// Suggestion rows (one per occurrence) and events that name nobody (one per event).
    pub unmatched: Vec<CalendarUnmatched>,
    /// Occurrences beyond the cap, not stored.
    pub dropped: usize,
}

/// An event naming nobody, gathered over its occurrences.
struct Nobody {
    row: CalendarUnmatched,
    next: Option<DateTime<Utc>>,
}

/// Streams the occurrences of `events` in [from, to) into what to store.
/// `decisions` are the operator's answers to suggestions (UID, person) →
/// confirmed. `at` decides which occurrence is the "next" one.
#[allow(clippy::too_many_arguments)]
pub fn read(
    events: &[Event],
    feed: &Feed,
    matcher: &Matcher,
    decisions: &HashMap<(String, Id), bool>,
    zone: chrono_tz::Tz,
    window: (DateTime<Utc>, DateTime<Utc>),
    at: DateTime<Utc>,
    source: &str,
    warnings: &mut Vec<FeedNote>,
) -> Result<Read, calendar::CalendarError> {
    let mut out = Read::default();
    // Per event: who it names and whether it is an absence at all.
    let mut verdicts: HashMap<usize, (Match, Option<AbsenceKind>)> = HashMap::new();
    let mut nobody: HashMap<&str, Nobody> = HashMap::new();
    let mut kept = 0usize;
    calendar::expand::for_each(events, zone, window.0, window.1, source, warnings, &mut |o| {
        let (found, kind) = *verdicts.entry(o.index).or_insert_with(|| {
            let e = o.event;
            // A rota's events are shifts, whatever their busy status
            // (Google makes all-day events free): only a cancelled one is not.
            let kind = if feed.on_call.is_empty() {
                classify::absence_kind(o.kind, &e.summary)
            } else if e.status.as_deref() == Some("CANCELLED") {
                None
            } else {
                Some(AbsenceKind::Other)
            };
            let found = match feed.person_id {
                Some(p) => Match::Sure(p),
                None => match matcher.match_text(&e.emails, &e.summary) {
                    // A lone name counts only once the operator said it is them.
                    Match::Suggest(p) => match decisions.get(&(e.uid.clone(), p)) {
                        Some(true) => Match::Sure(p),
                        Some(false) => Match::Nobody,
                        None => Match::Suggest(p),
                    },
                    m => m,
                },
            };
            (found, kind)
        });
        let Some(kind) = kind else { return };
        let e = o.event;
        let summary = || if e.private { "private".to_string() } else { e.summary.clone() };
        let row = |suggested: Option<Id>, occurrences: u32| CalendarUnmatched {
            uid: e.uid.clone(),
            summary: summary(),
            starts_at: o.start,
            ends_at: o.end,
            kind,
            line: e.line as i64,
            suggested,
            occurrences,
            next_at: None,
        };
        if kept >= 2 * MAX_STORED {
            // Memory stays bounded: trim to the earliest, then go on.
            trim(&mut out, &mut kept);
        }
        match found {
            Match::Sure(person_id) => {
                kept += 1;
                out.absences.push(CalendarAbsence {
                    person_id,
                    starts_at: o.start,
                    ends_at: o.end,
                    kind,
                    reason: summary(),
                    uid: e.uid.clone(),
                    recurrence_id: o.recurrence_id,
                });
            }
            Match::Suggest(p) => {
                kept += 1;
                out.unmatched.push(row(Some(p), 1));
            }
            Match::Nobody => {
                let entry = nobody.entry(e.uid.as_str()).or_insert_with(|| Nobody { row: row(None, 0), next: None });
                entry.row.occurrences += 1;
                if o.start < entry.row.starts_at {
                    (entry.row.starts_at, entry.row.ends_at) = (o.start, o.end);
                }
                if o.end > at && entry.next.is_none_or(|n| o.start < n) {
                    entry.next = Some(o.start);
                }
            }
        }
    })?;
    trim(&mut out, &mut kept);
    let mut events_naming_nobody: Vec<CalendarUnmatched> = nobody
        .into_values()
        .map(|mut n| {
            n.row.next_at = n.next;
            n.row
        })
        .collect();
    events_naming_nobody.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.uid.cmp(&b.uid)));
    out.unmatched.extend(events_naming_nobody);
    if out.dropped > 0 {
        let last = out.absences.iter().map(|a| a.starts_at).chain(out.unmatched.iter().map(|u| u.starts_at)).max();
        let clamp = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        warnings.insert(
            0,
            FeedNote::Capped {
                max: clamp(MAX_STORED as i64),
                days: clamp((window.1 - window.0).num_days()),
                until: last.unwrap_or(window.1).with_timezone(&zone).date_naive(),
                dropped: clamp(out.dropped as i64),
            },
        );
    }
    Ok(out)
}

/// Keeps the earliest [`MAX_STORED`] absences and suggestion rows together.
fn trim(out: &mut Read, kept: &mut usize) {
    if *kept <= MAX_STORED {
        return;
    }
    let mut starts: Vec<DateTime<Utc>> = out
        .absences
        .iter()
        .map(|a| a.starts_at)
        .chain(out.unmatched.iter().filter(|u| u.suggested.is_some()).map(|u| u.starts_at))
        .collect();
    starts.sort_unstable();
    let cut = starts[MAX_STORED - 1];
    // Ties at the cut may keep a few more than the cap: never an arbitrary half of a day.
    let before = *kept;
    out.absences.retain(|a| a.starts_at <= cut);
    out.unmatched.retain(|u| u.suggested.is_none() || u.starts_at <= cut);
    *kept = out.absences.len() + out.unmatched.iter().filter(|u| u.suggested.is_some()).count();
    out.dropped += before - *kept;
}
