//! The desk's line as the window runs it: the supervised line, the call
//! log written from its events, and the calls panel in the operator's
//! words. The window's commands (`api`) and the app's line thread both come
//! here, so what the panel says and when a held caller is recalled are
//! decided once, in the core.
//!
//! Time is an input: [`Console::step`] and [`Console::panel`] take the
//! moment, so waiting and hold times are reproducible in tests.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::desk::{CallId, CallState, DeskCall, DeskError, DeskEvent};
use super::log::Logbook;
use super::{Line, LineError, Registration, said};
use crate::Store;
use crate::calls::IncomingCall;
use crate::model::Id;
use crate::msg;
use crate::words::{Phrase, Said};

/// How long a caller may wait on hold before the desk recalls them.
pub const HOLD_REMINDER: chrono::Duration = chrono::Duration::seconds(45);

/// How many announcements the panel keeps for the window to say.
const NEWS_KEPT: usize = 20;

/// How many colleagues' lines are watched at once: the company on screen,
/// bounded so a large client does not flood the PBX with subscriptions.
pub const WATCHED_MAX: usize = 200;

/// How often a line whose engine could not start is tried again.
const START_AGAIN: chrono::Duration = chrono::Duration::seconds(30);

mod panel;

pub use panel::{
    CallbackEnded, ColleagueLine, ColleagueState, LineAction, LinePanel, LineState, News, PanelCall, PanelState,
};

/// Why the console could not do what the operator asked.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("the desk's line is not running")]
    NotRunning,
    #[error("a transfer needs a number")]
    NoNumber,
    #[error("the line cannot be changed while calls are at the desk")]
    CallsAtDesk,
    #[error("{0:?} is not a number the line can dial")]
    NotDiallable(String),
    #[error(transparent)]
    Desk(#[from] DeskError),
}

impl Said for ConsoleError {
    fn phrase(&self) -> Phrase {
        match self {
            ConsoleError::NotRunning => Phrase::new(msg!("lineNotRunning")),
            ConsoleError::NoNumber => Phrase::new(msg!("lineNoNumber")),
            ConsoleError::CallsAtDesk => Phrase::new(msg!("lineCallsAtDesk")),
            ConsoleError::NotDiallable(number) => Phrase::new(msg!("lineNotDiallable")).text("number", number.clone()),
            ConsoleError::Desk(DeskError::NoSuchCall(_)) => Phrase::new(msg!("lineNoSuchCall")),
            ConsoleError::Desk(DeskError::NotNow { .. }) => Phrase::new(msg!("lineNotNow")),
            ConsoleError::Desk(DeskError::Engine(e)) => {
                Phrase::new(msg!("lineEngineFailed")).text("detail", e.to_string())
            }
        }
    }
}

/// The desk's line with its log and panel.
pub struct Console {
    line: Option<Line>,
    /// Why the engine is not running, while it is not.
    trouble: Option<Phrase>,
    /// When to try starting an engine that could not start.
    start_again: Option<DateTime<Utc>>,
    data_dir: std::path::PathBuf,
    registration: Registration,
    log: Logbook,
    /// What the directory made of each call (company, caller), from ring to end.
    known: HashMap<CallId, Option<IncomingCall>>,
    /// Held callers already recalled in their present hold.
    reminded: HashSet<(CallId, DateTime<Utc>)>,
    /// Callback calls the desk dialled, and the message each is for.
    callbacks: HashMap<CallId, Id>,
    /// When each call's ringing event was taken (see [`PanelCall::heard_ms`]).
    heard: HashMap<CallId, f64>,
    /// Callback calls that ended, until the operator records how they went.
    callbacks_ended: Vec<CallbackEnded>,
    operator: String,
    serial: u32,
    news: Vec<News>,
    /// The demo's simulated line (no PBX): the panel says so.
    demo: bool,
    /// Whether the desk has a line at all: without one the panel is
    /// [`LinePanel::none`] and the window works as before.
    set: bool,
    /// Colleagues' line state (RFC 4235) for the extensions watched.
    watcher: Option<vaihde_line::Watcher>,
    lines: HashMap<String, vaihde_line::LineState>,
}

impl Console {
    /// The desk's line from its settings in `data_dir`, answered as
    /// `operator` in the call log. An engine that cannot start (not
    /// installed, broken settings) leaves a console that says why and
    /// tries again every half minute.
    pub fn start(data_dir: &Path, operator: &str, at: DateTime<Utc>) -> Console {
        let mut console = Console::empty(data_dir, operator);
        console.try_start(at);
        console
    }

