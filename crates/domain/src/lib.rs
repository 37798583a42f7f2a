//! Vaihde's domain, the third layer: the switchboard's work on the
//! directory. Companies, people, roles and delegates (`directory`),
//! calendars and feeds (`calendar`, `sync`), staff files in and out
//! (`import`, `export`, `backup`), the demo, search, status and the
//! covering chain (`presence`), messages, callbacks and the call log
//! (`messages`), calls by number (`calls`), the desk's phone line (`line`)
//! and the team database (`team`).
//!
//! It stands on the vocabulary and the store crates and knows nothing
//! above it: the views (the window's contract, cards, the domain's values
//! in words) and the faces use it, and cargo keeps it so. No Tauri, no
//! argument parser, no async runtime of its own; every time-dependent
//! function takes the time as an argument.

pub mod backup;
pub mod calendar;
pub mod calls;
pub mod demo;
pub mod directory;
pub mod export;
pub mod import;
pub mod line;
pub mod messages;
pub mod presence;
pub mod scripts;
pub mod search;
pub mod shifts;
pub mod sync;
pub mod team;

// The layers below at the paths the domain's modules name them by
// (`crate::model`, `crate::store`…); not re-exported from here.
use vaihde_store::{self as store, params};
use vaihde_vocab::{hours, model, msg, phone, text, time, words};

pub use directory::Directory;
pub use vaihde_store::Store;
