//! The window's phone line: the calls panel and what the operator does to
//! a call. The console itself (its engine, log and words) is
//! `line::console`; the app's line thread steps it, and these commands
//! read and act on the same console through the session.

use super::{ApiError, Empty, ErrorKind, Session};
use crate::line::console::{ConsoleError, LineAction, LinePanel};
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
        return Err(console_error(ConsoleError::NotRunning));
    };
    let mut console = console.lock().map_err(|_| poisoned())?;
    console.act(&args.call, args.action, args.to.as_deref(), args.name.as_deref(), now).map_err(console_error)?;
    Ok(console.panel(now))
}

pub fn line_dial(session: &mut Session, args: LineDialArgs) -> Result<LinePanel, ApiError> {
    let Some(console) = session.line.clone() else {
        return Err(console_error(ConsoleError::NotRunning));
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

fn console_error(e: ConsoleError) -> ApiError {
    ApiError::new(ErrorKind::Invalid, e.to_string()).saying(e.phrase())
}

/// The desk's line as the settings show it: never the password, only whether one is set.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineSettings {
    /// `None`: the desk has no line.
    pub account: Option<String>,
    pub auth_user: Option<String>,
    pub password_set: bool,
    /// `udp`, `tcp` or `tls`.
    pub transport: String,
    /// The PBX's own certificate authority (a PEM file), if set.
    pub ca_file: Option<String>,
    /// The headset's devices; `None`: the engine's first that fits.
    pub ringer: Option<String>,
    pub playback: Option<String>,
    pub capture: Option<String>,
}

/// A sound card the phone engine found, for the headset's choice.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SoundDevice {
    pub id: String,
    pub playback: bool,
    pub capture: bool,
}

/// The line's settings as the operator typed them.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineSetArgs {
    pub account: String,
    /// Empty: the account's own user authenticates.
    pub auth_user: String,
    /// `None` (or empty): the stored password is kept.
    pub password: Option<String>,
    pub transport: String,
    /// Empty: only the system's authorities are trusted.
    pub ca_file: String,
    /// Empty: the engine's first device that fits.
    pub ringer: String,
    pub playback: String,
    pub capture: String,
}

pub fn line_settings(session: &mut Session, _: Empty) -> Result<LineSettings, ApiError> {
    let data_dir = data_dir(session)?;
    let account = crate::line::load(&data_dir).map_err(line_error)?;
    Ok(LineSettings {
        account: account.as_ref().map(|a| a.shown()),
        auth_user: account.as_ref().and_then(|a| a.auth_user.clone()),
        password_set: account.as_ref().is_some_and(|a| !a.password.is_empty()),
        transport: account.as_ref().map_or(crate::line::Transport::default(), |a| a.transport).code().to_string(),
        ca_file: account.as_ref().and_then(|a| a.ca_file.clone()),
        ringer: account.as_ref().and_then(|a| a.sound.ringer.clone()),
        playback: account.as_ref().and_then(|a| a.sound.playback.clone()),
        capture: account.and_then(|a| a.sound.capture),
    })
}

/// The sound cards this machine has, as the phone engine names them
/// (it is started briefly to list them).
pub fn line_devices(session: &mut Session, _: Empty) -> Result<Vec<SoundDevice>, ApiError> {
    let data_dir = data_dir(session)?;
    let cards = crate::line::sound_devices(&data_dir).map_err(line_error)?;
    Ok(cards.into_iter().map(|c| SoundDevice { id: c.id, playback: c.playback, capture: c.capture }).collect())
}

/// Saves the line's settings and starts the line on them (the same rules
/// as `vaihde line set`); refused while calls are at the desk, which a new
/// engine would drop.
pub fn line_set(session: &mut Session, args: LineSetArgs) -> Result<LinePanel, ApiError> {
    let data_dir = data_dir(session)?;
    let console = session.line.clone().ok_or_else(|| console_error(ConsoleError::NotRunning))?;
    let now = session.clock.running(session.started);
    let mut console = console.lock().map_err(|_| poisoned())?;
    if console.busy() {
        return Err(console_error(ConsoleError::CallsAtDesk));
    }
    let transport = args.transport.parse::<crate::line::Transport>().map_err(|e| line_error(e.into()))?;
    let change = crate::line::LineChange {
        account: Some(args.account.trim()),
        auth_user: Some(args.auth_user.trim()),
        password: args.password.as_deref().filter(|p| !p.is_empty()),
        transport: Some(transport),
        ca_file: Some(args.ca_file.trim()),
        ringer: Some(args.ringer.trim()),
        playback: Some(args.playback.trim()),
        capture: Some(args.capture.trim()),
    };
    crate::line::set(&data_dir, &change).map_err(line_error)?;
    console.reconfigure(&data_dir, now).map_err(console_error)?;
    Ok(console.panel(now))
}

/// Removes the desk's line: the window works as before (Enter copies).
pub fn line_remove(session: &mut Session, _: Empty) -> Result<LinePanel, ApiError> {
    let data_dir = data_dir(session)?;
    let console = session.line.clone().ok_or_else(|| console_error(ConsoleError::NotRunning))?;
    let now = session.clock.running(session.started);
    let mut console = console.lock().map_err(|_| poisoned())?;
    if console.busy() {
        return Err(console_error(ConsoleError::CallsAtDesk));
    }
    crate::line::remove(&data_dir).map_err(line_error)?;
    console.reconfigure(&data_dir, now).map_err(console_error)?;
    Ok(console.panel(now))
}

fn data_dir(session: &Session) -> Result<std::path::PathBuf, ApiError> {
    session.data_dir.clone().ok_or_else(|| console_error(ConsoleError::NotRunning))
}

/// A settings refusal, with the field of the form it is about.
fn line_error(e: crate::line::LineError) -> ApiError {
    use crate::line::LineError;
    use crate::model::Field;
    use vaihde_line::AccountError;
    let field = match &e {
        LineError::NotSet | LineError::Account(AccountError::Address(_)) => Some(Field::LineAccount),
        LineError::Account(AccountError::User(_)) => Some(Field::LineUser),
        LineError::Account(AccountError::Password) => Some(Field::LinePassword),
        LineError::Account(AccountError::Transport(_)) => Some(Field::LineTransport),
        LineError::Account(AccountError::CaFile { .. }) => Some(Field::LineCaFile),
        LineError::Account(AccountError::Device(_)) => Some(Field::LineDevice),
        _ => None,
    };
    let mut out = ApiError::new(ErrorKind::Invalid, e.to_string()).saying(e.phrase());
    out.field = field;
    out
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
