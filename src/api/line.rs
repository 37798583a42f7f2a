//! The window's phone line: the calls panel and what the operator does to
//! a call. The console itself (its engine, log and words) is
//! `line::console`; the app's line thread steps it, and these commands
//! read and act on the same console through the session.

use super::{ApiError, Empty, ErrorKind, Session};
use crate::line::console::{LineAction, LinePanel};
use crate::words::Said as _;

/// The event that says the calls panel changed (payload: its serial).
pub const LINE_EVENT: &str = "line-changed";

/// What the operator does to a call.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineActArgs {
    /// The call's id as the panel gave it.
    pub call: String,
    pub action: LineAction,
    /// The number a transfer or consult goes to.
    pub to: Option<String>,
    /// Whom that number reaches, for the call log.
    pub name: Option<String>,
}

/// A callback dialled from the desk's line.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineDialArgs {
    /// The number as the message has it (spaces and all).
    pub number: String,
    /// Whom it calls, as the panel names the call.
    pub name: String,
    /// The message whose callback it is: claimed for this operator before
    /// the call, and its outcome asked for when the call ends.
    pub message_id: Option<crate::model::Id>,
}

pub fn line_panel(session: &mut Session, _: Empty) -> Result<LinePanel, ApiError> {
    let now = session.clock.running(session.started);
    let Some(console) = session.line.as_ref() else { return Ok(LinePanel::none()) };
    let console = console.lock().map_err(|_| poisoned())?;
    Ok(console.panel(now))
}

pub fn line_act(session: &mut Session, args: LineActArgs) -> Result<LinePanel, ApiError> {
    let now = session.clock.running(session.started);
    let Some(console) = session.line.as_ref() else {
        return Err(console_error(crate::line::console::ConsoleError::NotRunning));
    };
    let mut console = console.lock().map_err(|_| poisoned())?;
    console.act(&args.call, args.action, args.to.as_deref(), args.name.as_deref(), now).map_err(console_error)?;
    Ok(console.panel(now))
}

pub fn line_dial(session: &mut Session, args: LineDialArgs) -> Result<LinePanel, ApiError> {
    let Some(console) = session.line.clone() else {
        return Err(console_error(crate::line::console::ConsoleError::NotRunning));
    };
    if let Some(message_id) = args.message_id {
        // Claimed first: a colleague's desk must not call the same person at once.
        super::messages::claim_callback(session, super::MessageArgs { message_id })?;
    }
    let now = session.clock.running(session.started);
    let mut console = console.lock().map_err(|_| poisoned())?;
    console.dial(&args.number, &args.name, args.message_id, now).map_err(console_error)?;
    Ok(console.panel(now))
}

/// The outcome of a callback was recorded, or the callback released: the
/// window stops asking how it went.
pub(super) fn callback_done(session: &Session, message_id: crate::model::Id) {
    if let Some(console) = session.line.as_ref()
        && let Ok(mut console) = console.lock()
    {
        console.callback_done(message_id);
    }
}

fn console_error(e: crate::line::console::ConsoleError) -> ApiError {
    ApiError::new(ErrorKind::Invalid, e.to_string()).saying(e.phrase())
}

/// Watches the line state of the company's extensions (the company on
/// screen); a desk without a line ignores it.
pub fn line_watch(session: &mut Session, args: super::CompanyArgs) -> Result<(), ApiError> {
    let Some(console) = session.line.clone() else { return Ok(()) };
    let people = crate::directory::people::list(session.directory.conn(), args.company_id)?;
    let extensions: Vec<String> = people
        .iter()
        .filter(|p| p.left.is_none())
        .flat_map(|p| p.phones.iter())
        .filter(|phone| phone.kind == crate::model::PhoneKind::Extension)
        .map(|phone| phone.number.clone())
        .collect();
    console.lock().map_err(|_| poisoned())?.watch(&extensions);
    Ok(())
}

fn poisoned() -> ApiError {
    ApiError::new(ErrorKind::Internal, "the phone line's thread failed; restart Vaihde")
        .saying(crate::words::Phrase::new(crate::msg!("apiRestart")))
}
