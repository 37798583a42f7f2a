//! The desk's own phone line, as the core knows it: where its account is
//! kept and what the line's state says in the operator's words. The engine
//! that registers and carries calls is the `vaihde-line` crate below the
//! core; both faces come here, so the rules (what an account may be, where
//! it lives, how long a test waits) exist once.
//!
//! The account is the desk's, not the team's: each desk is its own
//! extension at the PBX, so it lives in the desk's data directory
//! (`line.json`, readable by its owner only, like the team database's
//! address), never in the shared directory.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod console;
pub mod desk;
pub mod log;
pub mod said;
#[cfg(test)]
mod script;

pub use vaihde_line::{Account, AccountError, Registration, SoundDevices, Transport};

use crate::msg;
use crate::words::{Phrase, Said};

/// The desk's line settings in its data directory.
pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join("line.json")
}

/// Where the engine keeps its own files (its configuration, its call
/// history): beside the settings, private to the desk.
pub fn engine_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("line-engine")
}

/// Why the line's settings or its test failed.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    #[error("this desk has no phone line")]
    NotSet,
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("{path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a line setting this version reads: {detail}")]
    Damaged { path: PathBuf, detail: String },
    #[error(transparent)]
    Engine(#[from] vaihde_line::EngineError),
}

/// The desk's account, if one is set.
pub fn load(data_dir: &Path) -> Result<Option<Account>, LineError> {
    let path = settings_path(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(LineError::Read { path, source }),
    };
    let stored: Account =
        serde_json::from_str(&text).map_err(|e| LineError::Damaged { path: path.clone(), detail: e.to_string() })?;
    // Checked again: a file edited by hand passes the same door. (A
    // certificate authority gone since is said when the engine starts.)
    let mut account = Account::new(&stored.uri, stored.auth_user.as_deref(), &stored.password, stored.transport)?;
    account.ca_file = stored.ca_file;
    account.sound = stored.sound.checked()?;
    Ok(Some(account))
}

/// What `vaihde line set` and the window's settings change; `None` keeps
/// what is stored.
#[derive(Debug, Default)]
pub struct LineChange<'a> {
    pub account: Option<&'a str>,
    /// `Some("")` forgets a separate authentication user.
    pub auth_user: Option<&'a str>,
    pub password: Option<&'a str>,
    pub transport: Option<Transport>,
    /// The PBX's own certificate authority (PEM); `Some("")` forgets it.
    pub ca_file: Option<&'a str>,
    /// The headset's devices; each `Some("")` goes back to the engine's choice.
    pub ringer: Option<&'a str>,
    pub playback: Option<&'a str>,
    pub capture: Option<&'a str>,
}

/// Sets the desk's line: the first time `account` is needed; later any
/// part may change alone. Returns the account as stored.
pub fn set(data_dir: &Path, change: &LineChange<'_>) -> Result<Account, LineError> {
    let stored = load(data_dir)?;
    let uri = match (change.account, &stored) {
        (Some(uri), _) => uri.to_string(),
        (None, Some(a)) => a.uri.clone(),
        (None, None) => return Err(LineError::NotSet),
    };
    let auth_user = match change.auth_user {
        Some(u) => Some(u.to_string()).filter(|u| !u.trim().is_empty()),
        None => stored.as_ref().and_then(|a| a.auth_user.clone()),
    };
    let password = change.password.map(str::to_string).or_else(|| stored.as_ref().map(|a| a.password.clone()));
    let transport = change.transport.or(stored.as_ref().map(|a| a.transport)).unwrap_or_default();
    let mut account = Account::new(&uri, auth_user.as_deref(), password.as_deref().unwrap_or(""), transport)?;
    account.ca_file = match change.ca_file.map(str::trim) {
        Some("") => None,
        Some(path) => Some(vaihde_line::check_ca_file(path)?),
        None => stored.as_ref().and_then(|a| a.ca_file.clone()),
    };
    let kept = stored.map(|a| a.sound).unwrap_or_default();
    let pick = |new: Option<&str>, old: Option<String>| new.map(str::to_string).or(old);
    account.sound = SoundDevices {
        ringer: pick(change.ringer, kept.ringer),
        playback: pick(change.playback, kept.playback),
        capture: pick(change.capture, kept.capture),
    }
    .checked()?;
    save(data_dir, &account)?;
    Ok(account)
}

