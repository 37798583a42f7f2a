//! Scoring: small pure functions that turn "this typed word met that
//! indexed word in this field, this way" into a number. They run for every
//! candidate on every keystroke, so they stay cheap: no allocation, no I/O.
//!
//! Order of strength, from the operator's point of view:
//! exact word > start of a word (still typing) > sounds alike > a typo >
//! letters in order (an abbreviation); and the name weighs more than an
//! alias, an alias more than a role or topic, those more than a title or
//! department. A person in the call's company ranks above others with the
//! same match; someone who left or an outsider ranks just below a current
//! employee with the same match, but the right name always wins. Whether a
//! person is in or away never changes the order (status is shown instead).

use serde::Serialize;

use super::HitKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Name,
    Alias,
    Title,
    Department,
    Topic,
    Role,
    Email,
    Phone,
    /// The company's name, searched only across companies.
    Company,
}

impl FieldKind {
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Name,
        FieldKind::Alias,
        FieldKind::Title,
        FieldKind::Department,
        FieldKind::Topic,
        FieldKind::Role,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::Company,
    ];

    pub fn weight(self) -> u32 {
        match self {
            FieldKind::Name => 10,
            FieldKind::Alias => 9,
            FieldKind::Role => 8,
            FieldKind::Topic => 7,
            FieldKind::Title => 6,
            FieldKind::Department => 5,
            FieldKind::Email => 4,
            FieldKind::Phone => 4,
            FieldKind::Company => 3,
        }
    }
}

/// How a typed word met an indexed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    /// Letters in order with gaps ("hmlnen" for hämäläinen).
    Letters,
    /// The start of the word is `distance` typos away (still typing, with a typo).
    TypoStart {
        distance: u8,
    },
    /// The whole word is `distance` typos away.
    Typo {
        distance: u8,
    },
    /// The start of the word sounds alike.
    SoundsLikeStart,
    /// The word sounds alike.
    SoundsLike,
    /// The typed word is the start of the word; `typed`/`len` characters.
    Prefix {
        typed: u8,
        len: u8,
    },
    Exact,
}

/// The score of one typed word against one indexed word in one field.
pub fn word_score(quality: Quality, field: FieldKind) -> u32 {
    field_score(base(quality), field)
}

/// [`word_score`] from the quality's [`base`]: what the search keeps per
/// vocabulary word while it scores a person's fields.
pub fn field_score(base: u32, field: FieldKind) -> u32 {
    base * field.weight()
}

/// How strong a match is, before its field is weighed (1..=100, never 0).
pub fn base(quality: Quality) -> u32 {
    let base = match quality {
        Quality::Exact => 100,
        // 61..=89: the more of the word is typed, the stronger.
        Quality::Prefix { typed, len } => 60 + (29 * u32::from(typed) / u32::from(len.max(1))).min(29),
        Quality::SoundsLike => 55,
        Quality::SoundsLikeStart => 45,
        Quality::Typo { distance } => 44u32.saturating_sub(12 * u32::from(distance.saturating_sub(1))),
        Quality::TypoStart { distance } => 36u32.saturating_sub(10 * u32::from(distance.saturating_sub(1))),
        Quality::Letters => 20,
    };
    base.max(1)
}

/// What being in the call's company adds to a person's score.
pub const HOME_BONUS: i64 = 50;

/// The final score of a person who matched every typed word.
pub fn adjust(total: u32, kind: HitKind, home: bool) -> i64 {
    let mut s = i64::from(total);
    if home {
        s += HOME_BONUS;
    }
    if matches!(kind, HitKind::Former | HitKind::Outsider) {
        s -= 20;
    }
    s
}

/// A phone field against the digits of the query: whole number, its end
/// (the caller ID has the area code the directory lacks, or the reverse),
/// or its start (typing an extension).
pub fn phone_score(field: &str, digits: &str) -> Option<u32> {
    if field == digits {
        Some(1000)
    } else if digits.len() >= 6 && field.len() >= 4 && (field.ends_with(digits) || digits.ends_with(field)) {
        Some(800)
    } else if field.starts_with(digits) {
        Some(400 + digits.len() as u32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_beats_prefix_beats_sound_beats_typo_beats_letters() {
        let f = FieldKind::Name;
        let order = [
            word_score(Quality::Exact, f),
            word_score(Quality::Prefix { typed: 7, len: 8 }, f),
            word_score(Quality::Prefix { typed: 1, len: 8 }, f),
            word_score(Quality::SoundsLike, f),
            word_score(Quality::SoundsLikeStart, f),
            word_score(Quality::Typo { distance: 1 }, f),
            word_score(Quality::TypoStart { distance: 1 }, f),
            word_score(Quality::Typo { distance: 2 }, f),
            word_score(Quality::Letters, f),
        ];
        assert!(order.windows(2).all(|w| w[0] > w[1]), "{order:?}");
    }

    #[test]
    fn name_outweighs_other_fields() {
        let q = Quality::Exact;
        assert!(word_score(q, FieldKind::Name) > word_score(q, FieldKind::Alias));
        assert!(word_score(q, FieldKind::Alias) > word_score(q, FieldKind::Role));
        assert!(word_score(q, FieldKind::Role) > word_score(q, FieldKind::Title));
        assert!(word_score(q, FieldKind::Title) > word_score(q, FieldKind::Company));
        // A name typed out beats a title typed out, and a name half typed.
        assert!(
            word_score(Quality::Prefix { typed: 4, len: 8 }, FieldKind::Name) > word_score(q, FieldKind::Department)
        );
    }

    #[test]
    fn phones_match_whole_tail_or_start() {
        assert_eq!(phone_score("0401234567", "0401234567"), Some(1000));
        assert_eq!(phone_score("0401234567", "1234567"), Some(800));
        assert_eq!(phone_score("2103", "21"), Some(402));
        assert_eq!(phone_score("2103", "99"), None);
    }

    #[test]
    fn home_company_and_current_staff_first_but_the_right_name_wins() {
        assert!(adjust(100, HitKind::Person, true) > adjust(100, HitKind::Person, false));
        assert!(adjust(100, HitKind::Person, false) > adjust(100, HitKind::Former, false));
        let exact = word_score(Quality::Exact, FieldKind::Name);
        let typo = word_score(Quality::Typo { distance: 1 }, FieldKind::Name);
        assert!(adjust(exact, HitKind::Former, false) > adjust(typo, HitKind::Person, true));
    }
}
