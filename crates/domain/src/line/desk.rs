//! The desk's calls as the operator handles them: which calls wait (and
//! for which client), answering, holding, and transfers that never lose a
//! caller. Engine-agnostic: it drives any [`Engine`] through the seam, so
//! the rule "a caller, once answered, is never dropped by Vaihde" lives
//! here once, whichever engine carries the calls.
//!
//! Time is an input: [`Desk::poll`] takes the moment (`at`), so how long a
//! call has waited and when a transfer gives up are reproducible in tests.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
pub use vaihde_line::CallId;
use vaihde_line::{Command, Engine, EngineError, Event, Party, Registration, TransferFailure};

/// How long a consult call may ring before the desk gives up on it.
pub const CONSULT_RING: chrono::Duration = chrono::Duration::seconds(25);

/// How long joining the caller to the colleague (attended transfer) may
/// take before the desk hands the caller over by a blind transfer instead
/// (the colleague already knows the call is coming).
pub const CONNECT_WAIT: chrono::Duration = chrono::Duration::seconds(3);

/// Where a call stands at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum CallState {
    /// Ringing at the desk, not answered yet.
    Ringing,
    /// Dialled by the desk (a callback); the other end has not answered yet.
    Calling,
    /// The operator talks with the caller.
    Talking,
    /// On hold at the desk.
    Held,
    /// Sent to `to` by a blind transfer; the desk waits for the result.
    Transferring { to: String },
    /// On hold while the operator calls `to` (the `leg`).
    Consulting {
        to: String,
        #[serde(skip)]
        leg: CallId,
        /// The colleague answered the consult call.
        answered: bool,
    },
}

/// One call at the desk.
#[derive(Debug, Clone, Serialize)]
pub struct DeskCall {
    pub id: CallId,
    /// The client's number the caller dialled, when the PBX tells it.
    pub dialled: Option<String>,
    /// The caller's number (the SIP user part) and name, as the network
    /// gave them: untrusted text, shown as text.
    pub from_number: String,
    pub from_name: String,
    pub state: CallState,
    /// When the call began to ring at the desk.
    pub rang_at: DateTime<Utc>,
    /// When it entered its present state (waiting and hold times count from here).
    pub since: DateTime<Utc>,
    /// A transfer that failed, shown with the call until the operator acts.
    pub failed: Option<FailedTransfer>,
    /// Dialled by the desk (a callback): `from_*` is then whom it calls.
    pub outgoing: bool,
    /// Whether the faces were told the call was answered (once).
    #[serde(skip)]
    told_answered: bool,
}

impl DeskCall {
    /// A call that rings at `at`, before anything is known of it.
    pub fn ringing(id: CallId, at: DateTime<Utc>) -> DeskCall {
        DeskCall {
            id,
            dialled: None,
            from_number: String::new(),
            from_name: String::new(),
            state: CallState::Ringing,
            rang_at: at,
            since: at,
            failed: None,
            outgoing: false,
            told_answered: false,
        }
    }
}

/// A transfer that failed: where to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedTransfer {
    pub to: String,
    pub failure: TransferFailure,
}

/// What happened at the desk, for the faces (and the call log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum DeskEvent {
    Line(Registration),
    /// A call rings at the desk.
    Ringing {
        call: CallId,
    },
    Answered {
        call: CallId,
    },
    Held {
        call: CallId,
    },
    /// The colleague answered the operator's consult call.
    ColleagueAnswered {
        call: CallId,
        to: String,
    },
    /// The transfer reached its target: the caller is put through.
    PutThrough {
        call: CallId,
        to: String,
    },
    /// The transfer failed and the caller is back on hold at the desk.
    TransferFailed {
        call: CallId,
        to: String,
        failure: TransferFailure,
    },
    /// The call ended (either end hung up).
    Ended {
        call: CallId,
    },
    /// The engine stopped: the calls it carried are out of the desk's reach.
    LineDown {
        reason: String,
    },
}

