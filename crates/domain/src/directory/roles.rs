//! Roles and topics ("HR", "toimitusjohtaja / CEO", "laskutus") and who
//! holds them, in order.

use crate::params;
use crate::store::db::{Connection, OptionalExtension};

use super::changes::{self, Entry};
use super::companies::json;
use super::{DirectoryError, Result, Stamp, people};
use crate::model::{ChangeValue, Id, Role};
use crate::text::name_key;

/// Creates the role or replaces its aliases and holders; logs what changed.
/// `role.id` is ignored unless `keep_id`; the stored id is returned.
pub fn set(conn: &Connection, role: &Role, stamp: &Stamp, keep_id: bool) -> Result<Id> {
    let mut role = role.clone();
    role.normalise()?;
    let role = &role;
    let name = role.name.trim();
    if name.is_empty() {
        return Err(crate::model::Refusal::RoleNeedsName.into());
    }
    let mut holders: Vec<Id> = Vec::new();
    for &h in &role.holders {
        let p = people::get(conn, h)?;
        if p.company_id != role.company_id {
            return Err(crate::model::Refusal::OtherCompany { name: p.full_name() }.into());
        }
        if holders.contains(&h) {
            return Err(crate::model::Refusal::ListedTwice { name: p.full_name(), role: name.to_string() }.into());
        }
        holders.push(h);
    }
    let existing = find(conn, role.company_id, name)?;
    let (id, old) = match existing {
        Some(old) => {
            conn.execute(
                "UPDATE roles SET name = ?2, aliases = ?3 WHERE id = ?1",
                params![old.id, name, json(&role.aliases)],
            )?;
            conn.execute("DELETE FROM role_holders WHERE role_id = ?1", [old.id])?;
            (old.id, Some(old))
        }
        None => {
            let id: Id = conn.query_row(
                "INSERT INTO roles (id, company_id, name, aliases) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                params![keep_id.then_some(role.id), role.company_id, name, json(&role.aliases)],
                |r| r.get(0),
            )?;
            (id, None)
        }
    };
    let mut stmt =
        conn.prepare_cached("INSERT INTO role_holders (role_id, position, person_id) VALUES (?1, ?2, ?3)")?;
    for (i, h) in holders.iter().enumerate() {
        stmt.execute(params![id, i as i64, h])?;
    }
    let base = Entry {
        company_id: Some(role.company_id),
        entity: crate::model::ChangeEntity::Role,
        entity_id: Some(id),
        subject: name,
        field: crate::model::ChangeField::Whole,
        old: None,
        new: None,
    };
    let names = |ids: &[Id]| -> Result<String> {
        let mut out = Vec::new();
        for &i in ids {
            out.push(people::get(conn, i).map(|p| p.full_name()).unwrap_or_else(|_| format!("#{i}")));
        }
        Ok(out.join(", "))
    };
    let (old_holders, old_aliases) = match &old {
        Some(o) => (names(&o.holders)?, o.aliases.join(", ")),
        None => (String::new(), String::new()),
    };
    if old.is_none() {
        changes::record(conn, stamp, Entry { new: Some(ChangeValue::Added), ..base_clone(&base) })?;
    }
    let text = ChangeValue::text;
    changes::record_field(
        conn,
        stamp,
        &base,
        crate::model::ChangeField::Holders,
        text(old_holders),
        text(names(&holders)?),
    )?;
    changes::record_field(
        conn,
        stamp,
        &base,
        crate::model::ChangeField::Aliases,
        text(old_aliases),
        text(role.aliases.join(", ")),
    )?;
    Ok(id)
}

fn base_clone<'a>(e: &Entry<'a>) -> Entry<'a> {
    Entry {
        company_id: e.company_id,
        entity: e.entity,
        entity_id: e.entity_id,
        subject: e.subject,
        field: e.field,
        old: e.old.clone(),
        new: e.new.clone(),
    }
}

pub fn get(conn: &Connection, id: Id) -> Result<Role> {
    let row: Option<(Id, String, String)> = conn
        .query_row("SELECT company_id, name, aliases FROM roles WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (company_id, name, aliases) =
        row.ok_or_else(|| DirectoryError::not_found(crate::model::Thing::Role, format!("#{id}")))?;
    Ok(Role { id, company_id, name, aliases: serde_json::from_str(&aliases)?, holders: holders(conn, id)? })
}

/// A role by name or alias (case-insensitive) in a company.
pub fn find(conn: &Connection, company_id: Id, name: &str) -> Result<Option<Role>> {
    let key = name_key(name);
    Ok(list(conn, company_id)?
        .into_iter()
        .find(|r| name_key(&r.name) == key || r.aliases.iter().any(|a| name_key(a) == key)))
}

pub fn list(conn: &Connection, company_id: Id) -> Result<Vec<Role>> {
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT id FROM roles WHERE company_id = ?1 ORDER BY lower(name)")?
        .query_map([company_id], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

/// The roles a person holds, in name order.
pub fn held_by(conn: &Connection, person_id: Id) -> Result<Vec<Role>> {
    let ids: Vec<Id> = conn
        .prepare_cached(
            "SELECT r.id FROM roles r JOIN role_holders h ON h.role_id = r.id WHERE h.person_id = ?1 ORDER BY lower(r.name)",
        )?
        .query_map([person_id], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

fn holders(conn: &Connection, role_id: Id) -> Result<Vec<Id>> {
    Ok(conn
        .prepare_cached("SELECT person_id FROM role_holders WHERE role_id = ?1 ORDER BY position")?
        .query_map([role_id], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::people::tests::{person, setup, stamp};

    #[test]
    fn set_replaces_holders_in_order_and_logs() {
        let (store, c) = setup();
        let conn = store.conn();
        let a = people::insert(conn, &person(c, "Anna", "A"), &stamp(), false).unwrap();
        let b = people::insert(conn, &person(c, "Bert", "B"), &stamp(), false).unwrap();
        let role =
            Role { id: 0, company_id: c, name: "HR".into(), aliases: vec!["henkilöstö".into()], holders: vec![a, b] };
        let id = set(conn, &role, &stamp(), false).unwrap();
        let again = set(conn, &Role { holders: vec![b, a], ..role.clone() }, &stamp(), false).unwrap();
        assert_eq!(id, again);
        assert_eq!(get(conn, id).unwrap().holders, vec![b, a]);
        assert_eq!(find(conn, c, "Henkilöstö").unwrap().unwrap().id, id);
        assert_eq!(held_by(conn, a).unwrap().len(), 1);
        let log = changes::since(conn, Some(c), stamp().at).unwrap();
        let h = log.iter().find(|e| e.field == crate::model::ChangeField::Holders && e.old.is_some()).unwrap();
        assert_eq!(h.old.as_ref().and_then(crate::model::ChangeValue::as_text), Some("Anna A, Bert B"));
        assert_eq!(h.new.as_ref().and_then(crate::model::ChangeValue::as_text), Some("Bert B, Anna A"));
    }

    #[test]
    fn duplicate_holder_refused() {
        let (store, c) = setup();
        let a = people::insert(store.conn(), &person(c, "Anna", "A"), &stamp(), false).unwrap();
        let role = Role { id: 0, company_id: c, name: "HR".into(), aliases: vec![], holders: vec![a, a] };
        assert!(set(store.conn(), &role, &stamp(), false).is_err());
    }
}
