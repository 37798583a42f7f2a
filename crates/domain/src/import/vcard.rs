//! Staff from vCard address books: 2.1 (Outlook "Save as vCard", older
//! phones; rewritten first by [`super::vcard21`]), 3.0 and 4.0 (Google,
//! iCloud, Nextcloud), mixed in one file if need be. The `ical` crate reads
//! the lines (folding, parameters); this module maps the properties Vaihde
//! uses: FN/N (the first of `ALTID` alternatives is the name, the others
//! aliases), ORG, TITLE, ROLE, TEL (kind from TYPE or iCloud's `X-ABLabel`,
//! `tel:` URIs), EMAIL, NOTE, NICKNAME, CATEGORIES; preferred numbers and
//! addresses first. Group and organisation cards are skipped and said.

use std::io::BufReader;
use std::path::Path;

use super::{ImportError, StaffFile, StaffRecord};
use crate::model::{Phone, PhoneKind};
use crate::text::{looks_like_email, split_keywords};
use crate::words::Phrase;

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
    let normalised = super::vcard21::to_modern(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let parser = ical::VcardParser::new(BufReader::new(normalised.as_bytes()));
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    let mut versions: Vec<String> = Vec::new();
    for (i, card) in parser.enumerate() {
        let line = line_of(i);
        let err = |why: Phrase| ImportError::Line { path: path.to_path_buf(), line, why };
        let card = card.map_err(|e| {
            err(Phrase::new(crate::msg!("importBrokenCard")).number("n", i + 1).text("detail", e.to_string()))
        })?;
        let version =
            card.properties.iter().find(|p| p.name.eq_ignore_ascii_case("VERSION")).and_then(|p| p.value.clone());
        if let Some(v) = version.map(|v| v.trim().to_string()).filter(|v| !versions.contains(v)) {
            versions.push(v);
        }
        if let Some(kind) = not_a_person(&card.properties) {
            warnings.push(
                Phrase::new(crate::msg!("importNoteNotAPerson"))
                    .number("n", i + 1)
                    .text("line", line.to_string())
                    .word("what", kind),
            );
            continue;
        }
        records.push(
            record(line, &card.properties)
                .map_err(|why| err(Phrase::new(crate::msg!("importCard")).number("n", i + 1).phrase("why", why)))?,
        );
    }
    if records.is_empty() && warnings.is_empty() {
        return Err(ImportError::File { path: path.to_path_buf(), why: Phrase::new(crate::msg!("importNotVcard")) });
    }
    versions.sort();
    let phone_kinds = vec![PhoneKind::Extension, PhoneKind::Direct, PhoneKind::Mobile, PhoneKind::Other];
    let format = if versions.is_empty() { "vCard".to_string() } else { format!("vCard {}", versions.join(", ")) };
    Ok(StaffFile { records, phone_kinds, ignored_columns: Vec::new(), format: Some(format), warnings })
}

/// Group and organisation cards (vCard 4 `KIND`, Apple's `X-ADDRESSBOOKSERVER-KIND`).
fn not_a_person(props: &[ical::property::Property]) -> Option<crate::words::MessageId> {
    let kind = props
        .iter()
        .find(|p| {
            let name = p.name.to_ascii_uppercase();
            name == "KIND" || name == "X-ADDRESSBOOKSERVER-KIND"
        })
        .and_then(|p| p.value.as_deref())
        .map(|v| v.trim().to_ascii_lowercase());
    match kind.as_deref() {
        Some("group") => Some(crate::msg!("importKindGroup")),
        Some("org") => Some(crate::msg!("importKindOrg")),
        Some("location") => Some(crate::msg!("importKindLocation")),
        _ => None,
    }
}

/// How much a property is preferred: vCard 4's `PREF=1` (most) to 100,
/// vCard 3's `TYPE=pref` as 1, none after all of them.
fn preference(p: &ical::property::Property, types: &[String]) -> u32 {
    let pref = p.params.iter().flatten().find(|(k, _)| k.eq_ignore_ascii_case("pref"));
    match pref.and_then(|(_, v)| v.first()).and_then(|v| v.trim().parse::<u32>().ok()) {
        Some(n) => n,
        None if types.iter().any(|t| t == "pref") => 1,
        None => 101,
    }
}

