//! What changed since a window last looked: the live-changes feed that the
//! store's triggers write on every change (migration 10), read from a
//! cursor, so that an open window re-reads only the people and companies
//! that changed instead of whole tables.
//!
//! A [`Follower`] is one window's place in the feed. On SQLite it first
//! asks `PRAGMA data_version`, which changes only when another connection
//! committed: a poll that finds nothing new costs no query at all.

use std::collections::BTreeSet;

use crate::store::db::Connection;
use serde::Serialize;

use super::Result;
use crate::model::Id;

/// What kind of record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// A person's fields, e-mails, delegates or roles held.
    Person,
    /// A role's name, aliases or holders list.
    Role,
    /// An absence entered by hand.
    Absence,
    /// A company's settings or numbers, or a company added or removed.
    Company,
    /// A calendar feed: added, synced (its absences with it), a suggestion decided.
    Feed,
    /// The desk's favourite companies.
    Favourite,
    /// A message: taken, delivered, acknowledged, its callback claimed or done.
    Message,
    /// The call log.
    Call,
    /// A company's call scripts.
    Script,
    /// An operator signed in or out at a desk.
    Shift,
}

impl Topic {
    fn parse(code: &str) -> Option<Topic> {
        Some(match code {
            "person" => Topic::Person,
            "role" => Topic::Role,
            "absence" => Topic::Absence,
            "company" => Topic::Company,
            "feed" => Topic::Feed,
            "favourite" => Topic::Favourite,
            "message" => Topic::Message,
            "call" => Topic::Call,
            "script" => Topic::Script,
            "shift" => Topic::Shift,
            _ => return None,
        })
    }
}

/// What changed between two looks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Changed {
    /// People whose own record changed (to index again).
    pub people: BTreeSet<Id>,
    /// Companies something changed in.
    pub companies: BTreeSet<Id>,
    pub topics: BTreeSet<Topic>,
    /// Too much, or too long ago, to say row by row: re-read everything.
    pub everything: bool,
}

impl Changed {
    pub fn is_empty(&self) -> bool {
        !self.everything && self.topics.is_empty()
    }

    /// Whether a screen showing `company` (or all companies, `None`) has anything to re-read.
    pub fn touches(&self, company: Option<Id>) -> bool {
        self.everything || (!self.topics.is_empty() && company.is_none_or(|c| self.companies.contains(&c)))
    }
}

/// More rows than this since the last look: re-reading everything is cheaper.
const MOST_ROWS: i64 = 5_000;
/// Rows kept when pruning; a window further behind re-reads everything.
const KEEP_ROWS: i64 = 50_000;

/// One reader's place in the live-changes feed.
#[derive(Debug, Clone)]
pub struct Follower {
    seq: i64,
    /// SQLite's data version at the last look (`None` on PostgreSQL, where
    /// the feed itself is read: one index lookup).
    data_version: Option<i64>,
}

impl Follower {
    /// Starts at the end of the feed: what changes from now on.
    pub fn from_now(conn: &Connection) -> Result<Follower> {
        Ok(Follower { seq: last_seq(conn)?, data_version: data_version(conn)? })
    }

    /// The feed position it has read up to.
    pub fn position(&self) -> i64 {
        self.seq
    }

    /// What changed since the last call, or `None` when nothing did. `conn`
    /// must be the follower's own connection: SQLite's data version counts
    /// other connections' commits only.
    pub fn poll(&mut self, conn: &Connection) -> Result<Option<Changed>> {
        let version = data_version(conn)?;
        if version.is_some() && self.data_version == version {
            return Ok(None);
        }
        self.data_version = version;
        let changed = since(conn, &mut self.seq)?;
        Ok((!changed.is_empty()).then_some(changed))
    }
}

/// Reads the feed after `*seq` and moves `*seq` to its end.
pub fn since(conn: &Connection, seq: &mut i64) -> Result<Changed> {
    let (first, last): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT MIN(seq), MAX(seq) FROM live_changes", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let Some(last) = last else { return Ok(Changed::default()) };
    let mut changed = Changed::default();
    if last <= *seq {
        // The feed was emptied and restarted (a restored database): start over.
        if last < *seq {
            changed.everything = true;
            *seq = last;
        }
        return Ok(changed);
    }
    // Rows between our place and the oldest kept were pruned, or there are
    // too many to be worth reading one by one.
    if first.is_some_and(|f| f > *seq + 1) || last - *seq > MOST_ROWS {
        changed.everything = true;
        *seq = last;
        return Ok(changed);
    }
    let mut stmt =
        conn.prepare_cached("SELECT topic, company_id, person_id FROM live_changes WHERE seq > ?1 AND seq <= ?2")?;
    let rows = stmt.query_map([*seq, last], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<Id>>(1)?, r.get::<_, Option<Id>>(2)?))
    })?;
    for row in rows {
        let (topic, company, person) = row?;
        // A topic this version does not know (written by a newer one): re-read everything.
        let Some(topic) = Topic::parse(&topic) else {
            changed.everything = true;
            continue;
        };
        changed.topics.insert(topic);
        match company {
            Some(c) => {
                changed.companies.insert(c);
            }
            // The company was gone by the time the row was written (a cascade).
            None => changed.everything = true,
        }
        if let (Some(p), Topic::Person) = (person, topic) {
            changed.people.insert(p);
        }
    }
    *seq = last;
    Ok(changed)
}

