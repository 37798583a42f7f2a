//! Nothing lost: crashes in the middle of writes, two processes on one
//! directory, a full disk or read-only store, and file permissions.
//!
//! The kill loop runs the real `vaihde` binary and SIGKILLs it at random
//! moments during an import and during a calendar sync, many times; after
//! each kill the database must open, pass `PRAGMA integrity_check`, and
//! hold either the whole old or the whole new state.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use vaihde::Store;
use vaihde::demo::rng::Rng;

const AT: &str = "2026-11-23T10:00:00+02:00";

fn vaihde(dir: &Path, args: &[&str]) -> Command {
    let mut c = common::bin(dir);
    c.args(["--at", AT, "--actor", "tester"]).args(args);
    c
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = vaihde(dir, args).output().expect("run vaihde");
    assert!(out.status.success(), "vaihde {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    ok(dir.path(), &["demo"]);
    dir
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).expect("count")
}

/// Opens the directory as a restarted Vaihde would and checks it is whole.
fn reopen_checked(dir: &Path) -> Store {
    let store = common::open_store(dir);
    // PostgreSQL checks its own pages; SQLite's file is checked here.
    if store.conn().as_sqlite().is_some() {
        let check: String =
            store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity check");
        assert_eq!(check, "ok");
    }
    store
}

/// A staff file of `n` people nobody has yet, named with `tag`.
fn staff_csv(path: &Path, n: usize, tag: &str) {
    let mut csv = String::from("Etunimi;Sukunimi;Sähköposti;Alanumero\n");
    for i in 0..n {
        csv.push_str(&format!("Testi{i};{tag}nen;testi{i}.{tag}@rakennus.example;{}\n", 5000 + i));
    }
    std::fs::write(path, csv).expect("write csv");
}

