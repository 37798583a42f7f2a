//! Staff from vCard 3.0 and 4.0 address books (Outlook, Google, iPhone).
//! The `ical` crate reads the lines (folding, parameters); this module maps
//! the properties Vaihde uses: FN/N, ORG, TITLE, ROLE, TEL, EMAIL, NOTE,
//! NICKNAME, CATEGORIES.

use std::io::BufReader;
use std::path::Path;

use super::{ImportError, StaffFile, StaffRecord};
use crate::model::{Phone, PhoneKind};
use crate::text::{looks_like_email, split_keywords};

pub fn read(path: &Path, text: &str) -> Result<StaffFile, ImportError> {
    // Line numbers where each card starts, for messages ("record 3, line 21").
    let starts: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VCARD"))
        .map(|(i, _)| i + 1)
        .collect();
    let line_of = |i: usize| starts.get(i).copied().unwrap_or(0);
    // The ical reader wants LF or CRLF lines; normalise lone CRs (old Mac exports).
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let parser = ical::VcardParser::new(BufReader::new(normalised.as_bytes()));
    let mut records = Vec::new();
    for (i, card) in parser.enumerate() {
        let line = line_of(i);
        let err = |message: String| ImportError::Line { path: path.to_path_buf(), line, message };
        let card = card.map_err(|e| err(format!("vCard {} is broken: {e}", i + 1)))?;
        records.push(record(line, &card.properties).map_err(|m| err(format!("vCard {}: {m}", i + 1)))?);
    }
    if records.is_empty() {
        return Err(ImportError::File {
            path: path.to_path_buf(),
            message: "no BEGIN:VCARD found: is this a vCard file?".into(),
        });
    }
    let phone_kinds = vec![PhoneKind::Extension, PhoneKind::Direct, PhoneKind::Mobile, PhoneKind::Other];
    Ok(StaffFile { records, phone_kinds, ignored_columns: Vec::new() })
}

fn record(line: usize, props: &[ical::property::Property]) -> Result<StaffRecord, String> {
    let mut r = StaffRecord { line, ..StaffRecord::default() };
    let mut fn_name = String::new();
    let mut emails = Vec::new();
    let mut phones = Vec::new();
    let mut topics = Vec::new();
    let mut aliases = Vec::new();
    for p in props {
        // iPhone writes "item1.EMAIL": the group prefix does not matter here.
        let name = p.name.rsplit('.').next().unwrap_or("").to_ascii_uppercase();
        let value = p.value.as_deref().unwrap_or("").trim();
        let types = types(p);
        match name.as_str() {
            "FN" => fn_name = unescape(value),
            "N" => {
                let parts = split_unescaped(value, ';');
                r.family_name = parts.first().cloned().unwrap_or_default();
                r.given_name = parts.get(1).cloned().unwrap_or_default();
            }
            "ORG" => {
                let parts = split_unescaped(value, ';');
                if let Some(unit) = parts.get(1).filter(|u| !u.is_empty()) {
                    r.department = Some(unit.clone());
                }
            }
            "TITLE" => r.title = Some(unescape(value)),
            "ROLE" | "CATEGORIES" => topics.extend(split_keywords(&split_unescaped(value, ',').join(","))),
            "NICKNAME" => aliases.extend(split_unescaped(value, ',').into_iter().filter(|a| !a.is_empty())),
            "NOTE" => r.notes = Some(unescape(value)),
            "EMAIL" => {
                let e = value.trim_start_matches("mailto:").to_string();
                if !e.is_empty() {
                    if !looks_like_email(&e) {
                        return Err(format!("EMAIL \"{}\" is not an e-mail address", crate::text::excerpt(&e)));
                    }
                    emails.push(e);
                }
            }
            "TEL" => {
                let number = value.trim_start_matches("tel:").trim().to_string();
                if number.is_empty() {
                    continue;
                }
                if !number.chars().any(|c| c.is_ascii_digit()) {
                    return Err(format!("TEL \"{}\" is not a telephone number", crate::text::excerpt(&number)));
                }
                phones.push(Phone { kind: phone_kind(&types, &number), number, label: String::new() });
            }
            _ => {}
        }
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        (r.given_name, r.family_name) = super::csv_staff::split_full_name(&fn_name);
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        return Err("has neither FN nor N: every card needs a name".into());
    }
    r.emails = Some(emails);
    r.phones = Some(phones);
    r.topics = Some(topics);
    r.aliases = Some(aliases);
    Ok(r)
}

