//! Calendar sync against a local mock HTTP server: conditional GET, every
//! kind of failure, and the rule that a failing feed never loses the last
//! good data.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use vaihde::directory::{Stamp, absences, feeds, people};
use vaihde::store::Store;
use vaihde::sync::{self, FetchOptions, Fetcher, Outcome};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calendars").join(name)).unwrap()
}

fn demo() -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    store.write(|tx| vaihde::demo::load(tx, at(), false)).unwrap();
    let company = vaihde::directory::companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap().id;
    (store, company)
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(1),
        max_bytes: 1024 * 1024,
        max_redirects: 3,
    })
    .unwrap()
}

fn add_feed(store: &mut Store, company: i64, person: Option<&str>, url: &str) -> i64 {
    let person_id = person.map(|p| people::resolve(store.conn(), Some(company), p).unwrap().id);
    store.write(|tx| feeds::add(tx, company, person_id, url, "", &Stamp::new(at(), None))).unwrap()
}

fn calendar_rows(store: &Store, feed: i64) -> usize {
    store.conn().query_row("SELECT COUNT(*) FROM absences WHERE feed_id = ?1", [feed], |r| r.get::<_, i64>(0)).unwrap()
        as usize
}

async fn run(store: &mut Store, when: DateTime<Utc>) -> Vec<sync::FeedReport> {
    sync::sync(store, None, when, &fetcher(), 4).await.unwrap()
}

#[tokio::test]
async fn shared_and_personal_calendars_become_absences() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/poissaolot.ics"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(fixture("nextcloud-poissaolot.ics")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/maija.ics"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(fixture("outlook-maija.ics")))
        .mount(&server)
        .await;
    let (mut store, c) = demo();
    let shared = add_feed(&mut store, c, None, &format!("{}/poissaolot.ics", server.uri()));
    let own = add_feed(
        &mut store,
        c,
        Some("Maija Virtanen"),
        &format!("webcal://{}/maija.ics", server.address()).replace("webcal://", "http://"),
    );
    let reports = run(&mut store, at()).await;
    assert!(reports.iter().all(|r| r.outcome == Outcome::Updated), "{reports:?}");

    // The shared calendar names people in titles and by organizer address.
    let conn = store.conn();
    let person_of = |name: &str| people::resolve(conn, Some(c), name).unwrap().id;
    let sari = absences::of_person(conn, person_of("Sari Mäkinen"), at(), at() + chrono::Duration::days(3)).unwrap();
    assert!(sari.iter().any(|a| a.feed_id == Some(shared) && a.reason == "Sairaana"), "matched by ORGANIZER e-mail");
    let liisa =
        absences::of_person(conn, person_of("Liisa Lehtonen"), at(), at() + chrono::Duration::days(30)).unwrap();
    assert!(liisa.iter().any(|a| a.reason == "Lomalla: Liisa Lehtonen"));
    let unmatched = feeds::unmatched(conn, shared).unwrap();
    assert_eq!(unmatched.iter().map(|u| u.summary.as_str()).collect::<Vec<_>>(), ["Tuntematon Henkilö loma"]);
    // The personal one: everything in it is Maija's, free events are not absences.
    let maija = absences::of_person(
        conn,
        person_of("Maija Virtanen"),
        at() - chrono::Duration::days(30),
        at() + chrono::Duration::days(60),
    )
    .unwrap();
    let from_own: Vec<_> = maija.iter().filter(|a| a.feed_id == Some(own)).map(|a| a.reason.as_str()).collect();
    assert!(from_own.contains(&"Vuosiloma") && from_own.contains(&"private"));
    assert!(!from_own.contains(&"Muistutus: palkka-ajo"));
}

#[tokio::test]
async fn unchanged_feed_costs_a_304() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cal.ics"))
        .and(header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cal.ics"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"v1\"")
                .set_body_bytes(fixture("nextcloud-poissaolot.ics")),
        )
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let (mut store, c) = demo();
    let feed = add_feed(&mut store, c, None, &format!("{}/cal.ics", server.uri()));
    assert_eq!(run(&mut store, at()).await[0].outcome, Outcome::Updated);
    let before = calendar_rows(&store, feed);
    let second = run(&mut store, at() + chrono::Duration::minutes(5)).await;
    assert_eq!(second[0].outcome, Outcome::Unchanged);
    assert_eq!(calendar_rows(&store, feed), before);
    let f = feeds::get(store.conn(), feed).unwrap();
    assert_eq!(f.last_success_at, Some(at() + chrono::Duration::minutes(5)));
}

