//! Scoring: a small pure function on top of the fuzzy matcher's score.
//! It runs for every person on every keystroke, so it must stay cheap:
//! no allocation per field, no I/O.
//!
//! Order of strength: exact word > prefix of a word > fuzzy subsequence;
//! names and aliases weigh more than titles, departments and topics. Being
//! in the operator's current company adds a little; having left or being an
//! outsider takes a little, so the right name still wins but a current
//! employee of the same name comes first.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
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
}

impl FieldKind {
    fn weight(self) -> i64 {
        match self {
            FieldKind::Name => 10,
            FieldKind::Alias => 9,
            FieldKind::Role => 8,
            FieldKind::Topic => 7,
            FieldKind::Title => 6,
            FieldKind::Department => 5,
            FieldKind::Email => 4,
            FieldKind::Phone => 4,
        }
    }
}

/// How well one query word matches one folded field (0 = not at all).
pub fn score_field(matcher: &SkimMatcherV2, field: &str, word: &str) -> i64 {
    let mut best = 0;
    for w in field.split(' ') {
        if w == word {
            return 100;
        }
        if w.starts_with(word) {
            // Longer prefixes of shorter words are stronger.
            best = best.max(60 + (30 * word.len() / w.len().max(1)) as i64);
        }
    }
    if best > 0 {
        return best;
    }
    if word.len() >= 3
        && let Some(s) = matcher.fuzzy_match(field, word)
    {
        // The skim score grows with the word; scale it into 1..50.
        let per_char = s / word.len() as i64;
        if per_char >= 12 {
            return (per_char).min(50);
        }
    }
    0
}

/// The best score of all query words against a person's fields, with the
/// field that matched best; `None` when some word matches nothing.
pub fn score_entry(
    matcher: &SkimMatcherV2,
    fields: &[(FieldKind, String)],
    words: &[String],
) -> Option<(i64, FieldKind)> {
    let mut total = 0;
    let mut best_field = (0, FieldKind::Name);
    for word in words {
        let mut best = (0, FieldKind::Name);
        for (kind, text) in fields {
            let s = score_field(matcher, text, word) * kind.weight();
            if s > best.0 {
                best = (s, *kind);
            }
        }
        if best.0 == 0 {
            return None;
        }
        total += best.0;
        if best.0 > best_field.0 {
            best_field = best;
        }
    }
    Some((total, best_field.1))
}

/// A phone field against the digits of the query: whole number, its end
/// (the caller-ID usually has the area code the directory lacks), or its start.
pub fn score_phone(field: &str, digits: &str) -> Option<i64> {
    if field == digits {
        Some(1000)
    } else if digits.len() >= 6 && (field.ends_with(digits) || digits.ends_with(field)) && field.len() >= 4 {
        Some(800)
    } else if field.starts_with(digits) {
        Some(400 + digits.len() as i64)
    } else {
        None
    }
}

pub fn adjust(score: i64, kind: HitKind, home: bool) -> i64 {
    let mut s = score;
    if home {
        s += 50;
    }
    if kind != HitKind::Person {
        s -= 20;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_beats_prefix_beats_fuzzy() {
        let m = SkimMatcherV2::default();
        let exact = score_field(&m, "maija virtanen", "virtanen");
        let prefix = score_field(&m, "maija virtanen", "virta");
        let fuzzy = score_field(&m, "maija virtanen", "vrtnen");
        assert_eq!(exact, 100);
        assert!(exact > prefix && prefix > fuzzy && fuzzy > 0, "{exact} {prefix} {fuzzy}");
        assert_eq!(score_field(&m, "maija virtanen", "xyz"), 0);
    }

    #[test]
    fn all_words_must_match() {
        let m = SkimMatcherV2::default();
        let fields = vec![(FieldKind::Name, "maija virtanen".to_string()), (FieldKind::Topic, "hr".to_string())];
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert!(score_entry(&m, &fields, &words("hr maija")).is_some());
        assert!(score_entry(&m, &fields, &words("maija palkat")).is_none());
        assert_eq!(score_entry(&m, &fields, &words("hr")).unwrap().1, FieldKind::Topic);
    }

    #[test]
    fn phones_match_whole_tail_or_start() {
        assert_eq!(score_phone("0401234567", "0401234567"), Some(1000));
        assert_eq!(score_phone("0401234567", "1234567"), Some(800));
        assert_eq!(score_phone("2103", "21"), Some(402));
        assert_eq!(score_phone("2103", "99"), None);
    }

    #[test]
    fn home_company_and_current_staff_first() {
        assert!(adjust(100, HitKind::Person, true) > adjust(100, HitKind::Person, false));
        assert!(adjust(100, HitKind::Person, false) > adjust(100, HitKind::Former, false));
        assert!(adjust(300, HitKind::Former, false) > adjust(100, HitKind::Person, true), "the right name wins");
    }
}
