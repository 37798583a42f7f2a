//! The shape of `fixtures/demo/companies.json`: three fictional client
//! companies described by hand, with the bulk of their staff generated.

use serde::Deserialize;

use crate::model::{AbsenceKind, Company};

#[derive(Debug, Deserialize)]
pub struct DemoSpec {
    pub seed: u64,
    pub companies: Vec<CompanySpec>,
}

#[derive(Debug, Deserialize)]
pub struct CompanySpec {
    /// The company as stored (its `id` is ignored).
    #[serde(deserialize_with = "company_without_id")]
    pub company: Company,
    pub email_domain: String,
    /// Which name pool of `names.json` the generated staff come from.
    pub names: String,
    /// Total staff, hand-written people included.
    pub staff_count: usize,
    pub extension_base: u32,
    pub direct_prefix: String,
    /// Mobile numbers as templates, `#` standing for a random digit: "040 ### ####".
    pub mobile_templates: Vec<String>,
    pub departments: Vec<DepartmentSpec>,
    pub people: Vec<PersonSpec>,
    #[serde(default)]
    pub roles: Vec<RoleSpec>,
    #[serde(default)]
    pub delegates: Vec<DelegateSpec>,
    #[serde(default)]
    pub ceo_change: Option<CeoChange>,
    #[serde(default)]
    pub former: Vec<FormerSpec>,
    #[serde(default)]
    pub outsiders: Vec<PersonSpec>,
    #[serde(default)]
    pub absences: Vec<AbsenceSpec>,
}

fn company_without_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Company, D::Error> {
    let mut value = serde_json::Value::deserialize(d)?;
    if let Some(map) = value.as_object_mut() {
        map.entry("id").or_insert(0.into());
    }
    serde_json::from_value(value).map_err(serde::de::Error::custom)
}

#[derive(Debug, Deserialize)]
pub struct DepartmentSpec {
    pub name: String,
    pub weight: u32,
    pub titles: Vec<String>,
    pub topics: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct PersonSpec {
    pub given_name: String,
    pub family_name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub calls_to: Option<RedirectSpec>,
}

#[derive(Debug, Deserialize)]
pub struct RoleSpec {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Full names of hand-written people, in order.
    pub holders: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct DelegateSpec {
    pub person: String,
    pub delegates: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct CeoChange {
    pub role: String,
    pub old: String,
    pub new: String,
    pub days_ago: i64,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
pub struct FormerSpec {
    pub person: String,
    pub left_days_ago: i64,
    pub reason: String,
    pub calls_to: RedirectSpec,
}

/// Where calls go, naming people and roles by name.
#[derive(Debug, Deserialize)]
#[serde(tag = "to", content = "target", rename_all = "lowercase")]
pub enum RedirectSpec {
    Person(String),
    Role(String),
    Text(String),
}

/// An absence relative to the demo's "now": whole days from today's start
/// (`start_day`..`end_day`, end exclusive) or hours around now.
#[derive(Debug, Deserialize)]
pub struct AbsenceSpec {
    pub person: String,
    pub kind: AbsenceKind,
    #[serde(default)]
    pub reason: String,
    pub start_day: Option<i64>,
    pub end_day: Option<i64>,
    pub start_hours: Option<i64>,
    pub end_hours: Option<i64>,
}
