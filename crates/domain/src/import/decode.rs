//! Turning a file's bytes into text the way Excel and Outlook wrote it:
//! a BOM decides (UTF-8, UTF-16 LE/BE); otherwise valid UTF-8 is UTF-8 and
//! anything else is Windows-1252 (what Finnish and Swedish Excel save as
//! "CSV (semicolon delimited)").

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

pub fn to_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    // UTF-16 without a BOM: every other byte of ASCII text is zero.
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let zeros_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    if bytes.len() >= 4 && zeros_odd * 2 > bytes.len() / 2 {
        return UTF_16LE.decode_without_bom_handling(bytes).0.into_owned();
    }
    if bytes.len() >= 4 && zeros_even * 2 > bytes.len() / 2 {
        return UTF_16BE.decode_without_bom_handling(bytes).0.into_owned();
    }
    WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(to_text("Hämäläinen".as_bytes()), "Hämäläinen");
        assert_eq!(to_text(b"\xEF\xBB\xBFH\xC3\xA4m"), "Häm");
    }

    #[test]
    fn windows_1252() {
        // "Hämäläinen;Åsa" as Excel saves it.
        assert_eq!(to_text(b"H\xE4m\xE4l\xE4inen;\xC5sa"), "Hämäläinen;Åsa");
    }

    #[test]
    fn utf16_le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Åsa".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(to_text(&bytes), "Åsa");
    }
}
