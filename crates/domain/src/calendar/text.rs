//! From a feed's bytes to unfolded iCalendar lines, tolerating what real
//! servers send: a BOM, CRLF or LF (or lone CR), stray non-UTF-8 bytes
//! (Windows-1252 from old Exchange servers), and folded lines. Keeps a map
//! from unfolded line to original line number for error messages.

/// Unfolded text (LF line ends) and, per unfolded line, its original line number.
pub struct Unfolded {
    pub text: String,
    pub line_of: Vec<usize>,
}

pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Mostly UTF-8 with a few stray bytes, or a legacy encoding: Windows-1252
        // turns every byte into some character, so nothing is lost silently.
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

pub fn unfold(text: &str) -> Unfolded {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalised.len());
    let mut line_of = Vec::new();
    for (i, line) in normalised.split('\n').enumerate() {
        if (line.starts_with(' ') || line.starts_with('\t')) && !line_of.is_empty() {
            out.push_str(&line[1..]);
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if !line_of.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        line_of.push(i + 1);
    }
    out.push('\n');
    Unfolded { text: out, line_of }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_crlf_and_line_numbers() {
        let u = unfold("BEGIN:VCALENDAR\r\nSUMMARY:Loma \r\n alkaa\r\n\r\nEND:VCALENDAR\r\n");
        assert_eq!(u.text, "BEGIN:VCALENDAR\nSUMMARY:Loma alkaa\nEND:VCALENDAR\n");
        assert_eq!(u.line_of, vec![1, 2, 5]);
    }

    #[test]
    fn bom_and_stray_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFBEGIN"), "BEGIN");
        assert_eq!(decode(b"SUMMARY:Lomalla H\xE4m\xE4l\xE4inen"), "SUMMARY:Lomalla Hämäläinen");
    }
}
