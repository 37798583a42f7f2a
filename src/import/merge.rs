//! Merging read staff records into a company: update who is already there,
//! add who is new, and (for a full import) report who is missing.
//!
//! Matching: an e-mail address first, else the full name among current and
//! former staff of the company. Nobody is deleted: people missing from a full
//! re-import are reported so the operator can mark them as left.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use super::{ImportError, StaffFile, StaffRecord};
use crate::directory::{Stamp, people};
use crate::model::{Id, Person, PersonKind};
use crate::text::{email_key, name_key};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub id: Id,
    pub name: String,
    /// The line of the file the person came from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub added: Vec<PersonRef>,
    pub updated: Vec<PersonRef>,
    pub unchanged: usize,
    /// Current staff not in the file (full imports only): not deleted.
    pub missing: Vec<PersonRef>,
    pub ignored_columns: Vec<String>,
}

/// Merges `file` into the company. Run it inside a transaction: on error the
/// caller's rollback leaves the directory as it was.
pub fn merge(
    conn: &Connection,
    company_id: Id,
    path: &Path,
    file: &StaffFile,
    full: bool,
    stamp: &Stamp,
) -> Result<ImportReport, ImportError> {
    let mut known: Vec<Person> = people::list(conn, company_id)?;
    let mut seen: HashMap<Id, usize> = HashMap::new();
    let mut report = ImportReport {
        file: path.display().to_string(),
        ignored_columns: file.ignored_columns.clone(),
        ..ImportReport::default()
    };
    let line_err = |line: usize, message: String| ImportError::Line { path: path.to_path_buf(), line, message };

    for rec in &file.records {
        let matched = find_match(&known, rec).map_err(|m| line_err(rec.line, m))?;
        match matched {
            Some(index) => {
                let old = &known[index];
                if let Some(first) = seen.get(&old.id) {
                    return Err(line_err(
                        rec.line,
                        format!("{} appears again (first on line {first}); remove the duplicate row", old.full_name()),
                    ));
                }
                seen.insert(old.id, rec.line);
                let new = apply(old, rec, file);
                let r = PersonRef { id: new.id, name: new.full_name(), line: Some(rec.line) };
                if people::update(conn, &new, stamp).map_err(|e| line_err(rec.line, e.to_string()))? {
                    report.updated.push(r);
                } else {
                    report.unchanged += 1;
                }
                known[index] = people::get(conn, new.id)?;
            }
            None => {
                let blank = Person::new(company_id, "", "");
                let new = apply(&blank, rec, file);
                let id = people::insert(conn, &new, stamp, false).map_err(|e| line_err(rec.line, e.to_string()))?;
                seen.insert(id, rec.line);
                report.added.push(PersonRef { id, name: new.full_name(), line: Some(rec.line) });
                known.push(people::get(conn, id)?);
            }
        }
    }
    if full {
        report.missing = known
            .iter()
            .filter(|p| p.is_current_staff() && !seen.contains_key(&p.id))
            .map(|p| PersonRef { id: p.id, name: p.full_name(), line: None })
            .collect();
    }
    Ok(report)
}

/// Index of the known person this record is, by e-mail then by name.
fn find_match(known: &[Person], rec: &StaffRecord) -> Result<Option<usize>, String> {
    let emails: Vec<String> = rec.emails.iter().flatten().map(|e| email_key(e)).collect();
    let mut by_email: Vec<usize> =
        (0..known.len()).filter(|&i| known[i].emails.iter().any(|e| emails.contains(e))).collect();
    by_email.dedup();
    match by_email.as_slice() {
        [one] => return Ok(Some(*one)),
        [a, b, ..] => {
            return Err(format!(
                "the e-mail addresses belong to two different people, {} and {}",
                known[*a].full_name(),
                known[*b].full_name()
            ));
        }
        [] => {}
    }
    let key = name_key(&format!("{} {}", rec.given_name, rec.family_name));
    let by_name: Vec<usize> = (0..known.len())
        .filter(|&i| known[i].kind == PersonKind::Staff && name_key(&known[i].full_name()) == key)
        .collect();
    match by_name.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => Err(format!(
            "there are several people called {} {}: add an e-mail column so each row says which one",
            rec.given_name, rec.family_name
        )),
    }
}

/// The person after taking what the record says; columns the file lacks keep
/// their stored values.
fn apply(old: &Person, rec: &StaffRecord, file: &StaffFile) -> Person {
    let mut p = old.clone();
    if !rec.given_name.is_empty() || !rec.family_name.is_empty() {
        p.given_name = rec.given_name.clone();
        p.family_name = rec.family_name.clone();
    }
    if let Some(v) = &rec.title {
        p.title = v.clone();
    }
    if let Some(v) = &rec.department {
        p.department = v.clone();
    }
    if let Some(v) = &rec.notes {
        p.notes = v.clone();
    }
    if let Some(list) = &rec.emails {
        // The file's addresses first; addresses the operator added stay, so
        // calendar matching keeps working.
        let mut emails: Vec<String> = list.iter().map(|e| email_key(e)).collect();
        emails.extend(old.emails.iter().filter(|e| !emails.contains(e)).cloned().collect::<Vec<_>>());
        p.emails = emails;
    }
    if let Some(phones) = &rec.phones {
        p.phones.retain(|ph| !file.phone_kinds.contains(&ph.kind));
        p.phones.extend(phones.iter().cloned());
        p.phones.sort_by_key(|ph| ph.kind);
    }
    if let Some(v) = &rec.topics {
        p.topics = v.clone();
    }
    if let Some(v) = &rec.aliases {
        p.aliases = v.clone();
    }
    if let Some(v) = &rec.languages {
        p.languages = v.clone();
    }
    p
}
