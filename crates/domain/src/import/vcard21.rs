//! vCard 2.1, as Outlook's "Save as vCard", older phones and PBX exports
//! write it, rewritten into the lines the vCard 3/4 reader takes: bare type
//! parameters (`TEL;WORK;VOICE:`) become `TYPE=` ones, quoted-printable
//! values (soft line breaks included, so a letter split across two lines
//! survives) are decoded in their `CHARSET` (Windows-1252, ISO-8859-1,
//! UTF-8), and base64 photos are dropped without being decoded. Lines of
//! vCard 3.0 and 4.0 cards pass through unchanged, so one file may mix them.

/// Encodings 2.1 writes as bare parameters; they are not types.
const ENCODINGS: &[&str] = &["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"];

/// The file's text with every 2.1 property line rewritten (see the module comment).
pub fn to_modern(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(first) = lines.next() {
        let mut logical = first.to_string();
        let qp = head_of(first).to_ascii_uppercase().contains("QUOTED-PRINTABLE");
        loop {
            match lines.peek() {
                // A quoted-printable soft line break: the value goes on with
                // the next line as it is (a space there is the text's own).
                Some(next) if qp && logical.ends_with('=') => {
                    logical.pop();
                    logical.push_str(next);
                    lines.next();
                }
                // RFC folding: a line starting with white space continues the last.
                Some(next) if next.starts_with([' ', '\t']) && !next.trim().is_empty() => {
                    logical.push_str(&next[1..]);
                    lines.next();
                }
                _ => break,
            }
        }
        if let Some(line) = rewrite(&logical) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The part of a property line before its value: up to the first ':' that
/// is not inside double quotes.
fn head_of(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// One logical line in the 3.0 form; `None` drops it (a base64 photo, a blank line).
fn rewrite(line: &str) -> Option<String> {
    if line.trim().is_empty() {
        return None;
    }
    let head = head_of(line);
    let Some(value) = line.get(head.len() + 1..) else {
        return Some(line.to_string());
    };
    let mut parts = head.split(';');
    let name = parts.next().unwrap_or("");
    let mut params: Vec<String> = Vec::new();
    let (mut qp, mut base64, mut charset) = (false, false, None::<String>);
    let mut changed = false;
    for p in parts {
        let upper = p.trim().to_ascii_uppercase();
        let (key, val) = match upper.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.trim_matches('"').to_string())),
            None => (upper.clone(), None),
        };
        match (key.as_str(), val.as_deref()) {
            ("ENCODING", Some(v)) | (v, None) if ENCODINGS.contains(&v) => {
                qp |= v == "QUOTED-PRINTABLE";
                base64 |= v == "BASE64" || v == "B";
                changed = true;
            }
            ("CHARSET", Some(v)) => {
                charset = Some(v.to_string());
                changed = true;
            }
            (_, None) if !p.trim().is_empty() => {
                params.push(format!("TYPE={}", p.trim()));
                changed = true;
            }
            _ => params.push(p.to_string()),
        }
    }
    if base64 {
        // Photos and logos: nothing a switchboard needs, not worth decoding.
        return None;
    }
    if !changed {
        return Some(line.to_string());
    }
    let value = if qp { decode_quoted_printable(value, charset.as_deref()) } else { value.to_string() };
    let mut out = name.to_string();
    for p in params {
        out.push(';');
        out.push_str(&p);
    }
    out.push(':');
    out.push_str(&value);
    Some(out)
}

/// Quoted-printable bytes in `charset` as text, line breaks escaped the
/// vCard way (`\n`) so the value stays on one line. Bytes that are not
/// valid UTF-8 without a charset are read as Windows-1252, as Outlook
/// writes them.
fn decode_quoted_printable(value: &str, charset: Option<&str>) -> String {
    let mut bytes = Vec::with_capacity(value.len());
    let raw = value.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (raw[i], raw.get(i + 1).copied().and_then(hex), raw.get(i + 2).copied().and_then(hex)) {
            (b'=', Some(h), Some(l)) => {
                bytes.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    let encoding = charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .unwrap_or(if std::str::from_utf8(&bytes).is_ok() { encoding_rs::UTF_8 } else { encoding_rs::WINDOWS_1252 });
    let (text, _, _) = encoding.decode(&bytes);
    text.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlook_21_lines() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:H=E4m=E4l=E4inen;P=E4ivi\r\n\
                    TEL;WORK;VOICE:+358 9 123 4567\r\nEMAIL;PREF;INTERNET:paivi@example.fi\r\nEND:VCARD\r\n";
        let modern = to_modern(&text.replace("\r\n", "\n"));
        assert!(modern.contains("N:Hämäläinen;Päivi\n"), "{modern}");
        assert!(modern.contains("TEL;TYPE=WORK;TYPE=VOICE:+358 9 123 4567\n"), "{modern}");
        assert!(modern.contains("EMAIL;TYPE=PREF;TYPE=INTERNET:paivi@example.fi\n"), "{modern}");
    }

    #[test]
    fn a_soft_line_break_inside_a_utf8_letter() {
        // "Hämäläinen" in UTF-8 with the break between the two bytes of "ä".
        let text = "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:H=C3=\n=A4m=C3=A4l=C3=A4inen;P=C3=A4ivi\n";
        assert_eq!(to_modern(text), "N:Hämäläinen;Päivi\n");
    }

    #[test]
    fn notes_keep_their_lines_and_photos_go() {
        let text = "NOTE;ENCODING=QUOTED-PRINTABLE:Rivi 1=0D=0ARivi 2\nPHOTO;TYPE=JPEG;ENCODING=BASE64:\n /9j/4AAQSkZJRgABAQEASABIAAD\n 2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQE\n\nFN:Päivi Hämäläinen\n";
        assert_eq!(to_modern(text), "NOTE:Rivi 1\\nRivi 2\nFN:Päivi Hämäläinen\n");
    }

    #[test]
    fn vcard_3_lines_pass_through() {
        let text = "TEL;TYPE=WORK,VOICE:+358 9 1\nitem1.EMAIL;type=INTERNET:a@b.fi\nFN:A B\n";
        assert_eq!(to_modern(text), text);
    }
}
