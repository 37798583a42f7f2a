//! Vaihde core, the top of its layers: what the faces (the `vaihde` CLI
//! and the desktop shell in `src-tauri/`) call. It holds the views — the
//! window's contract (`api`), the person's card (`card`) and the domain's
//! values in words (`words::Describe`) — and re-exports the layers below
//! at the paths the faces and tests have always used:
//!
//! ```text
//!   views       vaihde (this crate): api, card, words
//!   domain      vaihde-domain: directory, calendar, sync, search, presence,
//!               messages, calls, line, team, import, export, backup, demo
//!   store       vaihde-store: the db seam (SQLite, PostgreSQL), migrations, paths
//!   vocabulary  vaihde-vocab: model, text, phone, time, hours, words
//!   engines     vaihde-line: the desk's SIP phone engine
//! ```
//!
//! Each layer is a crate that depends only on those below it, so cargo
//! refuses an import upwards. No Tauri and no async runtime in any of
//! them; every time-dependent function takes the time as an argument, so
//! results are reproducible (`--at` in the CLI).

pub mod api;
pub mod card;
pub mod words;

pub use vaihde_domain::{
    Directory, backup, calendar, calls, demo, directory, export, import, line, messages, presence, scripts, search,
    shifts, sync, team,
};
pub use vaihde_store::{self as store, Store, params, paths};
pub use vaihde_vocab::{hours, model, msg, phone, text, time, time_words};
