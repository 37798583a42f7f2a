//! A team at scale on PostgreSQL: `cargo bench --bench team`. Needs the
//! Debian postgresql package; starts a throw-away server of its own.
//!
//! The directory is the demo plus 100,000 generated people (copied into the
//! server the way `vaihde team init --from-local` does). Measured:
//!
//! - `desk_start`: a desk opening the team database and building its
//!   search index from it — what the window waits for before the first
//!   keystroke is answered from memory.
//! - `edit_seen_by_20_desks`: one operator changes a person's title; the
//!   time until each of 20 desks — each a session with its own index and a
//!   live watch with its own connections, on a thread of its own, as in the
//!   app — finds the new title in its search. Divan times the slowest desk
//!   per edit; after it, 100 more edits give every desk's latency for the
//!   median and p99 over all 2,000.
//! - `cli_search_cold_process`, `cli_who_cold_process`,
//!   `cli_call_cold_process`: `vaihde --database … search wirtanen
//!   --company rakennus`, `who`, `call`, a new process each time.

#[path = "../tests/support/pg_server.rs"]
mod pg_server;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use vaihde::api::live::Watch;
use vaihde::api::{Clock, SearchArgs, Session, search_rows};
use vaihde::directory::{Stamp, people};
use vaihde::store::Location;
use vaihde::{Directory, Store};

const PEOPLE: usize = 100_000;
const DESKS: usize = 20;

struct Team {
    _server: pg_server::PgServer,
    url: String,
    /// The person every edit changes, and its company.
    person: i64,
    company: i64,
}

static TEAM: LazyLock<Team> = LazyLock::new(|| {
    let server = pg_server::PgServer::start().expect("PostgreSQL (the Debian postgresql package)");
    let url = server.url();
    let at = chrono::Utc::now();
    let local = tempfile::tempdir().expect("temp dir");
    let mut desk = Store::open_dir(local.path()).expect("local store");
    let stamp = Stamp::new(at, Some("bench".into()));
    desk.write(|tx| {
        vaihde::demo::load(tx, at, false).map_err(|e| vaihde::directory::DirectoryError::Corrupt(e.to_string()))?;
        vaihde::demo::population::load(tx, PEOPLE, 2026, &stamp)
            .map_err(|e| vaihde::directory::DirectoryError::Corrupt(e.to_string()))
    })
    .expect("directory");
    let mut team = Store::open_postgres(&url).expect("team database");
    vaihde::team::init_from_local(&desk, &mut team).expect("copy");
    let company = vaihde::directory::companies::find_by_slug(team.conn(), "rakennus").expect("q").expect("rakennus").id;
    let person = people::resolve(team.conn(), Some(company), "Maija Virtanen").expect("maija").id;
    Team { _server: server, url, person, company }
});

fn main() {
    LazyLock::force(&TEAM);
    divan::main();
    latency_distribution();
}

