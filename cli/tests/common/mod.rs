//! What the CLI tests share: the binary, started over a test's data
//! directory — and, when the run has a PostgreSQL server
//! (`VAIHDE_TEST_POSTGRES`, from `scripts/with-postgres`), over a schema of
//! that server of the directory's own instead, so every round trip is
//! proved on both engines.

#![allow(dead_code)] // each test binary uses its own part

use std::path::Path;
use std::process::Command;

/// `vaihde --data-dir DIR` (plus `--database` on a PostgreSQL run).
pub fn bin(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vaihde"));
    c.arg("--data-dir").arg(dir).env_remove("VAIHDE_DATA_DIR").env_remove("VAIHDE_DATABASE_URL");
    if let Some(url) = database_for(dir) {
        c.arg("--database").arg(url);
    }
    c
}

/// The test's own schema on the run's PostgreSQL server, if it has one:
/// created on the directory's first command, then remembered.
pub fn database_for(dir: &Path) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static URLS: OnceLock<Mutex<HashMap<std::path::PathBuf, String>>> = OnceLock::new();
    let server = std::env::var("VAIHDE_TEST_POSTGRES").ok().filter(|u| !u.is_empty())?;
    let mut urls = URLS.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(url) = urls.get(dir) {
        return Some(url.clone());
    }
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut h);
    let schema = format!("d{}_{:x}", std::process::id(), h.finish());
    let url = vaihde::store::postgres::schema_url(&server, &schema).expect("a test schema on the PostgreSQL server");
    urls.insert(dir.to_path_buf(), url.clone());
    Some(url)
}

/// Whether this run keeps the directories in PostgreSQL (tests of SQLite's
/// own failure modes — its file, its disk — do not apply there).
pub fn on_postgres() -> bool {
    std::env::var("VAIHDE_TEST_POSTGRES").is_ok_and(|u| !u.is_empty())
}

/// The store a test's CLI runs wrote to, opened the same way.
pub fn open_store(dir: &Path) -> vaihde::Store {
    match database_for(dir) {
        Some(url) => vaihde::Store::open_postgres(&url).expect("the test's PostgreSQL schema opens"),
        None => vaihde::Store::open_dir(dir).expect("the database opens"),
    }
}

/// `vaihde --at AT --actor tester ARGS` in the C locale: its output, or
/// the test fails with what it said.
pub fn ok_at(dir: &Path, at: &str, args: &[&str]) -> String {
    let out = bin(dir).env("LC_ALL", "C").args(["--at", at, "--actor", "tester"]).args(args).output().expect("run");
    assert!(out.status.success(), "vaihde {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}
