//! Messages end to end through a real SMTP server (aiosmtpd, started by
//! the test on a free port) and a local HTTP server for webhooks: the
//! recipients the chain chose, the mail as a mail program reads it, header
//! injection, a server down then back, refusals for now and for good, and
//! the form's rules. On SQLite, and on PostgreSQL in the suite's
//! PostgreSQL run (`Store::open_in_memory` follows `VAIHDE_TEST_POSTGRES`).

#[path = "support/smtp_server.rs"]
mod smtp_server;

use chrono::{DateTime, Duration, TimeZone, Utc};
use smtp_server::SmtpServer;
use vaihde::directory::{Stamp, absences, companies, delegates, people};
use vaihde::messages::outbox::{self, Delivered, Round, Which};
use vaihde::messages::take::{self, Draft};
use vaihde::messages::{self, Mark, RecipientKind, Status, recipients, settings};
use vaihde::model::{AbsenceKind, Company, Delegate, Id, Language, NewAbsence, Person, Phone, PhoneKind, Refusal};
use vaihde::store::Store;

fn at() -> DateTime<Utc> {
    // A Wednesday, 10:00 in Helsinki.
    Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap()
}

fn stamp() -> Stamp {
    Stamp::new(at() - Duration::days(30), None)
}

struct World {
    store: Store,
    company: Id,
    anne: Id,
    sari: Id,
}

fn person(store: &Store, company: Id, given: &str, family: &str, email: &str, ext: &str) -> Id {
    let mut p = Person::new(company, given, family);
    p.emails.push(email.into());
    p.phones.push(Phone { kind: PhoneKind::Extension, number: ext.into(), label: String::new() });
    people::insert(store.conn(), &p, &stamp(), false).unwrap()
}

/// Anne (away on holiday) is covered by Sari (in); both have e-mail.
fn world(smtp: Option<&SmtpServer>) -> World {
    let store = Store::open_in_memory().unwrap();
    let c = Company::new("koivu", "Rakennus-Koivu Oy", Language::Fi, "Europe/Helsinki");
    let company = companies::insert(store.conn(), &c, &stamp(), false).unwrap();
    let anne = person(&store, company, "Anne", "Korhonen", "anne.korhonen@koivu.example", "201");
    let sari = person(&store, company, "Sari", "Mäkinen", "sari.makinen@koivu.example", "202");
    delegates::set(
        store.conn(),
        anne,
        &[Delegate { delegate_id: sari, position: 0, from: None, until: None, topic: None }],
        &stamp(),
    )
    .unwrap();
    let away = NewAbsence {
        person_id: anne,
        starts_at: at() - Duration::days(2),
        ends_at: at() + Duration::days(5),
        kind: AbsenceKind::Holiday,
        reason: "loma".into(),
    };
    absences::add_manual(store.conn(), &away, &stamp()).unwrap();
    let smtp = smtp.map(|s| s.url());
    let change = settings::MailChange {
        smtp_url: smtp.as_deref(),
        mail_from: Some("vaihde@vastaus.example"),
        ..Default::default()
    };
    settings::set(store.conn(), &change).unwrap();
    World { store, company, anne, sari }
}

