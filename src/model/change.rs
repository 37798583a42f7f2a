//! One entry of the change log: what changed in the directory, when, and by whom.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Id;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub company_id: Option<Id>,
    /// "company", "person", "role", "delegates", "absence".
    pub entity: String,
    pub entity_id: Option<Id>,
    /// Human label of the entity at the time ("Maija Virtanen", "HR").
    pub subject: String,
    /// Which field; empty for whole-record changes (added, removed).
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Operator name when known.
    pub actor: Option<String>,
}
