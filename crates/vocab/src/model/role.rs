//! Roles and topics: "whoever handles HR" resolves to the holders in order.

use serde::{Deserialize, Serialize};

use super::Id;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Role {
    pub id: Id,
    pub company_id: Id,
    /// "toimitusjohtaja / CEO", "HR", "laskutus".
    pub name: String,
    /// Other words callers use for it ("henkilöstöasiat", "personal").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Person ids in order: the first available one takes the call.
    #[serde(default)]
    pub holders: Vec<Id>,
}