fn open_desk() -> Session {
    let store = Store::open_postgres(&TEAM.url).expect("desk connects");
    let mut session = Session::new(Directory::new(store), Clock::System);
    session.location = Some(Location::Postgres(TEAM.url.clone()));
    session.index().expect("index");
    session
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn desk_start() {
    divan::black_box(open_desk());
}

/// Twenty desks following the team database, each on a thread of its own.
struct Desks {
    /// The edit they look for: its number (the title is "Title {n}").
    edit: Arc<AtomicU64>,
    seen: Mutex<mpsc::Receiver<Duration>>,
    started: Arc<Mutex<Instant>>,
    stop: Arc<AtomicBool>,
    writer: Mutex<Store>,
}

static DESKS_UP: LazyLock<Desks> = LazyLock::new(|| {
    let edit = Arc::new(AtomicU64::new(0));
    let started = Arc::new(Mutex::new(Instant::now()));
    let stop = Arc::new(AtomicBool::new(false));
    let (tell, seen) = mpsc::channel();
    for _ in 0..DESKS {
        let session = Arc::new(Mutex::new(open_desk()));
        let mut watch = Watch::open(&Location::Postgres(TEAM.url.clone())).expect("watch");
        let (edit, started, stop, tell) = (edit.clone(), started.clone(), stop.clone(), tell.clone());
        std::thread::spawn(move || {
            let mut last_seen = 0;
            while !stop.load(Ordering::Relaxed) {
                watch.wait(Duration::from_millis(200));
                if !matches!(watch.step(&session), Ok(Some(_))) {
                    continue;
                }
                let wanted = edit.load(Ordering::Relaxed);
                if wanted == last_seen {
                    continue;
                }
                let args = SearchArgs {
                    query: "maija virtanen".into(),
                    company_id: Some(TEAM.company),
                    limit: 3,
                    ..Default::default()
                };
                let found = {
                    let mut s = session.lock().expect("session");
                    search_rows(&mut s, args).expect("search")
                };
                if found.iter().any(|r| r.person.id == TEAM.person && r.person.title == format!("Title {wanted}")) {
                    last_seen = wanted;
                    let took = started.lock().map(|s| s.elapsed()).unwrap_or_default();
                    if tell.send(took).is_err() {
                        return;
                    }
                }
            }
        });
    }
    let writer = Mutex::new(Store::open_postgres(&TEAM.url).expect("writer"));
    Desks { edit, seen: Mutex::new(seen), started, stop, writer }
});

/// One edit; every desk's time until its search shows it.
fn one_edit() -> Vec<Duration> {
    let desks = &*DESKS_UP;
    let seen = desks.seen.lock().expect("seen");
    // Whatever an earlier edit left unsaid.
    while seen.try_recv().is_ok() {}
    let n = desks.edit.load(Ordering::Relaxed) + 1;
    let mut writer = desks.writer.lock().expect("writer");
    let mut p = people::get(writer.conn(), TEAM.person).expect("maija");
    p.title = format!("Title {n}");
    let stamp = Stamp::new(chrono::Utc::now(), Some("bench".into()));
    if let Ok(mut s) = desks.started.lock() {
        *s = Instant::now();
    }
    desks.edit.store(n, Ordering::Relaxed);
    writer.write(|tx| people::update(tx, &p, &stamp)).expect("edit");
    (0..DESKS).map(|_| seen.recv_timeout(Duration::from_secs(10)).expect("every desk sees it")).collect()
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn edit_seen_by_20_desks(bencher: divan::Bencher) {
    // Twenty desks up and following before the clock starts (a desk's
    // start is `desk_start`'s to time, alone, as on its own machine).
    LazyLock::force(&DESKS_UP);
    bencher.bench(one_edit);
}

/// The CLI built beside this benchmark (`cargo build --release -p vaihde-cli`).
fn cli() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let cli = exe.parent()?.parent()?.join("vaihde");
    cli.exists().then_some(cli)
}

/// One CLI command on the team database, as a new process.
fn cli_cold(args: &[&str]) {
    let Some(cli) = cli() else {
        eprintln!("no release CLI beside the benchmark: cargo build --release -p vaihde-cli");
        return;
    };
    let out = std::process::Command::new(cli).args(["--database", &TEAM.url]).args(args).output().expect("vaihde");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn cli_search_cold_process() {
    cli_cold(&["search", "wirtanen", "--company", "rakennus"]);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn cli_who_cold_process() {
    cli_cold(&["who", "maija virtanen", "--company", "rakennus"]);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn cli_call_cold_process() {
    cli_cold(&["call", "--to", "09 4321 000", "--from", "+358 40 111 2233"]);
}

fn latency_distribution() {
    let mut all: Vec<Duration> = (0..100).flat_map(|_| one_edit()).collect();
    DESKS_UP.stop.store(true, Ordering::Relaxed);
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    println!(
        "edit → visible in {DESKS} desks' search over {} people: {} samples, median {:?}, p99 {:?}, worst {:?}",
        PEOPLE,
        all.len(),
        at(0.5),
        at(0.99),
        all[all.len() - 1]
    );
}
