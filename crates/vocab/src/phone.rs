//! Telephone numbers as written in Finland and Sweden: "09 123 4567",
//! "+358 40 123 4567", "040-1234567", "(0)40 123", "1234" (an extension).
//!
//! Numbers are stored as the operator wrote them; this module makes the key
//! used to compare them (a dialled number picks the company; caller-ID).

/// Digits only, with the country prefix turned into a national 0 for Finland
/// (+358) and Sweden (+46), so "+358 40 123 4567" and "040 1234567" agree.
/// Short numbers (extensions) are kept as their digits.
pub fn number_key(text: &str) -> String {
    let trimmed = text.trim();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    // "(0)" is the optional trunk prefix written after the country code.
    let cleaned = trimmed.replace("(0)", "");
    let mut digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
    if international {
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_string();
        }
        for code in ["358", "46"] {
            if let Some(rest) = digits.strip_prefix(code) {
                return format!("0{rest}");
            }
        }
        return format!("+{digits}");
    }
    digits
}

/// A number key backwards, for "ends with" lookups through an index
/// (migration 11's `person_numbers.reversed`).
pub fn reversed(key: &str) -> String {
    key.chars().rev().collect()
}

/// Whether two number keys are the same line: equal, or (full numbers of
/// at least 7 digits) one ends with the other, as caller IDs often lack or
/// add an area code.
pub fn same_line(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || (a.len().min(b.len()) >= 7 && (a.ends_with(b) || b.ends_with(a)))
}

/// A number as a softphone dials it (`tel:` and `sip:` links): digits, with
/// a leading `+` for an international number, and the optional trunk
/// prefix "(0)" written after a country code dropped, so "+358 (0)40 123
/// 4567" dials +358401234567, not +3580401234567. "00" becomes "+".
/// `None` when there are no digits to dial.
pub fn dial_string(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let cleaned = trimmed.replace("(0)", "");
    let digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(if trimmed.starts_with('+') {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00").filter(|_| trimmed.starts_with("00")) {
        format!("+{rest}")
    } else {
        digits
    })
}

/// Whether a cell looks like a telephone number: digits (at least five)
/// with only the separators people write.
pub fn looks_like_number(text: &str) -> bool {
    let t = text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits >= 5 && t.chars().all(|c| c.is_ascii_digit() || " +-()/.".contains(c))
}

/// The kind of a number from the label its source gave it ("Mobile",
/// "Työ", "Anknytning", iCloud's "_$!<Mobile>!$_", vCard TYPE values), in
/// Finnish, Swedish or English. Without a telling label a short number is
/// an extension and a long one a direct line.
pub fn kind_for_label(label: &str, number: &str) -> crate::model::PhoneKind {
    use crate::model::PhoneKind;
    let label = label.to_lowercase();
    let words: Vec<&str> = label.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&[
        "mobile",
        "cell",
        "iphone",
        "matkapuhelin",
        "mobiili",
        "gsm",
        "kännykkä",
        "mobil",
        "mobiltelefon",
        "handy",
    ]) {
        PhoneKind::Mobile
    } else if has(&["extension", "ext", "x-extension", "alanumero", "sisänumero", "lyhytnumero", "anknytning"]) {
        PhoneKind::Extension
    } else if has(&[
        "home",
        "fax",
        "pager",
        "koti",
        "kotipuhelin",
        "hem",
        "hemtelefon",
        "faksi",
        "telefax",
        "other",
        "muu",
        "övrig",
    ]) {
        PhoneKind::Other
    } else if number.chars().filter(char::is_ascii_digit).count() <= 5 && !number.trim().starts_with('+') {
        PhoneKind::Extension
    } else {
        PhoneKind::Direct
    }
}

#[cfg(test)]
mod tests {
    use super::{dial_string, number_key};

    #[test]
    fn dial_strings_drop_the_optional_trunk_prefix_and_separators() {
        assert_eq!(dial_string("+358 (0)40 123 4567").as_deref(), Some("+358401234567"));
        assert_eq!(dial_string("+358 40 123 4567").as_deref(), Some("+358401234567"));
        assert_eq!(dial_string("0046 8 123 45").as_deref(), Some("+46812345"));
        assert_eq!(dial_string("09-123 4567").as_deref(), Some("091234567"));
        assert_eq!(dial_string("2104").as_deref(), Some("2104"));
        assert_eq!(dial_string("ask reception"), None);
    }

    #[test]
    fn labels_in_three_languages_and_apple_style() {
        use super::kind_for_label;
        use crate::model::PhoneKind;
        assert_eq!(kind_for_label("Mobile", "040 1"), PhoneKind::Mobile);
        assert_eq!(kind_for_label("_$!<Mobile>!$_", "040 1"), PhoneKind::Mobile);
        assert_eq!(kind_for_label("Matkapuhelin", "040 1"), PhoneKind::Mobile);
        assert_eq!(kind_for_label("Anknytning", "2104"), PhoneKind::Extension);
        assert_eq!(kind_for_label("* Work", "+358 9 1234 567"), PhoneKind::Direct);
        assert_eq!(kind_for_label("Home", "09 1234 567"), PhoneKind::Other);
        assert_eq!(kind_for_label("Vaihde", "2104"), PhoneKind::Extension);
        assert!(super::looks_like_number("+358 (0)40-123 4567") && !super::looks_like_number("Helsinki 00100"));
    }

    #[test]
    fn finnish_forms_agree() {
        let k = number_key("040 123 4567");
        assert_eq!(k, "0401234567");
        assert_eq!(number_key("+358 40 123 4567"), k);
        assert_eq!(number_key("+358 (0)40-123 4567"), k);
        assert_eq!(number_key("00358401234567"), k);
    }

    #[test]
    fn swedish_and_other_countries() {
        assert_eq!(number_key("+46 8 123 456"), "08123456");
        assert_eq!(number_key("+44 20 7946 0000"), "+442079460000");
    }

    #[test]
    fn extensions_stay_short() {
        assert_eq!(number_key("1234"), "1234");
        assert_eq!(number_key(" x 12 "), "12");
    }
}
