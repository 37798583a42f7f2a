//! The whole directory as one JSON document, and back: for backups and for
//! handing a directory over to another machine. Import restores ids and the
//! change log exactly, so export → import → export gives the same bytes.

use crate::store::db::Connection;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::directory::{DirectoryError, Stamp, absences, changes, companies, delegates, people, roles};
use crate::model::{Absence, Change, Company, Delegate, Id, Person, Role};

pub const FORMAT: &str = "vaihde-backup";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub companies: Vec<Company>,
    pub people: Vec<Person>,
    pub roles: Vec<Role>,
    pub delegates: Vec<DelegateRow>,
    pub absences: Vec<Absence>,
    pub changes: Vec<Change>,
    /// The companies' call scripts (absent from backups written before them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<crate::scripts::Script>,
}

/// A delegate with the person it covers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegateRow {
    pub person_id: Id,
    #[serde(flatten)]
    pub delegate: Delegate,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Vaihde backup (format {0:?}); expected a file written by `vaihde export`")]
    NotABackup(String),
    #[error("the backup is version {0}; this Vaihde reads version {VERSION}: update Vaihde")]
    TooNew(u32),
    #[error("the directory is not empty; restore with --replace to overwrite it (make an export first)")]
    NotEmpty,
    #[error("the backup is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the backup does not fit together: {0}")]
    Directory(#[from] DirectoryError),
}

impl From<crate::store::db::Error> for BackupError {
    fn from(e: crate::store::db::Error) -> Self {
        BackupError::Directory(e.into())
    }
}

pub fn export(conn: &Connection, at: DateTime<Utc>) -> Result<Backup, DirectoryError> {
    let mut company_list = companies::list(conn)?;
    company_list.sort_by_key(|c| c.id);
    let mut role_list = Vec::new();
    for c in &company_list {
        role_list.extend(roles::list(conn, c.id)?);
    }
    role_list.sort_by_key(|r| r.id);
    let people_list = people::all(conn)?;
    let mut delegate_rows = Vec::new();
    for p in &people_list {
        for d in delegates::get(conn, p.id)? {
            delegate_rows.push(DelegateRow { person_id: p.id, delegate: d });
        }
    }
    Ok(Backup {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: at,
        companies: company_list,
        people: people_list,
        roles: role_list,
        delegates: delegate_rows,
        absences: absences::all_manual(conn)?,
        changes: changes::all(conn)?,
        scripts: crate::scripts::all(conn)?,
    })
}

pub fn parse(text: &str) -> Result<Backup, BackupError> {
    // Check the envelope first so a wrong file gets a useful message.
    let head: serde_json::Value = serde_json::from_str(text)?;
    let format = head.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != FORMAT {
        return Err(BackupError::NotABackup(format.to_string()));
    }
    let version = head.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
    if version > VERSION {
        return Err(BackupError::TooNew(version));
    }
    Ok(serde_json::from_value(head)?)
}

/// Restores `backup` into the directory. Run inside one transaction. With
/// `replace`, everything stored is removed first; without it the directory
/// must be empty.
pub fn restore(conn: &Connection, backup: &Backup, replace: bool) -> Result<(), BackupError> {
    let count: i64 =
        conn.query_row("SELECT (SELECT COUNT(*) FROM companies) + (SELECT COUNT(*) FROM changes)", [], |r| r.get(0))?;
    if count > 0 {
        if !replace {
            return Err(BackupError::NotEmpty);
        }
        conn.execute_batch("DELETE FROM changes; DELETE FROM companies;")?;
    }
    // People may redirect to people and roles restored after them.
    conn.execute_batch(match conn.engine() {
        crate::store::db::Engine::Sqlite => "PRAGMA defer_foreign_keys = ON",
        crate::store::db::Engine::Postgres => "SET CONSTRAINTS ALL DEFERRED",
    })?;
    let stamp = Stamp::new(backup.exported_at, None);
    for c in &backup.companies {
        companies::insert(conn, c, &stamp, true)?;
    }
    for p in &backup.people {
        people::insert(conn, p, &stamp, true)?;
    }
    for r in &backup.roles {
        roles::set(conn, r, &stamp, true)?;
    }
    let mut by_person: Vec<(Id, Vec<Delegate>)> = Vec::new();
    for row in &backup.delegates {
        match by_person.last_mut() {
            Some((id, list)) if *id == row.person_id => list.push(row.delegate.clone()),
            _ => by_person.push((row.person_id, vec![row.delegate.clone()])),
        }
    }
    for (person_id, mut list) in by_person {
        list.sort_by_key(|d| d.position);
        delegates::set_as_given(conn, person_id, &list, &stamp)?;
    }
    for a in &backup.absences {
        absences::insert(conn, a, true)?;
    }
    for s in &backup.scripts {
        crate::scripts::add(conn, s, true)?;
    }
    // The edits above logged themselves; the backup's own log is the truth.
    conn.execute("DELETE FROM changes", [])?;
    for c in &backup.changes {
        changes::insert_raw(conn, c)?;
    }
    Ok(())
}

impl crate::words::Said for BackupError {
    fn phrase(&self) -> crate::words::Phrase {
        use crate::words::Phrase;
        match self {
            BackupError::NotABackup(format) => Phrase::new(crate::msg!("backupNotABackup")).text("format", format),
            BackupError::TooNew(version) => Phrase::new(crate::msg!("backupTooNew"))
                .text("version", version.to_string())
                .text("reads", VERSION.to_string()),
            BackupError::NotEmpty => Phrase::new(crate::msg!("backupNotEmpty")),
            BackupError::Json(e) => Phrase::new(crate::msg!("backupNotJson")).text("detail", e.to_string()),
            BackupError::Directory(e) => Phrase::new(crate::msg!("backupDoesNotFit")).phrase("why", e.phrase()),
        }
    }
}