    /// A console on a line already started (tests drive a scripted engine).
    pub fn on(line: Line, operator: &str) -> Console {
        let mut console = Console::empty(Path::new(""), operator);
        console.line = Some(line);
        console.set = true;
        console
    }

    fn empty(data_dir: &Path, operator: &str) -> Console {
        Console {
            line: None,
            trouble: None,
            start_again: None,
            data_dir: data_dir.to_path_buf(),
            registration: Registration::Registering,
            log: Logbook::default(),
            known: HashMap::new(),
            reminded: HashSet::new(),
            callbacks: HashMap::new(),
            heard: HashMap::new(),
            callbacks_ended: Vec::new(),
            operator: operator.to_string(),
            serial: 0,
            news: Vec::new(),
            demo: false,
            set: false,
            watcher: None,
            lines: HashMap::new(),
        }
    }

    /// The demo's line: callers for the demo's companies ring on a
    /// schedule, with no PBX behind them, and the panel says it is the demo.
    pub fn demo(operator: &str) -> Console {
        let callers = crate::demo::LINE_CALLERS
            .iter()
            .map(|(dialled, number, name)| vaihde_line::Party {
                uri: format!("sip:{number}@demo.invalid"),
                display: format!("{dialled}: {name}"),
            })
            .collect();
        let engine = vaihde_line::Simulated::new(callers, Duration::from_secs(5), Duration::from_secs(45));
        let account = super::Account {
            uri: "sip:demo@demo.invalid".into(),
            auth_user: None,
            password: String::new(),
            transport: super::Transport::Udp,
            ca_file: None,
            sound: super::SoundDevices::default(),
        };
        let mut console = Console::on(Line::on(account, Box::new(engine), Path::new("")), operator);
        console.demo = true;
        console
    }

    fn try_start(&mut self, at: DateTime<Utc>) {
        self.set = true;
        match Line::start(&self.data_dir) {
            // No line: nothing to say, nothing to try again.
            Err(LineError::NotSet) => {
                self.set = false;
                self.trouble = None;
                self.start_again = None;
            }
            Ok(line) => {
                // Line state is a help, not a need: a watcher that cannot
                // open its socket leaves every colleague's line unknown.
                self.watcher = vaihde_line::Watcher::new(&line.account)
                    .map_err(|e| eprintln!("vaihde: colleagues' line state: {e}"))
                    .ok();
                self.line = Some(line);
                self.trouble = None;
                self.start_again = None;
            }
            Err(e) => {
                let said = e.phrase();
                if self.trouble.as_ref() != Some(&said) {
                    self.tell(said.clone(), true);
                }
                self.trouble = Some(said);
                self.start_again = (!matches!(e, LineError::NotSet)).then(|| at + START_AGAIN);
            }
        }
    }

    /// Takes in what the line reports for up to `wait`: writes the log,
    /// learns each new call's company and caller from the directory in
    /// `store`, recalls callers held too long. Returns whether anything
    /// changed for the panel.
    pub fn step(&mut self, store: Option<&mut Store>, at: DateTime<Utc>, wait: Duration) -> bool {
        if self.line.is_none() {
            if self.start_again.is_some_and(|due| at >= due) {
                self.try_start(at);
                return true;
            }
            std::thread::sleep(wait);
            return false;
        }
        let mut changed = false;
        if let Some(watcher) = self.watcher.as_mut() {
            for (ext, state) in watcher.poll(Duration::ZERO) {
                self.lines.insert(ext, state);
                changed = true;
            }
        }
        let Some(line) = self.line.as_mut() else { return changed };
        // The calls as they were: an ended or put-through call is gone from
        // the desk by the time its event is read, and is still named in it.
        let before: HashMap<CallId, DeskCall> =
            line.desk.waiting().into_iter().map(|c| (c.id.clone(), c.clone())).collect();
        let events = line.poll(at, wait);
        let mut store = store;
        changed |= !events.is_empty();
        for event in &events {
            self.take(event, &before, store.as_deref_mut(), at);
        }
        changed |= self.recall_held(at);
        if changed {
            self.serial = self.serial.wrapping_add(1);
        }
        changed
    }