/// A feed synced once, then broken in `how`: the last good absences stay and
/// the error is said in words that never include the address's secrets.
async fn broken_keeps_last_good(how: ResponseTemplate, expected_words: &str) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/private-s3cr3t/cal.ics"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(fixture("nextcloud-poissaolot.ics")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/private-s3cr3t/cal.ics")).respond_with(how).mount(&server).await;
    let (mut store, c) = demo();
    let url = format!("http://jenny:hunter2@{}/private-s3cr3t/cal.ics", server.address());
    let feed = add_feed(&mut store, c, None, &url);
    assert_eq!(run(&mut store, at()).await[0].outcome, Outcome::Updated);
    let good = calendar_rows(&store, feed);
    assert!(good > 0);
    let report = run(&mut store, at() + chrono::Duration::hours(1)).await.remove(0);
    assert_eq!(report.outcome, Outcome::Failed);
    let error = report.error.unwrap();
    assert!(error.contains(expected_words), "{error}");
    for secret in ["hunter2", "jenny", "s3cr3t"] {
        assert!(!error.contains(secret) && !report.address.contains(secret), "{error} / {}", report.address);
    }
    assert_eq!(calendar_rows(&store, feed), good, "a failing feed never removes the last good data");
    let f = feeds::get(store.conn(), feed).unwrap();
    assert_eq!(f.last_success_at, Some(at()));
    assert_eq!(f.problem.map(|p| p.english()).as_deref(), Some(error.as_str()));
    let log = serde_json::to_string(&vaihde::directory::changes::all(store.conn()).unwrap()).unwrap();
    assert!(!log.contains("hunter2") && !log.contains("s3cr3t"), "the change log never holds the address");
}

#[tokio::test]
async fn not_found_keeps_last_good() {
    broken_keeps_last_good(ResponseTemplate::new(404), "no calendar at this address").await;
}

#[tokio::test]
async fn forbidden_says_no_longer_public() {
    broken_keeps_last_good(ResponseTemplate::new(403), "no longer public").await;
}

#[tokio::test]
async fn server_error_keeps_last_good() {
    broken_keeps_last_good(ResponseTemplate::new(500), "server has a problem").await;
}

#[tokio::test]
async fn slow_server_times_out() {
    broken_keeps_last_good(
        ResponseTemplate::new(200)
            .set_delay(Duration::from_secs(3))
            .set_body_bytes(fixture("nextcloud-poissaolot.ics")),
        "did not answer in time",
    )
    .await;
}

#[tokio::test]
async fn oversized_response_is_refused() {
    let mut big = b"BEGIN:VCALENDAR\n".to_vec();
    big.resize(2 * 1024 * 1024, b'X');
    broken_keeps_last_good(ResponseTemplate::new(200).set_body_bytes(big), "larger than 1 MB").await;
}

#[tokio::test]
async fn login_page_instead_of_calendar() {
    broken_keeps_last_good(
        ResponseTemplate::new(200).set_body_bytes(fixture("login-page.html")),
        "this is a web page, not a calendar",
    )
    .await;
}

#[tokio::test]
async fn truncated_calendar_keeps_last_good() {
    broken_keeps_last_good(ResponseTemplate::new(200).set_body_bytes(fixture("broken-truncated.ics")), "never closed")
        .await;
}

#[tokio::test]
async fn redirect_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/loop"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/loop"))
        .mount(&server)
        .await;
    let (mut store, c) = demo();
    add_feed(&mut store, c, None, &format!("{}/loop", server.uri()));
    let report = run(&mut store, at()).await.remove(0);
    assert_eq!(report.outcome, Outcome::Failed);
    assert!(report.error.unwrap().contains("redirect loop"));
}

#[tokio::test]
async fn unknown_scheme_is_refused_when_added() {
    let (mut store, c) = demo();
    let err = store.write(|tx| feeds::add(tx, c, None, "ftp://x/cal.ics", "", &Stamp::new(at(), None))).unwrap_err();
    assert!(err.to_string().contains("https://"), "{err}");
}

#[tokio::test]
async fn unauthorized_says_no_longer_public() {
    broken_keeps_last_good(ResponseTemplate::new(401), "no longer public").await;
}

#[tokio::test]
async fn binary_garbage_is_not_a_calendar() {
    let mut rng = vaihde::demo::rng::Rng::new(3);
    let garbage: Vec<u8> = (0..50_000).map(|_| rng.below(256) as u8).collect();
    broken_keeps_last_good(ResponseTemplate::new(200).set_body_bytes(garbage), "not an iCalendar file").await;
}

#[tokio::test]
async fn another_companys_calendar_at_the_same_address_is_refused() {
    // The shared link now serves a calendar naming only strangers.
    let mut strangers = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n");
    for (i, name) in
        ["Olli Outo", "Ville Vieras", "Tiina Tuntematon", "Kalle Kumppani", "Sanna Satunnainen", "Erkki Eri"]
            .iter()
            .enumerate()
    {
        strangers.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:s{i}\r\nSUMMARY:{name} loma\r\nDTSTART;VALUE=DATE:2026112{i}\r\nEND:VEVENT\r\n"
        ));
    }
    strangers.push_str("END:VCALENDAR\r\n");
    broken_keeps_last_good(ResponseTemplate::new(200).set_body_string(strangers), "no longer names anyone at").await;
}

