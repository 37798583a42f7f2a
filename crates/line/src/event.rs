//! What a phone engine reports (events in) and what the desk asks of it
//! (commands out): the one seam every engine sits behind, so another
//! engine or a PBX's own API can be added beside the first without the
//! desk knowing which it talks to. Values only; the faces word them.

use serde::Serialize;

/// An engine's name for one call, stable for the call's life.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CallId(pub String);

impl std::fmt::Display for CallId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The other end of a call as the network named it: untrusted text, shown
/// as text and never as markup.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Party {
    /// `sip:0405550199@pbx` as signalled.
    pub uri: String,
    /// The display name, if the caller sent one.
    pub display: String,
}

impl Party {
    /// The user part of the address (`0405550199`), which for a phone
    /// call is the number; empty when there is none.
    pub fn user(&self) -> &str {
        let rest = self.uri.split_once(':').map_or(self.uri.as_str(), |(_, r)| r);
        rest.split_once('@').map_or("", |(u, _)| u)
    }
}

/// Where the line stands with its registrar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum Registration {
    /// Asked, no answer yet.
    Registering,
    Registered,
    /// Refused or unreachable; `reason` is the engine's or the server's own
    /// words (quoted as data, not worded).
    Failed {
        reason: String,
    },
    Unregistered,
}

/// Why an outgoing transfer did not complete, as far as the engine knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TransferFailure {
    /// The target was busy or refused (486, 603…).
    Refused,
    /// No such number (404).
    NotFound,
    /// The target rang and nobody answered in the time the desk allows.
    NoAnswer,
    /// Busy, refused or no such number: the engine knows it failed, not why.
    NotReached,
    /// Anything else, with the engine's words.
    Other(String),
}

/// What happens on the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Event {
    Registration(Registration),
    /// A call rings at the desk.
    Incoming {
        call: CallId,
        from: Party,
    },
    /// A call the desk made rings at the other end.
    Ringing {
        call: CallId,
    },
    /// Both ends talk (an answered call, or one resumed from hold).
    Talking {
        call: CallId,
    },
    /// The desk put the call on hold.
    Held {
        call: CallId,
    },
    /// The call ended; `reason` is the engine's words.
    Ended {
        call: CallId,
        reason: String,
    },
    /// The transfer reached its target and the desk's part of the call ended.
    Transferred {
        call: CallId,
    },
    /// The transfer failed and the caller is still on the desk's line.
    TransferFailed {
        call: CallId,
        failure: TransferFailure,
    },
    /// The engine stopped or cannot be reached: every call on it is gone
    /// from the desk's control.
    EngineDown {
        reason: String,
    },
}

/// What the desk asks the engine to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Answer(CallId),
    Hold(CallId),
    Resume(CallId),
    Hangup(CallId),
    /// Calls a number or SIP address from the desk's line.
    Dial(String),
    /// Blind transfer: the caller is sent to `to` through the PBX.
    Transfer {
        call: CallId,
        to: String,
    },
    /// Consult transfer: `call` (held) is joined to `to_call` (the colleague).
    Connect {
        call: CallId,
        to_call: CallId,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_is_the_user_part() {
        let p = Party { uri: "sip:0405550199@127.0.0.1:5070;transport=udp".into(), display: String::new() };
        assert_eq!(p.user(), "0405550199");
        assert_eq!(Party { uri: "sip:pbx.example.fi".into(), display: String::new() }.user(), "");
    }
}