/// Runs `args` and kills the process with SIGKILL after `after`; true if
/// it was killed (false: it had already finished).
fn run_and_kill(dir: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = vaihde(dir, args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    let started = Instant::now();
    while started.elapsed() < after {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    // Child::kill sends SIGKILL on Unix.
    let killed = child.kill().is_ok();
    let _ = child.wait();
    killed
}

fn timed(dir: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    ok(dir, args);
    started.elapsed()
}

/// What a kill loop saw: rounds really killed, and how many ended in the
/// old and in the new state.
struct Tally {
    killed: u32,
    old_state: u32,
    new_state: u32,
}

/// Twenty rounds: `prepare` readies the round (given the round and the count
/// before it) and says the command to run and the count a completed run
/// leaves; the command is SIGKILLed after a random moment up to `window`,
/// then the directory must open whole and hold the old or the new count.
fn kill_loop(
    dir: &Path,
    seed: u64,
    window: Duration,
    count_sql: &str,
    mut prepare: impl FnMut(u32, i64) -> (Vec<String>, i64),
) -> Tally {
    let mut rng = Rng::new(seed);
    let mut tally = Tally { killed: 0, old_state: 0, new_state: 0 };
    for round in 0..20 {
        let before = count(&reopen_checked(dir), count_sql);
        let (args, after_commit) = prepare(round, before);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let after = Duration::from_millis(rng.below(window.as_millis() as u64));
        tally.killed += u32::from(run_and_kill(dir, &args, after));
        let now = count(&reopen_checked(dir), count_sql);
        assert!(now == before || now == after_commit, "round {round}: {before} → {now}: a partial write");
        if now == before {
            tally.old_state += 1;
        } else {
            tally.new_state += 1;
        }
    }
    // Timing varies with the machine's load; a quarter of real kills is
    // still five crashes in the middle of work.
    assert!(tally.killed >= 5, "rounds must really be killed ({})", tally.killed);
    assert!(tally.old_state > 0, "some kills must land before the commit");
    tally
}

#[test]
fn killed_imports_leave_the_old_or_the_new_staff_never_a_mix() {
    let data = demo_dir();
    let dir = data.path();
    let files = tempfile::tempdir().expect("temp dir");
    let people = "SELECT COUNT(*) FROM people p JOIN companies c ON c.id = p.company_id WHERE c.slug = 'rakennus'";
    // How long a whole import takes here, to kill inside it.
    let first = files.path().join("first.csv");
    staff_csv(&first, 3000, "Ensimmäi");
    let full = timed(dir, &["import", first.to_str().expect("utf-8"), "--company", "rakennus"]);
    let window = full + Duration::from_millis(50);
    let t = kill_loop(dir, 7, window, people, |round, before| {
        let file: PathBuf = files.path().join(format!("round{round}.csv"));
        staff_csv(&file, 3000, &format!("Kierros{round}x"));
        let args = ["import", file.to_str().expect("utf-8"), "--company", "rakennus"];
        (args.map(String::from).to_vec(), before + 3000)
    });
    println!(
        "import kill loop: {} of 20 killed; {} kept the old staff, {} the new",
        t.killed, t.old_state, t.new_state
    );
}

#[test]
fn killed_syncs_leave_the_old_or_the_new_absences_never_a_mix() {
    let data = demo_dir();
    let dir = data.path();
    // A shared calendar naming demo staff; its content flips between two
    // versions of different size so a committed sync is visible.
    let store = common::open_store(dir);
    let names: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT given_name || ' ' || family_name FROM people WHERE left_on IS NULL LIMIT 80")
            .expect("names");
        stmt.query_map([], |r| r.get(0)).expect("query").map(|n| n.expect("name")).collect()
    };
    drop(store);
    let files = tempfile::tempdir().expect("temp dir");
    let feed_file = files.path().join("poissaolot.ics");
    let versions = [vaihde::calendar::sample::calendar(3000, &names), vaihde::calendar::sample::calendar(5000, &names)];
    std::fs::write(&feed_file, &versions[0]).expect("write");
    let feed = feed_file.to_str().expect("utf-8");
    ok(dir, &["feed", "add", feed, "--company", "rakennus", "--shared", "--label", "Iso"]);
    let absences = "SELECT COUNT(*) FROM absences a JOIN feeds f ON f.id = a.feed_id WHERE f.label = 'Iso'";
    // The stored size of each version, and how long a sync takes.
    let mut sizes = [0, 0];
    let mut full = Duration::ZERO;
    for (i, v) in versions.iter().enumerate() {
        std::fs::write(&feed_file, v).expect("write");
        full = full.max(timed(dir, &["sync", "--company", "rakennus"]));
        sizes[i] = count(&reopen_checked(dir), absences);
    }
    assert_ne!(sizes[0], sizes[1]);
    let window = full + Duration::from_millis(20);
    let t = kill_loop(dir, 11, window, absences, |_, before| {
        let next = if before == sizes[0] { 1 } else { 0 };
        std::fs::write(&feed_file, &versions[next]).expect("write");
        (["sync", "--company", "rakennus"].map(String::from).to_vec(), sizes[next])
    });
    println!(
        "sync kill loop: {} of 20 killed; {} kept the old absences, {} the new",
        t.killed, t.old_state, t.new_state
    );
}

#[test]
fn two_processes_writing_at_once_never_see_a_locked_database() {
    let data = demo_dir();
    let dir = data.path().to_path_buf();
    let files = tempfile::tempdir().expect("temp dir");
    let csv = files.path().join("many.csv");
    staff_csv(&csv, 1500, "Rinnakkai");
    // One process imports (a long write) while another adds absences one by one.
    let importer = {
        let dir = dir.clone();
        let csv = csv.clone();
        std::thread::spawn(move || {
            vaihde(&dir, &["import", csv.to_str().expect("utf-8"), "--company", "rakennus"]).output()
        })
    };
    let mut failures = Vec::new();
    for name in ["Maija Virtanen", "Liisa Lehtonen", "Anne Korhonen", "Pekka Saarinen", "Sari Mäkinen"] {
        for _ in 0..4 {
            let out = vaihde(
                &dir,
                &["absence", "add", name, "--company", "rakennus", "--until", "2026-11-24", "--kind", "sick"],
            )
            .output()
            .expect("run");
            if !out.status.success() {
                failures.push(String::from_utf8_lossy(&out.stderr).to_string());
            }
        }
    }
    let import = importer.join().expect("thread").expect("run");
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert!(failures.is_empty(), "{failures:?}");
    let store = reopen_checked(&dir);
    assert!(count(&store, "SELECT COUNT(*) FROM absences WHERE source = 'manual' AND reason = ''") >= 20);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM people WHERE family_name = 'Rinnakkainen'"), 1500);
}

#[test]
fn data_files_are_private_to_their_owner() {
    if common::on_postgres() {
        return; // about SQLite's own file and disk: the team database has its server's
    }
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("vaihde");
    ok(&dir, &["demo"]);
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for entry in std::fs::read_dir(&dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "sqlite3" || e == "sqlite3-wal" || e == "sqlite3-shm")
            || path.to_string_lossy().contains("sqlite3")
        {
            assert_eq!(mode(&path) & 0o077, 0, "{} is readable by others", path.display());
        }
    }
}