/// Why the desk cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("no call {0} at the desk")]
    NoSuchCall(CallId),
    #[error("call {call} cannot be {what} while it is {state:?}")]
    NotNow { call: CallId, what: &'static str, state: CallState },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// The desk: its engine and its calls.
pub struct Desk {
    engine: Box<dyn Engine>,
    calls: BTreeMap<CallId, DeskCall>,
    /// Consult legs: the colleague's call → the caller's call it serves.
    legs: BTreeMap<CallId, CallId>,
    /// When a connect was asked, per caller's call.
    connecting: BTreeMap<CallId, DateTime<Utc>>,
}

impl Desk {
    pub fn new(engine: Box<dyn Engine>) -> Desk {
        Desk { engine, calls: BTreeMap::new(), legs: BTreeMap::new(), connecting: BTreeMap::new() }
    }

    /// Every call at the desk (ringing, talked to, held, dialled out),
    /// longest in its state first: what the calls panel lists.
    pub fn waiting(&self) -> Vec<&DeskCall> {
        let mut list: Vec<&DeskCall> = self.calls.values().collect();
        list.sort_by_key(|c| (c.since, c.id.clone()));
        list
    }

    pub fn call(&self, id: &CallId) -> Option<&DeskCall> {
        self.calls.get(id)
    }

    /// Takes in what the engine reports for up to `wait`, and what time
    /// (`at`) decides; the events for the faces, in order.
    pub fn poll(&mut self, at: DateTime<Utc>, wait: Duration) -> Vec<DeskEvent> {
        let mut out = Vec::new();
        let mut first = true;
        while let Some(e) = self.engine.next_event(if first { wait } else { Duration::ZERO }) {
            first = false;
            self.take(e, at, &mut out);
        }
        self.timers(at, &mut out);
        out
    }

    pub fn answer(&mut self, id: &CallId, at: DateTime<Utc>) -> Result<(), DeskError> {
        let call = self.get(id)?;
        if call.state != CallState::Ringing && call.state != CallState::Held {
            return Err(self.not_now(id, "answered"));
        }
        let command =
            if call.state == CallState::Held { Command::Resume(id.clone()) } else { Command::Answer(id.clone()) };
        // The call being talked to goes on hold first: one voice at a time.
        self.hold_others(Some(id), at)?;
        self.engine.send(&command)?;
        self.set(id, CallState::Talking, at);
        Ok(())
    }

    pub fn hold(&mut self, id: &CallId, at: DateTime<Utc>) -> Result<(), DeskError> {
        if self.get(id)?.state != CallState::Talking {
            return Err(self.not_now(id, "held"));
        }
        self.engine.send(&Command::Hold(id.clone()))?;
        self.set(id, CallState::Held, at);
        Ok(())
    }

    pub fn hangup(&mut self, id: &CallId) -> Result<(), DeskError> {
        self.get(id)?;
        if let Some(leg) = self.leg_of(id) {
            let _ = self.engine.send(&Command::Hangup(leg));
        }
        self.engine.send(&Command::Hangup(id.clone()))?;
        Ok(())
    }

    /// Dials out from the desk's line (a callback) to `to`, who is `name`;
    /// the call being talked to goes on hold first. The new call's id.
    pub fn dial(&mut self, to: &str, name: &str, at: DateTime<Utc>) -> Result<CallId, DeskError> {
        self.hold_others(None, at)?;
        let id = self.engine.send(&Command::Dial(to.to_string()))?.ok_or_else(|| {
            DeskError::Engine(EngineError::Refused { command: "dial".into(), reason: "no call was made".into() })
        })?;
        let mut call = DeskCall::ringing(id.clone(), at);
        call.state = CallState::Calling;
        call.outgoing = true;
        call.from_number = to.to_string();
        call.from_name = name.to_string();
        self.calls.insert(id.clone(), call);
        Ok(id)
    }

    /// Enter: sends the caller to `to` by a blind transfer through the PBX.
    /// Should it fail (busy, refused, no such number, no answer), the
    /// caller stays on the desk's line and comes back to the panel on hold,
    /// marked with what failed.
    pub fn transfer(&mut self, id: &CallId, to: &str, at: DateTime<Utc>) -> Result<(), DeskError> {
        let state = self.get(id)?.state.clone();
        if !matches!(state, CallState::Talking | CallState::Held) {
            return Err(self.not_now(id, "transferred"));
        }
        self.engine.send(&Command::Transfer { call: id.clone(), to: to.to_string() })?;
        self.set(id, CallState::Transferring { to: to.to_string() }, at);
        Ok(())
    }

    /// Consult first: the caller on hold, the desk calls `to`; the operator
    /// speaks with the colleague, then [`Desk::connect`]s or
    /// [`Desk::take_back`]s the caller.
    pub fn consult(&mut self, id: &CallId, to: &str, at: DateTime<Utc>) -> Result<(), DeskError> {
        let state = self.get(id)?.state.clone();
        match state {
            CallState::Talking => self.engine.send(&Command::Hold(id.clone())).map(|_| ())?,
            CallState::Held => {}
            _ => return Err(self.not_now(id, "consulted on")),
        }
        let leg = self.engine.send(&Command::Dial(to.to_string()))?.ok_or_else(|| {
            DeskError::Engine(EngineError::Refused { command: "dial".into(), reason: "no call was made".into() })
        })?;
        self.legs.insert(leg.clone(), id.clone());
        self.set(id, CallState::Consulting { to: to.to_string(), leg, answered: false }, at);
        Ok(())
    }

    /// Joins the held caller to the colleague the operator consulted.
    pub fn connect(&mut self, id: &CallId, at: DateTime<Utc>) -> Result<(), DeskError> {
        let CallState::Consulting { leg, answered: true, .. } = self.get(id)?.state.clone() else {
            return Err(self.not_now(id, "connected"));
        };
        self.engine.send(&Command::Connect { call: id.clone(), to_call: leg })?;
        self.connecting.insert(id.clone(), at);
        Ok(())
    }

    /// Back to the caller: the consult call ends and the caller is resumed.
    pub fn take_back(&mut self, id: &CallId, at: DateTime<Utc>) -> Result<(), DeskError> {
        if let Some(leg) = self.leg_of(id) {
            let _ = self.engine.send(&Command::Hangup(leg.clone()));
            self.legs.remove(&leg);
        }
        self.connecting.remove(id);
        self.hold_others(Some(id), at)?;
        let call = self.get(id)?;
        if call.state != CallState::Talking {
            // A refused resume (a call the caller's phone took back itself) is still the caller, talking.
            let _ = self.engine.send(&Command::Resume(id.clone()));
        }
        self.set(id, CallState::Talking, at);
        if let Some(c) = self.calls.get_mut(id) {
            c.failed = None;
        }
        Ok(())
    }

    /// A new engine in place of one that stopped (the desk's calls went
    /// with the old one).
    pub fn replace_engine(&mut self, engine: Box<dyn Engine>) {
        self.engine.stop();
        self.engine = engine;
    }

    /// The engine's process, where it has one.
    pub fn engine_process(&self) -> Option<u32> {
        self.engine.process()
    }

    /// Stops the engine (the desk closes).
    pub fn stop(&mut self) {
        self.engine.stop();
    }

    fn get(&self, id: &CallId) -> Result<&DeskCall, DeskError> {
        self.calls.get(id).ok_or_else(|| DeskError::NoSuchCall(id.clone()))
    }

    fn not_now(&self, id: &CallId, what: &'static str) -> DeskError {
        let state = self.calls.get(id).map_or(CallState::Ringing, |c| c.state.clone());
        DeskError::NotNow { call: id.clone(), what, state }
    }

    fn leg_of(&self, id: &CallId) -> Option<CallId> {
        match &self.calls.get(id)?.state {
            CallState::Consulting { leg, .. } => Some(leg.clone()),
            _ => None,
        }
    }

    fn set(&mut self, id: &CallId, state: CallState, at: DateTime<Utc>) {
        if let Some(c) = self.calls.get_mut(id)
            && c.state != state
        {
            c.state = state;
            c.since = at;
        }
    }

    /// Holds the call being talked to, unless it is `except`.
    fn hold_others(&mut self, except: Option<&CallId>, at: DateTime<Utc>) -> Result<(), DeskError> {
        let talking: Vec<CallId> = self
            .calls
            .values()
            .filter(|c| Some(&c.id) != except && c.state == CallState::Talking)
            .map(|c| c.id.clone())
            .collect();
        for other in talking {
            self.engine.send(&Command::Hold(other.clone()))?;
            self.set(&other, CallState::Held, at);
        }
        Ok(())
    }

    /// The caller back on hold with what failed.
    fn failed(&mut self, id: &CallId, failure: TransferFailure, at: DateTime<Utc>, out: &mut Vec<DeskEvent>) {
        let Some(to) = self.calls.get(id).and_then(|c| match &c.state {
            CallState::Transferring { to } | CallState::Consulting { to, .. } => Some(to.clone()),
            _ => None,
        }) else {
            return;
        };
        self.connecting.remove(id);
        // Held: the caller waits in silence, not talking into an empty line.
        // A call the caller's phone already resumed is held again.
        let _ = self.engine.send(&Command::Hold(id.clone()));
        self.set(id, CallState::Held, at);
        if let Some(c) = self.calls.get_mut(id) {
            c.failed = Some(FailedTransfer { to: to.clone(), failure: failure.clone() });
        }
        out.push(DeskEvent::TransferFailed { call: id.clone(), to, failure });
    }

    fn take(&mut self, e: Event, at: DateTime<Utc>, out: &mut Vec<DeskEvent>) {
        match e {
            Event::Registration(r) => out.push(DeskEvent::Line(r)),
            Event::Incoming { call, from } => {
                let (dialled, name) = dialled_and_name(&from);
                let mut ringing = DeskCall::ringing(call.clone(), at);
                ringing.dialled = dialled;
                ringing.from_number = from.user().to_string();
                ringing.from_name = name;
                self.calls.insert(call.clone(), ringing);
                out.push(DeskEvent::Ringing { call });
            }
            Event::Talking { call } => {
                if let Some(caller) = self.legs.get(&call).cloned() {
                    if let Some(CallState::Consulting { to, leg, .. }) =
                        self.calls.get(&caller).map(|c| c.state.clone())
                    {
                        self.set(&caller, CallState::Consulting { to: to.clone(), leg, answered: true }, at);
                        out.push(DeskEvent::ColleagueAnswered { call: caller, to });
                    }
                    return;
                }
                let Some(c) = self.calls.get_mut(&call) else { return };
                match c.state {
                    // The one the desk called back picked up.
                    CallState::Calling => {
                        c.told_answered = true;
                        self.set(&call, CallState::Talking, at);
                        out.push(DeskEvent::Answered { call });
                    }
                    // Answered by the operator: told once, when it is so.
                    CallState::Talking if !c.told_answered => {
                        c.told_answered = true;
                        out.push(DeskEvent::Answered { call });
                    }
                    // Held by the desk before the engine said the answer
                    // went through (the operator answered the next call at
                    // once): answered, and still held. A held call is taken
                    // up only by the desk, so a later report of talk (the
                    // caller's phone re-inviting) leaves it held.
                    CallState::Held if !c.told_answered => {
                        c.told_answered = true;
                        out.push(DeskEvent::Answered { call });
                    }
                    _ => {}
                }
            }
            Event::Held { call } => {
                if matches!(self.calls.get(&call).map(|c| &c.state), Some(CallState::Held)) {
                    out.push(DeskEvent::Held { call });
                }
            }
            Event::Ringing { .. } => {}
            Event::Transferred { call } => {
                if let Some(c) = self.calls.remove(&call) {
                    self.connecting.remove(&call);
                    if let CallState::Transferring { to } | CallState::Consulting { to, .. } = c.state {
                        out.push(DeskEvent::PutThrough { call, to });
                    } else {
                        out.push(DeskEvent::Ended { call });
                    }
                }
            }
            Event::TransferFailed { call, failure } => self.failed(&call, failure, at, out),
            Event::Ended { call, .. } => {
                if let Some(caller) = self.legs.remove(&call) {
                    // The consult call ended: put through if a connect was
                    // under way and the caller's call went with it, else the
                    // colleague was not reached.
                    let connecting = self.connecting.contains_key(&caller);
                    if !connecting {
                        let answered = matches!(
                            self.calls.get(&caller).map(|c| &c.state),
                            Some(CallState::Consulting { answered: true, .. })
                        );
                        let failure =
                            if answered { TransferFailure::Other(String::new()) } else { TransferFailure::NotReached };
                        self.failed(&caller, failure, at, out);
                    }
                    return;
                }
                if let Some(c) = self.calls.remove(&call) {
                    let was_connecting = self.connecting.remove(&call).is_some();
                    match c.state {
                        // Joined to the colleague, the desk's part ended.
                        CallState::Consulting { to, .. } if was_connecting => {
                            out.push(DeskEvent::PutThrough { call, to })
                        }
                        _ => out.push(DeskEvent::Ended { call }),
                    }
                }
            }
            Event::EngineDown { reason } => {
                self.calls.clear();
                self.legs.clear();
                self.connecting.clear();
                out.push(DeskEvent::LineDown { reason });
            }
        }
    }

    fn timers(&mut self, at: DateTime<Utc>, out: &mut Vec<DeskEvent>) {
        // A consult call ringing too long: given up, the caller back on hold.
        let unanswered: Vec<CallId> = self
            .calls
            .values()
            .filter(|c| {
                matches!(c.state, CallState::Consulting { answered: false, .. }) && at - c.since >= CONSULT_RING
            })
            .map(|c| c.id.clone())
            .collect();
        for id in unanswered {
            if let Some(leg) = self.leg_of(&id) {
                self.legs.remove(&leg);
                let _ = self.engine.send(&Command::Hangup(leg));
            }
            self.failed(&id, TransferFailure::NoAnswer, at, out);
        }
        // A connect the phones did not carry out: the colleague knows the
        // call is coming, so the caller is handed over by a blind transfer.
        let slow: Vec<CallId> = self
            .connecting
            .iter()
            .filter(|(_, since)| at - **since >= CONNECT_WAIT)
            .map(|(id, _)| id.clone())
            .collect();
        for id in slow {
            self.connecting.remove(&id);
            let Some(CallState::Consulting { to, leg, .. }) = self.calls.get(&id).map(|c| c.state.clone()) else {
                continue;
            };
            self.legs.remove(&leg);
            let _ = self.engine.send(&Command::Hangup(leg));
            if self.engine.send(&Command::Transfer { call: id.clone(), to: to.clone() }).is_ok() {
                self.set(&id, CallState::Transferring { to }, at);
            } else {
                self.failed(&id, TransferFailure::Other(String::new()), at, out);
            }
        }
    }
}

/// The dialled number in front of the caller's display name ("094321000:
/// Matti Virtanen", as a PBX's caller-name prefix writes it) and the
/// caller's name without it. A name that is only the caller's number is no
/// name.
pub fn dialled_and_name(from: &Party) -> (Option<String>, String) {
    let display = from.display.trim();
    let (dialled, rest) = match display.split_once([':', '|']) {
        Some((head, rest)) if is_number(head) => (Some(head.trim().to_string()), rest.trim()),
        _ => (None, display),
    };
    let name = if rest == from.user()
        || is_number(rest) && rest.chars().filter(char::is_ascii_digit).eq(from.user().chars())
    {
        String::new()
    } else {
        rest.to_string()
    };
    (dialled, name)
}

fn is_number(text: &str) -> bool {
    let t = text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits >= 3 && t.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

#[cfg(test)]
mod tests;
