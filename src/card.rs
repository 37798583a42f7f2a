//! The person card: everything the directory knows about one person, with
//! ids resolved to names, as the CLI's `person show` and the desktop app
//! show it. Presence (in/away now, who covers) is added by the routing
//! module; this is the stored facts only.

use crate::store::db::Connection;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::directory::{Result, absences, companies, delegates, people, roles};
use crate::model::{Absence, CallsTo, Id, Person, Redirect};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonCard {
    pub person: Person,
    /// The person's numbers to offer, each with what a softphone dials;
    /// `dial` is `None` for a former employee's old numbers (never offered).
    pub phones: Vec<PhoneView>,
    pub company: CompanyRef,
    pub record: crate::model::RecordKind,
    pub roles: Vec<String>,
    pub delegates: Vec<DelegateView>,
    pub calls_to: Option<RedirectView>,
    /// Absences from `at` on, for the next 60 days, by start.
    pub absences: Vec<Absence>,
    /// Calendars this person's status depends on that failed their last
    /// sync: the status may be stale, and the operator should know.
    pub calendar_warnings: Vec<CalendarWarning>,
    /// The person's saved-edit count when the card was read: an edit from
    /// this card passes it back, so a colleague's save in between is not
    /// overwritten (`people::check_version`).
    pub version: i64,
    /// The last day's messages for this person not yet done, newest first:
    /// the operator sees that a caller already left one.
    pub open_messages: Vec<crate::messages::Message>,
    /// Staff sources that no longer list this (current) person: has
    /// they left? The operator decides; nothing was deleted.
    pub gone_from: Vec<GoneFrom>,
    /// What the client's staff list changed about them that this
    /// operator has not seen yet (a new person, a new title), management
    /// titles first: empty unless read with [`person_card_for`].
    pub learned: Vec<crate::directory::learn::Learned>,
}

