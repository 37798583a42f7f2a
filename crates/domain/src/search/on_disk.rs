//! The search index kept on disk beside the store, so a cold `vaihde search
//! --all` or a desk's start reads it back instead of indexing everyone
//! again (0.7 s at 100,000 people, six at a million).
//!
//! The file carries the state of the store it was built from ([`Stamp`]:
//! the live-changes feed's last row, how many people, the last person's
//! id). When it is opened:
//! - the store is in the same state: the index is used as it is;
//! - the store moved on and the feed still holds every change since: the
//!   people those changes touch are indexed again beside it, as the window
//!   does live ([`super::refresh::reindex_for`]), when they are few;
//! - anything else (another store, many changes, a pruned feed, another
//!   format, a damaged file): the index is built again and written.
//!
//! Writing is atomic (a new file renamed over the old one), so a reader
//! never sees half a file. A file that cannot be read or written is no
//! error: the index on disk is only a cache of the store.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::Index;
use super::refresh::{Reindex, reindex_for};
use crate::directory::Result;
use crate::store::Location;
use crate::store::db::{Connection, OptionalExtension};

/// The index file's name in a data directory (with a suffix per team database).
pub const FILE: &str = "search-index";

/// The state of a store an index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The live-changes feed's last row (every edit of a person, role or
    /// company writes one, by trigger).
    pub seq: i64,
    /// That row's content, hashed: a file beside another store whose feed
    /// happens to be as long is not taken for this store's.
    pub mark: i64,
    pub people: i64,
    pub last_person: i64,
}

impl Stamp {
    pub fn of(conn: &Connection) -> Result<Stamp> {
        let (seq, people, last_person) = conn.query_row(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM live_changes), \
                    (SELECT COUNT(*) FROM people), \
                    (SELECT COALESCE(MAX(id), 0) FROM people)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(Stamp { seq, mark: mark(conn, seq)?, people, last_person })
    }

    fn to_array(self) -> [i64; 4] {
        [self.seq, self.mark, self.people, self.last_person]
    }

    fn from_array(a: [i64; 4]) -> Stamp {
        Stamp { seq: a[0], mark: a[1], people: a[2], last_person: a[3] }
    }
}

/// The feed's row `seq` hashed (0 when there is none).
fn mark(conn: &Connection, seq: i64) -> Result<i64> {
    let row: Option<(String, Option<i64>, Option<i64>)> = conn
        .query_row("SELECT topic, company_id, person_id FROM live_changes WHERE seq = ?1", [seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(row.map_or(0, |row| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        row.hash(&mut h);
        h.finish() as i64
    }))
}

/// Where the index of the store at `location` is kept: in the data
/// directory beside the SQLite file, or for a team database in this desk's
/// data directory under a name made from the database's address (never
/// the address itself, which may hold a password).
pub fn file_for(location: &Location, data_dir: &Path) -> PathBuf {
    match location {
        Location::Dir(dir) => dir.join(FILE),
        Location::Postgres(url) => {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            url.hash(&mut h);
            data_dir.join(format!("{FILE}-{:016x}", h.finish()))
        }
    }
}

/// How [`open`] came by its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Read back, the store unchanged since.
    AsWritten,
    /// Read back, and this many people indexed again for what changed since.
    CaughtUp(usize),
    /// Built from the store (and written for next time).
    Built,
}

/// The index of everyone in the store on `conn`, read back from `path`
/// when that is sound and up to date (or can be brought up to date), else
/// built and written there.
pub fn open(conn: &Connection, path: &Path) -> Result<(Index, Opened)> {
    let now = Stamp::of(conn)?;
    if let Some((mut index, then)) = read(path) {
        if then == now {
            return Ok((index, Opened::AsWritten));
        }
        if then.seq < now.seq && mark(conn, then.seq)? == then.mark {
            let mut seq = then.seq;
            let changed = crate::directory::live::since(conn, &mut seq)?;
            match reindex_for(conn, &changed)? {
                Reindex::Nothing => return Ok((index, Opened::CaughtUp(0))),
                Reindex::People(ids) => {
                    index.refresh_people(conn, &ids)?;
                    return Ok((index, Opened::CaughtUp(ids.len())));
                }
                Reindex::Everything => {}
            }
        }
    }
    let index = Index::build(conn)?;
    // A read-only or full disk only costs the next start a build.
    if let Err(e) = write(path, &index, now) {
        eprintln!("vaihde: keeping the search index in {}: {e}", path.display());
    }
    Ok((index, Opened::Built))
}

/// Writes a new file readable by its owner only: it holds the directory's
/// names and numbers, as the database does.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// The index of everyone: through [`open`] when the store has a place for
/// its file (`path`), else built in memory.
pub fn open_or_build(conn: &Connection, path: Option<&Path>) -> Result<Index> {
    match path {
        Some(path) => Ok(open(conn, path)?.0),
        None => Index::build(conn),
    }
}

fn read(path: &Path) -> Option<(Index, Stamp)> {
    let bytes = std::fs::read(path).ok()?;
    let (index, stamp) = Index::from_bytes(&bytes).ok()?;
    Some((index, Stamp::from_array(stamp)))
}

/// Writes `index` to `path` through a file of its own renamed over it.
pub fn write(path: &Path, index: &Index, stamp: Stamp) -> std::io::Result<()> {
    let bytes = index.to_bytes(stamp.to_array());
    // Named by process, so two processes writing at once never share one.
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    // One left by a process of the same number that died while writing.
    let _ = std::fs::remove_file(&tmp);
    let written = write_private(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Scope;
    use crate::store::Store;
    use chrono::TimeZone;

    fn demo(dir: &Path) -> Store {
        let mut store = Store::open_dir(dir).unwrap();
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        store.write(|tx| crate::demo::load(tx, at, false)).unwrap();
        store
    }

    fn first(store: &Store, index: &Index, q: &str) -> Option<String> {
        let hit = index.search(q, Scope::All(None), 1).into_iter().next()?;
        Some(crate::directory::people::get(store.conn(), hit.person_id).unwrap().full_name())
    }

    #[test]
    fn read_back_when_unchanged_caught_up_after_an_edit_built_for_another_store() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = demo(tmp.path());
        let file = file_for(&Location::Dir(tmp.path().to_path_buf()), tmp.path());
        let (_, how) = open(store.conn(), &file).unwrap();
        assert_eq!(how, Opened::Built);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "names and numbers: the owner's only");
        }
        let (index, how) = open(store.conn(), &file).unwrap();
        assert_eq!(how, Opened::AsWritten);
        assert_eq!(first(&store, &index, "maija virtanen").as_deref(), Some("Maija Virtanen"));

        let c = crate::directory::companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap().id;
        let stamp = crate::directory::Stamp::new(chrono::Utc::now(), None);
        let mut maija = crate::directory::people::resolve(store.conn(), Some(c), "Maija Virtanen").unwrap();
        maija.family_name = "Kallioinen".into();
        store.write(|tx| crate::directory::people::update(tx, &maija, &stamp)).unwrap();
        let (index, how) = open(store.conn(), &file).unwrap();
        assert_eq!(how, Opened::CaughtUp(1));
        assert_eq!(first(&store, &index, "maija kallioinen").as_deref(), Some("Maija Kallioinen"));

        // Another store read with this store's file: never its people.
        let other = tempfile::tempdir().unwrap();
        let other_store = Store::open_dir(other.path()).unwrap();
        let (index, how) = open(other_store.conn(), &file).unwrap();
        assert_eq!(how, Opened::Built);
        assert!(index.is_empty());
    }
}
