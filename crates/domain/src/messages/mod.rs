//! When nobody can take the call: the messages an operator takes, where
//! each goes, its delivery by e-mail and webhook, the callbacks callers ask
//! for, the log of calls handled, and how long all of it is kept.
//!
//! A message is committed to the store before any delivery is tried: the
//! outbox is the store's own queued rows ([`outbox`]), so a crash, a kill
//! or a mail server that is down loses nothing, and it goes out once the
//! server answers. The same tables serve one desk (SQLite) and a team
//! (PostgreSQL), where every desk sees a message, a claimed callback or a
//! logged call the moment it is written (the live-changes triggers).

pub mod call_log;
pub mod callbacks;
pub mod chart;
pub mod escalation;
pub mod figures;
pub mod mail;
mod model;
pub mod outbox;
pub mod recipients;
pub mod replies;
pub mod report;
pub mod retention;
pub mod settings;
pub mod smtp;
mod stored;
pub mod take;
pub mod webhook;

pub use model::*;
pub use stored::{List, events, get, list, mark};
