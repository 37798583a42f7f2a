//! On-call rotas: a calendar feed whose events say who is on call for a
//! role or topic ("päivystys"), read by the calendar sync into shifts
//! instead of absences. While a shift runs, its person comes first when
//! that role or topic is asked for; their own absences apply as usual, and
//! when they cannot take the call the role's holders follow.
//!
//! A rota nobody keeps up to date is the answering services' most common
//! on-call failure: a rota with nobody on call now, or no shift reaching
//! seven days ahead, carries a warning the card and the calendars panel show.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::route::PersonBrief;
use crate::directory::changes::{get_utc, utc_text};
use crate::directory::feeds::CalendarAbsence;
use crate::directory::{Result, people};
use crate::model::Id;
use crate::params;
use crate::search::fold;
use crate::store::db::Connection;

/// How far ahead a rota should reach before it is said to be ending.
pub const AHEAD_DAYS: i64 = 7;

/// Who is on call for a role or topic, now and next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OnCall {
    /// The rota as named to a person (the feed's label, else the role or topic).
    pub rota: String,
    pub now: Option<Shift>,
    pub next: Option<Shift>,
    pub warning: Option<OnCallWarning>,
    /// The company's zone, to show the times in.
    pub zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Shift {
    pub person: PersonBrief,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// What is wrong with a rota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OnCallWarning {
    /// No shift runs now.
    NobodyNow,
    /// The last shift ends within the next seven days.
    EndsSoon { ends_at: DateTime<Utc> },
}

/// Makes a calendar feed the on-call rota of `name` (a role or topic).
pub fn set_rota(conn: &Connection, feed_id: Id, name: &str) -> Result<()> {
    let name = crate::text::bounded(crate::text::Kind::Name, crate::model::Field::OnCall, name)?;
    conn.execute("UPDATE feeds SET on_call = ?2 WHERE id = ?1", params![feed_id, name.trim()])?;
    Ok(())
}

/// Replaces a rota's shifts with what its last good sync read.
pub fn replace(conn: &Connection, feed_id: Id, shifts: &[CalendarAbsence]) -> Result<()> {
    conn.execute("DELETE FROM on_call_shifts WHERE feed_id = ?1", [feed_id])?;
    for s in shifts {
        conn.execute(
            "INSERT INTO on_call_shifts (feed_id, person_id, starts_at, ends_at, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![feed_id, s.person_id, utc_text(s.starts_at), utc_text(s.ends_at), s.reason],
        )?;
    }
    Ok(())
}

/// Who is on call at `at` on any of the company's rotas, in the order the
/// rotas were added (an urgent message nobody acknowledged goes to them).
pub fn on_call_now(conn: &Connection, company_id: Id, at: DateTime<Utc>) -> Result<Vec<Id>> {
    let mut st = conn.prepare(
        "SELECT s.person_id FROM on_call_shifts s JOIN feeds f ON f.id = s.feed_id
         WHERE f.company_id = ?1 AND f.on_call <> '' AND s.starts_at <= ?2 AND s.ends_at > ?2
         ORDER BY f.id, s.starts_at, s.person_id",
    )?;
    let ids: Vec<Id> =
        st.query_map(params![company_id, utc_text(at)], |r| r.get(0))?.collect::<crate::store::db::Result<_>>()?;
    let mut seen = std::collections::HashSet::new();
    Ok(ids.into_iter().filter(|id| seen.insert(*id)).collect())
}

/// The rota for a role or topic of the company (any of its folded names,
/// `keys`), as it stands at `at`; `None` when it has none.
pub fn for_keys(conn: &Connection, company_id: Id, keys: &[String], at: DateTime<Utc>) -> Result<Option<OnCall>> {
    let feeds: Vec<(Id, String, String)> = conn
        .prepare("SELECT id, on_call, label FROM feeds WHERE company_id = ?1 AND on_call <> '' ORDER BY id")?
        .query_map([company_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    let mine: Vec<&(Id, String, String)> = feeds.iter().filter(|(_, name, _)| keys.contains(&fold(name))).collect();
    let Some(first) = mine.first() else { return Ok(None) };
    let rota = if first.2.is_empty() { first.1.clone() } else { first.2.clone() };
    let zone = crate::directory::companies::get(conn, company_id)?.timezone;
    let mut now: Option<Shift> = None;
    let mut next: Option<Shift> = None;
    let mut last_end: Option<DateTime<Utc>> = None;
    for (feed_id, _, _) in &mine {
        let rows: Vec<(Id, DateTime<Utc>, DateTime<Utc>)> = conn
            .prepare("SELECT person_id, starts_at, ends_at FROM on_call_shifts WHERE feed_id = ?1 AND ends_at > ?2 ORDER BY starts_at")?
            .query_map(params![feed_id, utc_text(at)], |r| Ok((r.get(0)?, get_utc(r, 1)?, get_utc(r, 2)?)))?
            .collect::<crate::store::db::Result<_>>()?;
        for (person_id, starts_at, ends_at) in rows {
            last_end = Some(last_end.map_or(ends_at, |l| l.max(ends_at)));
            let p = people::get(conn, person_id)?;
            let shift = Shift { person: PersonBrief::of(&p), starts_at, ends_at };
            if starts_at <= at {
                // Two shifts at once: the one that started last is the handover's.
                if now.as_ref().is_none_or(|n| starts_at > n.starts_at) {
                    now = Some(shift);
                }
            } else if next.as_ref().is_none_or(|n| starts_at < n.starts_at) {
                next = Some(shift);
            }
        }
    }
    // The next shift is the one after the current one (not one overlapping it).
    if let (Some(n), Some(x)) = (&now, &next)
        && x.starts_at < n.ends_at
        && x.person.id == n.person.id
    {
        next = None;
    }
    let warning = match (&now, last_end) {
        (None, _) => Some(OnCallWarning::NobodyNow),
        (Some(_), Some(end)) if end < at + Duration::days(AHEAD_DAYS) => Some(OnCallWarning::EndsSoon { ends_at: end }),
        _ => None,
    };
    Ok(Some(OnCall { rota, now, next, warning, zone }))
}
