//! Staff feeds from a CardDAV address book, against a real server
//! (Radicale, started by the test in a temporary directory on a free
//! port): discovery from the server's root, the first sync, an edited
//! title, an added and a deleted contact through sync tokens (only the
//! changes are fetched), a token the server does not know (full resync,
//! nobody wrongly flagged), a wrong password (401), and the server down —
//! the last good sync is kept. On SQLite, and on PostgreSQL in the
//! suite's PostgreSQL run.

#[path = "support/carddav_server.rs"]
mod carddav_server;

use std::collections::HashMap;

use carddav_server::{CardDavServer, vcard};
use chrono::{DateTime, TimeZone, Utc};
use vaihde::directory::staff_feeds::{self, FormatCode, NewStaffFeed};
use vaihde::directory::{Stamp, companies, people};
use vaihde::model::{Company, Language};
use vaihde::store::Store;
use vaihde::sync::carddav;
use vaihde::sync::staff::{self, StaffReport};
use vaihde::sync::{FetchOptions, Fetcher, Outcome};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, 6, 0, 0).unwrap()
}

const PEOPLE: &[(&str, &str, &str, &str)] = &[
    ("1001", "Maija", "Virtanen", "HR-päällikkö"),
    ("1002", "Jussi", "Heikkinen", "talouspäällikkö"),
    ("1003", "Liisa", "Lehtonen", "palkkasihteeri"),
    ("1004", "Hanna", "Lindholm", "viestintäpäällikkö"),
    ("1005", "Åsa", "Sjöberg", "personalchef"),
];

async fn filled() -> CardDavServer {
    let server = CardDavServer::start();
    server.address_book("kontaktit").await;
    for (uid, given, family, title) in PEOPLE {
        server.put("kontaktit", uid, &vcard(uid, given, family, title)).await;
    }
    server
}

fn directory(url: &str) -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = Stamp::new(at(1), None);
    let company = store
        .write(|tx| {
            companies::insert(tx, &Company::new("koivu", "Koivu Oy", Language::Fi, "Europe/Helsinki"), &stamp, false)
        })
        .unwrap();
    let new = NewStaffFeed {
        url: url.into(),
        label: "Nextcloud".into(),
        format: Some(FormatCode::Carddav),
        ..Default::default()
    };
    let feed = store.write(|tx| staff_feeds::add(tx, company, &new, &stamp)).unwrap();
    (store, company, feed)
}

