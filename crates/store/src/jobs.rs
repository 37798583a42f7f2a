//! Jobs that one desk of a team does for all of them (fetching the calendar
//! feeds), guarded by the engine's own lock: a PostgreSQL advisory lock,
//! held by one connection at a time and let go by the server when that
//! connection ends — so a desk that closes, crashes or loses its network
//! hands the job on without anyone cleaning up after it.
//!
//! The lock is per team database: keyed by the job and by the schema the
//! directory lives in, so directories sharing one server (tests, or
//! several teams) do not hold up one another. On SQLite (one desk) the job
//! is always this desk's.

use super::db::{self, Connection, Engine};

/// A job done by one desk at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// A round of calendar sync.
    CalendarSync,
    /// Delivering the outbox's messages (and the clients' summaries).
    Delivery,
}

impl Job {
    /// The advisory lock's first key ("VH" and a number), the second being
    /// the schema's hash.
    fn key(self) -> i64 {
        match self {
            Job::CalendarSync => 0x5648_0001,
            Job::Delivery => 0x5648_0002,
        }
    }
}

/// Takes `job` for this desk if no other desk has it: `false` when one
/// does. Never waits. Give it back with [`let_go`]; a connection that ends
/// gives back what it held.
pub fn try_take(conn: &Connection, job: Job) -> db::Result<bool> {
    if conn.engine() == Engine::Sqlite {
        return Ok(true);
    }
    conn.query_row("SELECT pg_try_advisory_lock(CAST(?1 AS INTEGER), hashtext(current_schema()))", [job.key()], |r| {
        r.get(0)
    })
}

/// Gives `job` back. A failure means the connection is gone, and the lock
/// with it, so there is nothing to report.
pub fn let_go(conn: &Connection, job: Job) {
    if conn.engine() == Engine::Postgres {
        let _ = conn.query_row(
            "SELECT pg_advisory_unlock(CAST(?1 AS INTEGER), hashtext(current_schema()))::text",
            [job.key()],
            |_| Ok(()),
        );
    }
}

/// Which desk holds `job` now (its connection's name, see
/// [`super::postgres::set_desk_name`]), if any desk does.
pub fn holder(conn: &Connection, job: Job) -> db::Result<Option<String>> {
    if conn.engine() == Engine::Sqlite {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = CAST(?1 AS INTEGER)::oid AND l.objid = hashtext(current_schema())::oid",
    )?;
    let mut names = stmt.query_map([job.key()], |r| r.get::<_, Option<String>>(0))?;
    names.next().transpose().map(|name| name.map(Option::unwrap_or_default))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn one_connection_holds_a_job_at_a_time_and_lets_go() {
        let Some(url) = std::env::var("VAIHDE_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) else {
            // On SQLite the one desk always has it.
            let store = Store::open_in_memory().expect("store");
            assert!(try_take(store.conn(), Job::CalendarSync).expect("take"));
            return;
        };
        let job = Job::CalendarSync;
        let url = crate::postgres::schema_url(&url, &format!("jobs{}", std::process::id())).expect("schema");
        let a = Store::open_postgres(&url).expect("a");
        let b = Store::open_postgres(&url).expect("b");
        assert!(try_take(a.conn(), job).expect("take"), "a gets it");
        assert!(!try_take(b.conn(), job).expect("take"), "b must not");
        assert!(holder(b.conn(), job).expect("holder").is_some());
        let_go(a.conn(), job);
        assert!(holder(b.conn(), job).expect("holder").is_none());
        assert!(try_take(b.conn(), job).expect("take"), "b gets it once a let go");
        let_go(b.conn(), job);
        // A desk that goes away (its connection ends) lets go too.
        let c = Store::open_postgres(&url).expect("c");
        assert!(try_take(c.conn(), job).expect("take"), "c gets it");
        drop(c);
        let mut waited = 0;
        while !try_take(b.conn(), job).expect("take") {
            waited += 1;
            assert!(waited < 50, "the lock of a closed connection is let go");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}
