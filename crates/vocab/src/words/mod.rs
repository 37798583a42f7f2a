//! Every word a person reads, in their language: one Fluent catalog per
//! language (`locales/fi.ftl`, `sv.ftl`, `en.ftl`), read here for the CLI
//! and the caller's sentences, and by the window from the same files
//! (`ui/src/i18n.ts`), so a sentence exists once.
//!
//! The core hands the faces values (states, kinds, instants with their
//! zone); the faces turn them into words with these catalogs. Dates are
//! words too: [`Words::moment`] fills the catalog's `moment` pattern with
//! the local weekday, day, month and time, and the window does the same
//! with the same pattern.

mod describe;
mod id;
mod phrase;
mod shape;

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::model::Language;

pub use describe::message_id;
pub use id::{MessageId, is_message};
pub use phrase::{Phrase, PhraseArg, PhraseValue, Said};
pub use shape::{Shape, shape, typescript, union};

/// The catalogs as shipped, by language.
pub const CATALOGS: [(Language, &str); 3] = [
    (Language::Fi, include_str!("../../../../locales/fi.ftl")),
    (Language::Sv, include_str!("../../../../locales/sv.ftl")),
    (Language::En, include_str!("../../../../locales/en.ftl")),
];

/// One language's catalog, ready to format.
pub struct Words {
    lang: Language,
    bundle: FluentBundle<FluentResource>,
}

/// A value for a placeable: text, or a number (which plural rules select on).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Text(&'a str),
    Owned(String),
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Owned(s)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// One catalog per language, each built the first time it is asked for:
/// the shipped ones ([`Words::of`]), or a face's own words that only it
/// shows (the CLI's `--help`), as a `static`.
pub struct Catalogs {
    texts: [(Language, &'static str); 3],
    built: OnceLock<[Words; 3]>,
}

impl Catalogs {
    /// The Fluent text of each language, in the order fi, sv, en.
    pub const fn new(texts: [(Language, &'static str); 3]) -> Catalogs {
        Catalogs { texts, built: OnceLock::new() }
    }

    /// The catalog of `lang`.
    pub fn of(&self, lang: Language) -> &Words {
        let all = self.built.get_or_init(|| self.texts.map(|(lang, text)| Words::build(lang, text)));
        match lang {
            Language::Fi => &all[0],
            Language::Sv => &all[1],
            Language::En => &all[2],
        }
    }
}

impl Words {
    /// The catalog of `lang`, built once per process.
    pub fn of(lang: Language) -> &'static Words {
        static SHIPPED: Catalogs = Catalogs::new(CATALOGS);
        SHIPPED.of(lang)
    }

    fn build(lang: Language, text: &str) -> Words {
        // A catalog that does not parse keeps what did: the catalog test
        // fails the build long before a user could see it.
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(partial, _)| partial);
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Plain text out: the faces put it into text nodes and terminals,
        // where the bidi isolation marks would only be noise.
        bundle.set_use_isolating(false);
        // Quantities are grouped as the window's Fluent (Intl) groups them:
        // "5 000" (a no-break space) in Finnish and Swedish, "5,000" in English.
        match lang {
            Language::Fi | Language::Sv => bundle.set_formatter(Some(|v, _| grouped(v, "\u{a0}", "\u{2212}"))),
            Language::En => bundle.set_formatter(Some(|v, _| grouped(v, ",", "-"))),
        }
        let _ = bundle.add_resource(resource);
        Words { lang, bundle }
    }

    pub fn lang(&self) -> Language {
        self.lang
    }

    /// Whether the catalog has this message.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message without placeables.
    pub fn text(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// A message with its placeables filled in. An id missing from the
    /// catalog comes back as itself (the catalog test keeps them complete).
    pub fn with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            let v: FluentValue = match value {
                Arg::Text(s) => FluentValue::from(*s),
                Arg::Owned(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fargs.set(*name, v);
        }
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
    }

    /// A moment as the people of `zone` read it: "ti 8.12. klo 8.00",
    /// "tis 8.12. kl. 08.00", "Tue 8 Dec 08:00".
    pub fn moment(&self, at: DateTime<Utc>, zone: Tz) -> String {
        let local = at.with_timezone(&zone);
        let mut args = day_args(local.date_naive());
        args.extend(time_args(local.hour(), local.minute()));
        self.with("moment", &args)
    }

    /// A time of day: "8.00", "08.00", "08:00".
    pub fn clock(&self, hour: u32, minute: u32) -> String {
        self.with("clock", &time_args(hour, minute))
    }

    /// A day with its weekday: "ti 8.12.", "tis 8.12.", "Tue 8 Dec".
    pub fn day(&self, date: NaiveDate) -> String {
        self.with("day", &day_args(date))
    }

    /// A date with its year: "8.12.2026", "8 Dec 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        let mut args = day_args(date);
        args.push(("year", Arg::Owned(date.year().to_string())));
        self.with("date", &args)
    }
}

/// The values the catalogs' date patterns use (the window passes the same).
fn day_args(date: NaiveDate) -> Vec<(&'static str, Arg<'static>)> {
    vec![
        ("weekday", Arg::Text(weekday_key(date.weekday()))),
        ("day", Arg::Owned(date.day().to_string())),
        ("month", Arg::Owned(date.month().to_string())),
        ("monthname", Arg::Text(MONTHS[date.month0() as usize])),
    ]
}

fn time_args(hour: u32, minute: u32) -> Vec<(&'static str, Arg<'static>)> {
    time_values(hour, minute).into_iter().map(|(name, v)| (name, Arg::Owned(v))).collect()
}

/// The values the catalogs' time patterns (`clock`, `moment`) use: "8",
/// "08", "05".
pub(crate) fn time_values(hour: u32, minute: u32) -> [(&'static str, String); 3] {
    [("hour", hour.to_string()), ("hour2", format!("{hour:02}")), ("minute", format!("{minute:02}"))]
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The key the catalogs' weekday selectors choose on ("mon").
/// A whole number with its thousands grouped ("12 345", "12,345") and its
/// minus sign as the language writes it; anything else (a fraction, a
/// number given its own format) is left to Fluent.
fn grouped(value: &FluentValue, separator: &str, minus: &str) -> Option<String> {
    let FluentValue::Number(n) = value else { return None };
    let plain = n.options.minimum_fraction_digits.is_none()
        && n.options.maximum_fraction_digits.is_none()
        && n.options.minimum_integer_digits.is_none()
        && n.options.use_grouping;
    if !plain || n.value.fract() != 0.0 || n.value.abs() >= 9.0e15 {
        return None;
    }
    let digits = format!("{}", n.value.abs() as u64);
    let mut out = String::with_capacity(digits.len() + 8);
    if n.value < 0.0 {
        out.push_str(minus);
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(d);
    }
    Some(out)
}

pub fn weekday_key(d: Weekday) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d.num_days_from_monday() as usize]
}

/// The operator's language from the environment (`LANG`, `LC_ALL`,
/// `LC_MESSAGES`: "fi_FI.UTF-8" → Finnish); English when none of ours.
pub fn language_from_locale(value: &str) -> Option<Language> {
    value.split(['_', '.', '-', '@']).next()?.parse().ok()
}

#[cfg(test)]
mod tests;