fn draft(w: &World) -> Draft {
    let s = recipients::suggest(w.store.conn(), w.company, "Anne Korhonen", at(), None).unwrap();
    Draft {
        company_id: w.company,
        for_person_id: s.for_person_id,
        for_words: s.for_words,
        caller_name: "Pekka Koistinen".into(),
        caller_org: "Koistinen Consulting".into(),
        caller_number: "040 555 0199".into(),
        caller_email: "pekka@koistinen.example".into(),
        body: "Soittaa tarjouksesta: <b>ei HTML:ää</b> & näin.".into(),
        callback: true,
        callback_when: "iltapäivällä".into(),
        said: s.said,
        recipients: s.recipients,
        ..Default::default()
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn deliver(w: &mut World, which: Which, when: DateTime<Utc>) -> Vec<outbox::Delivery> {
    let http = outbox::http_client().unwrap();
    match rt().block_on(outbox::deliver(&mut w.store, which, when, &http)).unwrap() {
        Round::Ran { deliveries, .. } => deliveries,
        Round::OtherDesk { desk } => panic!("another desk delivers: {desk:?}"),
    }
}

fn take(w: &mut World, d: Draft) -> messages::Message {
    w.store.write(|c| take::take(c, d, at(), "anna")).unwrap()
}

#[test]
fn the_chain_chooses_the_person_asked_for_and_copies_the_colleague_covering() {
    let w = world(None);
    let s = recipients::suggest(w.store.conn(), w.company, "Anne Korhonen", at(), None).unwrap();
    assert_eq!(s.for_person_id, Some(w.anne));
    let list: Vec<_> = s.recipients.iter().map(|r| (r.kind, r.address.as_str(), r.person_id)).collect();
    assert_eq!(
        list,
        [
            (RecipientKind::To, "anne.korhonen@koivu.example", Some(w.anne)),
            (RecipientKind::Cc, "sari.makinen@koivu.example", Some(w.sari)),
        ]
    );
    assert!(s.said.contains("lomalla"), "{}", s.said);
    // In: only the person asked for.
    let s = recipients::suggest(w.store.conn(), w.company, "Sari Mäkinen", at(), None).unwrap();
    assert_eq!(s.recipients.len(), 1);
    // Nobody matches: the company's message address, once it has one.
    let s = recipients::suggest(w.store.conn(), w.company, "kuka tahansa laskutuksesta", at(), None).unwrap();
    assert!(s.recipients.is_empty() && s.for_person_id.is_none());
    let change = settings::MessagingChange { address: Some("vaihde@koivu.example".into()), ..Default::default() };
    settings::set_messaging(w.store.conn(), w.company, &change).unwrap();
    let s = recipients::suggest(w.store.conn(), w.company, "kuka tahansa laskutuksesta", at(), None).unwrap();
    assert_eq!(s.recipients[0].address, "vaihde@koivu.example");
}

#[test]
fn a_message_reaches_the_person_and_the_cover_through_a_real_smtp_server() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    let d = draft(&w);
    let m = take(&mut w, d);
    assert_eq!(m.status, Status::Queued, "stored before any send");
    let done = deliver(&mut w, Which::One(m.id), at());
    assert_eq!(done[0].result, Delivered::Sent);
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.header("Subject"), Some("Soittopyyntö: Pekka Koistinen, Koistinen Consulting, 040 555 0199"));
    assert_eq!(mail.header("To"), Some("Anne Korhonen <anne.korhonen@koivu.example>"));
    assert_eq!(mail.header("Cc"), Some("Sari Mäkinen <sari.makinen@koivu.example>"));
    assert_eq!(mail.header("Reply-To"), Some("Pekka Koistinen <pekka@koistinen.example>"));
    assert_eq!(mail.header("Message-ID"), Some(m.mail_id.as_str()));
    assert_eq!(mail.header("From"), Some("vaihde@vastaus.example"));
    assert!(mail.header("Content-Type").is_some_and(|c| c.starts_with("text/plain")), "{:?}", mail.headers);
    let mut rcpt = mail.rcpt_tos.clone();
    rcpt.sort();
    assert_eq!(rcpt, ["anne.korhonen@koivu.example", "sari.makinen@koivu.example"]);
    // Finnish, with its letters, and the caller's text as text.
    assert!(mail.body.contains("Kenelle: Anne Korhonen"), "{}", mail.body);
    assert!(mail.body.contains("Soittaja: Pekka Koistinen"));
    assert!(mail.body.contains("<b>ei HTML:ää</b> & näin."));
    assert!(mail.body.contains("Soita takaisin: “iltapäivällä”"));
    assert!(mail.body.contains("Vastaanotti anna ke 2.12. klo 10.00 (viesti #"), "{}", mail.body);
    let m = messages::get(w.store.conn(), m.id).unwrap();
    assert_eq!(m.status, Status::Sent);
    let events: Vec<_> = messages::events(w.store.conn(), m.id).unwrap().into_iter().map(|e| e.what).collect();
    assert_eq!(events, [messages::EventKind::Taken, messages::EventKind::Sent]);
    // Sent once: another round sends nothing.
    assert!(deliver(&mut w, Which::AllQueued, at() + Duration::hours(1)).is_empty());
    assert_eq!(smtp.received().len(), 1);
}

#[test]
fn the_subject_is_in_the_company_language_and_urgent_comes_first() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    let sv = Company::new("bygg", "Skärgårdens Bygg Ab", Language::Sv, "Europe/Mariehamn");
    let bygg = companies::insert(w.store.conn(), &sv, &stamp(), false).unwrap();
    let _ = person(&w.store, bygg, "Åsa", "Öberg", "asa@bygg.example", "1");
    let s = recipients::suggest(w.store.conn(), bygg, "Åsa Öberg", at(), None).unwrap();
    let d = Draft {
        company_id: bygg,
        for_person_id: s.for_person_id,
        for_words: s.for_words,
        caller_name: "Örjan".into(),
        body: "Ring mig".into(),
        urgent: true,
        recipients: s.recipients,
        ..Default::default()
    };
    let m = take(&mut w, d);
    deliver(&mut w, Which::One(m.id), at());
    let got = smtp.received();
    assert_eq!(got[0].header("Subject"), Some("BRÅDSKANDE: Meddelande: Örjan"));
    assert_eq!(got[0].header("Importance"), Some("high"));
    assert!(got[0].body.contains("Till: Åsa Öberg"), "{}", got[0].body);
}