/// A staff source no longer lists the person, since when.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GoneFrom {
    pub feed_id: Id,
    /// The source as named to a person.
    pub feed: String,
    pub since: DateTime<Utc>,
    /// The day it was first missed, in the company's zone (the last day a "has left" form offers).
    pub day: chrono::NaiveDate,
    pub zone: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhoneView {
    pub kind: crate::model::PhoneKind,
    pub number: String,
    pub label: String,
    pub dial: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyRef {
    pub id: Id,
    pub slug: String,
    pub name: String,
    /// The person's company's zone: their absences are shown in it.
    pub timezone: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DelegateView {
    pub position: u32,
    pub id: Id,
    pub name: String,
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedirectView {
    pub to: RedirectTo,
    pub id: Option<Id>,
    /// The colleague's or role's name, or the text itself, as a form shows it.
    pub text: String,
    /// Where calls go, for showing in the operator's words (`Words::calls_to`).
    pub value: CallsTo,
}

/// What "calls go to" points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RedirectTo {
    Person,
    Role,
    Text,
}

/// A calendar this person's status depends on whose last sync failed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CalendarWarning {
    pub feed_id: Id,
    /// The feed's label or address.
    pub name: String,
    /// What went wrong, as the sync recorded it.
    pub problem: crate::model::Problem,
    pub last_success_at: Option<DateTime<Utc>>,
    /// The zone to show `last_success_at` in (the person's company's).
    pub zone: String,
}

/// The same absence from two sources (an operator's note and the shared
/// calendar, say) is one absence: listed once, with both reasons.
fn once_each(list: Vec<Absence>) -> Vec<Absence> {
    let mut out: Vec<Absence> = Vec::with_capacity(list.len());
    for a in list {
        match out.iter_mut().find(|b| b.starts_at == a.starts_at && b.ends_at == a.ends_at && b.kind == a.kind) {
            Some(b) => {
                if !a.reason.is_empty() && !b.reason.split(" · ").any(|r| r == a.reason) {
                    b.reason = if b.reason.is_empty() { a.reason } else { format!("{} · {}", b.reason, a.reason) };
                }
            }
            None => out.push(a),
        }
    }
    out
}

/// The card as one operator sees it: with what they have not yet seen
/// of the client's staff list changes ([`super::learn`]).
pub fn person_card_for(conn: &Connection, person_id: Id, at: DateTime<Utc>, operator: &str) -> Result<PersonCard> {
    let mut card = person_card(conn, person_id, at)?;
    let of = crate::directory::learn::Unseen { person_id: Some(person_id), company_id: None };
    card.learned = crate::directory::learn::unseen(conn, operator, of, at)?;
    Ok(card)
}

pub fn person_card(conn: &Connection, person_id: Id, at: DateTime<Utc>) -> Result<PersonCard> {
    let person = people::get(conn, person_id)?;
    let company = companies::get(conn, person.company_id)?;
    let delegates = delegates::get(conn, person_id)?
        .into_iter()
        .map(|d| {
            let name = people::get(conn, d.delegate_id).map(|p| p.full_name()).unwrap_or_default();
            DelegateView { position: d.position, id: d.delegate_id, name, from: d.from, until: d.until, topic: d.topic }
        })
        .collect();
    let calls_to = match &person.calls_to {
        None => None,
        Some(r) => {
            let value = people::calls_to(conn, r)?;
            // The name (or the words) alone, as the forms show it.
            let text = value.plain();
            let (to, id) = match r {
                Redirect::Person(id) => (RedirectTo::Person, Some(*id)),
                Redirect::Role(id) => (RedirectTo::Role, Some(*id)),
                Redirect::Text(_) => (RedirectTo::Text, None),
            };
            Some(RedirectView { to, id, text, value })
        }
    };
    let mut calendar_warnings = Vec::new();
    for f in crate::directory::feeds::list(conn, Some(person.company_id))? {
        if f.person_id.is_some_and(|p| p != person_id) {
            continue;
        }
        if let Some(problem) = &f.problem {
            calendar_warnings.push(CalendarWarning {
                feed_id: f.id,
                name: f.display_name(),
                problem: problem.clone(),
                last_success_at: f.last_success_at,
                zone: company.timezone.clone(),
            });
        }
    }
    let open_messages = crate::messages::list(
        conn,
        &crate::messages::List {
            for_person_id: Some(person_id),
            since: Some(at - Duration::hours(24)),
            statuses: vec![
                crate::messages::Status::Queued,
                crate::messages::Status::Sent,
                crate::messages::Status::Failed,
                crate::messages::Status::Acknowledged,
            ],
            limit: Some(20),
            ..Default::default()
        },
    )?;
    let gone_from = if person.left.is_some() {
        Vec::new()
    } else {
        crate::directory::staff_feeds::sources_of(conn, person_id)?
            .into_iter()
            .filter_map(|s| {
                let since = s.gone_since?;
                Some(GoneFrom {
                    feed_id: s.feed_id,
                    feed: s.feed,
                    since,
                    day: since.with_timezone(&company.tz()).date_naive(),
                    zone: company.timezone.clone(),
                })
            })
            .collect()
    };
    Ok(PersonCard {
        learned: Vec::new(),
        gone_from,
        open_messages,
        version: people::version(conn, person_id)?,
        calendar_warnings,
        roles: roles::held_by(conn, person_id)?.into_iter().map(|r| r.name).collect(),
        absences: once_each(absences::of_person(conn, person_id, at, at + Duration::days(60))?),
        company: CompanyRef { id: company.id, slug: company.slug, name: company.name, timezone: company.timezone },
        record: person.record_kind(),
        phones: person
            .phones
            .iter()
            .map(|ph| PhoneView {
                kind: ph.kind,
                number: ph.number.clone(),
                label: ph.label.clone(),
                dial: if person.has_left() { None } else { crate::phone::dial_string(&ph.number) },
            })
            .collect(),
        delegates,
        calls_to,
        person,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AbsenceKind, AbsenceSource};
    use chrono::TimeZone;

    fn absence(id: Id, reason: &str, source: AbsenceSource, day: u32) -> Absence {
        let start = Utc.with_ymd_and_hms(2026, 11, day, 22, 0, 0).unwrap();
        Absence {
            id,
            person_id: 6,
            starts_at: start,
            ends_at: start + Duration::days(2),
            kind: AbsenceKind::Training,
            reason: reason.into(),
            source,
            feed_id: None,
        }
    }

    /// Regression: one training showed twice on the card, once typed by an
    /// operator and once from the shared calendar.
    #[test]
    fn the_same_absence_from_two_sources_is_listed_once() {
        let list = vec![
            absence(3, "kurssilla Tampereella", AbsenceSource::Manual, 23),
            absence(87, "Koulutus: Jussi Heikkinen", AbsenceSource::Calendar, 23),
            absence(88, "kurssilla Tampereella", AbsenceSource::Calendar, 23),
            absence(90, "toinen kurssi", AbsenceSource::Manual, 27),
        ];
        let once = once_each(list);
        assert_eq!(once.len(), 2);
        assert_eq!(once[0].reason, "kurssilla Tampereella · Koulutus: Jussi Heikkinen");
        assert_eq!(once[1].reason, "toinen kurssi");
    }
}
