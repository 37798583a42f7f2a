//! Staff feeds: a company's own staff list (vCard, CSV or Excel, over HTTP
//! from a local mock server or from a file) followed by sync. New people
//! are added, the source's fields updated, the switchboard's own never
//! touched, nobody deleted (flagged "no longer listed" instead), and a
//! source that breaks or suddenly lists nobody keeps the last good sync.
//! On SQLite, and on PostgreSQL in the suite's PostgreSQL run.

use std::path::Path;
use std::time::Duration;
use vaihde::words::Describe as _;

use chrono::{DateTime, TimeZone, Utc};
use vaihde::card;
use vaihde::directory::staff_feeds::{self, FormatCode, NewStaffFeed, StaffFeed};
use vaihde::directory::{Stamp, changes, companies, people};
use vaihde::model::{ChangeValue, Company, Language, Person};
use vaihde::store::Store;
use vaihde::sync::staff::{self, StaffReport};
use vaihde::sync::{FetchOptions, Fetcher, Outcome};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, 6, 0, 0).unwrap()
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(2),
        max_bytes: 4 * 1024 * 1024,
        max_redirects: 3,
    })
    .unwrap()
}

fn card_of(name: &str, title: &str, email: &str, extra: &str) -> String {
    let (given, family) = name.split_once(' ').unwrap();
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{family};{given};;;\r\nTITLE:{title}\r\nEMAIL;TYPE=WORK:{email}\r\n{extra}END:VCARD\r\n"
    )
}

/// The client's address book as its server would send it.
fn book(people: &[(&str, &str)]) -> String {
    people
        .iter()
        .map(|(name, title)| {
            let email = format!("{}@koivu.example", name.to_lowercase().replace(' ', "."));
            card_of(name, title, &email, "NOTE:from the address book\r\nNICKNAME:Nick\r\n")
        })
        .collect()
}

const STAFF: &[(&str, &str)] = &[
    ("Maija Virtanen", "HR-päällikkö"),
    ("Jussi Heikkinen", "talouspäällikkö"),
    ("Liisa Lehtonen", "palkkasihteeri"),
    ("Hanna Lindholm", "viestintäpäällikkö"),
    ("Kari Nieminen", "toimitusjohtaja"),
];

struct World {
    store: Store,
    company: i64,
    server: MockServer,
}

async fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = Stamp::new(at(1), Some("anna".into()));
    let company = store
        .write(|tx| {
            let id = companies::insert(
                tx,
                &Company::new("koivu", "Koivu Oy", Language::Fi, "Europe/Helsinki"),
                &stamp,
                false,
            )?;
            // Typed in by the switchboard before the feed: its alias and note are ours.
            let mut maija = Person::new(id, "Maija", "Virtanen");
            maija.aliases = vec!["Maikki".into()];
            maija.notes = "Ei puheluita ennen klo 10".into();
            maija.emails = vec!["maija.virtanen@koivu.example".into()];
            people::insert(tx, &maija, &stamp, false)?;
            people::insert(tx, &Person::new(id, "Outi", "Ulkopuolinen"), &stamp, false)?;
            Ok::<_, vaihde::directory::DirectoryError>(id)
        })
        .unwrap();
    World { store, company, server: MockServer::start().await }
}

async fn serve(w: &World, body: String) {
    w.server.reset().await;
    Mock::given(method("GET"))
        .and(path("/staff.vcf"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body).insert_header("ETag", "\"v1\""))
        .mount(&w.server)
        .await;
}

fn add(w: &mut World, url: &str, label: &str) -> StaffFeed {
    let new = NewStaffFeed { url: url.into(), label: label.into(), ..NewStaffFeed::default() };
    let id =
        w.store.write(|tx| staff_feeds::add(tx, w.company, &new, &Stamp::new(at(1), Some("anna".into())))).unwrap();
    staff_feeds::get(w.store.conn(), id).unwrap()
}

/// The mock server's address book as a staff feed of the company.
fn add_served(w: &mut World, label: &str) -> StaffFeed {
    let url = format!("{}/staff.vcf", w.server.uri());
    add(w, &url, label)
}

