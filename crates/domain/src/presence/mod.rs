//! Presence and routing: turns the directory and the absences into the
//! answer an operator needs for a call. [`status`] says whether a person is
//! in at a moment (and if not, why and until when); [`route`] walks the
//! covering chain to the number to transfer to, past colleagues whose
//! phones ([`phones`]) are busy.
//!
//! Everything here takes the moment as an argument and reads the store
//! only through the directory modules.

pub mod on_call;
pub mod phones;
pub mod route;
pub mod sentence;
pub mod status;

pub use phones::{ColleagueState, PhoneStates};
pub use route::{
    AbsentRow, GroupKind, PersonBrief, Route, RouteNote, Skip, Step, Transfer, TransferWhy, Via, absent_at,
    route_group, route_person, route_query, route_role, route_topic,
};
pub use sentence::CallerSentence;
pub use status::{Effect, Presence, State, effect, presence_of, status_at};