/// A server that accepts the connection and then, per `behaviour`, says
/// nothing or trickles a response a byte at a time.
fn raw_server(trickle: bool) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/cal.ics", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut stream = stream;
                let mut buf = [0u8; 2048];
                let _ = stream.read(&mut buf);
                if trickle {
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: 100000\r\n\r\n");
                    for _ in 0..100 {
                        if stream.write_all(b"B").is_err() {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(200));
                    }
                } else {
                    std::thread::sleep(Duration::from_secs(20));
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn servers_that_never_answer_or_trickle_are_cut_off() {
    for trickle in [false, true] {
        let (mut store, c) = demo();
        add_feed(&mut store, c, None, &raw_server(trickle));
        let started = std::time::Instant::now();
        let report = run(&mut store, at()).await.remove(0);
        assert_eq!(report.outcome, Outcome::Failed);
        assert!(report.error.unwrap().contains("did not answer in time"));
        assert!(started.elapsed() < Duration::from_secs(5), "cut off at the total timeout");
    }
}

#[tokio::test]
async fn a_tls_failure_is_said_in_words() {
    // A plain-HTTP server addressed with https://: the handshake fails.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let (mut store, c) = demo();
    add_feed(&mut store, c, None, &format!("https://{}/cal.ics", server.address()));
    let report = run(&mut store, at()).await.remove(0);
    assert_eq!(report.outcome, Outcome::Failed);
    let error = report.error.unwrap();
    assert!(error.contains("secure connection"), "{error}");
}

#[tokio::test]
async fn a_personal_calendar_that_became_someone_elses_is_refused() {
    let (mut store, c) = demo();
    let skargard = vaihde::directory::companies::find_by_slug(store.conn(), "skargard").unwrap().unwrap().id;
    let asa = vaihde::directory::people::resolve(store.conn(), Some(skargard), "Åsa Sjöberg").unwrap();
    let mut other = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n");
    for i in 0..4 {
        other.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:o{i}\r\nSUMMARY:Semester\r\nORGANIZER;CN=Åsa:mailto:{}\r\nDTSTART;VALUE=DATE:2026112{i}\r\nEND:VEVENT\r\n",
            asa.emails[0]
        ));
    }
    other.push_str("END:VCALENDAR\r\n");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(fixture("outlook-maija.ics")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(other)).mount(&server).await;
    let feed = add_feed(&mut store, c, Some("Maija Virtanen"), &format!("{}/maija.ics", server.uri()));
    assert_eq!(run(&mut store, at()).await[0].outcome, Outcome::Updated);
    let good = calendar_rows(&store, feed);
    let report = run(&mut store, at() + chrono::Duration::hours(1)).await.remove(0);
    assert_eq!(report.outcome, Outcome::Failed);
    let error = report.error.unwrap();
    assert!(error.contains("someone else's") && error.contains("Skärgårdens Bygg Ab"), "{error}");
    // A value, worded in the operator's language.
    let problem = report.problem.expect("a problem");
    assert!(matches!(&problem, vaihde::model::Problem::SomeoneElses { other, .. } if other == "Skärgårdens Bygg Ab"));
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi).problem(&problem);
    assert!(fi.starts_with("tämä kalenteri näyttää nyt olevan jonkun muun:") && fi.contains("Maija Virtanen"), "{fi}");
    assert_eq!(calendar_rows(&store, feed), good, "the last good absences are kept");
}

#[tokio::test]
async fn one_broken_event_is_skipped_and_said_the_rest_is_stored() {
    // A shared calendar where someone typed an impossible date in one event.
    let mut ics = String::from_utf8(fixture("nextcloud-poissaolot.ics")).unwrap();
    let broken = "BEGIN:VEVENT\r\nUID:typo\r\nSUMMARY:Virtanen loma\r\nDTSTART;VALUE=DATE:20261345\r\nEND:VEVENT\r\nEND:VCALENDAR";
    ics = ics.trim_end().trim_end_matches("END:VCALENDAR").to_string() + broken + "\r\n";
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(ics)).mount(&server).await;
    let (mut store, c) = demo();
    let feed = add_feed(&mut store, c, None, &format!("{}/cal.ics", server.uri()));
    let report = run(&mut store, at()).await.remove(0);
    assert_eq!(report.outcome, Outcome::Updated);
    assert!(calendar_rows(&store, feed) > 0, "the good events are stored");
    let view = feeds::view(store.conn(), &feeds::get(store.conn(), feed).unwrap()).unwrap();
    assert!(
        view.warnings.iter().any(|w| matches!(
            w,
            vaihde::model::FeedNote::Skipped { why: vaihde::model::Unreadable::Value { property, .. }, .. } if property == "DTSTART"
        )),
        "{:?}",
        view.warnings
    );
}
