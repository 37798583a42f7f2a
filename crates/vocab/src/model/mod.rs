//! The directory's data types, shared by the store, import, backup and the
//! faces (CLI, desktop). Plain data with serde; no I/O here.
//!
//! Field names are part of the CLI's `--json` output and the backup format:
//! rename with care.

mod absence;
mod change;
pub mod clean;
mod company;
mod feed;
mod feed_note;
mod field;
mod person;
mod problem;
mod refusal;
mod role;

pub use absence::{Absence, AbsenceKind, AbsenceSource, NewAbsence};
pub use change::{Change, ChangeEntity, ChangeField, ChangeValue};
pub use company::{Company, CompanyNumber, Language, OpeningSpan};
pub use feed::{Feed, FeedKind, FeedView, MatchNews, Suggestion, Unmatched, redact};
pub use feed_note::{FeedNote, Unreadable, line_no};
pub use field::Field;
pub use person::{CallsTo, Delegate, Departure, Person, PersonKind, Phone, PhoneKind, RecordKind, Redirect};
pub use problem::Problem;
pub use refusal::{Refusal, ScriptPart, Thing};
pub use role::Role;

/// Row ids are SQLite `INTEGER PRIMARY KEY`s.
pub type Id = i64;

/// Who acts at a desk: the operator's name, or one shared name, "desk",
/// for a desk that has none (or a blank one). A claimed callback, a taken
/// message and what a desk has seen must each name someone; the window
/// and the CLI both ask this, so an unnamed desk is "desk" in both.
pub fn operator(actor: Option<&str>) -> &str {
    actor.filter(|a| !a.trim().is_empty()).unwrap_or("desk")
}
