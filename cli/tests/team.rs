//! A team of desks on one PostgreSQL database, through the CLI: moving a
//! desk's directory into it whole, `team status`, and calendar sync done by
//! one desk at a time however many run at once — and handed on when the
//! desk in a round dies. These need a real server: they run on the suite's
//! PostgreSQL run (`scripts/with-postgres`) and pass trivially without it.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const AT: &str = "2026-12-02T10:00:00Z";

fn vaihde() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vaihde"));
    c.env_remove("VAIHDE_DATA_DIR").env_remove("VAIHDE_DATABASE_URL").args(["--at", AT, "--lang", "en"]);
    c
}

/// A schema of its own on the run's server, as a team database URL.
fn team_database(name: &str) -> Option<String> {
    let server = std::env::var("VAIHDE_TEST_POSTGRES").ok().filter(|u| !u.is_empty())?;
    let schema = format!("team_{name}_{}", std::process::id());
    Some(vaihde::store::postgres::schema_url(&server, &schema).expect("a schema for the team"))
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_desks_directory_moves_into_the_team_database_whole() {
    let Some(url) = team_database("init") else { return };
    let local = tempfile::tempdir().expect("temp dir");
    ok(vaihde().arg("--data-dir").arg(local.path()).arg("demo").output().expect("demo"));
    let before = ok(vaihde().arg("--data-dir").arg(local.path()).arg("export").output().expect("export"));

    let copied = ok(vaihde()
        .arg("--data-dir")
        .arg(local.path())
        .args(["--database", &url, "team", "init", "--from-local"])
        .output()
        .expect("team init"));
    assert!(copied.contains("Copied 3 companies"), "{copied}");
    assert!(!copied.contains("password") && copied.contains("is ready"), "{copied}");

    // The same directory, read from the team database: export is byte-equal
    // but for the moment of export.
    let after = ok(vaihde().args(["--database", &url, "export"]).output().expect("export"));
    let strip = |s: &str| s.lines().filter(|l| !l.contains("exported_at")).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&before), strip(&after));

    // A second copy would mix two directories: refused, nothing changed.
    let again = vaihde()
        .arg("--data-dir")
        .arg(local.path())
        .args(["--database", &url, "team", "init", "--from-local"])
        .output()
        .expect("team init again");
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("already holds a directory") && said.contains("Nothing was copied"), "{said}");
    let still = ok(vaihde().args(["--database", &url, "export"]).output().expect("export"));
    assert_eq!(strip(&before), strip(&still));

    let status = ok(vaihde().args(["--database", &url, "team", "status", "--json"]).output().expect("status"));
    let status: serde_json::Value = serde_json::from_str(&status).expect("json");
    assert_eq!(status["engine"], "postgresql");
    assert_eq!(status["companies"], 3);
    assert_eq!(status["sync_lock_holder"], serde_json::Value::Null);
    assert!(status["schema_version"].as_u64().is_some_and(|v| v >= 11));

    // A desk with nothing to copy is told so, and no empty directory is made.
    let empty = tempfile::tempdir().expect("temp dir");
    let nothing = vaihde()
        .arg("--data-dir")
        .arg(empty.path().join("none"))
        .args(["--database", &url, "team", "init", "--from-local"])
        .output()
        .expect("init from nothing");
    assert!(!nothing.status.success());
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("There is no directory"));
    assert!(!empty.path().join("none").exists());
}

#[test]
fn team_commands_need_a_team_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = vaihde().arg("--data-dir").arg(dir.path()).args(["team", "init"]).output().expect("team init");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--database postgres://"));
}

