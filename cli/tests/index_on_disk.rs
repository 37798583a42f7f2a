//! The search index kept on disk beside the store: a search across
//! companies writes it, the next one reads it back, what another command
//! added meanwhile is found, and a damaged file is built again — on both
//! engines (the team database's index lives in the desk's data directory).

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

const AT: &str = "2026-11-23T10:00:00+02:00";

fn ok(dir: &Path, args: &[&str]) -> String {
    common::ok_at(dir, AT, args)
}

fn names(dir: &Path, query: &str) -> Vec<String> {
    ok(dir, &["search", query, "--all", "--json"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| r["person"]["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The index file in the data directory (one per store).
fn index_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("search-index") && !name.ends_with(".tmp")
        })
        .collect();
    assert_eq!(files.len(), 1, "one index file: {files:?}");
    files[0].clone()
}

#[test]
fn the_index_on_disk_is_written_read_back_and_follows_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["demo"]);
    assert!(names(d, "maija virtanen").contains(&"Maija Virtanen".to_string()));
    let file = index_file(d);
    let written = std::fs::read(&file).unwrap();
    assert!(written.starts_with(b"VAIHDEIX"), "the index's own format");

    // Read back as written: the same answer, the file untouched.
    assert!(names(d, "maija virtanen").contains(&"Maija Virtanen".to_string()));
    assert_eq!(std::fs::read(&file).unwrap(), written);

    // Another command adds a person: the next search finds her, the index
    // caught up from the store's change feed without building it all again.
    ok(d, &["person", "add", "--company", "skargard", "--given", "Aino", "--family", "Uusitalo"]);
    assert_eq!(names(d, "aino uusitalo").first().map(String::as_str), Some("Aino Uusitalo"));
    assert_eq!(std::fs::read(&file).unwrap(), written, "caught up beside the file, not rewritten");

    // A damaged file is never trusted: built again, and written whole.
    std::fs::write(&file, b"VAIHDEIX garbage").unwrap();
    assert_eq!(names(d, "aino uusitalo").first().map(String::as_str), Some("Aino Uusitalo"));
    assert!(names(d, "maija virtanen").contains(&"Maija Virtanen".to_string()));
    assert!(std::fs::read(&file).unwrap().len() > 1000, "written again");
}
