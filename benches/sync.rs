//! A full sync of 200 feeds (shared absence calendars of 50 events naming
//! demo staff) served by a local HTTP server, 8 fetched at a time:
//! `cargo bench --bench sync`. Each sample starts from a fresh demo
//! directory with the 200 feeds added.

use chrono::{TimeZone, Utc};
use divan::Bencher;
use divan::counter::ItemsCount;
use vaihde::directory::{Stamp, companies, feeds, people};
use vaihde::store::Store;
use vaihde::sync::{FetchOptions, Fetcher};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn main() {
    divan::main();
}

const FEEDS: usize = 200;

#[divan::bench(sample_count = 5, sample_size = 1)]
fn sync_200_feeds(bencher: Bencher) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().expect("time");
    let server = runtime.block_on(MockServer::start());
    let names: Vec<String> = {
        let mut store = Store::open_in_memory().expect("store");
        store.write(|tx| vaihde::demo::load(tx, at, false)).expect("demo");
        let c = companies::find_by_slug(store.conn(), "rakennus").expect("query").expect("rakennus");
        people::list(store.conn(), c.id)
            .expect("people")
            .into_iter()
            .filter(|p| p.is_current_staff())
            .map(|p| p.full_name())
            .take(50)
            .collect()
    };
    let body = vaihde::calendar::sample::calendar(50, &names);
    runtime.block_on(
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server),
    );
    let fetcher = Fetcher::new(FetchOptions::default()).expect("client");
    bencher
        .counter(ItemsCount::new(FEEDS))
        .with_inputs(|| {
            let mut store = Store::open_in_memory().expect("store");
            store.write(|tx| vaihde::demo::load(tx, at, false)).expect("demo");
            let c = companies::find_by_slug(store.conn(), "rakennus").expect("query").expect("rakennus").id;
            for i in 0..FEEDS {
                let url = format!("{}/feed-{i}.ics", server.uri());
                store.write(|tx| feeds::add(tx, c, None, &url, "", &Stamp::new(at, None))).expect("feed");
            }
            store
        })
        .bench_local_values(|mut store| {
            let reports = runtime.block_on(vaihde::sync::sync(&mut store, None, at, &fetcher, 8)).expect("sync");
            assert!(reports.iter().all(|r| r.error.is_none()));
        });
}

/// The flood (issue: a 3 MB shared calendar of 20,000 daily events naming
/// nobody took 90 s and grew the database by 530 MB): one feed, served
/// locally, synced into a directory on disk. Prints how much the database
/// grew; the time is divan's.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn sync_flood_20000_daily_events(bencher: Bencher) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().expect("time");
    let server = runtime.block_on(MockServer::start());
    let body = vaihde::calendar::sample::flood(20_000);
    runtime.block_on(
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server),
    );
    let fetcher = Fetcher::new(FetchOptions::default()).expect("client");
    let size = |dir: &std::path::Path, store: &Store| {
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint");
        std::fs::metadata(vaihde::paths::database_path(dir)).expect("size").len()
    };
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut store = Store::open_dir(dir.path()).expect("store");
            store.write(|tx| vaihde::demo::load(tx, at, false)).expect("demo");
            let c = companies::find_by_slug(store.conn(), "rakennus").expect("query").expect("rakennus").id;
            let url = format!("{}/flood.ics", server.uri());
            store.write(|tx| feeds::add(tx, c, None, &url, "Tulva", &Stamp::new(at, None))).expect("feed");
            let before = size(dir.path(), &store);
            (dir, store, before)
        })
        .bench_local_values(|(dir, mut store, before)| {
            let reports = runtime.block_on(vaihde::sync::sync(&mut store, None, at, &fetcher, 8)).expect("sync");
            assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
            let grown = size(dir.path(), &store).saturating_sub(before);
            eprintln!("flood: the database grew by {:.1} MB", grown as f64 / 1e6);
            (dir, store)
        });
}
