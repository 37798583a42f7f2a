//! Small text helpers shared by import, matching and the CLI: trimming,
//! case-insensitive keys for names, and splitting keyword lists. Text
//! entering the directory is normalised and bounded in [`clean`].

pub mod clean;

pub use clean::{Kind, TextError, bounded, clipped, excerpt, normalise};

/// A key for comparing names: lower-case, single spaces. Diacritics are kept
/// (Hämäläinen and Hamalainen are different people to an importer; fuzzy
/// search folds them, see the search issue).
pub fn name_key(text: &str) -> String {
    text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Splits "HR, palkat; rekrytointi" into keywords, dropping empties and
/// duplicates (case-insensitively) but keeping the first spelling.
pub fn split_keywords(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split([',', ';', '|', '\n']) {
        let word = part.trim();
        if !word.is_empty() && !out.iter().any(|w| w.to_lowercase() == word.to_lowercase()) {
            out.push(word.to_string());
        }
    }
    out
}

/// Normalises an e-mail address for matching: trimmed, lower-case, without a
/// `mailto:` prefix (calendar ATTENDEE values carry one).
pub fn email_key(text: &str) -> String {
    let t = text.trim();
    let t = t.strip_prefix("mailto:").or_else(|| t.strip_prefix("MAILTO:")).unwrap_or(t);
    t.to_lowercase()
}

pub fn looks_like_email(text: &str) -> bool {
    let t = text.trim();
    match t.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !t.contains(char::is_whitespace),
        None => false,
    }
}

/// Undoes RFC 5545 / RFC 6350 text escaping (`\,` `\;` `\\` `\n`), the same
/// in iCalendar and vCard. `newline` is what `\n` becomes: a line break in a
/// note, a space in a one-line title.
pub fn unescape(value: &str, newline: char) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push(newline),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Percent-decoding as in URLs ("%2B358" is "+358", "%40" is "@"); a "+"
/// stays a plus: in a phone number it is not a space.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_split_on_common_separators_and_dedupe() {
        assert_eq!(split_keywords("HR, palkat;  hr |rekry"), vec!["HR", "palkat", "rekry"]);
        assert!(split_keywords(" , ;").is_empty());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%2B358%2040"), "+358 40");
        assert_eq!(percent_decode("jenny%40x.fi+1%"), "jenny@x.fi+1%");
        assert_eq!(percent_decode("%zz%ä"), "%zz%ä");
    }

    #[test]
    fn unescape_text_values() {
        assert_eq!(unescape(r"Ei ennen klo 10\, kiitos\nsoita", '\n'), "Ei ennen klo 10, kiitos\nsoita");
        assert_eq!(unescape(r"a\;b\\c\N", ' '), "a;b\\c ");
    }

    #[test]
    fn name_key_folds_case_and_spaces() {
        assert_eq!(name_key("  Maija   VIRTANEN "), "maija virtanen");
        assert_ne!(name_key("Hämäläinen"), name_key("Hamalainen"));
    }

    #[test]
    fn email_key_drops_mailto() {
        assert_eq!(email_key(" MAILTO:Maija.Virtanen@Example.FI"), "maija.virtanen@example.fi");
        assert!(looks_like_email("a@b.fi"));
        assert!(!looks_like_email("a b@c.fi"));
        assert!(!looks_like_email("virtanen"));
    }
}