#[test]
fn caller_text_with_line_breaks_never_becomes_a_header() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    let mut d = draft(&w);
    d.caller_name = "Eve\r\nBcc: spy@evil.example".into();
    d.caller_number = "040\n1\r\nX-Evil: 1".into();
    let m = take(&mut w, d);
    // Also text stored before the door cleaned it (an older version, a restore).
    w.store
        .conn()
        .execute(
            "UPDATE messages SET caller_org = ?2, for_words = ?3 WHERE id = ?1",
            vaihde::params![m.id, "Org\r\nBcc: spy2@evil.example", "Anne\r\nX-Injected: yes"],
        )
        .unwrap();
    w.store
        .conn()
        .execute(
            "UPDATE message_recipients SET name = ?2 WHERE message_id = ?1 AND position = 0",
            vaihde::params![m.id, "Anne\r\nBcc: spy3@evil.example"],
        )
        .unwrap();
    deliver(&mut w, Which::One(m.id), at());
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert!(mail.all("Bcc").is_empty(), "{:?}", mail.headers);
    assert!(mail.header("X-Evil").is_none() && mail.header("X-Injected").is_none(), "{:?}", mail.headers);
    assert!(mail.rcpt_tos.iter().all(|r| !r.contains("evil")), "{:?}", mail.rcpt_tos);
    let subject = mail.header("Subject").unwrap();
    assert!(subject.contains("Bcc: spy2@evil.example"), "kept as text on one line: {subject}");
    assert!(!subject.contains('\n') && !subject.contains('\r'));
}

#[test]
fn a_server_that_is_down_leaves_the_message_queued_and_it_goes_out_once_when_back() {
    let mut smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    smtp.stop();
    let d = draft(&w);
    let m = take(&mut w, d);
    let done = deliver(&mut w, Which::One(m.id), at());
    let Delivered::NotYet { error, next_try_at } = &done[0].result else { panic!("{:?}", done[0]) };
    assert!(!en(error).is_empty());
    assert_eq!(*next_try_at, at() + Duration::seconds(30));
    let stored = messages::get(w.store.conn(), m.id).unwrap();
    assert_eq!((stored.status, stored.attempts), (Status::Queued, 1));
    assert_eq!(stored.last_error.as_ref(), Some(error), "visible: not sent yet, with the server's words");
    // Not due yet: a round leaves it; the pause grows after each try.
    assert!(deliver(&mut w, Which::Due, at() + Duration::seconds(10)).is_empty());
    let done = deliver(&mut w, Which::Due, at() + Duration::seconds(31));
    let Delivered::NotYet { next_try_at, .. } = &done[0].result else { panic!() };
    assert_eq!(*next_try_at, at() + Duration::seconds(31 + 60));
    smtp.start_again();
    let done = deliver(&mut w, Which::Due, at() + Duration::seconds(100));
    assert_eq!(done[0].result, Delivered::Sent);
    assert!(deliver(&mut w, Which::Due, at() + Duration::hours(2)).is_empty());
    let got = smtp.received();
    assert_eq!(got.len(), 1, "delivered exactly once");
    assert_eq!(got[0].header("Message-ID"), Some(m.mail_id.as_str()));
    let m = messages::get(w.store.conn(), m.id).unwrap();
    assert_eq!((m.status, m.last_error, m.next_try_at), (Status::Sent, None, None));
}

