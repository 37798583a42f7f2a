//! The figures of a period from a fixed call log and fixed messages, equal
//! to the counts made by hand below; the same as CSV, read back; and the
//! client's summary e-mail with its figures in words and its charts
//! attached, parsed as a mail program would.

use chrono::{DateTime, Duration, TimeZone, Utc};
use vaihde::directory::{Stamp, companies};
use vaihde::messages::call_log::{self, CallOutcome, Close};
use vaihde::messages::figures::{self, Row};
use vaihde::messages::take::{self, Draft};
use vaihde::messages::{Mark, Recipient, RecipientKind, RecipientWhy, callbacks};
use vaihde::messages::{chart, mail, report};
use vaihde::model::{Company, Id, Language};
use vaihde::store::Store;
use vaihde::words::Words;

fn at() -> DateTime<Utc> {
    // Monday 10:00 in Helsinki.
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
}

fn call(store: &mut Store, company: Id, agent: &str, minutes: i64, outcome: CallOutcome, answer_s: Option<i64>) {
    let start = at() + Duration::minutes(minutes);
    let id = store.write(|c| call_log::start(c, Some(company), "040 1", start, agent)).unwrap();
    if let Some(s) = answer_s {
        // As the desk's line logs it: rang, answered s seconds later, closed two minutes after.
        let conn = store.conn();
        conn.execute(
            "UPDATE calls SET rang_at = ?2, answered_at = ?3 WHERE id = ?1",
            vaihde::params![
                id,
                vaihde::directory::changes::utc_text(start),
                vaihde::directory::changes::utc_text(start + Duration::seconds(s))
            ],
        )
        .unwrap();
    }
    if outcome != CallOutcome::Open {
        let closed = start + Duration::seconds(answer_s.unwrap_or(0) + 120);
        store.write(|c| call_log::close(c, id, outcome, &Close::default(), closed)).unwrap();
    }
}

fn message(store: &mut Store, company: Id, agent: &str, urgent: bool, callback: bool) -> Id {
    let d = Draft {
        company_id: company,
        for_words: "Maija Virtanen".into(),
        caller_name: "Pekka".into(),
        caller_number: "040 1".into(),
        body: "Soita".into(),
        urgent,
        callback,
        recipients: vec![Recipient {
            kind: RecipientKind::To,
            name: "Maija".into(),
            address: "maija@koivu.example".into(),
            person_id: None,
            why: RecipientWhy::Typed,
        }],
        ..Default::default()
    };
    store.write(|c| take::take(c, d, at(), agent)).unwrap().id
}

/// Two clients' fixed day: the calls and messages the hand counts below are made of.
fn fixed_day() -> (Store, Id, Id) {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = Stamp::new(at() - Duration::days(1), None);
    let koivu = companies::insert(
        store.conn(),
        &Company::new("koivu", "Rakennus-Koivu Oy", Language::Fi, "Europe/Helsinki"),
        &stamp,
        false,
    )
    .unwrap();
    let skargard = companies::insert(
        store.conn(),
        &Company::new("skargard", "Skärgårdens Bygg Ab", Language::Sv, "Europe/Helsinki"),
        &stamp,
        false,
    )
    .unwrap();
    call(&mut store, koivu, "anna", 0, CallOutcome::Transferred, Some(4));
    call(&mut store, koivu, "anna", 10, CallOutcome::Message, Some(10));
    call(&mut store, koivu, "anna", 70, CallOutcome::Information, Some(30));
    call(&mut store, koivu, "ville", 75, CallOutcome::Open, None);
    call(&mut store, skargard, "ville", 80, CallOutcome::Transferred, None);
    // Before the period: not counted.
    call(&mut store, koivu, "anna", -60 * 25, CallOutcome::Transferred, None);
    let urgent = message(&mut store, koivu, "anna", true, false);
    store
        .write(|c| vaihde::messages::mark(c, urgent, Mark::Acknowledged, at() + Duration::minutes(12), "anna"))
        .unwrap();
    let callback = message(&mut store, koivu, "anna", false, true);
    store
        .write(|c| {
            callbacks::finish(
                c,
                callback,
                vaihde::messages::CallbackOutcome::Reached,
                "ville",
                at() + Duration::minutes(30),
            )
        })
        .unwrap();
    message(&mut store, skargard, "ville", true, true);
    (store, koivu, skargard)
}

