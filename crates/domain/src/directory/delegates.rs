//! Delegates: each person's ordered list of who covers for them, optionally
//! only between dates or for one topic.

use crate::params;
use crate::store::db::Connection;

use super::changes::{self, Entry};
use super::{DirectoryError, Result, Stamp, people};
use crate::model::{ChangeValue, Delegate, Id, Refusal};

/// Replaces a person's whole delegate list (positions are renumbered 1..n in
/// the given order) and logs the old and new lists. A former employee can
/// stay in the list (the route passes over them) but cannot be added.
pub fn set(conn: &Connection, person_id: Id, list: &[Delegate], stamp: &Stamp) -> Result<()> {
    let before = get(conn, person_id)?;
    for d in list {
        if !before.iter().any(|b| b.delegate_id == d.delegate_id) {
            let delegate = people::get(conn, d.delegate_id)?;
            if delegate.has_left() {
                return Err(Refusal::FormerDelegate { name: delegate.full_name() }.into());
            }
        }
    }
    write(conn, person_id, list, stamp)
}

/// Puts these colleagues in this order as the person's delegates: one kept
/// from before keeps its dates and topic, a new one covers always. What the
/// desk's dialog and `vaihde delegate set` without dates do.
pub fn reorder(conn: &Connection, person_id: Id, ids: &[Id], stamp: &Stamp) -> Result<()> {
    let before = get(conn, person_id)?;
    let list: Vec<Delegate> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let kept = before.iter().find(|d| d.delegate_id == *id);
            Delegate {
                delegate_id: *id,
                position: i as u32 + 1,
                from: kept.and_then(|d| d.from),
                until: kept.and_then(|d| d.until),
                topic: kept.and_then(|d| d.topic.clone()),
            }
        })
        .collect();
    set(conn, person_id, &list, stamp)
}

/// The list as given, for restoring a backup or writing the demo's history
/// (its people may have left since the list was set).
pub fn set_as_given(conn: &Connection, person_id: Id, list: &[Delegate], stamp: &Stamp) -> Result<()> {
    write(conn, person_id, list, stamp)
}

fn write(conn: &Connection, person_id: Id, list: &[Delegate], stamp: &Stamp) -> Result<()> {
    let person = people::get(conn, person_id)?;
    for d in list {
        if d.delegate_id == person_id {
            return Err(crate::model::Refusal::CoversSelf { name: person.full_name() }.into());
        }
        let delegate = people::get(conn, d.delegate_id)?;
        if delegate.company_id != person.company_id {
            return Err(crate::model::Refusal::OtherCompany { name: delegate.full_name() }.into());
        }
        if let (Some(from), Some(until)) = (d.from, d.until)
            && until < from
        {
            return Err(crate::model::Refusal::DatesReversed { from, until }.into());
        }
    }
    let old = get(conn, person_id)?;
    conn.execute("DELETE FROM delegates WHERE person_id = ?1", [person_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO delegates (person_id, position, delegate_id, valid_from, valid_until, topic) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, d) in list.iter().enumerate() {
        let topic = d.topic.as_deref().map(str::trim).filter(|t| !t.is_empty());
        stmt.execute(params![
            person_id,
            i as i64 + 1,
            d.delegate_id,
            d.from.map(|x| x.to_string()),
            d.until.map(|x| x.to_string()),
            topic
        ])?;
    }
    people::bump_version(conn, person_id)?;
    let subject = person.full_name();
    let base = Entry {
        company_id: Some(person.company_id),
        entity: crate::model::ChangeEntity::Delegates,
        entity_id: Some(person_id),
        subject: &subject,
        field: crate::model::ChangeField::Whole,
        old: None,
        new: None,
    };
    changes::record_field(
        conn,
        stamp,
        &base,
        crate::model::ChangeField::Delegates,
        ChangeValue::text(describe(conn, &old)?),
        ChangeValue::text(describe(conn, &get(conn, person_id)?)?),
    )
}

/// A person's delegates in order.
pub fn get(conn: &Connection, person_id: Id) -> Result<Vec<Delegate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT delegate_id, position, valid_from, valid_until, topic FROM delegates WHERE person_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([person_id], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get(4)?,
            ))
        })?
        .collect::<crate::store::db::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(delegate_id, position, from, until, topic)| {
            let date = |s: Option<String>| -> Result<Option<chrono::NaiveDate>> {
                s.map(|s| s.parse().map_err(|e| DirectoryError::Corrupt(format!("delegate date {s:?}: {e}"))))
                    .transpose()
            };
            Ok(Delegate { delegate_id, position, from: date(from)?, until: date(until)?, topic })
        })
        .collect()
}

/// "1. Pekka Saarinen, 2. Liisa Lehtonen (HR, 2026-07-01..2026-07-31)".
pub fn describe(conn: &Connection, list: &[Delegate]) -> Result<String> {
    let mut parts = Vec::new();
    for d in list {
        let name =
            people::get(conn, d.delegate_id).map(|p| p.full_name()).unwrap_or_else(|_| format!("#{}", d.delegate_id));
        let mut scope = Vec::new();
        if let Some(t) = &d.topic {
            scope.push(t.clone());
        }
        if d.from.is_some() || d.until.is_some() {
            let f = d.from.map(|x| x.to_string()).unwrap_or_default();
            let u = d.until.map(|x| x.to_string()).unwrap_or_default();
            scope.push(format!("{f}..{u}"));
        }
        if scope.is_empty() {
            parts.push(format!("{}. {name}", d.position));
        } else {
            parts.push(format!("{}. {name} ({})", d.position, scope.join(", ")));
        }
    }
    Ok(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::people::tests::{person, setup, stamp};

    fn d(id: Id) -> Delegate {
        Delegate { delegate_id: id, position: 0, from: None, until: None, topic: None }
    }

    #[test]
    fn set_orders_and_logs() {
        let (store, c) = setup();
        let conn = store.conn();
        let m = people::insert(conn, &person(c, "Maija", "Virtanen"), &stamp(), false).unwrap();
        let p = people::insert(conn, &person(c, "Pekka", "Saarinen"), &stamp(), false).unwrap();
        let l = people::insert(conn, &person(c, "Liisa", "Lehtonen"), &stamp(), false).unwrap();
        let mut second = d(l);
        second.topic = Some("palkat".into());
        set(conn, m, &[d(p), second], &stamp()).unwrap();
        let got = get(conn, m).unwrap();
        assert_eq!(got.iter().map(|x| (x.delegate_id, x.position)).collect::<Vec<_>>(), vec![(p, 1), (l, 2)]);
        let log = changes::since(conn, Some(c), stamp().at).unwrap();
        assert_eq!(
            log[0].new.as_ref().and_then(crate::model::ChangeValue::as_text),
            Some("1. Pekka Saarinen, 2. Liisa Lehtonen (palkat)")
        );
    }

    #[test]
    fn self_delegation_refused() {
        let (store, c) = setup();
        let m = people::insert(store.conn(), &person(c, "Maija", "Virtanen"), &stamp(), false).unwrap();
        let err = set(store.conn(), m, &[d(m)], &stamp()).unwrap_err();
        assert!(err.to_string().contains("themselves"));
    }
}
