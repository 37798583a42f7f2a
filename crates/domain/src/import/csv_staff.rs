//! Staff lists as CSV, the way Excel and HR systems export them, and the
//! header mapping every table of staff shares (CSV and Excel sheets).

use crate::text::excerpt;
use std::path::Path;

use super::columns::{Field, field_for, header_key};
use super::formats;
use super::{ImportError, ReadOptions, StaffFile, StaffRecord};
use crate::model::{Phone, PhoneKind};
use crate::text::{looks_like_email, split_keywords};
use crate::words::{MessageId, Phrase};

pub fn read(path: &Path, text: &str, options: &ReadOptions) -> Result<StaffFile, ImportError> {
    let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let line_err = |line: usize, why: Phrase| ImportError::Line { path: path.to_path_buf(), line, why };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| line_err(1, Phrase::new(crate::msg!("importHeaderUnreadable")).text("detail", e.to_string())))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
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
    let width = headers.len();
    let rows = reader.into_records().map(|row| {
        let row = row.map_err(|e| {
            line_err(line_at(e.position()), Phrase::new(crate::msg!("importNotCsv")).text("detail", e.to_string()))
        })?;
        let line = line_at(row.position());
        let cells: Vec<String> = row.iter().map(String::from).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok((line, cells));
        }
        if cells.len() > width && cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            return Err(line_err(line, cells_phrase(crate::msg!("importTooManyCells"), cells.len(), width, delimiter)));
        }
        if cells.len() < width {
            return Err(line_err(line, cells_phrase(crate::msg!("importTooFewCells"), cells.len(), width, delimiter)));
        }
        Ok((line, cells))
    });
    let table = Table { path, headers, kind: "CSV", place: &line_err };
    from_rows(&table, rows, options)
}

/// A sheet of staff, whatever file it came from: its header row and
/// where a row's problem is said to be ("line 5", "sheet X, row 5").
pub(super) struct Table<'a> {
    pub path: &'a Path,
    pub headers: Vec<String>,
    /// The format's name when no known export is recognised ("CSV", "Excel").
    pub kind: &'static str,
    pub place: &'a dyn Fn(usize, Phrase) -> ImportError,
}

/// Staff records from a table's rows (line or row number, cells), by the
/// same header mapping for CSV and Excel. Blank rows are skipped.
pub(super) fn from_rows(
    table: &Table<'_>,
    rows: impl Iterator<Item = Result<(usize, Vec<String>), ImportError>>,
    options: &ReadOptions,
) -> Result<StaffFile, ImportError> {
    let Table { path, headers, kind, place } = table;
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let export = formats::recognise(headers, &keys);
    let fields: Vec<Option<Field>> = headers.iter().map(|h| field_for(h, &options.mapping, export)).collect();
    let has = |f: Field| fields.contains(&Some(f));
    if !(has(Field::GivenName) || has(Field::FamilyName) || has(Field::FullName)) {
        return Err(ImportError::NoNameColumn { path: path.to_path_buf(), headers: headers.clone() });
    }
    // Google's "Phone 1 - Value" takes its kind from "Phone 1 - Label".
    let labels: Vec<Option<usize>> = keys
        .iter()
        .zip(&fields)
        .map(|(k, f)| {
            let wanted = formats::label_keys(k).filter(|_| *f == Some(Field::LabelledPhone))?;
            keys.iter().position(|other| wanted.contains(other))
        })
        .collect();
    // What is not imported is said by column (a phone's label column is
    // used, for its kind); columns the user mapped to "ignore" are their
    // own choice and not repeated.
    let user_ignored =
        |h: &str| options.mapping.iter().any(|(m, f)| *f == Field::Ignore && header_key(m) == header_key(h));
    let ignored_columns: Vec<String> = headers
        .iter()
        .zip(&fields)
        .enumerate()
        .filter(|(i, (h, f))| {
            !h.is_empty()
                && !labels.contains(&Some(*i))
                && (f.is_none() || (**f == Some(Field::Ignore) && !user_ignored(h)))
        })
        .map(|(_, (h, _))| h.clone())
        .collect();
    let mut phone_kinds: Vec<PhoneKind> = [
        (Field::Extension, PhoneKind::Extension),
        (Field::Direct, PhoneKind::Direct),
        (Field::Mobile, PhoneKind::Mobile),
        (Field::OtherPhone, PhoneKind::Other),
    ]
    .into_iter()
    .filter(|(f, _)| has(*f))
    .map(|(_, k)| k)
    .collect();
    if has(Field::LabelledPhone) {
        // Labelled numbers can be of any kind: the file speaks for them all.
        phone_kinds = vec![PhoneKind::Extension, PhoneKind::Direct, PhoneKind::Mobile, PhoneKind::Other];
    }

    let mut records = Vec::new();
    let mut kept = Vec::new();
    for row in rows {
        let (line, mut cells) = row?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A sheet's row may stop early (Excel leaves trailing blank cells out).
        cells.resize(cells.len().max(headers.len()), String::new());
        let columns = Columns { fields: &fields, headers, labels: &labels, phone_kinds: &phone_kinds };
        records.push(record(line, &cells, &columns).map_err(|m| place(line, m))?);
        kept.push(cells);
    }
    let warnings = unmapped_contacts(headers, &fields, &kept);
    Ok(StaffFile {
        records,
        phone_kinds,
        ignored_columns,
        format: Some(export.map_or(*kind, |e| e.name).to_string()),
        warnings,
    })
}

