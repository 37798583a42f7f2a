//! Staff lists as Excel workbooks (.xlsx), read with calamine: the first
//! sheet, or the one named, with the same header mapping as CSV. A row is
//! named by its number in Excel ("sheet Henkilöstö, row 5"), so the
//! operator finds it where they edit it.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::csv_staff::{Table, from_rows};
use super::{ImportError, ReadOptions, StaffFile};
use crate::words::Phrase;

pub fn read(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<StaffFile, ImportError> {
    let file_err = |why: Phrase| ImportError::File { path: path.to_path_buf(), why };
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
        file_err(Phrase::new(crate::msg!("importNotXlsx")).text("detail", e.to_string()))
    })?;
    let names = book.sheet_names();
    let sheet = match &options.sheet {
        Some(wanted) => {
            names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())).cloned().ok_or_else(|| {
                file_err(
                    Phrase::new(crate::msg!("importNoSuchSheet"))
                        .text("wanted", wanted.clone())
                        .text("names", format!("{names:?}")),
                )
            })?
        }
        None => names.first().cloned().ok_or_else(|| file_err(Phrase::new(crate::msg!("importNoSheets"))))?,
    };
    let range = book.worksheet_range(&sheet).map_err(|e| {
        file_err(
            Phrase::new(crate::msg!("importSheetUnreadable"))
                .text("sheet", sheet.clone())
                .text("detail", e.to_string()),
        )
    })?;
    // Excel's row numbers: the range starts where the sheet's first cell is.
    let first_row = first_row_of(&range);
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i, cells.iter().map(text).collect::<Vec<String>>()))
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((header_row, headers)) = rows.next() else {
        return Err(ImportError::Empty { path: path.to_path_buf() });
    };
    let headers: Vec<String> = headers.into_iter().map(|h| h.trim().to_string()).collect();
    let place = |row: usize, why: Phrase| ImportError::Row { path: path.to_path_buf(), sheet: sheet.clone(), row, why };
    let numbers = numeric_phones(&range, header_row - first_row, &headers, options);
    let table = Table { path, headers, kind: "Excel", place: &place };
    let mut file = from_rows(&table, rows.map(Ok), options)?;
    file.warnings.extend(numbers);
    Ok(file)
}

/// A cell as the text a person sees in it. Whole numbers lose Excel's
/// ".0" (a staff number, an extension); dates are ISO dates.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}")
            }
        }
    }
}

/// Excel turns "0401234567" typed into a cell into the number 401234567,
/// losing the leading 0: a phone column with number cells is worth a
/// sentence, since such a number cannot be dialled as stored.
fn numeric_phones(
    range: &calamine::Range<Data>,
    header_index: usize,
    headers: &[String],
    options: &ReadOptions,
) -> Vec<Phrase> {
    use super::columns::{Field, field_for};
    let mut out = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let phone = matches!(
            field_for(header, &options.mapping, None),
            Some(Field::Extension | Field::Direct | Field::Mobile | Field::OtherPhone | Field::LabelledPhone)
        );
        if !phone {
            continue;
        }
        let rows: Vec<usize> = range
            .rows()
            .enumerate()
            .skip(header_index + 1)
            .filter(|(_, cells)| matches!(cells.get(i), Some(Data::Int(_) | Data::Float(_))))
            .map(|(r, _)| r + first_row_of(range))
            .collect();
        if let Some(first) = rows.first() {
            out.push(
                Phrase::new(crate::msg!("importNoteNumericPhones"))
                    .text("header", header.clone())
                    .number("count", rows.len())
                    .text("first", first.to_string()),
            );
        }
    }
    out
}

/// The Excel row number (1-based) of a range's first row.
fn first_row_of(range: &calamine::Range<Data>) -> usize {
    range.start().map_or(0, |(r, _)| r as usize) + 1
}
