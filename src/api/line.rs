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

pub fn line_panel(session: &mut Session, _: Empty) -> Result<LinePanel, ApiError> {
    let now = session.clock.running(session.started);
    let Some(console) = session.line.as_ref() else { return Ok(LinePanel::none()) };
    let console = console.lock().map_err(|_| poisoned())?;
    Ok(console.panel(now))
}

pub fn line_act(session: &mut Session, args: LineActArgs) -> Result<LinePanel, ApiError> {
    let now = session.clock.running(session.started);
    let Some(console) = session.line.as_ref() else {
        let e = crate::line::console::ConsoleError::NotRunning;
        return Err(ApiError::new(ErrorKind::Invalid, e.to_string()).saying(e.phrase()));
    };
    let mut console = console.lock().map_err(|_| poisoned())?;
    console
        .act(&args.call, args.action, args.to.as_deref(), args.name.as_deref(), now)
        .map_err(|e| ApiError::new(ErrorKind::Invalid, e.to_string()).saying(e.phrase()))?;
    Ok(console.panel(now))
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