async fn sync_one(w: &mut World, feed_id: i64, when: DateTime<Utc>) -> StaffReport {
    let feed = staff_feeds::get(w.store.conn(), feed_id).unwrap();
    let fetched = fetcher().fetch(&feed.url, feed.etag.as_deref(), feed.last_modified.as_deref()).await;
    staff::apply(&mut w.store, &feed, fetched, when).unwrap()
}

fn person(w: &World, name: &str) -> Person {
    people::resolve(w.store.conn(), Some(w.company), name).unwrap()
}

fn names(list: &[vaihde::import::PersonRef]) -> Vec<&str> {
    list.iter().map(|p| p.name.as_str()).collect()
}

#[tokio::test]
async fn an_address_book_adds_and_updates_people_and_never_touches_what_the_switchboard_owns() {
    let mut w = world().await;
    serve(&w, book(STAFF)).await;
    let feed = add_served(&mut w, "HR-lista");
    let r = sync_one(&mut w, feed.id, at(1)).await;
    assert_eq!(r.outcome, Outcome::Updated, "{:?}", r.error);
    assert_eq!(r.listed, 5);
    assert_eq!(names(&r.added), ["Jussi Heikkinen", "Liisa Lehtonen", "Hanna Lindholm", "Kari Nieminen"]);
    // Maija was already there: matched by e-mail, given her title; our alias and note stay.
    let maija = person(&w, "Maija Virtanen");
    assert_eq!(maija.title, "HR-päällikkö");
    assert_eq!(maija.aliases, ["Maikki"]);
    assert_eq!(maija.notes, "Ei puheluita ennen klo 10");
    let jussi = person(&w, "Jussi Heikkinen");
    assert!(jussi.notes.is_empty() && jussi.aliases.is_empty(), "the source's NOTE and NICKNAME are not ours to take");

    // The new CEO: a title change, logged with the feed as the actor.
    let mut next: Vec<(&str, &str)> = STAFF.to_vec();
    next[1] = ("Jussi Heikkinen", "toimitusjohtaja");
    serve(&w, book(&next)).await;
    let r = sync_one(&mut w, feed.id, at(2)).await;
    assert_eq!(names(&r.updated), ["Jussi Heikkinen"]);
    assert_eq!(person(&w, "Jussi Heikkinen").title, "toimitusjohtaja");
    let log = changes::since(w.store.conn(), Some(w.company), at(2)).unwrap();
    let title = log
        .iter()
        .find(|c| c.subject == "Jussi Heikkinen" && c.field == vaihde::model::ChangeField::Title)
        .expect("the title change");
    assert_eq!(title.actor.as_deref(), Some("HR-lista"));
    assert_eq!(title.new, Some(ChangeValue::text("toimitusjohtaja")));

    // An operator's edit of what the switchboard owns survives the next sync.
    w.store
        .write(|tx| {
            let mut p = people::resolve(tx, Some(w.company), "Liisa Lehtonen")?;
            p.notes = "Palkka-asiat vain aamupäivisin".into();
            people::update(tx, &p, &Stamp::new(at(2), Some("anna".into())))
        })
        .unwrap();
    let r = sync_one(&mut w, feed.id, at(3)).await;
    assert!(r.updated.is_empty(), "{:?}", r.updated);
    assert_eq!(person(&w, "Liisa Lehtonen").notes, "Palkka-asiat vain aamupäivisin");
}

