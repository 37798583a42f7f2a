//! The desk's own phone line: a SIP user agent that Vaihde starts,
//! supervises and controls. Everything an engine does crosses one seam,
//! [`Engine`]: commands out, [`Event`]s in, so the desk never knows which
//! engine (or, later, which PBX's own API) carries its calls.
//!
//! The engine here is `linphone-daemon` (Debian's `linphone-cli`), chosen
//! by measurement over `baresip` 1.0.0: on a blind transfer that fails
//! (busy, refused, no such number, no answer) linphone keeps the caller on
//! the desk's line, where baresip 1.0.0 hangs the caller up; linphone also
//! does consult (attended) transfer and addresses each call by its id,
//! where baresip acts on "the current call". See `docs/phone-line.md`.
//!
//! This crate knows nothing of the directory, the store or the operator's
//! language: it reports values (the server's own words quoted as data),
//! and the core words them.

mod account;
pub mod blf;
mod event;
pub mod linphone;
pub mod netstring;
mod simulated;

use std::time::Duration;

pub use account::{Account, AccountError, SoundDevices, Transport, check_ca_file};
pub use blf::{LineState, Watcher};
pub use event::{CallId, Command, Event, Party, Registration, TransferFailure};
pub use linphone::{Linphone, SoundCard, sound_cards};
pub use simulated::Simulated;

/// Why an engine could not be started or reached.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The engine's program is not installed.
    #[error("{program} is not installed")]
    Missing { program: String },
    /// Its files or process could not be set up.
    #[error("the phone engine could not start: {0}")]
    Start(#[source] std::io::Error),
    /// It stopped, or stopped answering.
    #[error("the phone engine stopped: {0}")]
    Down(String),
    /// It refused a command; its own words.
    #[error("the phone engine refused {command}: {reason}")]
    Refused { command: String, reason: String },
}

/// One phone engine, whatever it is.
pub trait Engine: Send {
    /// Carries out one command. A dial answers the new call's id.
    fn send(&mut self, command: &Command) -> Result<Option<CallId>, EngineError>;

    /// The next event, waiting at most `timeout`; `None` when nothing
    /// happened in that time.
    fn next_event(&mut self, timeout: Duration) -> Option<Event>;

    /// Unregisters and stops the engine (by its PID, never by name).
    fn stop(&mut self);

    /// The engine's process, where it has one (for supervision and tests).
    fn process(&self) -> Option<u32> {
        None
    }
}
