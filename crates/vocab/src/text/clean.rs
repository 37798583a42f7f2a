//! Text at the door: every piece of text that enters the directory (staff
//! files and feeds, calendar titles, CLI and desktop edits) goes through
//! [`normalise`] once, so what is stored, searched and shown is the same
//! text whatever form it arrived in.
//!
//! What it does, in this order: Unicode NFC (macOS and some exports write
//! "ä" as "a" + a combining diaeresis); control characters removed (tab and
//! line breaks only survive in multi-line notes, where `\r\n` becomes
//! `\n`); invisible format characters removed from names, one-line texts,
//! numbers and e-mail addresses (zero-width spaces and joiners, BOMs inside
//! text, bidi overrides and isolates, soft hyphens), and in notes the ones
//! that can hide or reorder text (bidi controls, zero-width spaces, BOMs)
//! while joiners that emoji and some scripts need stay; surrounding
//! whitespace trimmed and inner runs collapsed to one space in one-line
//! texts. [`bounded`] then checks the field's length; [`clipped`] cuts text
//! that is not the operator's to refuse (a calendar event's title).
//!
//! The character classes come from the Unicode data of the
//! `unicode-normalization` and `unicode-properties` crates, not from tables
//! of our own; the only list here is UAX #9's twelve bidi controls.

use crate::model::Field;
use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// What kind of text a field holds, which decides what survives and how long it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Names, titles, departments, aliases, topics, role names, labels: one
    /// line, searched, at most 200 characters.
    Name,
    /// One line of free text: greetings, reasons, "calls go to" words, event
    /// titles; at most 1,000 characters.
    Line,
    /// Notes and what a caller said: several lines, at most 10,000 characters.
    Notes,
    /// A telephone number as written: at most 40 characters.
    Phone,
    /// An e-mail address: at most 254 characters (RFC 5321).
    Email,
}

impl Kind {
    /// The most characters a field of this kind may hold.
    pub fn limit(self) -> usize {
        match self {
            Kind::Name => 200,
            Kind::Line => 1_000,
            Kind::Notes => 10_000,
            Kind::Phone => 40,
            Kind::Email => 254,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A text over its field's limit, worded by the catalogs.
    #[error("{}", .0)]
    TooLong(TooLong),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    pub field: Field,
    pub len: usize,
    pub limit: usize,
    pub excerpt: String,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&TextError::TooLong(self.clone()).refusal().english())
    }
}

impl TextError {
    /// The field the error names.
    pub fn field(&self) -> Field {
        match self {
            TextError::TooLong(t) => t.field,
        }
    }

    /// The refusal the faces word.
    pub fn refusal(&self) -> crate::model::Refusal {
        match self {
            TextError::TooLong(t) => crate::model::Refusal::TooLong {
                field: t.field,
                len: t.len,
                limit: t.limit,
                excerpt: t.excerpt.clone(),
            },
        }
    }
}

/// UAX #9 bidi controls: they can make a name display as something else.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that hide or reorder text in notes too.
fn hides_text(c: char) -> bool {
    is_bidi_control(c) || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

fn nfc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The text as it is stored: see the module comment. Idempotent.
pub fn normalise(kind: Kind, raw: &str) -> String {
    // Characters are removed first and the rest composed after: removing
    // one between a letter and its combining mark must not leave a pair
    // that composes only on a second pass.
    let kept = strip(kind, raw);
    match nfc(&kept) {
        Cow::Borrowed(_) => kept,
        Cow::Owned(composed) => composed,
    }
}

fn strip(kind: Kind, text: &str) -> String {
    let multiline = kind == Kind::Notes;
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            // \r\n and a lone \r are one line break.
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                '\n'
            }
            '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        };
        if multiline && (c == '\n' || c == '\t') {
            // Spaces before a line break go.
            if c == '\n' {
                while out.ends_with([' ', '\t']) {
                    out.pop();
                }
            }
            out.push(c);
            continue;
        }
        if c.is_whitespace() {
            if multiline {
                out.push(' ');
            } else {
                space = true;
            }
            continue;
        }
        if c.is_control() {
            continue;
        }
        if !plain(c) && c.general_category() == GeneralCategory::Format && (!multiline || hides_text(c)) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if multiline {
        // Leading and trailing blank lines and spaces go; inner ones stay.
        let trimmed = out.trim_matches(|c: char| c.is_whitespace());
        if trimmed.len() != out.len() {
            return trimmed.to_string();
        }
    }
    out
}

