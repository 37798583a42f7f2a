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

#[cfg(test)]
mod tests {
    use super::number_key;

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