/// The end of the feed now.
pub fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM live_changes", [], |r| r.get(0))?)
}

fn data_version(conn: &Connection) -> Result<Option<i64>> {
    match conn.as_sqlite() {
        Some(c) => {
            Ok(Some(c.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(crate::store::db::Error::from)?))
        }
        None => Ok(None),
    }
}

/// Drops the oldest rows once the feed holds twice what is kept, so it
/// never grows without bound. Returns how many were dropped.
pub fn prune(conn: &Connection) -> Result<usize> {
    let (first, last): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT MIN(seq), MAX(seq) FROM live_changes", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    match (first, last) {
        (Some(first), Some(last)) if last - first + 1 >= 2 * KEEP_ROWS => {
            Ok(conn.execute("DELETE FROM live_changes WHERE seq <= ?1", [last - KEEP_ROWS])?)
        }
        _ => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Stamp, absences, people};
    use crate::model::{AbsenceKind, NewAbsence, Person};
    use crate::store::Store;
    use chrono::TimeZone;

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    fn two_connections() -> (tempfile::TempDir, Store, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Store::open_dir(dir.path()).unwrap();
        writer.write(|tx| crate::demo::load(tx, at(), false)).unwrap();
        let reader = Store::open_dir(dir.path()).unwrap();
        (dir, writer, reader)
    }

    fn rakennus(store: &Store) -> Id {
        crate::directory::companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap().id
    }

    #[test]
    fn nothing_new_costs_no_query_and_says_none() {
        let (_dir, _writer, reader) = two_connections();
        let mut f = Follower::from_now(reader.conn()).unwrap();
        assert_eq!(f.poll(reader.conn()).unwrap(), None);
        assert_eq!(f.poll(reader.conn()).unwrap(), None);
    }

    #[test]
    fn another_connections_edits_are_told_person_by_person() {
        let (_dir, mut writer, reader) = two_connections();
        let company = rakennus(&writer);
        let mut f = Follower::from_now(reader.conn()).unwrap();
        let stamp = Stamp::new(at(), Some("Jenny".into()));
        let new = Person::new(company, "Aino", "Uusi");
        let id = writer.write(|tx| people::insert(tx, &new, &stamp, false)).unwrap();
        let changed = f.poll(reader.conn()).unwrap().expect("the insert is told");
        assert_eq!(changed.people, BTreeSet::from([id]));
        assert_eq!(changed.companies, BTreeSet::from([company]));
        assert_eq!(changed.topics, BTreeSet::from([Topic::Person]));
        assert!(changed.touches(Some(company)) && changed.touches(None));
        assert!(!changed.touches(Some(company + 1000)));
        assert_eq!(f.poll(reader.conn()).unwrap(), None, "told once");

        // An absence by hand is told as an absence, not as an edit of the person.
        let from = at();
        writer
            .write(|tx| {
                let a = NewAbsence {
                    person_id: id,
                    starts_at: from,
                    ends_at: from + chrono::Duration::hours(2),
                    kind: AbsenceKind::Meeting,
                    reason: String::new(),
                };
                absences::add_manual(tx, &a, &stamp)
            })
            .unwrap();
        let changed = f.poll(reader.conn()).unwrap().expect("the absence is told");
        assert_eq!(changed.topics, BTreeSet::from([Topic::Absence]));
        assert!(changed.people.is_empty(), "nothing to index again");
    }

    #[test]
    fn a_reader_behind_the_pruning_rereads_everything() {
        let (_dir, writer, reader) = two_connections();
        let company = rakennus(&writer);
        let mut f = Follower::from_now(reader.conn()).unwrap();
        let behind = f.position();
        // Two rows written, then the older pruned: the reader missed one.
        for _ in 0..2 {
            writer
                .conn()
                .execute("INSERT INTO live_changes (topic, company_id) VALUES ('role', ?1)", [company])
                .unwrap();
        }
        writer.conn().execute("DELETE FROM live_changes WHERE seq <= ?1", [behind + 1]).unwrap();
        let changed = f.poll(reader.conn()).unwrap().expect("told");
        assert!(changed.everything, "{changed:?}");
        assert_eq!(f.position(), behind + 2);
    }

    #[test]
    fn a_large_import_is_one_reread_not_thousands_of_rows() {
        let (_dir, writer, reader) = two_connections();
        let mut f = Follower::from_now(reader.conn()).unwrap();
        writer
            .conn()
            .execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
                 INSERT INTO live_changes (topic, company_id, person_id) SELECT 'person', 1, i FROM n",
            )
            .unwrap();
        let changed = f.poll(reader.conn()).unwrap().expect("told");
        assert!(changed.everything && changed.people.is_empty());
    }

    #[test]
    fn pruning_keeps_the_newest_rows() {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                 INSERT INTO live_changes (topic, company_id) SELECT 'role', 1 FROM n",
            )
            .unwrap();
        assert_eq!(prune(store.conn()).unwrap(), 50_000);
        assert_eq!(prune(store.conn()).unwrap(), 0);
        assert_eq!(last_seq(store.conn()).unwrap(), 100_000);
    }
}