#[test]
fn refused_for_now_stays_queued_and_refused_for_good_fails_with_the_server_words() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    smtp.refuse_for_now(true);
    let d = draft(&w);
    let m = take(&mut w, d);
    let done = deliver(&mut w, Which::One(m.id), at());
    let Delivered::NotYet { error, .. } = &done[0].result else { panic!("{:?}", done[0]) };
    assert!(en(error).contains("451"), "{error:?}");
    smtp.refuse_for_now(false);

    let mut d = draft(&w);
    d.recipients.truncate(1);
    d.recipients[0].address = "nobody@koivu.example".into();
    let bad = take(&mut w, d);
    let done = deliver(&mut w, Which::One(bad.id), at());
    let Delivered::Failed { error } = &done[0].result else { panic!("{:?}", done[0]) };
    assert!(en(error).contains("550") && en(error).contains("no such user"), "{error:?}");
    let stored = messages::get(w.store.conn(), bad.id).unwrap();
    assert_eq!(stored.status, Status::Failed);
    assert!(deliver(&mut w, Which::AllQueued, at()).iter().all(|d| d.id != bad.id), "failed is not retried by itself");
    // Fixed and queued again by an operator: it goes.
    w.store
        .conn()
        .execute(
            "UPDATE message_recipients SET address = 'anne.korhonen@koivu.example' WHERE message_id = ?1",
            [bad.id],
        )
        .unwrap();
    w.store.write(|c| outbox::requeue(c, bad.id, at(), "anna")).unwrap();
    let done = deliver(&mut w, Which::One(bad.id), at());
    assert_eq!(done[0].result, Delivered::Sent);
}

#[test]
fn a_lease_keeps_a_second_desk_from_sending_the_same_message() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    let d = draft(&w);
    let m = take(&mut w, d);
    // Another desk holds it (its round is sending now).
    w.store
        .conn()
        .execute("UPDATE messages SET leased_until = ?2 WHERE id = ?1", vaihde::params![m.id, "2026-12-02T08:02:00Z"])
        .unwrap();
    assert!(deliver(&mut w, Which::AllQueued, at()).is_empty());
    assert!(smtp.received().is_empty());
    // That desk died: its lease runs out, and the message goes.
    let done = deliver(&mut w, Which::AllQueued, at() + Duration::minutes(3));
    assert_eq!(done[0].result, Delivered::Sent);
}

#[test]
fn the_form_refuses_what_cannot_be_sent_and_caps_the_text() {
    let w = world(None);
    let mut d = draft(&w);
    d.caller_email = "pekka at koistinen".into();
    let e = take::check(w.store.conn(), d).unwrap_err();
    assert!(matches!(e, vaihde::directory::DirectoryError::Refused(Refusal::NotAnEmail { .. })), "{e}");
    let mut d = draft(&w);
    d.body = "x".repeat(10_001);
    let e = take::check(w.store.conn(), d).unwrap_err();
    assert!(matches!(e, vaihde::directory::DirectoryError::Refused(Refusal::TooLong { limit: 10_000, .. })), "{e}");
    let mut d = draft(&w);
    d.body.clear();
    d.callback = false;
    assert!(matches!(
        take::check(w.store.conn(), d).unwrap_err(),
        vaihde::directory::DirectoryError::Refused(Refusal::MessageEmpty)
    ));
    let mut d = draft(&w);
    d.recipients.clear();
    assert!(matches!(
        take::check(w.store.conn(), d).unwrap_err(),
        vaihde::directory::DirectoryError::Refused(Refusal::NobodyToSendTo { .. })
    ));
    // A list of copies only: its first becomes the addressee.
    let mut d = draft(&w);
    d.recipients.remove(0);
    let d = take::check(w.store.conn(), d).unwrap();
    assert_eq!(d.recipients[0].kind, RecipientKind::To);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_webhook_gets_the_message_as_json_and_is_retried() {
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut w = world(None);
    let change =
        settings::MessagingChange { webhook_url: Some(format!("{}/hook", server.uri())), ..Default::default() };
    settings::set_messaging(w.store.conn(), w.company, &change).unwrap();
    let mut d = draft(&w);
    d.recipients.clear(); // the webhook alone is enough
    let m = w.store.write(|c| take::take(c, d, at(), "anna")).unwrap();
    let http = outbox::http_client().unwrap();
    let Round::Ran { deliveries, .. } = outbox::deliver(&mut w.store, Which::One(m.id), at(), &http).await.unwrap()
    else {
        panic!()
    };
    let Delivered::NotYet { error, .. } = &deliveries[0].result else { panic!("{deliveries:?}") };
    assert!(en(error).contains("503"), "{error:?}");
    let Round::Ran { deliveries, .. } =
        outbox::deliver(&mut w.store, Which::Due, at() + Duration::minutes(1), &http).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(deliveries[0].result, Delivered::Sent);
    let got = server.received_requests().await.unwrap();
    assert_eq!(got.len(), 2);
    let last = got.last().unwrap();
    assert_eq!(last.headers.get("idempotency-key").and_then(|v| v.to_str().ok()), Some(m.mail_id.as_str()));
    let json: serde_json::Value = serde_json::from_slice(&last.body).unwrap();
    assert_eq!(json["for"], "Anne Korhonen");
    assert_eq!(json["caller"]["number"], "040 555 0199");
    assert_eq!(json["callback"], true);
    assert_eq!(json["company"], "Rakennus-Koivu Oy");
}

#[test]
fn an_operator_marks_a_message_seen_then_done_and_it_never_goes_back() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    let d = draft(&w);
    let m = take(&mut w, d);
    assert_eq!(deliver(&mut w, Which::One(m.id), at())[0].result, Delivered::Sent);
    let later = at() + Duration::minutes(5);
    let seen = w.store.write(|c| messages::mark(c, m.id, Mark::Acknowledged, later, "anna")).unwrap();
    assert_eq!(seen.status, Status::Acknowledged);
    let done = w.store.write(|c| messages::mark(c, m.id, Mark::Done, later, "anna")).unwrap();
    assert_eq!(done.status, Status::Done);
    let again = w.store.write(|c| messages::mark(c, m.id, Mark::Acknowledged, later, "ben")).unwrap();
    assert_eq!(again.status, Status::Done, "done stays done");
    let events: Vec<_> =
        messages::events(w.store.conn(), m.id).unwrap().into_iter().map(|e| (e.what, e.actor)).collect();
    assert!(events.contains(&(messages::EventKind::Acknowledged, "anna".into())));
    assert!(events.contains(&(messages::EventKind::Done, "anna".into())));
    assert!(!events.iter().any(|e| e.1 == "ben"), "a mark that changes nothing is not recorded");

    // Marking a message that is still queued ends its delivery: the recipient has it another way.
    let d = draft(&w);
    let q = take(&mut w, d);
    w.store.write(|c| messages::mark(c, q.id, Mark::Done, later, "anna")).unwrap();
    assert!(deliver(&mut w, Which::Due, later + Duration::hours(1)).is_empty());
    assert_eq!(smtp.received().len(), 1);
}

