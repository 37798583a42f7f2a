//! The directory's operations: read and change companies, people, roles,
//! delegates and manual absences, each change recorded in the change log.
//!
//! The free functions in the submodules take a `&Connection` so that import,
//! backup and the demo can run many of them inside one transaction;
//! [`Directory`] wraps them for single edits. Presence and routing (who is in,
//! who covers) are not here: see the routing issue.

pub mod absences;
pub mod changes;
pub mod companies;
pub mod delegates;
pub mod favourites;
pub mod feeds;
pub mod learn;
pub mod live;
pub mod people;
pub mod person_numbers;
pub mod roles;
pub mod staff_feeds;

use chrono::{DateTime, Utc};

use crate::model::{Id, Refusal, Thing};
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
    /// The directory said no, for a reason the faces word ([`Refusal`]).
    #[error("{}", .0.english())]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", crate::store::explain(.0))]
    Sql(#[from] crate::store::db::Error),
    #[error("stored data is damaged ({0}); restore a backup with `vaihde import-backup`")]
    Corrupt(String),
}

impl DirectoryError {
    /// What went wrong, in the catalogs' words: a refusal, or what is wrong
    /// with the store.
    pub fn phrase(&self) -> crate::words::Phrase {
        match self {
            DirectoryError::Refused(r) => r.phrase(),
            DirectoryError::Store(e) => e.phrase(),
            DirectoryError::Sql(e) => crate::store::phrase(e),
            DirectoryError::Corrupt(detail) => {
                crate::words::Phrase::new(crate::msg!("storeCorrupt")).text("detail", detail.clone())
            }
        }
    }

    pub fn not_found(what: Thing, query: impl Into<String>) -> Self {
        DirectoryError::Refused(Refusal::NotFound { what, query: query.into() })
    }

    /// Whether this is "nothing matches" (a removed record, a typo).
    pub fn is_not_found(&self) -> bool {
        matches!(self, DirectoryError::Refused(Refusal::NotFound { .. }))
    }
}

impl From<Refusal> for DirectoryError {
    fn from(r: Refusal) -> Self {
        DirectoryError::Refused(r)
    }
}

impl From<crate::text::TextError> for DirectoryError {
    fn from(e: crate::text::TextError) -> Self {
        DirectoryError::Refused(e.refusal())
    }
}

/// Refuses with a reason: `return refuse(Refusal::NoName)`.
pub fn refuse<T>(r: Refusal) -> Result<T> {
    Err(DirectoryError::Refused(r))
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

    pub fn conn(&self) -> &crate::store::db::Connection {
        self.store.conn()
    }

    /// The store back, for callers that go on without the directory.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Runs several edits in one transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&crate::store::db::Connection) -> Result<T>) -> Result<T> {
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

impl crate::words::Said for DirectoryError {
    fn phrase(&self) -> crate::words::Phrase {
        DirectoryError::phrase(self)
    }
}
