//! Absences as stored rows: manual ones entered by operators (calendar sync
//! adds its own with source "calendar"). Whether someone is *in* at a given
//! moment is decided by the presence module (routing issue), not here.

use crate::params;
use crate::store::db::Connection;
use chrono::{DateTime, Utc};

use super::changes::{self, Entry, get_utc, utc_text};
use super::{DirectoryError, Result, Stamp, people};
use crate::model::{Absence, AbsenceKind, AbsenceSource, ChangeValue, Id, NewAbsence, Person};

pub fn add_manual(conn: &Connection, a: &NewAbsence, stamp: &Stamp) -> Result<Id> {
    if a.ends_at <= a.starts_at {
        let person = people::get(conn, a.person_id)?;
        let zone = super::companies::get(conn, person.company_id)?.timezone;
        return Err(crate::model::Refusal::AbsenceReversed { starts_at: a.starts_at, ends_at: a.ends_at, zone }.into());
    }
    let person = people::get(conn, a.person_id)?;
    let reason = crate::text::bounded(crate::text::Kind::Line, crate::model::Field::Reason, &a.reason)?;
    let id = insert(
        conn,
        &Absence {
            id: 0,
            person_id: a.person_id,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            kind: a.kind,
            reason: reason.clone(),
            source: AbsenceSource::Manual,
            feed_id: None,
        },
        false,
    )?;
    let zone = super::companies::get(conn, person.company_id)?.timezone;
    let what =
        ChangeValue::Absence { reason: a.kind, detail: reason, starts_at: a.starts_at, ends_at: a.ends_at, zone };
    log(conn, stamp, &person, id, None, Some(what))?;
    Ok(id)
}

/// Removes a manual absence ("she came back early").
pub fn remove_manual(conn: &Connection, id: Id, stamp: &Stamp) -> Result<()> {
    let a = get(conn, id)?;
    if a.source != AbsenceSource::Manual {
        return Err(crate::model::Refusal::FromCalendar.into());
    }
    let person = people::get(conn, a.person_id)?;
    conn.execute("DELETE FROM absences WHERE id = ?1", [id])?;
    let zone = super::companies::get(conn, person.company_id)?.timezone;
    let old = ChangeValue::Absence {
        reason: a.kind,
        detail: a.reason.clone(),
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        zone,
    };
    log(conn, stamp, &person, id, Some(old), Some(ChangeValue::Removed))
}

/// The change-log entry of an absence added or removed by an operator.
fn log(
    conn: &Connection,
    stamp: &Stamp,
    person: &Person,
    id: Id,
    old: Option<ChangeValue>,
    new: Option<ChangeValue>,
) -> Result<()> {
    let subject = person.full_name();
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(person.company_id),
            entity: crate::model::ChangeEntity::Absence,
            entity_id: Some(id),
            subject: &subject,
            field: crate::model::ChangeField::Whole,
            old,
            new,
        },
    )
}

/// Stores a row as is (backups keep ids).
pub fn insert(conn: &Connection, a: &Absence, keep_id: bool) -> Result<Id> {
    Ok(conn.query_row(
        "INSERT INTO absences (id, person_id, starts_at, ends_at, kind, reason, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         RETURNING id",
        params![
            keep_id.then_some(a.id),
            a.person_id,
            utc_text(a.starts_at),
            utc_text(a.ends_at),
            a.kind.code(),
            a.reason,
            source_code(a.source)
        ],
        |r| r.get(0),
    )?)
}

pub fn get(conn: &Connection, id: Id) -> Result<Absence> {
    query(conn, "id = ?1", params![id])?
        .into_iter()
        .next()
        .ok_or_else(|| DirectoryError::not_found(crate::model::Thing::Absence, format!("#{id}")))
}

/// Absences of a company's people overlapping [from, to), by start.
pub fn overlapping(conn: &Connection, company_id: Id, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Absence>> {
    query(
        conn,
        "person_id IN (SELECT id FROM people WHERE company_id = ?1) AND ends_at > ?2 AND starts_at < ?3 ORDER BY starts_at, id",
        params![company_id, utc_text(from), utc_text(to)],
    )
}

/// One person's absences overlapping [from, to), by start.
pub fn of_person(conn: &Connection, person_id: Id, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Absence>> {
    query(
        conn,
        "person_id = ?1 AND ends_at > ?2 AND starts_at < ?3 ORDER BY starts_at, id",
        params![person_id, utc_text(from), utc_text(to)],
    )
}

/// Manual absences of every company, by id: for backups (calendar ones are
/// synced again from their feeds).
pub fn all_manual(conn: &Connection) -> Result<Vec<Absence>> {
    query(conn, "source = 'manual' ORDER BY id", params![])
}

fn source_code(s: AbsenceSource) -> &'static str {
    match s {
        AbsenceSource::Manual => "manual",
        AbsenceSource::Calendar => "calendar",
    }
}

fn query(conn: &Connection, filter: &str, p: &[&dyn crate::store::db::ToSql]) -> Result<Vec<Absence>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, person_id, starts_at, ends_at, kind, reason, source, feed_id FROM absences WHERE {filter}"
    ))?;
    let rows = stmt.query_map(p, |r| {
        Ok((
            (r.get::<_, Id>(0)?, r.get::<_, Id>(1)?, get_utc(r, 2)?, get_utc(r, 3)?),
            (r.get::<_, String>(4)?, r.get::<_, String>(5)?, r.get::<_, String>(6)?, r.get::<_, Option<Id>>(7)?),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let ((id, person_id, starts_at, ends_at), (kind, reason, source, feed_id)) = row?;
        out.push(Absence {
            id,
            person_id,
            starts_at,
            ends_at,
            kind: AbsenceKind::parse(&kind).unwrap_or(AbsenceKind::Other),
            reason,
            source: if source == "calendar" { AbsenceSource::Calendar } else { AbsenceSource::Manual },
            feed_id,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::people::tests::{person, setup, stamp};
    use chrono::TimeZone;

    #[test]
    fn add_list_remove() {
        let (store, c) = setup();
        let conn = store.conn();
        let m = people::insert(conn, &person(c, "Maija", "Virtanen"), &stamp(), false).unwrap();
        let t = |d, h| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        let id = add_manual(
            conn,
            &NewAbsence {
                person_id: m,
                starts_at: t(23, 6),
                ends_at: t(24, 6),
                kind: AbsenceKind::Sick,
                reason: "flu".into(),
            },
            &stamp(),
        )
        .unwrap();
        assert_eq!(overlapping(conn, c, t(23, 10), t(23, 11)).unwrap().len(), 1);
        assert!(overlapping(conn, c, t(24, 6), t(24, 7)).unwrap().is_empty(), "end is exclusive");
        remove_manual(conn, id, &stamp()).unwrap();
        assert!(of_person(conn, m, t(1, 0), t(30, 0)).unwrap().is_empty());
        let err = add_manual(
            conn,
            &NewAbsence {
                person_id: m,
                starts_at: t(24, 6),
                ends_at: t(23, 6),
                kind: AbsenceKind::Sick,
                reason: String::new(),
            },
            &stamp(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("before it starts"));
    }
}