/// Forgets the desk's line; the desk works as before, without one.
pub fn remove(data_dir: &Path) -> Result<bool, LineError> {
    let path = settings_path(data_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(LineError::Write { path, source }),
    }
}

fn save(data_dir: &Path, account: &Account) -> Result<(), LineError> {
    use std::io::Write as _;
    let path = settings_path(data_dir);
    let write_err = |source| LineError::Write { path: path.clone(), source };
    std::fs::create_dir_all(data_dir).map_err(write_err)?;
    let text = serde_json::to_string_pretty(account).map_err(|e| write_err(std::io::Error::other(e)))?;
    // Written beside and renamed: a crash leaves the old settings or the
    // new, never half of either. Owner-only: it holds the password.
    let partial = path.with_extension("json.partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial).map_err(write_err)?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(write_err)?;
    std::fs::rename(&partial, &path).map_err(write_err)
}

/// The sound cards the phone engine finds on this machine, for choosing
/// the headset (`vaihde line devices`, the window's line settings).
pub fn sound_devices(data_dir: &Path) -> Result<Vec<vaihde_line::SoundCard>, LineError> {
    Ok(vaihde_line::sound_cards(&engine_dir(data_dir).join("cards"))?)
}

/// How long `vaihde line test` waits for the PBX's answer: a registrar
/// that does not answer is given up on by SIP itself after 32 s, but an
/// operator should not wait that long to hear that it is unreachable.
pub const TEST_WAIT: Duration = Duration::from_secs(15);

/// Registers the desk's line with a private engine, waits for the PBX's
/// answer (at most `wait`) and stops the engine again; the account tested
/// and where its registration stands.
pub fn test(data_dir: &Path, wait: Duration) -> Result<(Account, Registration), LineError> {
    let account = load(data_dir)?.ok_or(LineError::NotSet)?;
    let mut engine = vaihde_line::Linphone::start(&account, &engine_dir(data_dir))?;
    let state = engine.wait_registration(wait);
    vaihde_line::Engine::stop(&mut engine);
    Ok((account, state))
}

/// The desk's line, supervised: its engine registering the desk's
/// account, the desk that handles its calls, and a new engine started
/// when the old one stops (after 1, 2, 5, 10, then every 30 seconds).
pub struct Line {
    pub account: Account,
    pub desk: desk::Desk,
    dir: PathBuf,
    /// When to start the engine again, while it is down; and how often it failed.
    retry: Option<(chrono::DateTime<chrono::Utc>, u32)>,
}

/// How long to wait before the `n`th try to start the engine again.
fn backoff(n: u32) -> chrono::Duration {
    let seconds = [1, 2, 5, 10, 30];
    chrono::Duration::seconds(seconds[(n as usize).min(seconds.len() - 1)])
}

impl Line {
    /// Starts the desk's line from its settings in `data_dir`.
    pub fn start(data_dir: &Path) -> Result<Line, LineError> {
        let account = load(data_dir)?.ok_or(LineError::NotSet)?;
        let dir = engine_dir(data_dir);
        let engine = vaihde_line::Linphone::start(&account, &dir)?;
        Ok(Line { account, desk: desk::Desk::new(Box::new(engine)), dir, retry: None })
    }

    /// A line on an engine already started in `dir` (tests drive a scripted one).
    pub fn on(account: Account, engine: Box<dyn vaihde_line::Engine>, dir: &Path) -> Line {
        Line { account, desk: desk::Desk::new(engine), dir: dir.to_path_buf(), retry: None }
    }

    /// The desk's events for up to `wait` (see [`desk::Desk::poll`]), and
    /// the engine started again once it is due after going down.
    pub fn poll(&mut self, at: chrono::DateTime<chrono::Utc>, wait: Duration) -> Vec<desk::DeskEvent> {
        let events = self.desk.poll(at, wait);
        if self.retry.is_none() && events.iter().any(|e| matches!(e, desk::DeskEvent::LineDown { .. })) {
            self.retry = Some((at + backoff(0), 0));
        }
        if let Some((due, tries)) = self.retry
            && at >= due
        {
            match vaihde_line::Linphone::start(&self.account, &self.dir) {
                Ok(engine) => {
                    self.desk.replace_engine(Box::new(engine));
                    self.retry = None;
                }
                Err(_) => self.retry = Some((at + backoff(tries + 1), tries + 1)),
            }
        }
        events
    }

    /// Whether the engine is down and waiting to be started again.
    pub fn is_down(&self) -> bool {
        self.retry.is_some()
    }

    pub fn stop(&mut self) {
        self.desk.stop();
    }
}

/// What the directory makes of a call at the desk: the client company of
/// the number dialled and the caller, when the PBX told the number.
pub fn incoming(
    conn: &crate::store::db::Connection,
    call: &desk::DeskCall,
) -> crate::directory::Result<Option<crate::calls::IncomingCall>> {
    let Some(to) = call.dialled.clone() else { return Ok(None) };
    let from = Some(call.from_number.clone()).filter(|f| !f.is_empty());
    crate::calls::incoming(conn, &crate::calls::CallArgs { to, from }).map(Some)
}

/// The line's state in words, naming the account.
pub fn registration_phrase(account: &Account, state: &Registration) -> Phrase {
    let p = match state {
        Registration::Registering => Phrase::new(msg!("lineRegistering")),
        Registration::Registered => Phrase::new(msg!("lineRegistered")),
        Registration::Failed { reason } if reason.is_empty() => Phrase::new(msg!("lineRefused")),
        Registration::Failed { reason } => Phrase::new(msg!("lineFailed")).text("reason", reason.clone()),
        Registration::Unregistered => Phrase::new(msg!("lineUnregistered")),
    };
    p.text("account", account.shown())
}

impl Said for LineError {
    fn phrase(&self) -> Phrase {
        match self {
            LineError::NotSet => Phrase::new(msg!("lineNotSet")),
            LineError::Account(AccountError::Address(a)) => {
                Phrase::new(msg!("lineBadAddress")).text("given", a.clone())
            }
            LineError::Account(AccountError::User(u)) => Phrase::new(msg!("lineBadUser")).text("given", u.clone()),
            LineError::Account(AccountError::Password) => Phrase::new(msg!("lineBadPassword")),
            LineError::Account(AccountError::Transport(t)) => {
                Phrase::new(msg!("lineBadTransport")).text("given", t.clone())
            }
            LineError::Account(AccountError::CaFile { path, detail }) => {
                Phrase::new(msg!("lineBadCaFile")).text("path", path.clone()).text("detail", detail.clone())
            }
            LineError::Account(AccountError::Device(d)) => Phrase::new(msg!("lineBadDevice")).text("given", d.clone()),
            LineError::Read { path, source } | LineError::Write { path, source } => {
                Phrase::new(msg!("lineSettingsFile"))
                    .text("path", path.display().to_string())
                    .text("detail", source.to_string())
            }
            LineError::Damaged { path, detail } => Phrase::new(msg!("lineSettingsDamaged"))
                .text("path", path.display().to_string())
                .text("detail", detail.clone()),
            LineError::Engine(vaihde_line::EngineError::Missing { program }) => {
                Phrase::new(msg!("lineEngineMissing")).text("program", program.clone())
            }
            LineError::Engine(e) => Phrase::new(msg!("lineEngineFailed")).text("detail", e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_is_kept_for_its_owner_and_changed_a_part_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().is_none());
        assert!(matches!(
            set(dir.path(), &LineChange { password: Some("x"), ..Default::default() }),
            Err(LineError::NotSet)
        ));
        let change =
            LineChange { account: Some("sip:200@pbx.example.fi"), password: Some("s3cret"), ..Default::default() };
        set(dir.path(), &change).unwrap();
        let a = set(dir.path(), &LineChange { transport: Some(Transport::Tls), ..Default::default() }).unwrap();
        assert_eq!(
            (a.uri.as_str(), a.password.as_str(), a.transport),
            ("sip:200@pbx.example.fi", "s3cret", Transport::Tls)
        );
        assert_eq!(load(dir.path()).unwrap(), Some(a));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(settings_path(dir.path())).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A refused change leaves what was stored.
        let bad = LineChange { account: Some("200@pbx"), ..Default::default() };
        assert!(matches!(set(dir.path(), &bad), Err(LineError::Account(AccountError::Address(_)))));
        assert_eq!(load(dir.path()).unwrap().unwrap().uri, "sip:200@pbx.example.fi");
        assert!(remove(dir.path()).unwrap());
        assert!(load(dir.path()).unwrap().is_none());
    }

    #[test]
    fn a_damaged_settings_file_is_said_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(settings_path(dir.path()), "{not json").unwrap();
        assert!(matches!(load(dir.path()), Err(LineError::Damaged { .. })));
    }
}
