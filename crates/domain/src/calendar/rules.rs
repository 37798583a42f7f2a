//! The recurrence set of one event: DTSTART, its RRULEs (expanded by the
//! `rrule` crate only inside the window, however endless), RDATEs (periods
//! included) and EXDATEs. All-day events repeating every n days or weeks are
//! counted here instead ([`SimpleDays`]); daily and weekly rules start their
//! expansion near the window ([`fast_forward`]).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::CalendarError;
use super::event::{Event, When};
use super::expand::{MAX_OCCURRENCES_PER_EVENT, Start, event_length, gap, in_rule_zone, instant, rule_zone};
use crate::model::{FeedNote, Unreadable, line_no};
use crate::time::start_of_day;

/// Start instants of an event's occurrences that may overlap the window,
/// each with its original start when it comes from a recurrence.
pub(super) fn occurrence_starts(
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
    // An override's own EXDATEs mean nothing: it is one occurrence.
    let exdates: Vec<DateTime<Utc>> = if e.recurrence_id.is_none() {
        e.exdates.iter().filter_map(|w| instant(*w, zone)).collect()
    } else {
        Vec::new()
    };
    let Some(rule) = e.rrule.as_deref().filter(|_| e.recurrence_id.is_none()) else {
        // EXDATE takes from the set without a rule too (RDATEs, even DTSTART).
        let dtstart = (start, if rdates.is_empty() { None } else { Some(start) });
        return Ok(listed(std::iter::once(dtstart).chain(rdates.into_iter().map(|r| (r, Some(r)))), &exdates));
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
        let from = from - event_length(e).max(Duration::days(1));
        return Ok(simple.starts(e, first, zone, (from, to), &exdates, warnings));
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
    let Some((rule, more_rules)) = rules.split_first() else {
        return Ok(listed(rdates.into_iter().map(|r| (r, Some(r))), &exdates));
    };
    // Occurrences that start before the window can still reach into it.
    let longest = event_length(e).max(Duration::days(1));
    // Moving the start forward suits one rule only: a second rule may
    // count from the real start or recur on another step (found by the
    // differential test: a second rule's COUNT counted from the moved start).
    let dt_start =
        if more_rules.is_empty() { fast_forward(rule, dt_start, from - longest - Duration::days(1)) } else { dt_start };
    // The crate's own words are not kept: the feed says which rule, by line.
    let expand = || -> Result<rrule::RRuleResult, rrule::RRuleError> {
        let parsed: rrule::RRule<rrule::Unvalidated> = rule.parse()?;
        let mut set = parsed.build(dt_start)?;
        for more in more_rules {
            let r: rrule::RRule<rrule::Unvalidated> = more.parse()?;
            set = set.rrule(r.validate(dt_start)?);
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

/// Starts without a rule (DTSTART and RDATEs, or RDATEs alone) as a set:
/// EXDATEs taken out, in order, an instant made twice counted once (RFC
/// 5545 §3.8.5.2: an RDATE equal to DTSTART is one occurrence).
fn listed(starts: impl Iterator<Item = Start>, exdates: &[DateTime<Utc>]) -> Vec<Start> {
    let mut v: Vec<Start> = starts.filter(|(t, _)| !exdates.contains(t)).collect();
    v.sort_by_key(|(t, _)| *t);
    v.dedup_by_key(|(t, _)| *t);
    v
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
    /// without `exdates`, at most [`MAX_OCCURRENCES_PER_EVENT`] (as the crate cuts).
    fn starts(
        self,
        e: &Event,
        first: NaiveDate,
        zone: Tz,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        exdates: &[DateTime<Utc>],
        warnings: &mut Vec<FeedNote>,
    ) -> Vec<Start> {
        let from_day = from.with_timezone(&zone).date_naive() - Duration::days(1);
        let skip = ((from_day - first).num_days().max(0)) / self.step_days;
        let mut out = Vec::new();
        let mut k = skip;
        while let Some(day) = first.checked_add_signed(Duration::days(k * self.step_days)) {
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

#[cfg(test)]
mod tests {
    use super::super::expand::expand;
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