/// "N cells but the header has M" (`id`), with the delimiter read with.
fn cells_phrase(id: MessageId, cells: usize, width: usize, delimiter: u8) -> Phrase {
    Phrase::new(id).number("cells", cells).number("width", width).text("delimiter", (delimiter as char).to_string())
}

/// A cell of `header` that is not what its column holds (`id`).
fn cell_phrase(id: MessageId, header: &str, value: &str) -> Phrase {
    Phrase::new(id).text("header", header).text("value", excerpt(value))
}

/// What `record` needs to know about the columns.
struct Columns<'a> {
    fields: &'a [Option<Field>],
    headers: &'a [String],
    /// For a labelled phone column, the column holding its label.
    labels: &'a [Option<usize>],
    phone_kinds: &'a [PhoneKind],
}

/// A column nobody mapped that holds e-mail addresses or telephone numbers
/// is worth a sentence: it is probably something the operator wants.
fn unmapped_contacts(headers: &[String], fields: &[Option<Field>], rows: &[Vec<String>]) -> Vec<Phrase> {
    let mut out = Vec::new();
    for (i, header) in headers.iter().enumerate().filter(|(i, _)| fields[*i].is_none()) {
        let cells: Vec<&str> =
            rows.iter().filter_map(|r| r.get(i)).map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if cells.is_empty() {
            continue;
        }
        let share = |test: &dyn Fn(&str) -> bool| cells.iter().filter(|c| test(c)).count() * 2 >= cells.len();
        let (what, field) = if share(&|c| looks_like_email(c)) {
            (crate::msg!("importHoldsEmails"), "email")
        } else if share(&|c| crate::phone::looks_like_number(c)) {
            (crate::msg!("importHoldsNumbers"), "direct")
        } else {
            continue;
        };
        out.push(
            Phrase::new(crate::msg!("importNoteUnmapped"))
                .text("header", header.clone())
                .word("what", what)
                .text("field", field),
        );
    }
    out
}

fn record(line: usize, row: &[String], columns: &Columns<'_>) -> Result<StaffRecord, Phrase> {
    let Columns { fields, headers, labels, phone_kinds } = *columns;
    let mut r = StaffRecord { line, ..StaffRecord::default() };
    let mut full_name = String::new();
    let mut phones: Vec<Phone> = Vec::new();
    for (i, ((cell, field), header)) in row.iter().zip(fields).zip(headers).enumerate() {
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
                // Google joins several values with " ::: ".
                let emails: Vec<String> = cell
                    .split(":::")
                    .flat_map(|c| c.split([',', ';', ' ']))
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(String::from)
                    .collect();
                if let Some(bad) = emails.iter().find(|e| !looks_like_email(e)) {
                    return Err(cell_phrase(crate::msg!("importCellNotAnEmail"), header, bad));
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
                        return Err(cell_phrase(crate::msg!("importCellNotANumber"), header, cell));
                    }
                    phones.push(Phone { kind, number: cell.to_string(), label: String::new() });
                }
            }
            Field::LabelledPhone => {
                let label =
                    labels[i].and_then(|l| row.get(l)).map_or("", |l| l.as_str()).trim().trim_start_matches('*').trim();
                for number in cell.split(":::").map(str::trim).filter(|n| !n.is_empty()) {
                    if !number.chars().any(|c| c.is_ascii_digit()) {
                        return Err(cell_phrase(crate::msg!("importCellNotANumber"), header, number));
                    }
                    let kind = crate::phone::kind_for_label(label, number);
                    phones.push(Phone { kind, number: number.to_string(), label: label.to_string() });
                }
            }
            Field::Topics => r.topics.get_or_insert_with(Vec::new).extend(keywords()),
            Field::Aliases => r.aliases.get_or_insert_with(Vec::new).extend(keywords()),
            Field::Languages => {
                // "fi-FI" (Microsoft 365) is "fi".
                r.languages
                    .get_or_insert_with(Vec::new)
                    .extend(keywords().into_iter().map(|l| l.split(['-', '_']).next().unwrap_or("").to_lowercase()))
            }
            Field::Notes => r.notes = Some(cell.to_string()),
            Field::Ignore => {}
        }
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        (r.given_name, r.family_name) = split_full_name(&full_name);
    }
    if r.given_name.is_empty() && r.family_name.is_empty() {
        return Err(Phrase::new(crate::msg!("importNoNameCells")));
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
