//! A sentence the core chose and a face words: a catalog message id with
//! its values. Used where the choice of sentence is itself a rule (what to
//! tell a caller), so that the rule lives once, in the core, and the words
//! once, in the catalogs.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Arg, Words};

/// One catalog message and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Phrase {
    /// A message id of `locales/*.ftl`.
    pub id: String,
    pub args: Vec<PhraseArg>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhraseArg {
    pub name: String,
    pub value: PhraseValue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhraseValue {
    /// Directory data (a name), or a catalog key a selector chooses on.
    Text { text: String },
    /// An instant, shown with the catalog's `moment` in `zone`.
    Moment { at: DateTime<Utc>, zone: String },
}

impl Phrase {
    pub fn new(id: &str) -> Phrase {
        Phrase { id: id.to_string(), args: Vec::new() }
    }

    pub fn text(mut self, name: &str, text: impl Into<String>) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Text { text: text.into() } });
        self
    }

    pub fn moment(mut self, name: &str, at: DateTime<Utc>, zone: &str) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Moment { at, zone: zone.into() } });
        self
    }
}

impl Words {
    /// The phrase in this catalog's words.
    pub fn phrase(&self, p: &Phrase) -> String {
        let args: Vec<(&str, Arg)> = p
            .args
            .iter()
            .map(|a| {
                let v = match &a.value {
                    PhraseValue::Text { text } => Arg::Text(text),
                    PhraseValue::Moment { at, zone } => {
                        let tz = zone.parse().unwrap_or(chrono_tz::Europe::Helsinki);
                        Arg::Owned(self.moment(*at, tz))
                    }
                };
                (a.name.as_str(), v)
            })
            .collect();
        self.with(&p.id, &args)
    }

    /// Phrases one after the other, as one sentence.
    pub fn sentence(&self, phrases: &[Phrase]) -> String {
        phrases.iter().map(|p| self.phrase(p)).collect::<Vec<_>>().join(" ")
    }
}