/// A calendar server that counts the requests for each path and answers
/// each with a small calendar, the first request for `/slow.ics` only
/// after `slow_first` (long enough for a test to act meanwhile).
struct FeedServer {
    url: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl FeedServer {
    fn start(slow_first: Duration) -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let counted = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counted = counted.clone();
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let mut buf = [0u8; 4096];
                    let n = stream.read(&mut buf).unwrap_or(0);
                    let request = String::from_utf8_lossy(&buf[..n]);
                    let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
                    let seen = {
                        let mut h = counted.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        let e = h.entry(path.clone()).or_default();
                        *e += 1;
                        *e
                    };
                    if path == "/slow.ics" && seen == 1 {
                        std::thread::sleep(slow_first);
                    }
                    let body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n\
                                DTSTAMP:20261201T000000Z\r\nDTSTART:20261203T080000Z\r\nDTEND:20261203T160000Z\r\n\
                                SUMMARY:Koulutus\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                });
            }
        });
        FeedServer { url, hits }
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(path).copied().unwrap_or(0)
    }
}

/// A company with a person and one personal calendar per path.
fn team_with_feeds(url: &str, server: &FeedServer, paths: &[&str]) {
    let db = ["--database", url];
    ok(vaihde().args(db).args(["company", "add", "--slug", "t", "--name", "Testi Oy"]).output().expect("company"));
    ok(vaihde()
        .args(db)
        .args(["person", "add", "--company", "t", "--given", "Anna", "--family", "Lahti"])
        .output()
        .expect("person"));
    for p in paths {
        ok(vaihde()
            .args(db)
            .args(["feed", "add", &format!("{}{p}", server.url), "--company", "t", "--person", "Anna Lahti"])
            .output()
            .expect("feed add"));
    }
}

#[test]
fn twenty_desks_syncing_at_once_fetch_each_feed_once() {
    let Some(url) = team_database("once") else { return };
    let server = FeedServer::start(Duration::ZERO);
    let paths = ["/a.ics", "/b.ics", "/c.ics", "/d.ics"];
    team_with_feeds(&url, &server, &paths);
    // Twenty scheduled rounds at once, as twenty desks' timers would fire.
    let desks: Vec<_> = (0..20)
        .map(|i| {
            vaihde()
                .args(["--database", &url, "--actor", &format!("desk{i}"), "sync", "--every", "5"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("a desk")
        })
        .collect();
    let mut rounds = 0;
    for d in desks {
        let out = d.wait_with_output().expect("desk ends");
        let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{said}");
        if said.contains("absences") {
            rounds += 1;
        }
    }
    for p in paths {
        assert_eq!(server.hits(p), 1, "{p} fetched once between twenty desks");
    }
    assert!(rounds >= 1, "one desk did the round");
    // Within the interval nobody fetches again; asked for (no --every), a desk does.
    ok(vaihde().args(["--database", &url, "sync", "--every", "5"]).output().expect("sync"));
    assert_eq!(server.hits("/a.ics"), 1);
    ok(vaihde().args(["--database", &url, "sync"]).output().expect("sync"));
    assert_eq!(server.hits("/a.ics"), 2);
}

#[test]
fn when_the_desk_in_a_round_dies_the_next_desk_takes_it_over() {
    let Some(url) = team_database("dies") else { return };
    let server = FeedServer::start(Duration::from_secs(25));
    team_with_feeds(&url, &server, &["/slow.ics"]);
    let mut first = vaihde()
        .args(["--database", &url, "--actor", "first", "sync", "--every", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("first desk");
    let started = Instant::now();
    while server.hits("/slow.ics") == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the first desk never fetched");
        std::thread::sleep(Duration::from_millis(50));
    }
    // While the first desk is in its round, another desk leaves it be.
    let second = vaihde().args(["--database", &url, "--actor", "second", "sync", "--every", "5"]).output().expect("s");
    assert!(second.status.success());
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains("vaihde cli first@") && said.contains("is syncing the team's calendars"), "{said}");
    let status = ok(vaihde().args(["--database", &url, "team", "status", "--json"]).output().expect("status"));
    assert!(status.contains("vaihde cli first@"), "{status}");

    // The first desk dies mid-round: its lock goes with its connection, and
    // the feed it never stored is still due for the next desk.
    first.kill().expect("kill");
    let _ = first.wait();
    let started = Instant::now();
    loop {
        let third =
            ok(vaihde().args(["--database", &url, "--actor", "third", "sync", "--every", "5"]).output().expect("t"));
        if third.contains("absences") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no desk took the round over: {third}");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(server.hits("/slow.ics"), 2);
}
