//! Staff lists as CSV, the way Excel and HR systems export them.

use crate::text::excerpt;
use std::path::Path;

use super::columns::{Field, field_for};
use super::{ImportError, ReadOptions, StaffFile, StaffRecord};
use crate::model::{Phone, PhoneKind};
use crate::text::{looks_like_email, split_keywords};

pub fn read(path: &Path, text: &str, options: &ReadOptions) -> Result<StaffFile, ImportError> {
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let line_err = |line: usize, message: String| ImportError::Line { path: path.to_path_buf(), line, message };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| line_err(1, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let fields: Vec<Option<Field>> = headers.iter().map(|h| field_for(h, &options.mapping)).collect();
    let has = |f: Field| fields.contains(&Some(f));
    if !(has(Field::GivenName) || has(Field::FamilyName) || has(Field::FullName)) {
        return Err(ImportError::NoNameColumn { path: path.to_path_buf(), headers });
    }
    let ignored_columns =
        headers.iter().zip(&fields).filter(|(h, f)| f.is_none() && !h.is_empty()).map(|(h, _)| h.clone()).collect();
    let phone_kinds: Vec<PhoneKind> = [
        (Field::Extension, PhoneKind::Extension),
        (Field::Direct, PhoneKind::Direct),
        (Field::Mobile, PhoneKind::Mobile),
        (Field::OtherPhone, PhoneKind::Other),
    ]
    .into_iter()
    .filter(|(f, _)| has(*f))
    .map(|(_, k)| k)
    .collect();

    // Line numbers from byte offsets: a record's position includes the blank
    // lines before it, so skip those to name the line the row is really on.
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let bytes = text.as_bytes();
    let line_at = |pos: Option<&csv::Position>| {
        pos.map_or(0, |p| {
            let mut at = p.byte() as usize;
            while bytes.get(at).is_some_and(|b| *b == b'\n' || *b == b'\r') {
                at += 1;
            }
            line_starts.partition_point(|&start| start <= at)
        })
    };
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| line_err(line_at(e.position()), format!("not readable as CSV: {e}")))?;
        let line = line_at(row.position());
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if row.len() > headers.len() && row.iter().skip(headers.len()).any(|c| !c.trim().is_empty()) {
            return Err(line_err(
                line,
                format!(
                    "{} cells but the header has {}; is the delimiter right? (reading with {:?}; choose another with --delimiter)",
                    row.len(),
                    headers.len(),
                    delimiter as char
                ),
            ));
        }
        if row.len() < headers.len() {
            return Err(line_err(
                line,
                format!(
                    "{} cells but the header has {}: a cell or a delimiter is missing (reading with {:?})",
                    row.len(),
                    headers.len(),
                    delimiter as char
                ),
            ));
        }
        records.push(record(line, &row, &fields, &headers, &phone_kinds).map_err(|m| line_err(line, m))?);
    }
    Ok(StaffFile { records, phone_kinds, ignored_columns })
}

fn record(
    line: usize,
    row: &csv::StringRecord,
    fields: &[Option<Field>],
    headers: &[String],
    phone_kinds: &[PhoneKind],
) -> Result<StaffRecord, String> {
    let mut r = StaffRecord { line, ..StaffRecord::default() };
    let mut full_name = String::new();
    let mut phones: Vec<Phone> = Vec::new();
    for ((cell, field), header) in row.iter().zip(fields).zip(headers) {
        let cell = crate::export::unescape_cell(cell.trim());
        let Some(field) = field else { continue };
        let keywords = || split_keywords(cell);
        match field {
            Field::GivenName => r.given_name = cell.to_string(),
            Field::FamilyName => r.family_name = cell.to_string(),
            Field::FullName => full_name = cell.to_string(),
            Field::Title => r.title = Some(cell.to_string()),
            Field::Department => r.department = Some(cell.to_string()),
            Field::Email => {
                let emails: Vec<String> =
                    cell.split([',', ';', ' ']).map(str::trim).filter(|e| !e.is_empty()).map(String::from).collect();
                if let Some(bad) = emails.iter().find(|e| !looks_like_email(e)) {
                    return Err(format!("column {header:?}: \"{}\" is not an e-mail address", excerpt(bad)));
                }
                r.emails.get_or_insert_with(Vec::new).extend(emails);
            }
            Field::Extension | Field::Direct | Field::Mobile | Field::OtherPhone => {
                let kind = match field {
                    Field::Extension => PhoneKind::Extension,
                    Field::Direct => PhoneKind::Direct,
                    Field::Mobile => PhoneKind::Mobile,
                    _ => PhoneKind::Other,
                };
                if !cell.is_empty() {
                    if !cell.chars().any(|c| c.is_ascii_digit()) {
                        return Err(format!("column {header:?}: \"{}\" is not a telephone number", excerpt(cell)));
                    }
                    phones.push(Phone { kind, number: cell.to_string(), label: String::new() });
                }
            }
            Field::Topics => r.topics.get_or_insert_with(Vec::new).extend(keywords()),
            Field::Aliases => r.aliases.get_or_insert_with(Vec::new).extend(keywords()),
            Field::Languages => {
                r.languages.get_or_insert_with(Vec::new).extend(keywords().into_iter().map(|l| l.to_lowercase()))
            }
            Field::Notes => r.notes = Some(cell.to_string()),
            Field::Ignore => {}
        }
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        (r.given_name, r.family_name) = split_full_name(&full_name);
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        return Err("no name: the name cells are empty".into());
    }
    if !phone_kinds.is_empty() {
        r.phones = Some(phones);
    }
    Ok(r)
}

