//! Personal data kept no longer than needed: calls and messages are
//! deleted after the directory's keep time (90 days unless set), and one
//! caller's traces can be erased on request (`vaihde forget-caller`).
//! A message still waiting to be delivered, or a callback still open, is
//! never deleted by the keep time: taken means never lost.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::directory::Result;
use crate::directory::changes::utc_text;
use crate::params;
use crate::phone::number_key;
use crate::store::db::Connection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Removed {
    pub messages: usize,
    pub calls: usize,
}

/// Deletes what is older than the keep time at `at`.
pub fn prune(conn: &Connection, at: DateTime<Utc>) -> Result<Removed> {
    let days = super::settings::shown(conn)?.keep_days;
    let cutoff = utc_text(at - Duration::days(i64::from(days)));
    let calls = conn.execute("DELETE FROM calls WHERE started_at < ?1", [&cutoff])?;
    let messages = conn.execute(
        "DELETE FROM messages WHERE taken_at < ?1 AND status <> 'queued'
             AND NOT (callback = 1 AND callback_outcome IS NULL)",
        [&cutoff],
    )?;
    Ok(Removed { messages, calls })
}

/// Erases every call from `number` and every message its caller left
/// (whatever their state: the caller asked). Counts what went.
pub fn forget_caller(conn: &Connection, number: &str) -> Result<Removed> {
    let key = number_key(number);
    if key.is_empty() {
        return Ok(Removed::default());
    }
    let calls = conn.execute("DELETE FROM calls WHERE caller_key = ?1", [&key])?;
    let messages = conn.execute("DELETE FROM messages WHERE caller_key = ?1", params![key])?;
    Ok(Removed { messages, calls })
}
