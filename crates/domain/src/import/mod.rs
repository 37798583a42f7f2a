//! Staff import from the files offices really have: CSV (any of UTF-8 with or
//! without BOM, UTF-16, Windows-1252; `,` `;` or tab; Finnish, Swedish or
//! English headers), Excel workbooks (.xlsx, the same headers) and vCard
//! 2.1/3.0/4.0 address books.
//!
//! Reading a file gives [`StaffRecord`]s, each with the line it came from;
//! [`merge`] then adds or updates people in one transaction. A bad file is
//! rejected whole with the line and the problem; nothing stored changes.

mod columns;
mod csv_staff;
mod decode;
mod formats;
mod merge;
mod vcard;
mod vcard21;
mod xlsx;

use std::path::{Path, PathBuf};

pub use columns::{Field, parse_mapping};
pub use merge::{ImportReport, PersonRef, merge};

use crate::directory::DirectoryError;
use crate::model::Phone;
use crate::words::Phrase;

/// One person as read from a file, before it meets the directory. `None`
/// means the file has no such column, so the stored value is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffRecord {
    /// Line in the file where the row or vCard starts (1-based).
    pub line: usize,
    pub given_name: String,
    pub family_name: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub emails: Option<Vec<String>>,
    /// Phones of the kinds the file has columns for; those kinds are replaced.
    pub phones: Option<Vec<Phone>>,
    pub topics: Option<Vec<String>>,
    pub aliases: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub notes: Option<String>,
}

/// What was read from a file, ready to merge.
#[derive(Debug, Clone, Default)]
pub struct StaffFile {
    pub records: Vec<StaffRecord>,
    /// Which phone kinds the file speaks for (their old numbers are replaced).
    pub phone_kinds: Vec<crate::model::PhoneKind>,
    /// Columns not imported, reported so the operator can `--map` them.
    pub ignored_columns: Vec<String>,
    /// Which export the file was recognised as ("Google Contacts CSV", "vCard 2.1").
    pub format: Option<String>,
    /// What the operator should know: unmapped columns holding numbers or
    /// addresses, cards skipped.
    pub warnings: Vec<Phrase>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Vcard,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Forced format; else guessed from the extension and content.
    pub format: Option<Format>,
    /// Forced CSV delimiter; else guessed from the header line.
    pub delimiter: Option<u8>,
    /// Header → field, for headers the built-in table does not know.
    pub mapping: Vec<(String, Field)>,
    /// An Excel workbook's sheet; else the first.
    pub sheet: Option<String>,
}

/// Why a staff file cannot be imported. The place (file, line, sheet and
/// row) is data and the reason a catalog phrase, so both faces word it in
/// the operator's language ([`ImportError::phrase`]); `Display` is the
/// English, for logs.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}, line {line}: {}", english(why))]
    Line { path: PathBuf, line: usize, why: Phrase },
    #[error(
        "{path}: no name column found among the headers {headers:?}. Expected e.g. Etunimi/Sukunimi, Förnamn/Efternamn or First name/Last name; map yours with --map \"Header=given_name\""
    )]
    NoNameColumn { path: PathBuf, headers: Vec<String> },
    #[error("{path}: {}", english(why))]
    File { path: PathBuf, why: Phrase },
    #[error("{path}, sheet {sheet:?}, row {row}: {}", english(why))]
    Row { path: PathBuf, sheet: String, row: usize, why: Phrase },
    #[error("--map {arg:?}: {}", english(why))]
    Mapping { arg: String, why: Phrase },
    #[error(transparent)]
    Directory(#[from] DirectoryError),
}

fn english(p: &Phrase) -> String {
    crate::words::Words::of(crate::model::Language::En).phrase(p)
}

