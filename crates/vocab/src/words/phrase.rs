//! A sentence the core chose and a face words: a catalog message id with
//! its values. Used where the choice of sentence is itself a rule (what to
//! tell a caller), so that the rule lives once, in the core, and the words
//! once, in the catalogs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Arg, MessageId, Words};

/// One catalog message and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Phrase {
    /// A message id of `locales/*.ftl`.
    #[cfg_attr(feature = "ts", ts(type = "MessageId"))]
    pub id: MessageId,
    pub args: Vec<PhraseArg>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhraseArg {
    pub name: String,
    pub value: PhraseValue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhraseValue {
    /// Directory data (a name), or a catalog key a selector chooses on.
    Text { text: String },
    /// An instant, shown with the catalog's `moment` in `zone`.
    Moment { at: DateTime<Utc>, zone: String },
    /// A calendar day, shown with the catalog's `date`.
    Date { date: NaiveDate },
    /// Another catalog message, worded first ("fieldFamilyName").
    Word {
        #[cfg_attr(feature = "ts", ts(type = "MessageId"))]
        id: MessageId,
    },
    /// A count or a limit, which plural rules may select on.
    Number { n: i64 },
    /// Another phrase, worded first (why a line of a file was refused).
    Phrase { phrase: Box<Phrase> },
}

/// An error that knows its words: what went wrong, as a catalog phrase the
/// face words in the operator's language (its `Display` stays English, for
/// logs).
pub trait Said {
    fn phrase(&self) -> Phrase;
}

impl Phrase {
    /// The phrase of message `id`: `Phrase::new(msg!("refuseNoName"))`.
    pub fn new(id: MessageId) -> Phrase {
        Phrase { id, args: Vec::new() }
    }

    pub fn text(mut self, name: &str, text: impl Into<String>) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Text { text: text.into() } });
        self
    }

    pub fn moment(mut self, name: &str, at: DateTime<Utc>, zone: &str) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Moment { at, zone: zone.into() } });
        self
    }

    pub fn date(mut self, name: &str, date: NaiveDate) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Date { date } });
        self
    }

    pub fn word(mut self, name: &str, id: MessageId) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Word { id } });
        self
    }

    pub fn phrase(mut self, name: &str, p: Phrase) -> Phrase {
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Phrase { phrase: Box::new(p) } });
        self
    }

    /// A time of day, worded by the catalogs' `clock` ("17.00", "17:00").
    pub fn clock(t: chrono::NaiveTime) -> Phrase {
        use chrono::Timelike as _;
        super::time_values(t.hour(), t.minute())
            .into_iter()
            .fold(Phrase::new(crate::msg!("clock")), |p, (name, value)| p.text(name, value))
    }

    pub fn number(mut self, name: &str, n: usize) -> Phrase {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        self.args.push(PhraseArg { name: name.into(), value: PhraseValue::Number { n } });
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
                    PhraseValue::Date { date } => Arg::Owned(self.date(*date)),
                    PhraseValue::Word { id } => Arg::Owned(self.text(id.as_str())),
                    PhraseValue::Number { n } => Arg::Num(*n),
                    PhraseValue::Phrase { phrase } => Arg::Owned(self.phrase(phrase)),
                };
                (a.name.as_str(), v)
            })
            .collect();
        self.with(p.id.as_str(), &args)
    }

    /// Phrases one after the other, as one sentence.
    pub fn sentence(&self, phrases: &[Phrase]) -> String {
        phrases.iter().map(|p| self.phrase(p)).collect::<Vec<_>>().join(" ")
    }
}
