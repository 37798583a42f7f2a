//! Each person's phone numbers by their comparison key (migration 11's
//! `person_numbers`), so an incoming call's caller is found through an
//! index instead of by reading everyone's phones. Written with the person
//! by the people operations, and once for old directories by the migration.

use super::{Result, people};
use crate::model::{Id, Person};
use crate::params;
use crate::phone::{number_key, reversed, same_line};
use crate::store::db::{self, Connection};

/// Replaces the person's stored keys with those of `numbers` (as written;
/// one that has no digits is not stored).
pub(crate) fn write<'a>(conn: &Connection, person_id: Id, numbers: impl Iterator<Item = &'a str>) -> db::Result<()> {
    conn.execute("DELETE FROM person_numbers WHERE person_id = ?1", [person_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO person_numbers (person_id, position, number_key, reversed) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, key) in numbers.map(number_key).enumerate().filter(|(_, k)| !k.is_empty()) {
        stmt.execute(params![person_id, i as i64, key, reversed(&key)])?;
    }
    Ok(())
}

/// The people one of whose numbers is the same line as `key` (a caller's
/// number key): equal, or one ending with the other from 7 digits on
/// ([`same_line`]), found through the reversed-key index.
pub fn people_with(conn: &Connection, key: &str) -> Result<Vec<Person>> {
    if key.is_empty() {
        return Ok(Vec::new());
    }
    // Keys are ASCII (digits and "+"), so they are sliced by bytes.
    let rev = reversed(key);
    let mut ids: Vec<Id> = Vec::new();
    // Stored numbers that end with the caller's (the stored one is longer):
    // their reversed keys start with the caller's reversed key.
    if key.len() >= 7 {
        // The range [rev, rev + "~") holds exactly the keys starting with rev.
        let mut stmt =
            conn.prepare_cached("SELECT person_id FROM person_numbers WHERE reversed >= ?1 AND reversed < ?2")?;
        for id in stmt.query_map([rev.clone(), format!("{rev}~")], |r| r.get(0))? {
            ids.push(id?);
        }
    }
    // The caller's number ends with a stored one (or equals it): the stored
    // reversed key is a prefix of the caller's, of 7 digits or more, or all of it.
    let shortest = rev.len().min(7);
    let mut stmt = conn.prepare_cached("SELECT person_id FROM person_numbers WHERE reversed = ?1")?;
    for n in shortest..=rev.len() {
        for id in stmt.query_map([&rev[..n]], |r| r.get(0))? {
            ids.push(id?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let p = people::get(conn, id)?;
        if p.phones.iter().any(|ph| same_line(&number_key(&ph.number), key)) {
            found.push(p);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::people::tests::{person, setup, stamp};
    use crate::model::{Phone, PhoneKind};

    #[test]
    fn a_caller_is_found_by_number_with_or_without_the_area_code() {
        let (store, c) = setup();
        let conn = store.conn();
        let mut p = person(c, "Maija", "Virtanen");
        p.phones = vec![
            Phone { kind: PhoneKind::Mobile, number: "+358 40 123 4567".into(), label: String::new() },
            Phone { kind: PhoneKind::Extension, number: "1234".into(), label: String::new() },
        ];
        let id = people::insert(conn, &p, &stamp(), false).unwrap();
        let ids = |n: &str| {
            people_with(conn, &crate::phone::number_key(n)).unwrap().into_iter().map(|p| p.id).collect::<Vec<_>>()
        };
        assert_eq!(ids("040 123 4567"), [id]);
        assert_eq!(ids("+358401234567"), [id]);
        assert_eq!(ids("123 4567"), [id], "without the area code");
        assert_eq!(ids("1234"), [id], "the extension itself");
        assert!(ids("234").is_empty() && ids("4567").is_empty(), "short numbers match only whole");
        assert!(ids("040 123 4568").is_empty());
        // A changed number is looked up by its new key only.
        let mut changed = people::get(conn, id).unwrap();
        changed.phones.truncate(1);
        changed.phones[0].number = "050 999 8888".into();
        people::update(conn, &changed, &stamp()).unwrap();
        assert!(ids("040 123 4567").is_empty() && ids("1234").is_empty());
        assert_eq!(ids("0509998888"), [id]);
    }
}