/// A delivery trouble in English words, as a test reads it.
fn en(p: &vaihde::words::Phrase) -> String {
    vaihde::words::Words::of(vaihde::model::Language::En).phrase(p)
}

/// Regression: a message waiting for a mail server said so in English on
/// every screen ("no mail server is set …"), stored as a sentence.
#[test]
fn why_a_message_waits_is_worded_in_the_operators_language() {
    let mut w = world(None);
    let d = draft(&w);
    let m = take(&mut w, d);
    let done = deliver(&mut w, Which::One(m.id), at());
    let Delivered::NotYet { error, .. } = &done[0].result else { panic!("{:?}", done[0]) };
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi);
    assert_eq!(fi.phrase(error), "postipalvelinta ei ole asetettu (vaihde mail set --smtp URL tai VAIHDE_SMTP_URL)");
    let stored = messages::get(w.store.conn(), m.id).unwrap();
    assert_eq!(stored.last_error.as_ref(), Some(error), "read back as the same phrase");
    let events = messages::events(w.store.conn(), m.id).unwrap();
    let failed = events.iter().find(|e| e.what == vaihde::messages::EventKind::TryFailed).expect("a failed try");
    assert_eq!(failed.said.as_ref(), Some(error));
    assert_eq!(failed.detail, "", "no JSON shown as a detail");
}

#[test]
fn a_scripts_answers_go_into_the_mail_under_its_call_type_and_a_header_never_carries_them() {
    let smtp = SmtpServer::start();
    let mut w = world(Some(&smtp));
    let script = vaihde::scripts::Script {
        id: 0,
        company_id: w.company,
        name: "Vikailmoitus".into(),
        when: Default::default(),
        say: Default::default(),
        questions: vec![vaihde::scripts::parse_question("text:Osoite:required").unwrap()],
        goes_to: None,
        urgent: false,
    };
    let script_id = w.store.write(|c| vaihde::scripts::add(c, &script, false)).unwrap();
    let mut d = draft(&w);
    d.script_id = Some(script_id);
    d.answers = vec![messages::Answer { label: "Osoite".into(), value: "Koivutie 3\r\nBcc: evil@example.org".into() }];
    let m = take(&mut w, d);
    deliver(&mut w, Which::One(m.id), at());
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let lines: Vec<&str> = got[0].body.lines().map(str::trim_end).collect();
    let at = lines.iter().position(|l| *l == "Vastaukset (Vikailmoitus):").expect("the answers' heading");
    assert_eq!(lines[at + 1..at + 3], ["  Osoite: Koivutie 3", "    Bcc: evil@example.org"], "{}", got[0].body);
    assert!(got[0].header("Bcc").is_none(), "an answer never becomes a header");
    assert!(got[0].rcpt_tos.iter().all(|r| !r.contains("evil")));
}