    fn take(
        &mut self,
        event: &DeskEvent,
        before: &HashMap<CallId, DeskCall>,
        store: Option<&mut Store>,
        at: DateTime<Utc>,
    ) {
        let Some(line) = self.line.as_ref() else { return };
        let id = event_call(event);
        let call = id.and_then(|id| line.desk.call(id).or_else(|| before.get(id))).cloned();
        match event {
            DeskEvent::Line(r) => self.registration = r.clone(),
            DeskEvent::LineDown { .. } => self.registration = Registration::Unregistered,
            DeskEvent::Ringing { call: id } => {
                let incoming = match (&call, store.as_deref()) {
                    (Some(c), Some(store)) => super::incoming(store.conn(), c).unwrap_or_else(|e| {
                        eprintln!("vaihde: finding the company of a call: {e}");
                        None
                    }),
                    _ => None,
                };
                self.known.insert(id.clone(), incoming);
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                self.heard.insert(id.clone(), now.as_secs_f64() * 1e3);
            }
            _ => {}
        }
        let incoming = id.and_then(|id| self.known.get(id)).and_then(Option::as_ref);
        // A caller held again after a failed transfer: the failure said so already.
        let held_after_failure =
            matches!(event, DeskEvent::Held { .. }) && call.as_ref().is_some_and(|c| c.failed.is_some());
        if let Some(said) = said::event_phrase(event, call.as_ref(), incoming).filter(|_| !held_after_failure) {
            let warn = matches!(event, DeskEvent::TransferFailed { .. } | DeskEvent::LineDown { .. });
            self.tell_as(said, warn, warn || matches!(event, DeskEvent::Ringing { .. }));
        }
        if let Some(store) = store {
            // A log that cannot be written is said, never a reason to drop the call.
            let operator = self.operator.clone();
            if let Err(e) = store.write(|tx| self.log.record(tx, event, call.as_ref(), at, &operator)) {
                eprintln!("vaihde: writing the call log: {e}");
                self.tell(Phrase::new(msg!("lineLogFailed")).text("detail", e.to_string()), true);
            }
        }
        if let (Some(id), DeskEvent::Ended { .. } | DeskEvent::PutThrough { .. }) = (id, event) {
            self.known.remove(id);
            self.heard.remove(id);
            if let Some(message_id) = self.callbacks.remove(id) {
                let called = call.as_ref().map(|c| said::caller(c, None)).unwrap_or_default();
                self.callbacks_ended.push(CallbackEnded { message_id, called });
            }
        }
        if matches!(event, DeskEvent::LineDown { .. }) {
            self.known.clear();
            self.heard.clear();
            // The calls went with the engine: each callback still needs its outcome.
            for (_, message_id) in self.callbacks.drain() {
                self.callbacks_ended.push(CallbackEnded { message_id, called: String::new() });
            }
        }
    }

    /// Says once per hold when a caller has waited on hold too long.
    fn recall_held(&mut self, at: DateTime<Utc>) -> bool {
        let Some(line) = self.line.as_ref() else { return false };
        let live: HashSet<(CallId, DateTime<Utc>)> =
            line.desk.waiting().iter().map(|c| (c.id.clone(), c.since)).collect();
        let due: Vec<DeskCall> = line
            .desk
            .waiting()
            .into_iter()
            .filter(|c| c.state == CallState::Held && at - c.since >= HOLD_REMINDER)
            .filter(|c| !self.reminded.contains(&(c.id.clone(), c.since)))
            .cloned()
            .collect();
        for c in &due {
            self.reminded.insert((c.id.clone(), c.since));
            let who = said::caller(c, self.known.get(&c.id).and_then(Option::as_ref));
            let said = Phrase::new(msg!("lineHeldLong"))
                .text("caller", who)
                .number("seconds", (at - c.since).num_seconds().max(0) as usize);
            self.tell(said, true);
        }
        // Forget the holds that are over.
        self.reminded.retain(|k| live.contains(k));
        !due.is_empty()
    }

    fn tell(&mut self, said: Phrase, warn: bool) {
        self.tell_as(said, warn, warn);
    }

    fn tell_as(&mut self, said: Phrase, warn: bool, urgent: bool) {
        let serial = self.news.last().map_or(1, |n| n.serial.wrapping_add(1));
        self.news.push(News { serial, said, warn, urgent });
        if self.news.len() > NEWS_KEPT {
            self.news.remove(0);
        }
        self.serial = self.serial.wrapping_add(1);
    }

    /// Bumped by every change to the panel (see [`LinePanel::serial`]).
    pub fn serial(&self) -> u32 {
        self.serial
    }

