//! VTIMEZONE definitions in the file: a TZID that no name lookup knows
//! (Outlook's "GMT +0100 (Standard) / GMT +0200 (Daylight)", Lotus Notes
//! names, names in the user's language) is read from its definition — its
//! STANDARD and DAYLIGHT observances with their own RRULE or RDATE — and a
//! definition in the file wins over a name lookup, as RFC 5545 says.
//!
//! A definition is turned into the IANA zone that keeps the same offsets at
//! every moment the definition covers (sampled twice a day), so recurrence
//! expansion and DST keep working as for any named zone. Real definitions
//! copy a real zone's rules; for one that matches none the TZID is looked
//! up by name as before (else the company's zone, with a warning).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};

/// One STANDARD or DAYLIGHT block.
#[derive(Debug, Clone, Default)]
struct Observance {
    start: Option<NaiveDateTime>,
    from: i32,
    to: i32,
    rrule: Option<String>,
    rdates: Vec<NaiveDateTime>,
}

/// Transitions computed this far ahead (a rule without an end).
const UNTIL_YEAR: i32 = 2036;
/// Zones of the Nordic desks first when several zones match equally.
const PREFERRED: &[&str] =
    &["Europe/Helsinki", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Berlin", "Europe/London"];

/// The zones the file's VTIMEZONE blocks define, by TZID.
pub fn definitions(lines: &[&str]) -> HashMap<String, Tz> {
    let mut out = HashMap::new();
    let mut tzid: Option<String> = None;
    let mut observances: Vec<Observance> = Vec::new();
    let mut current: Option<Observance> = None;
    let mut inside = false;
    for line in lines {
        let line = line.trim();
        // Parse runs this over every line of every feed at every sync:
        // outside a VTIMEZONE only its BEGIN matters, so nothing else is
        // looked at (or upper-cased) there.
        if !inside && !line.get(..15).is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:VTIMEZONE")) {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else { continue };
        let key = name.split(';').next().unwrap_or(name).to_ascii_uppercase();
        let value = value.trim();
        match (key.as_str(), value.to_ascii_uppercase().as_str()) {
            ("BEGIN", "VTIMEZONE") => {
                inside = true;
                tzid = None;
                observances.clear();
            }
            ("END", "VTIMEZONE") if inside => {
                inside = false;
                if let Some(id) = tzid.take()
                    && let Some(tz) = matching_zone(&id, &observances)
                {
                    out.insert(id, tz);
                }
            }
            ("BEGIN", "STANDARD" | "DAYLIGHT") if inside => current = Some(Observance::default()),
            ("END", "STANDARD" | "DAYLIGHT") if inside => observances.extend(current.take()),
            ("TZID", _) if inside && current.is_none() => tzid = Some(value.trim_matches('"').to_string()),
            _ => {
                if let Some(o) = current.as_mut() {
                    match key.as_str() {
                        "DTSTART" => o.start = local(value),
                        "TZOFFSETFROM" => o.from = offset(value).unwrap_or(o.from),
                        "TZOFFSETTO" => o.to = offset(value).unwrap_or(o.to),
                        "RRULE" => o.rrule = Some(value.to_string()),
                        "RDATE" => o.rdates.extend(value.split(',').filter_map(local)),
                        _ => {}
                    }
                }
            }
        }
    }
    out
}

fn local(v: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(v.trim().trim_end_matches(['Z', 'z']), "%Y%m%dT%H%M%S").ok()
}

/// "+0200", "-0500", "+053000" → seconds east of UTC.
fn offset(v: &str) -> Option<i32> {
    let (sign, digits) = match v.trim().split_at_checked(1)? {
        ("+", d) => (1, d),
        ("-", d) => (-1, d),
        _ => return None,
    };
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<i32>().ok());
    let seconds = n(0..2)? * 3600 + n(2..4)? * 60 + n(4..6).unwrap_or(0);
    Some(sign * seconds)
}

