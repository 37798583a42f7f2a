//! What the calls panel shows and what the window asks of a call: the
//! line's state, the calls waiting and held with their company and caller,
//! the colleagues' lines, the news to announce, and the operator's actions.
//! Plain values, sent to the window as they are; the console
//! ([`super::Console`]) makes them.

use serde::{Deserialize, Serialize};

use crate::messages::call_log::Answered;
use crate::model::Id;
use crate::words::Phrase;

/// The line's state as the panel shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineState {
    Registering,
    Registered,
    /// The PBX refused or could not be reached.
    Failed,
    Unregistered,
    /// The engine is not running (stopped, or could not start).
    Down,
}

/// Where one call stands, for the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PanelState {
    Ringing,
    /// Dialled by the desk (a callback), not answered yet.
    Calling,
    Talking,
    Held,
    /// Sent on by a blind transfer; the result is awaited.
    Transferring,
    /// Held while the operator calls a colleague, who has not answered yet.
    Consulting,
    /// Held while the colleague the operator called is on the line.
    ColleagueOn,
}

/// One call in the calls panel.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PanelCall {
    /// The engine's call id: what the window's commands name.
    pub id: String,
    pub state: PanelState,
    /// The client company of the number dialled, when known.
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    /// The client's number the caller dialled, when the PBX tells it.
    pub dialled: Option<String>,
    /// Who is calling, as the operator reads it (untrusted text: shown as text).
    pub caller: String,
    /// The caller's number, empty when withheld.
    pub number: String,
    /// The number a transfer or consult goes to.
    pub to: Option<String>,
    /// Seconds in the present state (ringing, on hold, ...) at the panel's moment.
    pub waited_seconds: i64,
    /// On hold for [`HOLD_REMINDER`] or longer: the operator should go back to the caller.
    pub remind: bool,
    /// A transfer that failed, in words ("transfer to 2400 failed: busy").
    pub failed: Option<Phrase>,
    /// The call's line in the log, once answered (a message taken links to it).
    pub answered: Option<Answered>,
    /// Dialled by the desk (a callback): `caller` and `number` are whom it calls.
    pub outgoing: bool,
    /// The message whose callback this call is.
    pub callback_of: Option<Id>,
    /// When the desk took the call's ringing event, in milliseconds since
    /// 1970 (the machine's clock, not the `--at` one): the window measures
    /// the event to its company on screen from it (docs/speed.md).
    pub heard_ms: f64,
}

/// A callback call that ended: the window asks how it went (reached, no
/// answer, a message left) until the operator says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallbackEnded {
    pub message_id: Id,
    /// Whom the desk called, as the panel named them.
    pub called: String,
}

/// Something the desk tells the operator (and a screen reader says).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct News {
    /// Counts up: the window says what it has not said yet.
    pub serial: u32,
    pub said: Phrase,
    /// Bad news (a failed transfer, a caller held too long, the line down).
    pub warn: bool,
    /// Said at once, interrupting what a screen reader is reading: a call
    /// ringing, and all bad news. The rest waits until the reader is free.
    pub urgent: bool,
}

/// The calls panel: the line's state and every call at the desk, longest waiting first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinePanel {
    /// Whether this desk has a phone line at all; without one the window
    /// works as before (copy the number, `vaihde://call`).
    pub configured: bool,
    pub state: Option<LineState>,
    /// The line's state in words, naming the account.
    pub said: Option<Phrase>,
    pub calls: Vec<PanelCall>,
    /// Bumped by every change: the window fetches the panel again when it moves.
    pub serial: u32,
    /// The latest announcements, oldest first.
    pub news: Vec<News>,
    /// Colleagues' lines whose state the PBX reports (idle, ringing, on a call), by extension.
    pub lines: Vec<ColleagueLine>,
    /// Callbacks dialled from the desk whose calls ended with no outcome recorded yet.
    pub callbacks_ended: Vec<CallbackEnded>,
}

/// A colleague's phone as the PBX reports it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColleagueLine {
    /// The extension as the directory has it.
    pub number: String,
    pub state: ColleagueState,
}

pub use crate::presence::ColleagueState;

impl LinePanel {
    /// The panel of a desk without a phone line.
    pub fn none() -> LinePanel {
        LinePanel {
            configured: false,
            state: None,
            said: None,
            calls: Vec::new(),
            serial: 0,
            news: Vec::new(),
            lines: Vec::new(),
            callbacks_ended: Vec::new(),
        }
    }
}

/// What the operator does to a call from the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineAction {
    /// Answers a ringing call, or resumes a held one (holding the call being talked to).
    Answer,
    Hold,
    Hangup,
    /// Enter: a blind transfer to `to`.
    Transfer,
    /// Holds the caller and calls `to` first.
    Consult,
    /// Joins the held caller to the colleague on the consult call.
    Connect,
    /// Ends the consult call and goes back to the caller.
    TakeBack,
}