#[test]
fn the_figures_equal_the_hand_counts() {
    let (store, _, skargard) = fixed_day();
    let f = figures::figures(store.conn(), None, at() - Duration::hours(1), at() + Duration::hours(8)).unwrap();
    let koivu_row = Row {
        name: "Rakennus-Koivu Oy".into(),
        calls: 4,
        transferred: 1,
        messages: 1,
        information: 1,
        no_outcome: 1,
        answer_median_s: Some(10.0),
        answer_p90_s: Some(30.0),
        handle_median_s: Some(120.0),
        messages_taken: 2,
        urgent: 1,
        urgent_acknowledged: 1,
        ack_median_min: Some(12.0),
        escalated: 0,
        alarms: 0,
        callbacks: 1,
        callbacks_done: 1,
        callback_wait_median_min: Some(30.0),
    };
    let skargard_row = Row {
        name: "Skärgårdens Bygg Ab".into(),
        calls: 1,
        transferred: 1,
        messages_taken: 1,
        urgent: 1,
        callbacks: 1,
        ..Row::default()
    };
    assert_eq!(f.companies, [koivu_row, skargard_row]);
    let names: Vec<(&str, u32, u32)> = f.agents.iter().map(|r| (r.name.as_str(), r.calls, r.messages_taken)).collect();
    assert_eq!(names, [("anna", 3, 2), ("ville", 2, 1)]);
    // By the hour, in Helsinki: 10:00 two calls (put through, message), 11:00 three.
    let hour =
        |h: usize| (f.by_hour[h].transferred, f.by_hour[h].messages, f.by_hour[h].information, f.by_hour[h].no_outcome);
    assert_eq!((hour(10), hour(11)), ((1, 1, 0, 0), (1, 0, 1, 1)));
    // Answered in 4, 10 and 30 seconds: one in 0–5, one in 10–20, one in 30–60.
    let spans: Vec<u32> = f.answer_times.iter().map(|b| b.calls).collect();
    assert_eq!(spans, [1, 0, 1, 0, 1, 0]);

    let text = figures::csv(&f).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "{text}");
    let first3 = |r: &csv::StringRecord| r.iter().take(3).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(first3(&rows[0]), ["company", "Rakennus-Koivu Oy", "4"]);
    assert_eq!(&rows[0][13], "12.0");
    assert_eq!(first3(&rows[3]), ["agent", "ville", "2"]);
    // One company's figures only.
    let one =
        figures::figures(store.conn(), Some(skargard), at() - Duration::hours(1), at() + Duration::hours(8)).unwrap();
    assert_eq!(one.companies.len(), 1);
    assert_eq!(one.agents.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["ville"]);
}

#[test]
fn the_clients_summary_says_the_figures_and_attaches_the_charts() {
    let (store, koivu, _) = fixed_day();
    let company = companies::get(store.conn(), koivu).unwrap();
    let report = report::report(store.conn(), koivu, at() - Duration::hours(1), at() + Duration::hours(8)).unwrap();
    let words = Words::of(Language::Fi);
    let email = mail::summary(&report, &company, "palvelu@vastaus.example", "asiakas@koivu.example", words).unwrap();
    let raw = email.formatted();
    let parsed = mailparse::parse_mail(&raw).unwrap();
    assert_eq!(parsed.ctype.mimetype, "multipart/mixed");
    let text = parsed.subparts[0].get_body().unwrap();
    // The hand counts in words: answered in 10 s (median), 30 s for nine in
    // ten, handled in 120 s; the urgent one acknowledged in 12 minutes; the
    // callback done after 30; 10:00 and 11:00 have two calls each (the
    // earlier is named); 4 s and 10 s are within 20 s, 30 s is not.
    for line in [
        "Linjalla vastattiin 10 sekunnissa (mediaani), yhdeksään kymmenestä 30 sekunnissa; puhelun kesto 120 s (mediaani)",
        "Kiireellisiä 1: kuitattu 1 (mediaani 12 min), eteenpäin 0, hälytyksiä 0",
        "Takaisinsoitot: 1/1 tehty, odotus 30 min (mediaani)",
        "Kaaviot liitteenä:",
        "4 puhelua; vilkkain tunti 10–11, 2 puhelua.",
        "Linjan 3 puhelusta 2 vastattiin 20 sekunnissa.",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
    let images: Vec<(String, (u32, u32))> = parsed.subparts[1..]
        .iter()
        .map(|part| {
            assert_eq!(part.ctype.mimetype, "image/png");
            let name = part.get_content_disposition().params.get("filename").cloned().unwrap_or_default();
            let bytes = part.get_body_raw().unwrap();
            let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            let info = decoder.read_info().unwrap();
            (name, (info.info().width, info.info().height))
        })
        .collect();
    assert_eq!(
        images,
        [("calls-per-hour.png".to_string(), chart::SIZE), ("answer-times.png".to_string(), chart::SIZE)]
    );

    // A day without calls: the summary is plain text, with nothing attached.
    let quiet = report::report(store.conn(), koivu, at() + Duration::days(3), at() + Duration::days(4)).unwrap();
    let raw =
        mail::summary(&quiet, &company, "palvelu@vastaus.example", "asiakas@koivu.example", words).unwrap().formatted();
    assert_eq!(mailparse::parse_mail(&raw).unwrap().ctype.mimetype, "text/plain");
}