    /// The calls panel at `at`.
    pub fn panel(&self, at: DateTime<Utc>) -> LinePanel {
        if !self.set {
            return LinePanel::none();
        }
        let (state, said) = match (&self.line, &self.trouble) {
            (Some(line), _) if line.is_down() => (LineState::Down, None),
            (Some(line), _) => {
                let state = match &self.registration {
                    Registration::Registering => LineState::Registering,
                    Registration::Registered => LineState::Registered,
                    Registration::Failed { .. } => LineState::Failed,
                    Registration::Unregistered => LineState::Unregistered,
                };
                (state, Some(super::registration_phrase(&line.account, &self.registration)))
            }
            (None, trouble) => (LineState::Down, trouble.clone()),
        };
        let said = if self.demo {
            Some(Phrase::new(msg!("lineDemo")))
        } else if state == LineState::Down && said.is_none() {
            Some(Phrase::new(msg!("lineRestarting")))
        } else {
            said
        };
        let calls = self
            .line
            .as_ref()
            .map(|line| line.desk.waiting().into_iter().map(|c| self.panel_call(c, at)).collect())
            .unwrap_or_default();
        let mut lines: Vec<ColleagueLine> = self
            .lines
            .iter()
            .filter_map(|(number, state)| {
                Some(ColleagueLine { number: number.clone(), state: colleague_state(*state)? })
            })
            .collect();
        lines.sort_by(|a, b| a.number.cmp(&b.number));
        LinePanel {
            configured: true,
            state: Some(state),
            said,
            calls,
            serial: self.serial,
            news: self.news.clone(),
            lines,
            callbacks_ended: self.callbacks_ended.clone(),
        }
    }

    fn panel_call(&self, c: &DeskCall, at: DateTime<Utc>) -> PanelCall {
        let incoming = self.known.get(&c.id).and_then(Option::as_ref);
        let (state, to) = match &c.state {
            CallState::Ringing => (PanelState::Ringing, None),
            CallState::Calling => (PanelState::Calling, None),
            CallState::Talking => (PanelState::Talking, None),
            CallState::Held => (PanelState::Held, None),
            CallState::Transferring { to } => (PanelState::Transferring, Some(to.clone())),
            CallState::Consulting { to, answered: false, .. } => (PanelState::Consulting, Some(to.clone())),
            CallState::Consulting { to, answered: true, .. } => (PanelState::ColleagueOn, Some(to.clone())),
        };
        let waited = (at - c.since).num_seconds().max(0);
        PanelCall {
            id: c.id.0.clone(),
            state,
            company_id: incoming.and_then(|i| i.company_id),
            company_name: incoming.and_then(|i| i.company_name.clone()),
            dialled: c.dialled.clone(),
            caller: said::caller(c, incoming),
            number: c.from_number.clone(),
            to,
            waited_seconds: waited,
            remind: state == PanelState::Held && at - c.since >= HOLD_REMINDER,
            failed: c.failed.as_ref().map(|f| {
                Phrase::new(msg!("lineFailedMark"))
                    .text("to", f.to.clone())
                    .phrase("why", said::failure_phrase(&f.failure))
            }),
            answered: self.log.answered(&c.id).cloned(),
            outgoing: c.outgoing,
            callback_of: self.callbacks.get(&c.id).copied(),
            heard_ms: self.heard.get(&c.id).copied().unwrap_or_default(),
        }
    }

    /// The operator signed in (or out) at the desk: the calls logged from
    /// now on carry their name.
    pub fn set_operator(&mut self, operator: &str) {
        self.operator = operator.to_string();
    }

    /// Does what the operator asked to call `call`. `to` is the number for
    /// a transfer or consult, `name` whom it reaches (for the log).
    pub fn act(
        &mut self,
        call: &str,
        action: LineAction,
        to: Option<&str>,
        name: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), ConsoleError> {
        let line = self.line.as_mut().filter(|l| !l.is_down()).ok_or(ConsoleError::NotRunning)?;
        let id = CallId(call.to_string());
        let number = || to.map(str::trim).filter(|n| !n.is_empty()).ok_or(ConsoleError::NoNumber);
        match action {
            LineAction::Answer => line.desk.answer(&id, at)?,
            LineAction::Hold => line.desk.hold(&id, at)?,
            LineAction::Hangup => line.desk.hangup(&id)?,
            LineAction::Transfer => {
                line.desk.transfer(&id, number()?, at)?;
                self.log.name_target(&id, name.unwrap_or_default());
            }
            LineAction::Consult => {
                line.desk.consult(&id, number()?, at)?;
                self.log.name_target(&id, name.unwrap_or_default());
            }
            LineAction::Connect => line.desk.connect(&id, at)?,
            LineAction::TakeBack => line.desk.take_back(&id, at)?,
        }
        self.serial = self.serial.wrapping_add(1);
        Ok(())
    }

