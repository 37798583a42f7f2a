//! A line with no PBX behind it, for the demo (`scripts/demo`): callers
//! ring on a schedule and the engine answers the desk's commands the way a
//! PBX would, so the calls panel can be tried without any phone system.
//! It is only ever the demo's: the core says so on the panel.
//!
//! What it does: a call rings soon after start and again whenever the desk
//! has no call ringing and a while has passed; a caller nobody answers
//! gives up after a minute and a half. A transfer or consult to an
//! extension (up to five digits) is answered after a few seconds; a
//! transfer to any other number is not answered, so a failed transfer can
//! be seen too. A call dialled to another number (a callback) is answered,
//! and the far end hangs up after a short talk.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::{CallId, Command, Engine, EngineError, Event, Party, Registration, TransferFailure};

/// How long a ringing caller waits before giving up.
const GIVES_UP: Duration = Duration::from_secs(90);
/// How long an extension takes to answer a transfer or consult call.
const ANSWERS_IN: Duration = Duration::from_secs(3);
/// How long a transfer to a number that does not answer takes to fail.
const FAILS_IN: Duration = Duration::from_secs(6);
/// How long a caller called back talks before hanging up.
const TALKS_FOR: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Ringing,
    Talking,
    Held,
}

/// What is due later: an event, or a caller giving up if still unanswered.
#[derive(Debug, Clone)]
enum Due {
    Emit(Event),
    GiveUp(CallId),
}

/// The demo's line.
pub struct Simulated {
    callers: Vec<Party>,
    next_caller: usize,
    next_ring: Instant,
    every: Duration,
    due: VecDeque<(Instant, Due)>,
    calls: HashMap<CallId, State>,
    next_id: u32,
    told_registered: bool,
    answers_in: Duration,
    fails_in: Duration,
    talks_for: Duration,
}

impl Simulated {
    /// Calls from `callers` in turn (each a caller's number and a display
    /// name that starts with the client's number dialled: "094321000: Matti"),
    /// the first after `first_after`, then at most one every `every`.
    pub fn new(callers: Vec<Party>, first_after: Duration, every: Duration) -> Simulated {
        Simulated {
            callers,
            next_caller: 0,
            next_ring: Instant::now() + first_after,
            every,
            due: VecDeque::new(),
            calls: HashMap::new(),
            next_id: 0,
            told_registered: false,
            answers_in: ANSWERS_IN,
            fails_in: FAILS_IN,
            talks_for: TALKS_FOR,
        }
    }

    /// Answers and failures come at once (unit tests).
    #[cfg(test)]
    fn quick(mut self) -> Simulated {
        self.answers_in = Duration::from_millis(10);
        self.fails_in = Duration::from_millis(20);
        self.talks_for = Duration::from_millis(30);
        self
    }

    fn new_id(&mut self) -> CallId {
        self.next_id += 1;
        CallId(format!("demo{}", self.next_id))
    }

    fn later(&mut self, after: Duration, due: Due) {
        let at = Instant::now() + after;
        let place = self.due.iter().position(|(t, _)| *t > at).unwrap_or(self.due.len());
        self.due.insert(place, (at, due));
    }

    fn now(&mut self, event: Event) {
        self.later(Duration::ZERO, Due::Emit(event));
    }

    /// A new caller when one is due and none is ringing.
    fn ring(&mut self) -> Option<Event> {
        if Instant::now() < self.next_ring || self.callers.is_empty() {
            return None;
        }
        if self.calls.values().any(|s| *s == State::Ringing) {
            return None;
        }
        self.next_ring = Instant::now() + self.every;
        let from = self.callers[self.next_caller % self.callers.len()].clone();
        self.next_caller += 1;
        let call = self.new_id();
        self.calls.insert(call.clone(), State::Ringing);
        self.later(GIVES_UP, Due::GiveUp(call.clone()));
        Some(Event::Incoming { call, from })
    }

    /// The next due event, if its moment has come.
    fn pop_due(&mut self) -> Option<Event> {
        while self.due.front().is_some_and(|(t, _)| *t <= Instant::now()) {
            let (_, due) = self.due.pop_front()?;
            match due {
                Due::Emit(event) => {
                    match &event {
                        // The call ends here (the guard removes it); one already gone
                        // (hung up meanwhile) reports nothing more.
                        Event::Ended { call, .. } | Event::Transferred { call }
                            if self.calls.remove(call).is_none() =>
                        {
                            continue;
                        }
                        Event::Talking { call } => {
                            if !self.calls.contains_key(call) {
                                continue;
                            }
                            self.calls.insert(call.clone(), State::Talking);
                        }
                        Event::TransferFailed { call, .. } if !self.calls.contains_key(call) => continue,
                        _ => {}
                    }
                    return Some(event);
                }
                Due::GiveUp(call) => {
                    if self.calls.get(&call) == Some(&State::Ringing) {
                        self.calls.remove(&call);
                        return Some(Event::Ended { call, reason: "the caller gave up".into() });
                    }
                }
            }
        }
        None
    }
}

/// An extension of the PBX: up to five digits.
fn is_extension(to: &str) -> bool {
    let digits: String = to.chars().filter(|c| !c.is_whitespace()).collect();
    !digits.is_empty() && digits.len() <= 5 && digits.chars().all(|c| c.is_ascii_digit())
}