/// The definition's transitions, as (UTC instant, offset from then on), in order.
fn transitions(observances: &[Observance]) -> Vec<(DateTime<Utc>, i32)> {
    let mut out = Vec::new();
    for o in observances {
        let Some(start) = o.start else { continue };
        let mut onsets = vec![start];
        onsets.extend(&o.rdates);
        if let Some(rule) = &o.rrule {
            onsets.extend(expand(start, rule, o.from));
        }
        for onset in onsets {
            out.push((Utc.from_utc_datetime(&onset) - Duration::seconds(i64::from(o.from)), o.to));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A yearly observance rule's onsets (local wall-clock times), from its
/// start until [`UNTIL_YEAR`]. The rule runs on local times written as if
/// UTC; an UNTIL in real UTC is moved onto that clock.
fn expand(start: NaiveDateTime, rule: &str, from: i32) -> Vec<NaiveDateTime> {
    let rule: Vec<String> = rule
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") => {
                let until =
                    local(v).map(|u| if v.ends_with(['Z', 'z']) { u + Duration::seconds(i64::from(from)) } else { u });
                until.map_or_else(|| p.to_string(), |u| format!("UNTIL={}", u.format("%Y%m%dT%H%M%SZ")))
            }
            _ => p.to_string(),
        })
        .collect();
    // A rule from 1601 (Outlook) need not be walked from there: the same
    // day and time in 2000 gives the same onsets from then on.
    let first = if start.year() < 2000 { start.with_year(2000).unwrap_or(start) } else { start };
    let text = format!("DTSTART:{}\nRRULE:{}", first.format("%Y%m%dT%H%M%SZ"), rule.join(";"));
    let Ok(set) = text.parse::<rrule::RRuleSet>() else { return Vec::new() };
    let end = Utc.with_ymd_and_hms(UNTIL_YEAR, 12, 31, 0, 0, 0).single();
    let set = match end {
        Some(end) => set.before(end.with_timezone(&rrule::Tz::UTC)),
        None => set,
    };
    set.all(200).dates.into_iter().map(|d| d.naive_utc()).collect()
}

/// The IANA zone with the definition's offsets wherever it defines them.
fn matching_zone(id: &str, observances: &[Observance]) -> Option<Tz> {
    let changes = transitions(observances);
    let first_offset = observances.iter().filter(|o| o.start.is_some()).min_by_key(|o| o.start).map(|o| o.from)?;
    let offset_at = |u: DateTime<Utc>| changes.iter().rev().find(|(at, _)| *at <= u).map_or(first_offset, |(_, o)| *o);
    // The moments the definition speaks for: from its first change to a
    // year after its last (or the next years, for a zone without changes).
    let y2020 = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).single()?;
    let from = changes.first().map_or(y2020, |(at, _)| *at).max(y2020);
    let y2031 = Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).single()?;
    let to = (changes.last().map_or(from, |(at, _)| *at).max(from) + Duration::days(366)).min(y2031.max(from));
    let samples: Vec<DateTime<Utc>> = (0..).map(|i| from + Duration::hours(12 * i)).take_while(|u| *u <= to).collect();
    let offset_of = |tz: Tz, u: DateTime<Utc>| {
        let o = tz.offset_from_utc_datetime(&u.naive_utc());
        (o.base_utc_offset() + o.dst_offset()).num_seconds()
    };
    let fits = |tz: &Tz| samples.iter().all(|u| offset_of(*tz, *u) == i64::from(offset_at(*u)));
    let named = chrono_tz::TZ_VARIANTS.iter().filter(|tz| {
        let city = tz.name().rsplit('/').next().unwrap_or("").replace('_', " ");
        !city.is_empty() && id.contains(&city)
    });
    let preferred = PREFERRED.iter().filter_map(|n| n.parse::<Tz>().ok());
    let candidates = named.copied().chain(preferred).chain(chrono_tz::TZ_VARIANTS.iter().copied());
    candidates.into_iter().find(|tz| fits(tz))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTLOOK: &str = "BEGIN:VTIMEZONE
TZID:GMT +0100 (Standard) / GMT +0200 (Daylight)
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE";

    #[test]
    fn outlooks_anonymous_central_european_zone_is_read_from_its_rules() {
        let lines: Vec<&str> = OUTLOOK.lines().collect();
        let zones = definitions(&lines);
        let tz = zones["GMT +0100 (Standard) / GMT +0200 (Daylight)"];
        let o = |y, m, d| {
            let off = tz.offset_from_utc_datetime(&Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap().naive_utc());
            (off.base_utc_offset() + off.dst_offset()).num_hours()
        };
        assert_eq!((o(2026, 1, 15), o(2026, 7, 15), o(2030, 12, 1)), (1, 2, 1));
    }

    #[test]
    fn offsets_are_read_with_their_sign() {
        assert_eq!(offset("+0200"), Some(7200));
        assert_eq!(offset("-0430"), Some(-16200));
        assert_eq!(offset("+053000"), Some(19800));
        assert_eq!(offset("0200"), None);
    }
}
