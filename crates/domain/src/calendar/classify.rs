//! The rule, in one place: which calendar occurrences make a person
//! unavailable, and of what kind. `vaihde calendar inspect` prints its
//! verdict per occurrence, so "why does Vaihde say Maija is away?" has an
//! answer.
//!
//! 1. STATUS:CANCELLED → free.
//! 2. X-MICROSOFT-CDO-BUSYSTATUS, when present, decides (Outlook/Exchange
//!    write it for every event): OOF → out of office, BUSY → busy,
//!    TENTATIVE → tentative, FREE or WORKINGELSEWHERE → free.
//! 3. A title that says absence ("loma", "sairas", "semester", "holiday",
//!    "out of office", ...) → out of office, even when marked free: Google
//!    and Nextcloud make all-day events free by default, and a "Loma" there
//!    is still a holiday.
//! 4. TRANSP:TRANSPARENT → free (shown as free time in the calendar).
//! 5. STATUS:TENTATIVE → tentative.
//! 6. An all-day event that blocks time → out of office (a whole day
//!    blocked is a day away); anything else → busy (a meeting).
//!
//! Out of office and busy make the person unavailable; tentative and free
//! do not.

use serde::Serialize;

use super::event::Event;
use crate::model::AbsenceKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OutOfOffice,
    Busy,
    Tentative,
    Free,
}

impl Kind {
    pub fn unavailable(self) -> bool {
        matches!(self, Kind::OutOfOffice | Kind::Busy)
    }
}

/// Words in titles that mean the person is away, in Finnish, Swedish and English.
const AWAY_WORDS: &[&str] = &[
    "loma",
    "vuosiloma",
    "kesäloma",
    "talviloma",
    "lomalla",
    "poissa",
    "sairas",
    "sairaana",
    "sairasloma",
    "vapaa",
    "vapaalla",
    "koulutus",
    "koulutuksessa",
    "kurssi",
    "matkalla",
    "isyysvapaa",
    "äitiysvapaa",
    "vanhempainvapaa",
    "saldovapaa",
    "semester",
    "ledig",
    "sjuk",
    "sjukledig",
    "föräldraledig",
    "tjänstledig",
    "utbildning",
    "kurs",
    "borta",
    "holiday",
    "holidays",
    "vacation",
    "leave",
    "annual leave",
    "sick",
    "ooo",
    "out of office",
    "away",
    "day off",
    "training",
    "parental leave",
];

const SICK_WORDS: &[&str] = &["sairas", "sairaana", "sairasloma", "sjuk", "sjukledig", "sick"];
const TRAINING_WORDS: &[&str] = &["koulutus", "koulutuksessa", "kurssi", "utbildning", "kurs", "training"];
const HOLIDAY_WORDS: &[&str] = &[
    "loma",
    "vuosiloma",
    "kesäloma",
    "talviloma",
    "lomalla",
    "semester",
    "holiday",
    "holidays",
    "vacation",
    "annual leave",
];

fn has_word(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    words.iter().any(|w| if w.contains(' ') { lower.contains(w) } else { tokens.iter().any(|t| t == w) })
}

/// The verdict for an event (all its occurrences share it).
pub fn classify(e: &Event, all_day: bool) -> Kind {
    if e.status.as_deref() == Some("CANCELLED") {
        return Kind::Free;
    }
    match e.busy_status.as_deref() {
        Some("OOF") => return Kind::OutOfOffice,
        Some("BUSY") => return if has_word(&e.summary, AWAY_WORDS) { Kind::OutOfOffice } else { Kind::Busy },
        Some("TENTATIVE") => return Kind::Tentative,
        Some("FREE") | Some("WORKINGELSEWHERE") => return Kind::Free,
        _ => {}
    }
    if has_word(&e.summary, AWAY_WORDS) {
        return Kind::OutOfOffice;
    }
    if e.transp.as_deref() == Some("TRANSPARENT") {
        return Kind::Free;
    }
    if e.status.as_deref() == Some("TENTATIVE") {
        return Kind::Tentative;
    }
    if all_day { Kind::OutOfOffice } else { Kind::Busy }
}

/// How an unavailable occurrence is stored as an absence.
pub fn absence_kind(kind: Kind, summary: &str) -> Option<AbsenceKind> {
    match kind {
        Kind::Free => None,
        Kind::Tentative => Some(AbsenceKind::Tentative),
        Kind::Busy => Some(AbsenceKind::Meeting),
        Kind::OutOfOffice if has_word(summary, SICK_WORDS) => Some(AbsenceKind::Sick),
        Kind::OutOfOffice if has_word(summary, TRAINING_WORDS) => Some(AbsenceKind::Training),
        Kind::OutOfOffice if has_word(summary, HOLIDAY_WORDS) => Some(AbsenceKind::Holiday),
        Kind::OutOfOffice => Some(AbsenceKind::OutOfOffice),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_words() {
        assert!(has_word("Lomalla: Maija Virtanen", AWAY_WORDS));
        assert!(has_word("Virtanen loma", AWAY_WORDS));
        assert!(has_word("Out of Office", AWAY_WORDS));
        assert!(!has_word("Lomake-palaveri", AWAY_WORDS), "lomake is a form, not a holiday");
        assert_eq!(absence_kind(Kind::OutOfOffice, "Sjukledig"), Some(AbsenceKind::Sick));
        assert_eq!(absence_kind(Kind::OutOfOffice, "Kurssi Tampereella"), Some(AbsenceKind::Training));
        assert_eq!(absence_kind(Kind::OutOfOffice, "Lomalla"), Some(AbsenceKind::Holiday));
        assert_eq!(absence_kind(Kind::Free, "loma"), None);
    }
}