#[tokio::test]
async fn someone_missing_from_the_source_is_flagged_not_deleted_and_comes_back() {
    let mut w = world().await;
    serve(&w, book(STAFF)).await;
    let feed = add_served(&mut w, "HR-lista");
    sync_one(&mut w, feed.id, at(1)).await;
    let without_hanna: Vec<_> = STAFF.iter().copied().filter(|(n, _)| *n != "Hanna Lindholm").collect();
    serve(&w, book(&without_hanna)).await;
    let r = sync_one(&mut w, feed.id, at(2)).await;
    assert_eq!(names(&r.gone), ["Hanna Lindholm"]);
    let hanna = person(&w, "Hanna Lindholm");
    assert!(hanna.is_current_staff(), "still staff: the operator decides whether she left");
    let c = card::person_card(w.store.conn(), hanna.id, at(2)).unwrap();
    assert_eq!(c.gone_from.len(), 1);
    assert_eq!((c.gone_from[0].feed.as_str(), c.gone_from[0].since), ("HR-lista", at(2)));
    assert_eq!(c.gone_from[0].day.to_string(), "2026-12-02");
    let gone = staff_feeds::gone(w.store.conn(), Some(w.company)).unwrap();
    assert_eq!(gone.iter().map(|s| s.person_id).collect::<Vec<_>>(), [hanna.id]);
    // Someone the feed never listed (typed in by hand) is not its to flag.
    let outi = person(&w, "Outi Ulkopuolinen");
    assert!(card::person_card(w.store.conn(), outi.id, at(2)).unwrap().gone_from.is_empty());
    // A second sync while she is still missing says nothing new.
    assert!(sync_one(&mut w, feed.id, at(3)).await.gone.is_empty());
    let log = changes::since(w.store.conn(), Some(w.company), at(2)).unwrap();
    assert_eq!(log.iter().filter(|c| c.new == Some(ChangeValue::GoneFrom { source: "HR-lista".into() })).count(), 1);

    // Back on the list (a long leave, a mistake in the export).
    serve(&w, book(STAFF)).await;
    let r = sync_one(&mut w, feed.id, at(4)).await;
    assert_eq!(names(&r.back), ["Hanna Lindholm"]);
    assert!(card::person_card(w.store.conn(), hanna.id, at(4)).unwrap().gone_from.is_empty());
}

#[tokio::test]
async fn a_source_that_breaks_or_suddenly_lists_few_keeps_the_last_good_sync() {
    let mut w = world().await;
    serve(&w, book(STAFF)).await;
    let feed = add_served(&mut w, "HR-lista");
    sync_one(&mut w, feed.id, at(1)).await;
    let before = people::list(w.store.conn(), w.company).unwrap();

    // An export cut short: two of five. Refused, nobody flagged.
    serve(&w, book(&STAFF[..2])).await;
    let r = sync_one(&mut w, feed.id, at(2)).await;
    assert_eq!(r.outcome, Outcome::Failed);
    let error = r.error.unwrap();
    assert!(error.contains("lists 2 people where its last good sync listed 5") && error.contains("kept"), "{error}");
    let problem = r.problem.expect("a typed problem");
    assert_eq!(problem, vaihde::model::Problem::SuddenDrop { listed: 2, before: 5 });
    assert!(
        vaihde::words::Words::of(Language::Fi).staff_problem(&problem).starts_with("listalla on 2 henkilöä"),
        "in the operator's words"
    );
    assert!(staff_feeds::gone(w.store.conn(), None).unwrap().is_empty());

    // Nobody at all.
    serve(&w, String::new()).await;
    let r = sync_one(&mut w, feed.id, at(2)).await;
    assert_eq!(r.outcome, Outcome::Failed, "an empty answer is refused");
    // A server error, and a server that is gone.
    w.server.reset().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(500)).mount(&w.server).await;
    assert_eq!(sync_one(&mut w, feed.id, at(2)).await.outcome, Outcome::Failed);
    // A port nobody listens on (wiremock's servers are pooled, so a dropped
    // one may come back on the same port).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{closed}/staff.vcf");
    w.store.conn().execute("UPDATE staff_feeds SET url = ?2 WHERE id = ?1", vaihde::params![feed.id, url]).unwrap();
    let dead = staff_feeds::get(w.store.conn(), feed.id).unwrap();
    let fetched = fetcher().fetch(&dead.url, None, None).await;
    assert!(fetched.is_err(), "{url} is down");
    let r = staff::apply(&mut w.store, &dead, fetched, at(3)).unwrap();
    assert_eq!(r.outcome, Outcome::Failed);

    assert_eq!(people::list(w.store.conn(), w.company).unwrap(), before, "nothing stored changed");
    let stored = staff_feeds::get(w.store.conn(), feed.id).unwrap();
    assert_eq!((stored.listed, stored.last_success_at), (5, Some(at(1))));
    assert!(!stored.last_error.is_empty());
    let said = vaihde::words::Words::of(Language::Sv).staff_problem(stored.problem.as_ref().expect("kept"));
    assert!(said.starts_with("personallistans server kunde inte nås"), "{said}");
}

