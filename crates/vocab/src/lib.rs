//! Vaihde's vocabulary, the bottom layer: the directory's value types
//! (`model`), text at the door (`text`), telephone numbers (`phone`),
//! instants and zones (`time`, `time_words`), opening hours (`hours`) and
//! every word a person reads (`words`: the Fluent catalogs, message ids
//! checked while compiling, and phrases).
//!
//! It depends on no other part of Vaihde: the store, the domain and the
//! faces use it, never the other way round, and cargo keeps it so.

pub mod hours;
pub mod model;
pub mod phone;
pub mod text;
pub mod time;
pub mod time_words;
pub mod words;