impl Engine for Simulated {
    fn send(&mut self, command: &Command) -> Result<Option<CallId>, EngineError> {
        let known = |calls: &HashMap<CallId, State>, c: &CallId| {
            if calls.contains_key(c) {
                Ok(())
            } else {
                Err(EngineError::Refused { command: "call".into(), reason: format!("no call {c}") })
            }
        };
        match command {
            Command::Answer(c) | Command::Resume(c) => {
                known(&self.calls, c)?;
                self.now(Event::Talking { call: c.clone() });
            }
            Command::Hold(c) => {
                known(&self.calls, c)?;
                self.calls.insert(c.clone(), State::Held);
                self.now(Event::Held { call: c.clone() });
            }
            Command::Hangup(c) => {
                known(&self.calls, c)?;
                self.now(Event::Ended { call: c.clone(), reason: "hung up".into() });
            }
            Command::Dial(to) => {
                let call = self.new_id();
                self.calls.insert(call.clone(), State::Ringing);
                self.now(Event::Ringing { call: call.clone() });
                // Answered either way: a colleague's extension (a consult),
                // or a caller called back, who hangs up after a short talk.
                self.later(self.answers_in, Due::Emit(Event::Talking { call: call.clone() }));
                if !is_extension(to) {
                    let ended = Event::Ended { call: call.clone(), reason: "hung up".into() };
                    self.later(self.answers_in + self.talks_for, Due::Emit(ended));
                }
                return Ok(Some(call));
            }
            Command::Transfer { call, to } => {
                known(&self.calls, call)?;
                if is_extension(to) {
                    self.later(self.answers_in, Due::Emit(Event::Transferred { call: call.clone() }));
                } else {
                    let failed = Event::TransferFailed { call: call.clone(), failure: TransferFailure::NoAnswer };
                    self.later(self.fails_in, Due::Emit(failed));
                }
            }
            Command::Connect { call, to_call } => {
                known(&self.calls, call)?;
                self.later(Duration::from_millis(300), Due::Emit(Event::Transferred { call: call.clone() }));
                let ended = Event::Ended { call: to_call.clone(), reason: "connected".into() };
                self.later(Duration::from_millis(400), Due::Emit(ended));
            }
        }
        Ok(None)
    }

    fn next_event(&mut self, timeout: Duration) -> Option<Event> {
        if !self.told_registered {
            self.told_registered = true;
            return Some(Event::Registration(Registration::Registered));
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.pop_due().or_else(|| self.ring()) {
                return Some(e);
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            let next = self.due.front().map_or(self.next_ring, |(t, _)| (*t).min(self.next_ring));
            std::thread::sleep(next.saturating_duration_since(now).min(deadline - now).max(Duration::from_millis(1)));
        }
    }

    fn stop(&mut self) {
        self.due.clear();
        self.calls.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller() -> Party {
        Party { uri: "sip:0405550123@demo.invalid".into(), display: "094321000: Matti Virtanen".into() }
    }

    fn next(line: &mut Simulated) -> Event {
        line.next_event(Duration::from_secs(10)).expect("an event within 10 s")
    }

    #[test]
    fn a_demo_call_rings_is_answered_and_put_through_to_an_extension() {
        let mut line = Simulated::new(vec![caller()], Duration::ZERO, Duration::from_secs(600)).quick();
        assert_eq!(next(&mut line), Event::Registration(Registration::Registered));
        let Event::Incoming { call, from } = next(&mut line) else { panic!("a call rings") };
        assert_eq!(from, caller());
        line.send(&Command::Answer(call.clone())).unwrap();
        assert_eq!(next(&mut line), Event::Talking { call: call.clone() });
        line.send(&Command::Transfer { call: call.clone(), to: "2400".into() }).unwrap();
        assert_eq!(next(&mut line), Event::Transferred { call });
        // No second caller before `every`.
        assert_eq!(line.next_event(Duration::from_millis(50)), None);
    }

    #[test]
    fn a_callback_dialled_is_answered_and_the_far_end_hangs_up() {
        let mut line = Simulated::new(vec![caller()], Duration::from_secs(600), Duration::from_secs(600)).quick();
        next(&mut line);
        let call = line.send(&Command::Dial("0405550123".into())).unwrap().expect("a call");
        assert_eq!(next(&mut line), Event::Ringing { call: call.clone() });
        assert_eq!(next(&mut line), Event::Talking { call: call.clone() });
        assert!(matches!(next(&mut line), Event::Ended { call: c, .. } if c == call));
    }

    #[test]
    fn a_transfer_to_a_number_that_is_not_an_extension_fails_and_keeps_the_caller() {
        let mut line = Simulated::new(vec![caller()], Duration::ZERO, Duration::from_secs(600)).quick();
        next(&mut line);
        let Event::Incoming { call, .. } = next(&mut line) else { panic!("a call rings") };
        line.send(&Command::Answer(call.clone())).unwrap();
        next(&mut line);
        line.send(&Command::Transfer { call: call.clone(), to: "044 472 7868".into() }).unwrap();
        assert_eq!(next(&mut line), Event::TransferFailed { call: call.clone(), failure: TransferFailure::NoAnswer });
        line.send(&Command::Hangup(call.clone())).unwrap();
        assert!(matches!(next(&mut line), Event::Ended { call: c, .. } if c == call));
        assert!(line.send(&Command::Hold(call)).is_err(), "an ended call is gone");
    }
}