#[tokio::test]
async fn an_unchanged_source_answers_304_and_a_broken_row_rolls_the_sync_back() {
    let mut w = world().await;
    Mock::given(method("GET"))
        .and(path("/staff.vcf"))
        .and(wiremock::matchers::header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&w.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/staff.vcf"))
        .respond_with(ResponseTemplate::new(200).set_body_string(book(STAFF)).insert_header("ETag", "\"v1\""))
        .mount(&w.server)
        .await;
    let feed = add_served(&mut w, "");
    assert_eq!(sync_one(&mut w, feed.id, at(1)).await.outcome, Outcome::Updated);
    let r = sync_one(&mut w, feed.id, at(2)).await;
    assert_eq!((r.outcome, r.listed), (Outcome::Unchanged, 5));

    // A CSV listing one person twice: refused whole, naming the line.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("henkilöt.csv");
    std::fs::write(&csv, "Etunimi;Sukunimi;Titteli\nAino;Aalto;myyjä\nAino;Aalto;myyjä\n").unwrap();
    let file_feed = add(&mut w, csv.to_str().unwrap(), "Myynti");
    let r = sync_one(&mut w, file_feed.id, at(2)).await;
    assert_eq!(r.outcome, Outcome::Failed);
    assert!(r.error.as_deref().unwrap_or("").contains("line 3"), "{:?}", r.error);
    assert!(people::resolve(w.store.conn(), Some(w.company), "Aino Aalto").is_err(), "rolled back");
}

#[tokio::test]
async fn two_sources_of_one_company_meet_on_the_same_person_and_an_excel_sheet_is_a_source() {
    let mut w = world().await;
    serve(&w, book(STAFF)).await;
    let book_feed = {
        let url = format!("{}/staff.vcf", w.server.uri());
        add(&mut w, &url, "HR-lista")
    };
    sync_one(&mut w, book_feed.id, at(1)).await;
    let xlsx = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/excel-staff.xlsx");
    let new = NewStaffFeed {
        url: xlsx.to_str().unwrap().into(),
        label: "Johto".into(),
        format: Some(FormatCode::Xlsx),
        ..NewStaffFeed::default()
    };
    let id = w.store.write(|tx| staff_feeds::add(tx, w.company, &new, &Stamp::new(at(1), None))).unwrap();
    let r = sync_one(&mut w, id, at(2)).await;
    assert_eq!(r.outcome, Outcome::Updated, "{:?}", r.error);
    // Jussi is in both: the sheet updates him (no new person), Pekka and Åsa are new.
    assert_eq!(names(&r.added), ["Pekka Koistinen", "Åsa Sjöberg"]);
    assert_eq!(names(&r.updated), ["Jussi Heikkinen"], "the sheet gives Jussi its number");
    assert!(r.warnings.iter().any(|w| w.id == "importNoteNumericPhones"), "{:?}", r.warnings);
    let jussi = person(&w, "Jussi Heikkinen");
    let sources: Vec<String> =
        staff_feeds::sources_of(w.store.conn(), jussi.id).unwrap().into_iter().map(|s| s.feed).collect();
    assert_eq!(sources, ["HR-lista", "Johto"]);
    // The address book's sync does not flag the sheet's people: they were never its.
    let r = sync_one(&mut w, book_feed.id, at(3)).await;
    assert!(r.gone.is_empty(), "{:?}", r.gone);
    // Removing a feed removes nobody.
    w.store.write(|tx| staff_feeds::remove(tx, id, &Stamp::new(at(3), None))).unwrap();
    assert!(people::resolve(w.store.conn(), Some(w.company), "Pekka Koistinen").is_ok());
}

#[tokio::test]
async fn the_desk_learns_first_a_new_ceo_pinned_until_each_operator_has_seen_it() {
    use vaihde::directory::learn::{self, Lesson, Unseen};
    let mut w = world().await;
    serve(&w, book(STAFF)).await;
    let feed = add_served(&mut w, "HR-lista");
    sync_one(&mut w, feed.id, at(1)).await;
    let all = Unseen::default();
    assert!(learn::unseen(w.store.conn(), "anna", all, at(1)).unwrap().is_empty(), "the first sync is the baseline");

    // Tuesday's list: a new person, Jussi the new CEO, Liisa no longer listed.
    let mut next: Vec<(&str, &str)> = STAFF.iter().copied().filter(|(n, _)| *n != "Liisa Lehtonen").collect();
    next[1] = ("Jussi Heikkinen", "toimitusjohtaja");
    next.push(("Pekka Koistinen", "myyntiassistentti"));
    serve(&w, book(&next)).await;
    sync_one(&mut w, feed.id, at(2)).await;
    let list = learn::unseen(w.store.conn(), "anna", all, at(2)).unwrap();
    let seen: Vec<(&str, Lesson, bool)> = list.iter().map(|l| (l.name.as_str(), l.lesson.clone(), l.pinned)).collect();
    assert_eq!(
        seen,
        [
            ("Jussi Heikkinen", Lesson::Title { old: "talouspäällikkö".into(), new: "toimitusjohtaja".into() }, true),
            ("Pekka Koistinen", Lesson::Added { title: "myyntiassistentti".into() }, false),
            ("Liisa Lehtonen", Lesson::Gone, false),
        ]
    );
    assert_eq!(list[0].day.to_string(), "2026-12-02");
    assert_eq!(list[0].feed, "HR-lista");
    let words = vaihde::words::Words::of(Language::En);
    assert_eq!(words.learned(&list[0]), "toimitusjohtaja since Wed 2 Dec (was talouspäällikkö)");
    assert_eq!(vaihde::words::Words::of(Language::Fi).learned(&list[1]), "Uusi myyntiassistentti ke 2.12. alkaen");

    // The card shows the operator what they have not seen; seen, it is gone for them only.
    let jussi = person(&w, "Jussi Heikkinen");
    let c = card::person_card_for(w.store.conn(), jussi.id, at(2), "anna").unwrap();
    assert_eq!(c.learned.len(), 1);
    let of_jussi = Unseen { person_id: Some(jussi.id), company_id: None };
    let n = w.store.write(|tx| learn::mark_all_seen(tx, "anna", of_jussi, at(2))).unwrap();
    assert_eq!(n, 1);
    assert!(card::person_card_for(w.store.conn(), jussi.id, at(2), "anna").unwrap().learned.is_empty());
    assert_eq!(learn::unseen(w.store.conn(), "anna", all, at(2)).unwrap().len(), 2);
    assert_eq!(learn::unseen(w.store.conn(), "jenny", all, at(2)).unwrap().len(), 3, "Jenny has not seen it yet");
    // Marking twice is harmless.
    let ids: Vec<_> = learn::unseen(w.store.conn(), "anna", all, at(2)).unwrap().iter().map(|l| l.id).collect();
    assert_eq!(w.store.write(|tx| learn::mark_seen(tx, "anna", &ids, at(2))).unwrap(), 2);
    assert_eq!(w.store.write(|tx| learn::mark_seen(tx, "anna", &ids, at(2))).unwrap(), 0);
    assert!(learn::unseen(w.store.conn(), "anna", all, at(2)).unwrap().is_empty());
    // After a month it is history (the change log), not news.
    assert!(learn::unseen(w.store.conn(), "jenny", all, at(2) + chrono::Duration::days(31)).unwrap().is_empty());
}