/// "Virtanen, Maija" → (Maija, Virtanen); "Maija Liisa Virtanen" → (Maija Liisa, Virtanen).
pub fn split_full_name(full: &str) -> (String, String) {
    let full = full.trim();
    if let Some((family, given)) = full.split_once(',') {
        return (given.trim().to_string(), family.trim().to_string());
    }
    match full.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (given.trim().to_string(), family.trim().to_string()),
        None => (String::new(), full.to_string()),
    }
}

/// The delimiter that splits the header line into the most cells, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|(d, n)| (*n, *d == b',')).map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<StaffFile, ImportError> {
        read(Path::new("staff.csv"), text, &ReadOptions::default())
    }

    #[test]
    fn finnish_excel_semicolons() {
        let f = read_str(
            "Etunimi;Sukunimi;Titteli;Osasto;Sähköposti;Alanumero;Matkapuhelin;Vastuualueet\n\
                          Maija;Virtanen;HR-päällikkö;Henkilöstö;maija.virtanen@r.fi;1234;040 123 4567;HR, palkat\n",
        )
        .unwrap();
        let r = &f.records[0];
        assert_eq!((r.given_name.as_str(), r.family_name.as_str(), r.line), ("Maija", "Virtanen", 2));
        assert_eq!(r.topics.as_deref(), Some(&["HR".to_string(), "palkat".to_string()][..]));
        assert_eq!(r.phones.as_ref().unwrap().len(), 2);
        assert_eq!(f.phone_kinds, vec![PhoneKind::Extension, PhoneKind::Mobile]);
    }

    #[test]
    fn full_name_column_and_quoted_commas() {
        let f =
            read_str("Name,Title,Email\n\"Virtanen, Maija\",\"Head of HR, Finland\",m@r.fi\nAnna Liisa Koski,CFO,\n")
                .unwrap();
        assert_eq!(f.records[0].given_name, "Maija");
        assert_eq!(f.records[0].title.as_deref(), Some("Head of HR, Finland"));
        assert_eq!((f.records[1].given_name.as_str(), f.records[1].family_name.as_str()), ("Anna Liisa", "Koski"));
    }

    #[test]
    fn errors_name_the_line() {
        let err = read_str("Förnamn;Efternamn;E-post\nÅsa;Lind;asa@x.se\nPer;Berg;not-mail\n").unwrap_err();
        assert!(err.to_string().contains("line 3") && err.to_string().contains("not-mail"), "{err}");
        let err = read_str("First name,Last name\nA,B,C,D\n").unwrap_err();
        assert!(err.to_string().contains("line 2") && err.to_string().contains("delimiter"), "{err}");
        let err = read_str("Shoe;Size\n1;2\n").unwrap_err();
        assert!(matches!(err, ImportError::NoNameColumn { .. }), "{err}");
        let err = read_str("First name;Last name;Title\n;;CEO\n").unwrap_err();
        assert!(err.to_string().contains("no name"), "{err}");
    }

    #[test]
    fn blank_rows_skipped_unknown_columns_reported() {
        let f = read_str("First name;Last name;Shoe size\n;;\nA;B;42\n").unwrap();
        assert_eq!(f.records.len(), 1);
        assert_eq!(f.ignored_columns, vec!["Shoe size"]);
    }
}
