//! Vaihde core: the switchboard directory, its SQLite store, staff import,
//! backup and the demo data.
//!
//! This crate has no Tauri and no async runtime in it: the `vaihde` CLI and the
//! desktop shell (`src-tauri/`) are thin faces over the functions here. Every
//! time-dependent function takes the time as an argument so results are
//! reproducible (`--at` in the CLI).

pub mod api;
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
pub mod search;
pub mod sync;
pub mod team;
pub mod words;

// The layers below, at the paths the core and its faces have always used:
// the vocabulary crate's modules and the store crate.
pub use vaihde_store::{self as store, params, paths};
pub use vaihde_vocab::{hours, model, msg, phone, text, time, time_words};

pub use directory::Directory;
pub use store::Store;
