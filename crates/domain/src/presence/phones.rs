//! What the PBX says about colleagues' phones right now (RFC 4235 dialog
//! state, what desk phones call BLF), by extension: the routing walk skips
//! a colleague who is on the phone the way it skips one in a meeting.
//!
//! The desk's line fills this from its subscriptions; without a line, or
//! for an extension the PBX has not reported, the state is unknown and the
//! walk decides as it always did. Unknown is never guessed to be idle or busy.

use std::collections::HashMap;

use serde::Serialize;

/// A colleague's phone as the PBX reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ColleagueState {
    Idle,
    Ringing,
    /// On a call.
    Busy,
}

/// The reported state of each watched extension, keyed by the number as
/// the directory has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneStates(HashMap<String, ColleagueState>);

impl PhoneStates {
    /// Nothing known: a desk without a line, the CLI, a message form.
    pub fn unknown() -> PhoneStates {
        PhoneStates::default()
    }

    /// The state of `extension`, when the PBX has reported it.
    pub fn of(&self, extension: &str) -> Option<ColleagueState> {
        self.0.get(extension).copied()
    }

    /// Whether the person on `extension` is on a call now.
    pub fn on_the_phone(&self, extension: &str) -> bool {
        self.of(extension) == Some(ColleagueState::Busy)
    }
}

impl FromIterator<(String, ColleagueState)> for PhoneStates {
    fn from_iter<I: IntoIterator<Item = (String, ColleagueState)>>(iter: I) -> PhoneStates {
        PhoneStates(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_reported_call_counts_as_on_the_phone() {
        let phones: PhoneStates =
            [("2400".to_string(), ColleagueState::Busy), ("2401".to_string(), ColleagueState::Ringing)]
                .into_iter()
                .collect();
        assert!(phones.on_the_phone("2400"));
        assert!(!phones.on_the_phone("2401"), "ringing is not yet a call");
        assert!(!phones.on_the_phone("2402"), "unknown is not busy");
        assert_eq!(PhoneStates::unknown().of("2400"), None);
    }
}
