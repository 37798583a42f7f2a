//! The call log written from the desk's line: a call is logged when the
//! operator answers it (with when it rang, so the answer time is known),
//! closed as put through when a transfer reaches its target, and closed
//! without an outcome when it ends with none given (a message taken or
//! information given closes it through the message form as before, and
//! that outcome is kept).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::desk::{CallId, DeskCall, DeskEvent};
use crate::directory::Result;
use crate::messages::call_log::{self, Answered, CallOutcome, Close};
use crate::model::Id;
use crate::store::db::Connection;

/// Which log line each of the desk's calls is.
#[derive(Debug, Default)]
pub struct Logbook {
    lines: HashMap<CallId, Answered>,
    /// Whom each call is being sent to, for the line that says "put through to".
    targets: HashMap<CallId, String>,
}

impl Logbook {
    /// The log line of a desk call, once answered.
    pub fn line(&self, call: &CallId) -> Option<Id> {
        self.lines.get(call).map(|a| a.call_id)
    }

    /// The call as logged when answered (company, caller, earlier calls).
    pub fn answered(&self, call: &CallId) -> Option<&Answered> {
        self.lines.get(call)
    }

    /// Names the person a transfer of `call` goes to (empty: only the number is known).
    pub fn name_target(&mut self, call: &CallId, name: &str) {
        self.targets.insert(call.clone(), name.to_string());
    }

    /// Writes what `event` means for the log; `call` is the desk's call as
    /// it was when the event came (taken before the desk forgets it).
    pub fn record(
        &mut self,
        conn: &Connection,
        event: &DeskEvent,
        call: Option<&DeskCall>,
        at: DateTime<Utc>,
        operator: &str,
    ) -> Result<()> {
        match event {
            DeskEvent::Answered { call: id } => {
                // A callback the desk dialled is recorded on its message (how it went), not as a call answered.
                let Some(call) = call.filter(|c| !c.outgoing) else { return Ok(()) };
                if self.lines.contains_key(id) {
                    return Ok(());
                }
                let args = crate::calls::CallArgs {
                    to: call.dialled.clone().unwrap_or_default(),
                    from: Some(call.from_number.clone()).filter(|f| !f.is_empty()),
                };
                let answered = call_log::answer_on_line(conn, &args, call.rang_at, at, operator)?;
                self.lines.insert(id.clone(), answered);
            }
            DeskEvent::PutThrough { call: id, to } => {
                let name = self.targets.remove(id).unwrap_or_default();
                if let Some(line) = self.lines.remove(id) {
                    let how = Close { name, number: to.clone(), message_id: None, person_id: None };
                    call_log::close(conn, line.call_id, CallOutcome::Transferred, &how, at)?;
                }
            }
            DeskEvent::Ended { call: id } => {
                self.targets.remove(id);
                if let Some(line) = self.lines.remove(id)
                    && call_log::get(conn, line.call_id)?.outcome == CallOutcome::Open
                {
                    call_log::close(conn, line.call_id, CallOutcome::NoOutcome, &Close::default(), at)?;
                }
            }
            DeskEvent::LineDown { .. } => {
                // The calls are out of the desk's reach: their lines stay
                // open for the operator to close (or are closed as
                // forgotten after half an hour), never guessed here.
                self.lines.clear();
                self.targets.clear();
            }
            _ => {}
        }
        Ok(())
    }
}