impl ImportError {
    /// In the operator's words: where, and why (a directory error says its own).
    pub fn phrase(&self) -> Phrase {
        let file = |path: &Path| path.display().to_string();
        match self {
            ImportError::Io { path, source } => match source.kind() {
                std::io::ErrorKind::NotFound => Phrase::new(crate::msg!("importNotFound")).text("file", file(path)),
                std::io::ErrorKind::PermissionDenied => {
                    Phrase::new(crate::msg!("importNoPermission")).text("file", file(path))
                }
                _ => Phrase::new(crate::msg!("importIo")).text("file", file(path)).text("detail", source.to_string()),
            },
            ImportError::Empty { path } => Phrase::new(crate::msg!("importEmpty")).text("file", file(path)),
            ImportError::Line { path, line, why } => Phrase::new(crate::msg!("importAtLine"))
                .text("file", file(path))
                .text("line", line.to_string())
                .phrase("why", why.clone()),
            ImportError::NoNameColumn { path, headers } => Phrase::new(crate::msg!("importNoNameColumn"))
                .text("file", file(path))
                .text("headers", format!("{headers:?}")),
            ImportError::File { path, why } => {
                Phrase::new(crate::msg!("importInFile")).text("file", file(path)).phrase("why", why.clone())
            }
            ImportError::Row { path, sheet, row, why } => Phrase::new(crate::msg!("importAtRow"))
                .text("file", file(path))
                .text("sheet", sheet.clone())
                .text("row", row.to_string())
                .phrase("why", why.clone()),
            ImportError::Mapping { arg, why } => {
                Phrase::new(crate::msg!("importMapping")).text("arg", arg.clone()).phrase("why", why.clone())
            }
            ImportError::Directory(e) => e.phrase(),
        }
    }
}

impl From<crate::store::db::Error> for ImportError {
    fn from(e: crate::store::db::Error) -> Self {
        ImportError::Directory(e.into())
    }
}

/// Reads a staff file into records without touching the directory.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<StaffFile, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
    read_bytes(path, &bytes, options)
}

/// Reads staff from bytes; `path` names the source in errors.
pub fn read_bytes(path: &Path, bytes: &[u8], options: &ReadOptions) -> Result<StaffFile, ImportError> {
    // A workbook is a zip archive: read before any text decoding.
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let mut file = match options.format {
        Some(Format::Xlsx) => xlsx::read(path, bytes, options)?,
        None if is_zip || has_extension(path, &["xlsx", "xlsm"]) => xlsx::read(path, bytes, options)?,
        format => {
            let text = decode::to_text(bytes);
            if text.trim().is_empty() {
                return Err(ImportError::Empty { path: path.to_path_buf() });
            }
            match format.unwrap_or_else(|| guess_format(path, &text)) {
                Format::Vcard => vcard::read(path, &text)?,
                _ => csv_staff::read(path, &text, options)?,
            }
        }
    };
    // Text at the door, per record, so a refusal names the line.
    for r in &mut file.records {
        r.normalise().map_err(|e| ImportError::Line {
            path: path.to_path_buf(),
            line: r.line,
            why: Phrase::new(crate::msg!("importRefused")).phrase("why", e.refusal().phrase()),
        })?;
    }
    Ok(file)
}

impl StaffRecord {
    /// The record's text normalised and bounded as the directory stores it
    /// (the same fields as [`crate::model::Person::normalise`]).
    fn normalise(&mut self) -> Result<(), crate::text::TextError> {
        use crate::model::clean::{list, one, person};
        one(person::GIVEN_NAME, &mut self.given_name)?;
        one(person::FAMILY_NAME, &mut self.family_name)?;
        for (field, value) in [
            (person::TITLE, &mut self.title),
            (person::DEPARTMENT, &mut self.department),
            (person::NOTES, &mut self.notes),
        ] {
            if let Some(v) = value {
                one(field, v)?;
            }
        }
        for (field, values) in [
            (person::EMAIL, &mut self.emails),
            (person::TOPIC, &mut self.topics),
            (person::ALIAS, &mut self.aliases),
            (person::LANGUAGE, &mut self.languages),
        ] {
            if let Some(v) = values {
                list(field, v)?;
            }
        }
        for p in self.phones.iter_mut().flatten() {
            one(person::PHONE_NUMBER, &mut p.number)?;
            one(person::PHONE_LABEL, &mut p.label)?;
        }
        Ok(())
    }
}

fn has_extension(path: &Path, wanted: &[&str]) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    wanted.contains(&ext.as_str())
}

fn guess_format(path: &Path, text: &str) -> Format {
    if has_extension(path, &["vcf", "vcard"]) || text.trim_start().to_ascii_uppercase().starts_with("BEGIN:VCARD") {
        Format::Vcard
    } else {
        Format::Csv
    }
}

impl crate::words::Said for ImportError {
    fn phrase(&self) -> crate::words::Phrase {
        ImportError::phrase(self)
    }
}