/// iCloud's `item1.X-ABLabel:_$!<Mobile>!$_` (or a custom "Vaihde"), by group.
fn apple_labels(props: &[ical::property::Property]) -> Vec<(String, String)> {
    props
        .iter()
        .filter_map(|p| {
            let (group, name) = p.name.rsplit_once('.')?;
            name.eq_ignore_ascii_case("X-ABLABEL").then(|| {
                let label = p.value.as_deref().unwrap_or("").trim();
                let label = label.strip_prefix("_$!<").and_then(|l| l.strip_suffix(">!$_")).unwrap_or(label);
                (group.to_ascii_lowercase(), label.to_string())
            })
        })
        .collect()
}

fn record(line: usize, props: &[ical::property::Property]) -> Result<StaffRecord, Phrase> {
    let mut r = StaffRecord { line, ..StaffRecord::default() };
    let mut fn_name = String::new();
    let mut other_names: Vec<String> = Vec::new();
    let mut emails: Vec<(u32, String)> = Vec::new();
    let mut phones: Vec<(u32, Phone)> = Vec::new();
    let mut topics = Vec::new();
    let mut aliases = Vec::new();
    let labels = apple_labels(props);
    for p in props {
        // iPhone writes "item1.EMAIL": the group only matters for its label.
        let (group, name) = match p.name.rsplit_once('.') {
            Some((g, n)) => (Some(g.to_ascii_lowercase()), n.to_ascii_uppercase()),
            None => (None, p.name.to_ascii_uppercase()),
        };
        let value = p.value.as_deref().unwrap_or("").trim();
        let types = types(p);
        match name.as_str() {
            // The first of ALTID alternatives (or of repeated names) is the name; the others are aliases.
            "FN" if !fn_name.is_empty() => other_names.push(unescape(value)),
            "FN" => fn_name = unescape(value),
            "N" => {
                let parts = split_unescaped(value, ';');
                let family = parts.first().cloned().unwrap_or_default();
                let given = parts.get(1).cloned().unwrap_or_default();
                if r.given_name.is_empty() && r.family_name.is_empty() {
                    (r.family_name, r.given_name) = (family, given);
                } else {
                    other_names.push(format!("{given} {family}").trim().to_string());
                }
            }
            "ORG" => {
                let parts = split_unescaped(value, ';');
                if let Some(unit) = parts.get(1).filter(|u| !u.is_empty()) {
                    r.department.get_or_insert_with(|| unit.clone());
                }
            }
            "TITLE" => {
                r.title.get_or_insert_with(|| unescape(value));
            }
            "ROLE" | "CATEGORIES" => topics.extend(split_keywords(&split_unescaped(value, ',').join(","))),
            "NICKNAME" => aliases.extend(split_unescaped(value, ',').into_iter().filter(|a| !a.is_empty())),
            "NOTE" => r.notes = Some(unescape(value)),
            "EMAIL" => {
                let e = value.trim_start_matches("mailto:").to_string();
                if !e.is_empty() {
                    if !looks_like_email(&e) {
                        return Err(
                            Phrase::new(crate::msg!("importCardNotAnEmail")).text("value", crate::text::excerpt(&e))
                        );
                    }
                    emails.push((preference(p, &types), e));
                }
            }
            "TEL" => {
                // "tel:+358-40-123;ext=12" (vCard 4 URIs): the number before parameters.
                let number = value.trim_start_matches("tel:").split(';').next().unwrap_or("").trim().to_string();
                if number.is_empty() {
                    continue;
                }
                if !number.chars().any(|c| c.is_ascii_digit()) {
                    return Err(
                        Phrase::new(crate::msg!("importCardNotANumber")).text("value", crate::text::excerpt(&number))
                    );
                }
                let label = group
                    .as_ref()
                    .and_then(|g| labels.iter().find(|(lg, _)| lg == g))
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default();
                let kind = crate::phone::kind_for_label(&format!("{} {label}", types.join(" ")), &number);
                phones.push((preference(p, &types), Phone { kind, number, label }));
            }
            _ => {}
        }
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        (r.given_name, r.family_name) = super::csv_staff::split_full_name(&fn_name);
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        return Err(Phrase::new(crate::msg!("importCardNoName")));
    }
    let name = format!("{} {}", r.given_name, r.family_name);
    aliases.extend(
        other_names.into_iter().filter(|n| !n.is_empty() && crate::text::name_key(n) != crate::text::name_key(&name)),
    );
    // Preferred first; otherwise in the card's order.
    emails.sort_by_key(|(p, _)| *p);
    phones.sort_by_key(|(p, _)| *p);
    r.emails = Some(emails.into_iter().map(|(_, e)| e).collect());
    r.phones = Some(phones.into_iter().map(|(_, p)| p).collect());
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
