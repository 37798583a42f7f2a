//! Staff feeds from CardDAV at an answering service's scale: 500 address
//! books of 200 contacts each (100,000 people in 500 client companies),
//! served by a local CardDAV responder (sync-collection with tokens,
//! addressbook-multiget), synced one book after another:
//! `cargo bench --bench carddav`. The first sync adds everyone; the
//! no-change resync asks each server what changed since its token and
//! gets nothing (the aim: all 500 under 5 s).

use chrono::{TimeZone, Utc};
use divan::Bencher;
use divan::counter::ItemsCount;
use vaihde::directory::staff_feeds::{self, FormatCode, NewStaffFeed};
use vaihde::directory::{Stamp, companies};
use vaihde::model::{Company, Language};
use vaihde::store::Store;
use vaihde::sync::{FetchOptions, Fetcher};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

fn main() {
    divan::main();
}

const BOOKS: usize = 500;
const CONTACTS: usize = 200;
const GIVEN: [&str; 20] = [
    "Maija", "Jussi", "Liisa", "Hanna", "Pekka", "Kari", "Sari", "Anne", "Mikko", "Timo", "Åsa", "Lars", "Eija",
    "Jari", "Tiina", "Olli", "Satu", "Ville", "Noora", "Jenni",
];
const FAMILY: [&str; 10] = [
    "Virtanen",
    "Heikkinen",
    "Lehtonen",
    "Lindholm",
    "Koistinen",
    "Nieminen",
    "Mäkinen",
    "Sjöberg",
    "Korhonen",
    "Laine",
];

/// A CardDAV server for `/books/N/`: the first sync-collection (empty
/// token) lists every card with its ETag, a sync with the token lists
/// nothing, a multiget returns the cards asked for.
struct Books;

fn card(book: usize, i: usize) -> String {
    let (given, family) = (GIVEN[i % 20], FAMILY[i / 20 % 10]);
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{book}-{i}\r\nFN:{given} {family}\r\nN:{family};{given};;;\r\nTITLE:asiantuntija\r\nEMAIL:{i}.{book}@client{book}.example\r\nTEL;TYPE=CELL:040 {book:03} {i:04}\r\nEND:VCARD\r\n"
    )
}

impl Respond for Books {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().to_string();
        let book: usize = path.split('/').nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);
        let body = String::from_utf8_lossy(&request.body);
        let mut out = String::from(
            r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">"#,
        );
        if body.contains("addressbook-multiget") {
            for href in body.split("<d:href>").skip(1).filter_map(|h| h.split("</d:href>").next()) {
                let i: usize =
                    href.rsplit('/').next().and_then(|f| f.trim_end_matches(".vcf").parse().ok()).unwrap_or(0);
                out.push_str(&format!(
                    r#"<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><card:address-data>{}</card:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#,
                    card(book, i)
                ));
            }
        } else if body.contains("<d:sync-token></d:sync-token>") {
            for i in 0..CONTACTS {
                out.push_str(&format!(
                    r#"<d:response><d:href>/books/{book}/{i}.vcf</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"#
                ));
            }
            out.push_str("<d:sync-token>tok-1</d:sync-token>");
        } else {
            out.push_str("<d:sync-token>tok-1</d:sync-token>");
        }
        out.push_str("</d:multistatus>");
        ResponseTemplate::new(207).set_body_string(out)
    }
}

fn directory(server: &MockServer) -> Store {
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).single().expect("time");
    let mut store = Store::open_in_memory().expect("store");
    store
        .write(|tx| {
            for b in 0..BOOKS {
                let company =
                    Company::new(&format!("client{b}"), &format!("Client {b} Oy"), Language::Fi, "Europe/Helsinki");
                let id = companies::insert(tx, &company, &Stamp::new(at, None), false)?;
                let new = NewStaffFeed {
                    url: format!("{}/books/{b}/", server.uri()),
                    format: Some(FormatCode::Carddav),
                    ..Default::default()
                };
                staff_feeds::add(tx, id, &new, &Stamp::new(at, None))?;
            }
            // The book's own address is known after the first sync.
            tx.execute("UPDATE staff_feeds SET collection = url", [])?;
            Ok::<_, vaihde::directory::DirectoryError>(())
        })
        .expect("500 companies");
    store
}

fn sync(runtime: &tokio::runtime::Runtime, store: &mut Store, day: u32) -> Vec<vaihde::sync::staff::StaffReport> {
    let at = Utc.with_ymd_and_hms(2026, 12, day, 6, 0, 0).single().expect("time");
    let fetcher = Fetcher::new(FetchOptions::default()).expect("client");
    let reports = runtime.block_on(vaihde::sync::staff::sync(store, None, at, &fetcher, None)).expect("sync");
    assert!(reports.iter().all(|r| r.error.is_none()), "{:?}", reports.iter().find(|r| r.error.is_some()));
    reports
}

#[divan::bench(sample_count = 1, sample_size = 1)]
fn first_sync_500_books_of_200(bencher: Bencher) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(wiremock::Mock::given(wiremock::matchers::any()).respond_with(Books).mount(&server));
    bencher.counter(ItemsCount::new(BOOKS * CONTACTS)).with_inputs(|| directory(&server)).bench_local_values(
        |mut store| {
            let reports = sync(&runtime, &mut store, 1);
            assert_eq!(reports.iter().map(|r| r.added.len()).sum::<usize>(), BOOKS * CONTACTS);
        },
    );
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn no_change_resync_500_books(bencher: Bencher) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(wiremock::Mock::given(wiremock::matchers::any()).respond_with(Books).mount(&server));
    let mut store = directory(&server);
    sync(&runtime, &mut store, 1);
    let mut day = 1;
    bencher.counter(ItemsCount::new(BOOKS)).bench_local(|| {
        day += 1;
        let reports = sync(&runtime, &mut store, 2 + day % 20);
        assert!(reports.iter().all(|r| r.outcome == vaihde::sync::Outcome::Unchanged));
    });
}