/// TYPE values in lower case, however they were written:
/// `TYPE=WORK,VOICE`, `type=work;type=pref`, `TYPE="cell,voice"`, or vCard 2.1's bare `;CELL`.
fn types(p: &ical::property::Property) -> Vec<String> {
    let mut out = Vec::new();
    for (key, values) in p.params.iter().flatten() {
        let key = key.to_ascii_lowercase();
        if key == "type" {
            for v in values {
                out.extend(v.split(',').map(|t| t.trim().trim_matches('"').to_ascii_lowercase()));
            }
        } else if values.is_empty() {
            out.push(key);
        }
    }
    out
}

fn phone_kind(types: &[String], number: &str) -> PhoneKind {
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("cell") || has("mobile") || has("iphone") {
        PhoneKind::Mobile
    } else if has("x-extension")
        || has("extension")
        || (number.chars().filter(char::is_ascii_digit).count() <= 5 && !number.starts_with('+'))
    {
        PhoneKind::Extension
    } else if has("home") || has("fax") {
        PhoneKind::Other
    } else {
        PhoneKind::Direct
    }
}

/// Splits on `sep` where it is not backslash-escaped, then unescapes each part.
fn split_unescaped(value: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                current.push('\\');
                current.push(next);
            }
        } else if c == sep {
            parts.push(unescape(current.trim()));
            current.clear();
        } else {
            current.push(c);
        }
    }
    parts.push(unescape(current.trim()));
    parts
}

fn unescape(value: &str) -> String {
    crate::text::unescape(value, '\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vcard3_outlook_style() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Virtanen;Maija;;;\r\nFN:Maija Virtanen\r\nORG:Rakennus Oy;Henkilöstö\r\n\
                    TITLE:HR-päällikkö\r\nTEL;TYPE=WORK,VOICE:+358 9 123 4567\r\nTEL;TYPE=CELL:040 123 4567\r\nTEL;TYPE=WORK:1234\r\n\
                    EMAIL;TYPE=INTERNET:maija.virtanen@rakennus.fi\r\nNICKNAME:Maikki\r\nCATEGORIES:HR,palkat\r\n\
                    NOTE:Ei puheluita ennen klo 10\\, kiitos\r\n  ja e-posti mieluummin\r\nEND:VCARD\r\n";
        let f = read(Path::new("a.vcf"), text).unwrap();
        let r = &f.records[0];
        assert_eq!((r.given_name.as_str(), r.family_name.as_str()), ("Maija", "Virtanen"));
        assert_eq!(r.department.as_deref(), Some("Henkilöstö"));
        let kinds: Vec<_> = r.phones.as_ref().unwrap().iter().map(|p| p.kind).collect();
        assert_eq!(kinds, vec![PhoneKind::Direct, PhoneKind::Mobile, PhoneKind::Extension]);
        assert_eq!(r.aliases.as_deref(), Some(&["Maikki".to_string()][..]));
        assert_eq!(r.notes.as_deref(), Some("Ei puheluita ennen klo 10, kiitos ja e-posti mieluummin"));
    }

    #[test]
    fn vcard4_and_iphone_groups() {
        let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Åsa Lindqvist\nTEL;VALUE=uri;TYPE=\"cell,voice\":tel:+46-70-123-4567\n\
                    item1.EMAIL;type=INTERNET;type=pref:asa@skargard.fi\nROLE:Ekonomi\nEND:VCARD\n";
        let r = read(Path::new("b.vcf"), text).unwrap().records.remove(0);
        assert_eq!((r.given_name.as_str(), r.family_name.as_str()), ("Åsa", "Lindqvist"));
        assert_eq!(r.phones.unwrap()[0].kind, PhoneKind::Mobile);
        assert_eq!(r.emails.unwrap(), vec!["asa@skargard.fi"]);
        assert_eq!(r.topics.unwrap(), vec!["Ekonomi"]);
    }

    #[test]
    fn broken_cards_name_the_record_and_line() {
        let good = "BEGIN:VCARD\nVERSION:3.0\nFN:A B\nEND:VCARD\n";
        let err =
            read(Path::new("c.vcf"), &format!("{good}BEGIN:VCARD\nVERSION:3.0\nTITLE:CEO\nEND:VCARD\n")).unwrap_err();
        assert!(err.to_string().contains("line 5") && err.to_string().contains("neither FN nor N"), "{err}");
        let err = read(Path::new("c.vcf"), &format!("{good}BEGIN:VCARD\nFN:C D\n")).unwrap_err();
        assert!(err.to_string().contains("vCard 2"), "{err}");
    }
}