/// [`normalise`], refused with a sentence naming `field` when too long.
pub fn bounded(kind: Kind, field: Field, raw: &str) -> Result<String, TextError> {
    let text = normalise(kind, raw);
    let len = text.chars().count();
    if len > kind.limit() {
        return Err(TextError::TooLong(TooLong { field, len, limit: kind.limit(), excerpt: excerpt(&text) }));
    }
    Ok(text)
}

/// [`normalise`], cut at the limit with "…": for text that is not the
/// operator's to refuse, such as a title in someone's calendar.
pub fn clipped(kind: Kind, raw: &str) -> String {
    let text = normalise(kind, raw);
    match text.char_indices().nth(kind.limit().saturating_sub(1)) {
        Some((cut, _)) if text.chars().count() > kind.limit() => format!("{}…", text[..cut].trim_end()),
        _ => text,
    }
}

/// The start of a value for an error or a report: at most 40 characters,
/// on one line, invisible characters removed.
pub fn excerpt(raw: &str) -> String {
    const SHOWN: usize = 40;
    // Normalise a bounded prefix only: a 5 MB value costs nothing here.
    let head: String = raw.chars().take(SHOWN * 4).collect();
    let text = normalise(Kind::Line, &head);
    if text.chars().count() > SHOWN || head.len() < raw.len() {
        let cut: String = text.chars().take(SHOWN).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    }
}

