//! A scripted engine for the line's unit tests: it records the commands it
//! is sent and reports what the test queues, at moments the test chooses.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vaihde_line::{CallId, Command, Engine, EngineError, Event};

/// An engine that records commands and reports what the test queues.
#[derive(Clone, Default)]
pub struct Script {
    sent: Arc<Mutex<Vec<Command>>>,
    events: Arc<Mutex<VecDeque<Event>>>,
    next_dial: Arc<Mutex<u32>>,
}

impl Script {
    pub fn report(&self, e: Event) {
        self.events.lock().unwrap().push_back(e);
    }
    pub fn sent(&self) -> Vec<Command> {
        std::mem::take(&mut *self.sent.lock().unwrap())
    }
}

impl Engine for Script {
    fn send(&mut self, command: &Command) -> Result<Option<CallId>, EngineError> {
        self.sent.lock().unwrap().push(command.clone());
        if let Command::Dial(_) = command {
            let mut n = self.next_dial.lock().unwrap();
            *n += 1;
            return Ok(Some(CallId(format!("leg{n}"))));
        }
        Ok(None)
    }
    fn next_event(&mut self, _timeout: Duration) -> Option<Event> {
        self.events.lock().unwrap().pop_front()
    }
    fn stop(&mut self) {}
}