#[test]
fn a_full_disk_or_read_only_store_says_so_and_changes_nothing() {
    if common::on_postgres() {
        return; // about SQLite's own file and disk: the team database has its server's
    }
    let data = demo_dir();
    let files = tempfile::tempdir().expect("temp dir");
    let csv = files.path().join("staff.csv");
    staff_csv(&csv, 500, "Täysi");
    let people = "SELECT COUNT(*) FROM people";
    let options = vaihde::import::ReadOptions::default();
    let file = vaihde::import::read_file(&csv, &options).expect("read");
    let mut store = Store::open_dir(data.path()).expect("open");
    let before = count(&store, people);
    let company: i64 =
        store.conn().query_row("SELECT id FROM companies WHERE slug = 'rakennus'", [], |r| r.get(0)).expect("id");
    // No room for one more page: what a full disk looks like to SQLite.
    let pages = count(&store, "PRAGMA page_count");
    store.conn().as_sqlite().expect("SQLite").pragma_update(None, "max_page_count", pages).expect("limit");
    let stamp = vaihde::directory::Stamp::new(chrono::Utc::now(), None);
    let err =
        store.write(|tx| vaihde::import::merge(tx, company, &csv, &file, false, &stamp)).expect_err("the disk is full");
    let text = err.to_string();
    assert!(text.contains("disk") && text.contains("full") && text.contains("nothing was changed"), "{text}");
    // In the operator's language, as both faces word it.
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi).phrase(&err.phrase());
    assert_eq!(
        fi,
        "levy, jolla Vaihteen tiedot ovat, on täynnä: vapauta tilaa ja yritä uudelleen (mitään ei muutettu)"
    );
    assert_eq!(count(&store, people), before);
    // Read-only: the same, in its own words.
    store.conn().as_sqlite().expect("SQLite").pragma_update(None, "max_page_count", pages * 10).expect("room again");
    store.conn().as_sqlite().expect("SQLite").pragma_update(None, "query_only", true).expect("read-only");
    let err = store.write(|tx| vaihde::import::merge(tx, company, &csv, &file, false, &stamp)).expect_err("read-only");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(count(&store, people), before);
}

#[test]
fn a_data_directory_that_cannot_be_created_is_named() {
    if common::on_postgres() {
        return; // about SQLite's own file and disk: the team database has its server's
    }
    let base = tempfile::tempdir().expect("temp dir");
    let file = base.path().join("not-a-directory");
    std::fs::write(&file, "x").expect("write");
    let out = vaihde(&file.join("vaihde"), &["person", "list"]).output().expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot create the data directory") && err.contains("--data-dir"), "{err}");
}
