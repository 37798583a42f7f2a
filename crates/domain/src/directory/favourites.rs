//! The desk's favourite client companies: up to nine, each on a number key
//! (Ctrl+1…9 in the app). Kept with the directory, so every operator of an
//! answering desk gets the same numbers.

use crate::params;
use crate::store::db::{Connection, OptionalExtension};

use super::Result;
use crate::model::Id;

pub const MAX: u8 = 9;

/// (position, company) pairs, by position.
pub fn list(conn: &Connection) -> Result<Vec<(u8, Id)>> {
    let mut stmt = conn.prepare_cached("SELECT position, company_id FROM favourites ORDER BY position")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, u8>(0)?, r.get::<_, Id>(1)?)))?;
    Ok(rows.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// Makes the company a favourite on the first free number, or stops it
/// being one. Returns its number, or `None` when removed.
pub fn toggle(conn: &Connection, company_id: Id) -> Result<Option<u8>> {
    let existing: Option<u8> = conn
        .query_row("SELECT position FROM favourites WHERE company_id = ?1", [company_id], |r| r.get(0))
        .optional()?;
    if existing.is_some() {
        conn.execute("DELETE FROM favourites WHERE company_id = ?1", [company_id])?;
        return Ok(None);
    }
    let taken: Vec<u8> = list(conn)?.into_iter().map(|(p, _)| p).collect();
    let Some(free) = (1..=MAX).find(|p| !taken.contains(p)) else {
        return Err(crate::model::Refusal::FavouritesFull { max: MAX }.into());
    };
    conn.execute("INSERT INTO favourites (position, company_id) VALUES (?1, ?2)", params![free, company_id])?;
    Ok(Some(free))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::people::tests::setup;

    #[test]
    fn first_free_number_and_toggling_off() {
        let (store, company) = setup();
        let conn = store.conn();
        assert_eq!(toggle(conn, company).unwrap(), Some(1));
        assert_eq!(list(conn).unwrap(), vec![(1, company)]);
        assert_eq!(toggle(conn, company).unwrap(), None);
        assert!(list(conn).unwrap().is_empty());
    }
}
