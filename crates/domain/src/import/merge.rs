//! Merging read staff records into a company: update who is already there,
//! add who is new, and (for a full import) report who is missing.
//!
//! Matching: an e-mail address first, else the full name among current and
//! former staff of the company. Nobody is deleted: people missing from a full
//! re-import are reported so the operator can mark them as left.

use std::collections::HashMap;
use std::path::Path;

use crate::store::db::Connection;
use serde::Serialize;

use super::{ImportError, StaffFile, StaffRecord};
use crate::directory::{Stamp, people};
use crate::model::{Id, Person, PersonKind};
use crate::text::{email_key, name_key};
use crate::words::Phrase;

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
    /// The export the file was recognised as ("Google Contacts CSV", "vCard 2.1").
    pub format: Option<String>,
    /// Unmapped columns that hold numbers or addresses, cards skipped.
    pub warnings: Vec<Phrase>,
    /// Everyone the file lists (added, updated or unchanged), in file order:
    /// what a staff feed's sync remembers as listed by its source.
    #[serde(skip)]
    pub listed: Vec<Id>,
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
    let mut lookup = Lookup::default();
    for (i, p) in known.iter().enumerate() {
        lookup.add(i, p);
    }
    let mut seen: HashMap<Id, usize> = HashMap::new();
    let mut report = ImportReport {
        file: path.display().to_string(),
        ignored_columns: file.ignored_columns.clone(),
        format: file.format.clone(),
        warnings: file.warnings.clone(),
        ..ImportReport::default()
    };
    let line_err = |line: usize, why: Phrase| ImportError::Line { path: path.to_path_buf(), line, why };
    // A refusal names its line; a store failure is the store's.
    let refused = |line: usize, e: crate::directory::DirectoryError| match e {
        crate::directory::DirectoryError::Refused(r) => line_err(line, r.phrase()),
        other => ImportError::Directory(other),
    };

    for rec in &file.records {
        let matched = lookup.find(&known, rec).map_err(|m| line_err(rec.line, m))?;
        match matched {
            Some(index) => {
                let old = &known[index];
                if let Some(first) = seen.get(&old.id) {
                    return Err(line_err(
                        rec.line,
                        Phrase::new(crate::msg!("importDuplicateRow"))
                            .text("name", old.full_name())
                            .text("first", first.to_string()),
                    ));
                }
                seen.insert(old.id, rec.line);
                let new = apply(old, rec, file);
                let r = PersonRef { id: new.id, name: new.full_name(), line: Some(rec.line) };
                if people::update(conn, &new, stamp).map_err(|e| refused(rec.line, e))? {
                    report.updated.push(r);
                } else {
                    report.unchanged += 1;
                }
                lookup.remove(index, &known[index]);
                known[index] = people::get(conn, new.id)?;
                lookup.add(index, &known[index]);
            }
            None => {
                let blank = Person::new(company_id, "", "");
                let new = apply(&blank, rec, file);
                let id = people::insert(conn, &new, stamp, false).map_err(|e| refused(rec.line, e))?;
                seen.insert(id, rec.line);
                report.added.push(PersonRef { id, name: new.full_name(), line: Some(rec.line) });
                known.push(people::get(conn, id)?);
                lookup.add(known.len() - 1, &known[known.len() - 1]);
            }
        }
    }
    let mut listed: Vec<(usize, Id)> = seen.iter().map(|(id, line)| (*line, *id)).collect();
    listed.sort_unstable();
    report.listed = listed.into_iter().map(|(_, id)| id).collect();
    if full {
        report.missing = known
            .iter()
            .filter(|p| p.is_current_staff() && !seen.contains_key(&p.id))
            .map(|p| PersonRef { id: p.id, name: p.full_name(), line: None })
            .collect();
    }
    Ok(report)
}

/// The people already there by e-mail and by name, so each row finds its
/// person in constant time (a 50,000-row file against a large company).
#[derive(Default)]
struct Lookup {
    by_email: HashMap<String, Vec<usize>>,
    /// Staff only: outsiders and names in notes never match a staff row.
    by_name: HashMap<String, Vec<usize>>,
}

impl Lookup {
    fn add(&mut self, i: usize, p: &Person) {
        for e in &p.emails {
            self.by_email.entry(email_key(e)).or_default().push(i);
        }
        if p.kind == PersonKind::Staff {
            self.by_name.entry(name_key(&p.full_name())).or_default().push(i);
        }
    }

    fn remove(&mut self, i: usize, p: &Person) {
        for e in &p.emails {
            if let Some(v) = self.by_email.get_mut(&email_key(e)) {
                v.retain(|&x| x != i);
            }
        }
        if let Some(v) = self.by_name.get_mut(&name_key(&p.full_name())) {
            v.retain(|&x| x != i);
        }
    }

    /// Index of the known person this record is, by e-mail then by name.
    fn find(&self, known: &[Person], rec: &StaffRecord) -> Result<Option<usize>, Phrase> {
        let mut by_email: Vec<usize> = rec
            .emails
            .iter()
            .flatten()
            .flat_map(|e| self.by_email.get(&email_key(e)).into_iter().flatten().copied())
            .collect();
        by_email.sort_unstable();
        by_email.dedup();
        match by_email.as_slice() {
            [one] => return Ok(Some(*one)),
            [a, b, ..] => {
                return Err(Phrase::new(crate::msg!("importTwoPeopleByEmail"))
                    .text("a", known[*a].full_name())
                    .text("b", known[*b].full_name()));
            }
            [] => {}
        }
        let key = name_key(&format!("{} {}", rec.given_name, rec.family_name));
        // Two rows with the same name and different e-mail addresses are
        // namesakes (two Björn Erikssons), not one person.
        let has_email = rec.emails.iter().flatten().next().is_some();
        let candidates: Vec<usize> = self
            .by_name
            .get(&key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| !has_email || known[i].emails.is_empty())
            .collect();
        match candidates.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err(Phrase::new(crate::msg!("importNamesakes"))
                .text("name", format!("{} {}", rec.given_name, rec.family_name))),
        }
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