    /// Whether calls are at the desk (ringing, talked to, held): the line
    /// is then not changed, as that would drop them.
    pub fn busy(&self) -> bool {
        self.line.as_ref().is_some_and(|l| !l.desk.waiting().is_empty())
    }

    /// Starts the line again from the settings in `data_dir` after they
    /// changed (or were removed): the old engine stops, the new one
    /// registers. Refused while calls are at the desk.
    pub fn reconfigure(&mut self, data_dir: &Path, at: DateTime<Utc>) -> Result<(), ConsoleError> {
        if self.busy() {
            return Err(ConsoleError::CallsAtDesk);
        }
        if let Some(mut old) = self.line.take() {
            old.stop();
        }
        self.watcher = None;
        self.lines.clear();
        self.known.clear();
        for (_, message_id) in self.callbacks.drain() {
            self.callbacks_ended.push(CallbackEnded { message_id, called: String::new() });
        }
        self.registration = Registration::Registering;
        self.demo = false;
        self.trouble = None;
        self.start_again = None;
        self.data_dir = data_dir.to_path_buf();
        self.try_start(at);
        self.serial = self.serial.wrapping_add(1);
        Ok(())
    }

    /// Calls `number` back from the desk's line for `name`; `message_id`
    /// is the message whose callback it is (its outcome is asked for when
    /// the call ends). The call being talked to goes on hold.
    pub fn dial(
        &mut self,
        number: &str,
        name: &str,
        message_id: Option<Id>,
        at: DateTime<Utc>,
    ) -> Result<(), ConsoleError> {
        let line = self.line.as_mut().filter(|l| !l.is_down()).ok_or(ConsoleError::NotRunning)?;
        let dial = crate::phone::dial_string(number).ok_or_else(|| ConsoleError::NotDiallable(number.to_string()))?;
        let id = line.desk.dial(&dial, name, at)?;
        if let Some(message_id) = message_id {
            self.callbacks.insert(id.clone(), message_id);
        }
        let who = line.desk.call(&id).map(|c| said::caller(c, None)).unwrap_or_default();
        self.tell(Phrase::new(msg!("lineCalling")).text("called", who), false);
        Ok(())
    }

    /// The outcome of `message_id`'s callback was recorded (or the callback
    /// released): the window stops asking.
    pub fn callback_done(&mut self, message_id: Id) {
        let before = self.callbacks_ended.len();
        self.callbacks_ended.retain(|c| c.message_id != message_id);
        if self.callbacks_ended.len() != before {
            self.serial = self.serial.wrapping_add(1);
        }
    }

    /// The watched colleagues' phones as the PBX last reported them, for the routing walk.
    pub fn phones(&self) -> crate::presence::PhoneStates {
        self.lines.iter().filter_map(|(number, state)| Some((number.clone(), colleague_state(*state)?))).collect()
    }

    /// Watches the line state of these extensions (the company on screen),
    /// at most [`WATCHED_MAX`]; the ones no longer wanted are dropped at the PBX.
    pub fn watch(&mut self, extensions: &[String]) {
        let wanted: Vec<String> = extensions.iter().take(WATCHED_MAX).cloned().collect();
        self.lines.retain(|ext, _| wanted.contains(ext));
        if let Some(watcher) = self.watcher.as_mut() {
            watcher.watch(&wanted);
        }
        self.serial = self.serial.wrapping_add(1);
    }

    /// Stops the engine (the app closes).
    pub fn stop(&mut self) {
        if let Some(line) = self.line.as_mut() {
            line.stop();
        }
    }
}

/// A watched line's state as the window and the routing walk take it; not
/// known is `None`, never guessed.
fn colleague_state(state: vaihde_line::LineState) -> Option<ColleagueState> {
    match state {
        vaihde_line::LineState::Idle => Some(ColleagueState::Idle),
        vaihde_line::LineState::Ringing => Some(ColleagueState::Ringing),
        vaihde_line::LineState::Busy => Some(ColleagueState::Busy),
        vaihde_line::LineState::Unknown => None,
    }
}

/// The call an event is about, if any.
pub fn event_call(event: &DeskEvent) -> Option<&CallId> {
    match event {
        DeskEvent::Ringing { call }
        | DeskEvent::Answered { call }
        | DeskEvent::Held { call }
        | DeskEvent::ColleagueAnswered { call, .. }
        | DeskEvent::PutThrough { call, .. }
        | DeskEvent::TransferFailed { call, .. }
        | DeskEvent::Ended { call } => Some(call),
        DeskEvent::Line(_) | DeskEvent::LineDown { .. } => None,
    }
}

#[cfg(test)]
mod tests;