/// What search folding starts from: NFC, with invisible characters and
/// combining marks that did not compose removed (the typed query and the
/// stored text meet here whatever form either came in).
pub fn searchable(text: &str) -> Cow<'_, str> {
    let composed = nfc(text);
    let clean =
        |c: char| plain(c) || (!c.is_control() && c.general_category() != GeneralCategory::Format && !is_mark(c));
    if composed.chars().all(clean) {
        return composed;
    }
    Cow::Owned(
        composed
            .chars()
            .filter(|&c| c.general_category() != GeneralCategory::Format && !is_mark(c))
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// Below U+0300 the only invisible formatting character is the soft hyphen
/// (U+00AD) and there are no combining marks: Finnish and Swedish text is
/// checked without a lookup in the Unicode tables.
fn plain(c: char) -> bool {
    c < '\u{300}' && c != '\u{AD}' && !c.is_control()
}

fn is_mark(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark | GeneralCategory::EnclosingMark
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_letters_are_composed() {
        let nfd = "Pa\u{0308}ivi Ha\u{0308}ma\u{0308}la\u{0308}inen";
        assert_eq!(normalise(Kind::Name, nfd), "Päivi Hämäläinen");
        assert_eq!(searchable(nfd), "Päivi Hämäläinen");
    }

    #[test]
    fn invisible_and_control_characters_leave_names() {
        assert_eq!(normalise(Kind::Name, "Ze\u{200B}ro"), "Zero");
        assert_eq!(normalise(Kind::Name, "Ma\u{0}ija"), "Maija");
        assert_eq!(normalise(Kind::Name, "Virta\u{202E}nen"), "Virtanen");
        assert_eq!(normalise(Kind::Name, "\u{FEFF}Liisa\u{2066}\u{2069}"), "Liisa");
        assert_eq!(normalise(Kind::Name, "Anna\u{00AD}liisa"), "Annaliisa");
        assert_eq!(normalise(Kind::Phone, "040\u{200D} 123\u{7F}4567"), "040 1234567");
        assert_eq!(normalise(Kind::Email, "maija\u{200B}@x.fi\u{85}"), "maija@x.fi");
    }

    #[test]
    fn names_are_one_line_with_single_spaces() {
        assert_eq!(normalise(Kind::Name, "  Maija \t\u{A0} Liisa\r\n Virtanen  "), "Maija Liisa Virtanen");
        assert_eq!(normalise(Kind::Line, "Lomalla:\nMaija"), "Lomalla: Maija");
    }

    #[test]
    fn notes_keep_their_lines_and_lose_what_hides_text() {
        let raw = "  Soita iltapäivisin  \r\nEi\u{202E} maanantaisin\rKiitos 👩\u{200D}💻\u{0}  ";
        assert_eq!(normalise(Kind::Notes, raw), "Soita iltapäivisin\nEi maanantaisin\nKiitos 👩\u{200D}💻");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for raw in ["A\u{0308}\u{200B}b \r\n c", "  x  ", "\u{2028}y\u{2029}", "\t\tz"] {
            for kind in [Kind::Name, Kind::Line, Kind::Notes, Kind::Phone, Kind::Email] {
                let once = normalise(kind, raw);
                assert_eq!(normalise(kind, &once), once, "{kind:?} {raw:?}");
            }
        }
    }

    #[test]
    fn limits_name_the_field_and_quote_a_short_excerpt() {
        let long = "x".repeat(5_000_000);
        let e = bounded(Kind::Name, Field::FamilyName, &long).unwrap_err();
        let message = e.to_string();
        assert!(message.starts_with("family name is 5,000,000 characters long"), "{message}");
        assert!(message.len() < 200, "the value is not printed back: {}", message.len());
        let at_limit = "y".repeat(10_000);
        assert_eq!(bounded(Kind::Notes, Field::Notes, &at_limit).unwrap().len(), 10_000);
        assert!(bounded(Kind::Notes, Field::Notes, &format!("{at_limit}y")).is_err());
    }

    /// The fuzz target's properties (fuzz/fuzz_targets/text.rs) on a fixed
    /// seed, over text made of the characters that cause trouble.
    #[test]
    fn properties_hold_on_generated_text() {
        const PALETTE: &[char] = &[
            'a', 'Ä', 'ö', ' ', '\t', '\n', '\r', '\u{0}', '\u{7F}', '\u{85}', '\u{A0}', '\u{AD}', '\u{200B}',
            '\u{200D}', '\u{202E}', '\u{2066}', '\u{2028}', '\u{FEFF}', '\u{0308}', '\u{030A}', 'e', '👩', '-',
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3_000 {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = seed;
            let len = (z % 24) as usize;
            let raw: String = (0..len)
                .map(|_| {
                    z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                    PALETTE[(z % PALETTE.len() as u64) as usize]
                })
                .collect();
            for kind in [Kind::Name, Kind::Line, Kind::Notes, Kind::Phone, Kind::Email] {
                let once = normalise(kind, &raw);
                assert_eq!(normalise(kind, &once), once, "{kind:?} {raw:?}");
                let multiline = kind == Kind::Notes;
                assert!(once.chars().all(|c| !c.is_control() || (multiline && (c == '\n' || c == '\t'))), "{raw:?}");
                assert!(!once.contains(['\u{200B}', '\u{202E}', '\u{2066}', '\u{FEFF}']), "{raw:?}");
                if !multiline {
                    assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "), "{raw:?}");
                }
            }
        }
    }

    #[test]
    fn clipping_keeps_the_start() {
        let title = "loma ".repeat(400);
        let clipped = clipped(Kind::Line, &title);
        assert_eq!(clipped.chars().count(), 1_000);
        assert!(clipped.ends_with('…'));
        assert_eq!(excerpt("Päivi Hämäläinen"), "Päivi Hämäläinen");
        assert_eq!(excerpt(&"a".repeat(100)).chars().count(), 41);
    }
}
