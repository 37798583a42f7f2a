//! A client company (tenant): who the operator answers for.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::Id;

/// The languages an operator greets and speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Fi, Language::Sv, Language::En];

    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fi" | "fin" | "suomi" | "finnish" => Ok(Language::Fi),
            "sv" | "swe" | "svenska" | "ruotsi" | "swedish" => Ok(Language::Sv),
            "en" | "eng" | "english" | "englanti" => Ok(Language::En),
            other => Err(format!("unknown language {other:?}: use fi, sv or en")),
        }
    }
}

/// A telephone number the company answers; an incoming call to it picks the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyNumber {
    /// As written by the operator, e.g. "09 123 4567".
    pub number: String,
    /// What the line is for ("main", "invoicing line").
    #[serde(default)]
    pub label: String,
}

/// One opening interval on a weekday, in the company's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpeningSpan {
    #[serde(with = "weekday_serde")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Company {
    pub id: Id,
    /// Short stable handle used on the command line (`--company rakennus`).
    pub slug: String,
    pub name: String,
    pub language: Language,
    /// IANA zone name, e.g. "Europe/Helsinki".
    pub timezone: String,
    #[serde(default)]
    pub numbers: Vec<CompanyNumber>,
    /// What to say when answering, per language.
    #[serde(default)]
    pub greetings: BTreeMap<Language, String>,
    #[serde(default)]
    pub opening_hours: Vec<OpeningSpan>,
    #[serde(default)]
    pub notes: String,
    /// Whether the operator may transfer calls to mobile numbers.
    #[serde(default)]
    pub allow_mobile_transfer: bool,
    /// Where calls go when nobody else can take them ("Reception 100", "take a message").
    #[serde(default)]
    pub fallback: String,
}

impl Company {
    /// A company with only its handle, name, language and zone; fill in the rest field by field.
    pub fn new(slug: &str, name: &str, language: Language, timezone: &str) -> Company {
        Company {
            id: 0,
            slug: slug.to_string(),
            name: name.to_string(),
            language,
            timezone: timezone.to_string(),
            numbers: Vec::new(),
            greetings: BTreeMap::new(),
            opening_hours: Vec::new(),
            notes: String::new(),
            allow_mobile_transfer: false,
            fallback: String::new(),
        }
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Europe::Helsinki)
    }

    /// The greeting in the company's own language, else any greeting there is.
    pub fn greeting(&self) -> Option<&str> {
        self.greetings.get(&self.language).or_else(|| self.greetings.values().next()).map(String::as_str)
    }
}

/// Weekdays as "mon".."sun" in JSON: readable in backups and hand-written fixtures.
mod weekday_serde {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::time::weekday_code(*day))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let text = String::deserialize(d)?;
        crate::time::parse_weekday(&text).map_err(serde::de::Error::custom)
    }
}