async fn sync(store: &mut Store, when: DateTime<Utc>) -> StaffReport {
    let fetcher = Fetcher::new(FetchOptions::default()).unwrap();
    let mut reports = staff::sync(store, None, when, &fetcher, None).await.unwrap();
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

#[tokio::test]
async fn an_address_book_is_found_synced_and_then_only_its_changes_are_fetched() {
    let server = filled().await;
    let (mut store, company, feed_id) = directory(&server.url());
    let r = sync(&mut store, at(1)).await;
    assert_eq!(r.outcome, Outcome::Updated, "{:?}", r.error);
    assert_eq!(r.added.len(), 5);
    let asa = people::resolve(store.conn(), Some(company), "Åsa Sjöberg").unwrap();
    assert_eq!(asa.title, "personalchef");
    let feed = staff_feeds::get(store.conn(), feed_id).unwrap();
    assert!(feed.collection.ends_with("/anna/kontaktit/"), "found from the root: {}", feed.collection);
    assert!(feed.sync_token.is_some(), "Radicale gives sync tokens");
    assert!(!feed.address.contains("s3cret"), "{}", feed.address);

    // The client's people edit their address book: a new title, a new colleague, one gone.
    server.put("kontaktit", "1002", &vcard("1002", "Jussi", "Heikkinen", "toimitusjohtaja")).await;
    server.put("kontaktit", "1006", &vcard("1006", "Pekka", "Koistinen", "myyntijohtaja")).await;
    server.delete("kontaktit", "1004").await;
    // Only the changes come over the wire.
    let known: HashMap<String, String> =
        staff_feeds::cards(store.conn(), feed_id).unwrap().into_iter().map(|(h, (e, _))| (h, e)).collect();
    let delta = carddav::Client::new()
        .unwrap()
        .sync(&feed.url, &feed.collection, feed.sync_token.as_deref(), &known)
        .await
        .unwrap();
    let mut changed: Vec<&str> = delta.changed.iter().map(|c| c.href.rsplit('/').next().unwrap()).collect();
    changed.sort();
    assert_eq!(changed, ["1002.vcf", "1006.vcf"]);
    assert_eq!(delta.removed.len(), 1);
    assert!(delta.removed[0].ends_with("1004.vcf"));

    let r = sync(&mut store, at(2)).await;
    assert_eq!(r.outcome, Outcome::Updated, "{:?}", r.error);
    assert_eq!(r.added.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Pekka Koistinen"]);
    assert_eq!(r.updated.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Jussi Heikkinen"]);
    assert_eq!(r.gone.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Hanna Lindholm"]);
    assert_eq!(people::resolve(store.conn(), Some(company), "Jussi Heikkinen").unwrap().title, "toimitusjohtaja");
    assert!(
        people::resolve(store.conn(), Some(company), "Hanna Lindholm").unwrap().is_current_staff(),
        "flagged, not deleted"
    );
    assert_eq!(staff_feeds::cards(store.conn(), feed_id).unwrap().len(), 5);

    // A sync with nothing new changes nothing, and says so.
    let r = sync(&mut store, at(3)).await;
    assert_eq!((r.outcome.clone(), r.listed), (Outcome::Unchanged, 5), "{r:?}");
}

#[tokio::test]
async fn a_token_the_server_does_not_know_means_a_full_resync_and_nobody_is_wrongly_flagged() {
    let server = filled().await;
    let (mut store, _, feed_id) = directory(&server.url());
    sync(&mut store, at(1)).await;
    store
        .conn()
        .execute(
            "UPDATE staff_feeds SET sync_token = 'http://radicale.org/ns/sync/0000000000000000' WHERE id = ?1",
            [feed_id],
        )
        .unwrap();
    server.put("kontaktit", "1003", &vcard("1003", "Liisa", "Lehtonen", "palkkapäällikkö")).await;
    let r = sync(&mut store, at(2)).await;
    assert_eq!(r.outcome, Outcome::Updated, "{:?}", r.error);
    assert!(r.gone.is_empty(), "{:?}", r.gone);
    assert_eq!(r.updated.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Liisa Lehtonen"]);
    let feed = staff_feeds::get(store.conn(), feed_id).unwrap();
    assert_ne!(feed.sync_token.as_deref(), Some("http://radicale.org/ns/sync/0000000000000000"));
}

#[tokio::test]
async fn a_wrong_password_or_a_server_that_is_down_keeps_the_last_good_sync() {
    let mut server = filled().await;
    let (mut store, company, feed_id) = directory(&server.url());
    sync(&mut store, at(1)).await;
    let before = people::list(store.conn(), company).unwrap();

    let wrong = server.url_with_password("wrong");
    store.conn().execute("UPDATE staff_feeds SET url = ?2 WHERE id = ?1", vaihde::params![feed_id, wrong]).unwrap();
    let r = sync(&mut store, at(2)).await;
    assert_eq!(r.outcome, Outcome::Failed);
    let error = r.error.unwrap();
    assert!(error.contains("401") && error.contains("password") && !error.contains("wrong@"), "{error}");

    store
        .conn()
        .execute("UPDATE staff_feeds SET url = ?2 WHERE id = ?1", vaihde::params![feed_id, server.url()])
        .unwrap();
    server.stop();
    let r = sync(&mut store, at(3)).await;
    assert_eq!(r.outcome, Outcome::Failed);
    assert!(r.error.as_deref().unwrap_or("").contains("could not be reached"), "{:?}", r.error);
    // A value, worded like any feed's in the operator's language.
    assert_eq!(r.problem, Some(vaihde::model::Problem::Unreachable));
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi).staff_problem(&vaihde::model::Problem::Unreachable);
    assert!(!fi.contains("reach"), "{fi}");
    assert_eq!(people::list(store.conn(), company).unwrap(), before, "nothing stored changed");
    assert!(staff_feeds::gone(store.conn(), None).unwrap().is_empty());
    server.start_again();
    assert_eq!(sync(&mut store, at(4)).await.outcome, Outcome::Unchanged, "back, and nothing changed meanwhile");
}
