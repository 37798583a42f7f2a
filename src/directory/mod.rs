//! The directory's operations: read and change companies, people, roles,
//! delegates and manual absences, each change recorded in the change log.
//!
//! The free functions in the submodules take a `&Connection` so that import,
//! backup and the demo can run many of them inside one transaction;
//! [`Directory`] wraps them for single edits. Presence and routing (who is in,
//! who covers) are not here: see the routing issue.

pub mod absences;
pub mod card;
pub mod changes;
pub mod companies;
pub mod delegates;
pub mod favourites;
pub mod feeds;
pub mod people;
pub mod roles;

use chrono::{DateTime, Utc};

use crate::model::Id;
use crate::store::{Store, StoreError};

/// When a change is made and by whom: every write takes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
}

impl Stamp {
    pub fn new(at: DateTime<Utc>, actor: Option<String>) -> Stamp {
        Stamp { at, actor: actor.filter(|a| !a.trim().is_empty()) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("no {what} matches {query:?}{hint}")]
    NotFound { what: &'static str, query: String, hint: String },
    #[error("{query:?} matches more than one {what}: {}. Use the id or a fuller name", candidates.join("; "))]
    Ambiguous { what: &'static str, query: String, candidates: Vec<String> },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", crate::store::explain(.0))]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is damaged ({0}); restore a backup with `vaihde import-backup`")]
    Corrupt(String),
}

impl DirectoryError {
    pub fn not_found(what: &'static str, query: impl Into<String>) -> Self {
        DirectoryError::NotFound { what, query: query.into(), hint: String::new() }
    }
}

impl From<serde_json::Error> for DirectoryError {
    fn from(e: serde_json::Error) -> Self {
        DirectoryError::Corrupt(e.to_string())
    }
}

pub type Result<T, E = DirectoryError> = std::result::Result<T, E>;

/// The directory over an open store: the API the CLI and the desktop app use.
pub struct Directory {
    store: Store,
}

impl Directory {
    pub fn new(store: Store) -> Directory {
        Directory { store }
    }

    pub fn open_in_memory() -> Result<Directory> {
        Ok(Directory::new(Store::open_in_memory()?))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn conn(&self) -> &rusqlite::Connection {
        self.store.conn()
    }

    /// The store back, for callers that go on without the directory.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Runs several edits in one transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        self.store.write(f)
    }

    pub fn company(&self, query: &str) -> Result<crate::model::Company> {
        companies::resolve(self.conn(), query)
    }

    pub fn companies(&self) -> Result<Vec<crate::model::Company>> {
        companies::list(self.conn())
    }

    pub fn person(&self, id: Id) -> Result<crate::model::Person> {
        people::get(self.conn(), id)
    }
}
