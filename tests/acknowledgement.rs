//! Urgent means acknowledged: messages go out through a real SMTP server
//! (aiosmtpd) and their recipients' replies come back through a real IMAP
//! server (Debian's dovecot), both started by the test on free loopback
//! ports. A reply from a recipient acknowledges that message; a reply to
//! another message, a forged `In-Reply-To` naming another company's
//! message, a stranger's reply and an unrelated mail acknowledge nothing;
//! a reply read twice acknowledges once. An urgent message nobody
//! acknowledges climbs the ladder (the covering colleague, whoever is on
//! call, the company's address), each rung once and on its own, and ends
//! as an alarm. On SQLite, and on PostgreSQL in the suite's PostgreSQL run.

#[path = "support/imap_server.rs"]
mod imap_server;
#[path = "support/smtp_server.rs"]
mod smtp_server;

use chrono::{DateTime, Duration, TimeZone, Utc};
use imap_server::ImapServer;
use smtp_server::SmtpServer;
use vaihde::directory::{Stamp, companies, people};
use vaihde::messages::escalation::{self, Step};
use vaihde::messages::outbox::{self, Round, Which};
use vaihde::messages::replies::RepliesRead;
use vaihde::messages::take::{self, Draft};
use vaihde::messages::{self, AckHow, Acknowledgement, Message, Status, recipients, settings};
use vaihde::model::{Company, Id, Language, Person};
use vaihde::store::Store;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap()
}

const MAIJA: &str = "maija.virtanen@koivu.example";
const MATS: &str = "mats.eriksson@skargard.example";

struct World {
    store: Store,
    koivu: Id,
    skargard: Id,
}

fn world(smtp: &SmtpServer, imap_url: &str) -> World {
    let store = Store::open_in_memory().unwrap();
    let stamp = Stamp::new(at() - Duration::days(30), None);
    let company = |slug: &str, name: &str, lang| {
        companies::insert(store.conn(), &Company::new(slug, name, lang, "Europe/Helsinki"), &stamp, false).unwrap()
    };
    let koivu = company("koivu", "Rakennus-Koivu Oy", Language::Fi);
    let skargard = company("skargard", "Skärgårdens Bygg Ab", Language::Sv);
    for (c, given, family, email) in [(koivu, "Maija", "Virtanen", MAIJA), (skargard, "Mats", "Eriksson", MATS)] {
        let mut p = Person::new(c, given, family);
        p.emails.push(email.into());
        people::insert(store.conn(), &p, &stamp, false).unwrap();
    }
    let smtp = smtp.url();
    let change = settings::MailChange {
        smtp_url: Some(&smtp),
        imap_url: Some(imap_url),
        mail_from: Some("vaihde@vastaus.example"),
        ..Default::default()
    };
    settings::set(store.conn(), &change).unwrap();
    World { store, koivu, skargard }
}

fn take(w: &mut World, company: Id, name: &str, body: &str) -> Message {
    let s = recipients::suggest(w.store.conn(), company, name, at(), None).unwrap();
    let d = Draft {
        company_id: company,
        for_person_id: s.for_person_id,
        for_words: s.for_words,
        caller_name: "Pekka Koistinen".into(),
        caller_number: "040 555 0199".into(),
        body: body.into(),
        urgent: true,
        said: s.said,
        recipients: s.recipients,
        ..Default::default()
    };
    w.store.write(|c| take::take(c, d, at(), "anna")).unwrap()
}

/// A delivery round at `when`: what it read from the mailbox.
fn round(w: &mut World, when: DateTime<Utc>) -> RepliesRead {
    let http = outbox::http_client().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    match rt.block_on(outbox::deliver(&mut w.store, Which::AllQueued, when, &http)).unwrap() {
        Round::Ran { replies, .. } => replies,
        Round::OtherDesk { desk } => panic!("another desk delivers: {desk:?}"),
    }
}

/// A mail as a mail program writes it.
fn mail(from: &str, subject: &str, in_reply_to: Option<&str>, references: Option<&str>) -> String {
    let mut m = format!(
        "From: {from}\nTo: vaihde@vastaus.example\nSubject: {subject}\nDate: Wed, 02 Dec 2026 10:05:00 +0200\n\
         Message-ID: <{}@mail.example>\n",
        subject.len() + from.len()
    );
    if let Some(id) = in_reply_to {
        m.push_str(&format!("In-Reply-To: {id}\n"));
    }
    if let Some(refs) = references {
        m.push_str(&format!("References: {refs}\n"));
    }
    m.push_str("Content-Type: text/plain; charset=utf-8\n\nSelvä, soitan hänelle.\n");
    m
}

fn status(w: &World, m: &Message) -> Status {
    messages::get(w.store.conn(), m.id).unwrap().status
}

#[test]
fn a_recipients_reply_acknowledges_that_message_and_nothing_else_does() {
    let smtp = SmtpServer::start();
    let imap = ImapServer::start();
    let mut w = world(&smtp, &imap.url());
    let (koivu, skargard) = (w.koivu, w.skargard);
    let first = take(&mut w, koivu, "Maija Virtanen", "Vesivahinko työmaalla");
    let second = take(&mut w, koivu, "Maija Virtanen", "Toinen asia");
    let other_company = take(&mut w, skargard, "Mats Eriksson", "Brådskande");
    assert_eq!(round(&mut w, at()), RepliesRead::default(), "an empty mailbox: nothing read, no trouble");
    let sent = smtp.received();
    assert_eq!(sent.len(), 3);
    // The reply names the Message-ID the recipient's mail program saw.
    let seen_id = sent.iter().find(|r| r.body.contains("Vesivahinko")).and_then(|r| r.header("Message-ID")).unwrap();
    assert_eq!(seen_id, first.mail_id);

    imap.deliver(&mail(&format!("Maija Virtanen <{}>", MAIJA.to_uppercase()), "Re: kiireellinen", Some(seen_id), None));
    // Maija answering Mats's message, with its id forged into In-Reply-To.
    imap.deliver(&mail(MAIJA, "Re: Brådskande", Some(&other_company.mail_id), None));
    // A stranger answering Maija's other message.
    imap.deliver(&mail("someone@elsewhere.example", "Re: Toinen asia", Some(&second.mail_id), None));
    // Mats writing about something else.
    imap.deliver(&mail(MATS, "Lunch?", None, None));

    let later = at() + Duration::minutes(5);
    let read = round(&mut w, later);
    assert_eq!((read.read, read.acknowledged.clone(), read.error.clone()), (4, vec![first.id], None), "{}", imap.log());
    assert_eq!(status(&w, &first), Status::Acknowledged);
    assert_eq!((status(&w, &second), status(&w, &other_company)), (Status::Sent, Status::Sent));
    let events = messages::events(w.store.conn(), first.id).unwrap();
    assert_eq!(
        Acknowledgement::of(&events),
        Some(Acknowledgement { at: later, by: MAIJA.into(), how: AckHow::Reply }),
        "who, when and how, from the message's history"
    );

    // Her reply to the second message names it only in References (a reply to a reply).
    imap.deliver(&mail(MAIJA, "Re: Re: Toinen asia", Some("<unrelated@mail.example>"), Some(&second.mail_id)));
    let read = round(&mut w, later + Duration::minutes(1));
    assert_eq!((read.read, read.acknowledged), (1, vec![second.id]), "only what arrived since the last round");
    // Read again: nothing new, nothing acknowledged twice.
    assert_eq!(round(&mut w, later + Duration::minutes(2)).read, 0);
    let acks = |m: &Message| {
        let events = messages::events(w.store.conn(), m.id).unwrap();
        events.iter().filter(|e| e.what == messages::EventKind::Acknowledged).count()
    };
    assert_eq!((acks(&first), acks(&second), acks(&other_company)), (1, 1, 0));
}

#[test]
fn a_mailbox_out_of_reach_is_said_and_the_messages_still_go_out() {
    let smtp = SmtpServer::start();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut w = world(&smtp, &format!("imap://vastaus:x@127.0.0.1:{closed}"));
    let koivu = w.koivu;
    let m = take(&mut w, koivu, "Maija Virtanen", "Kiire");
    let read = round(&mut w, at());
    assert_eq!(status(&w, &m), Status::Sent, "delivery does not wait for the mailbox");
    let error = read.error.expect("the mailbox's trouble is said");
    let en = vaihde::words::Words::of(Language::En).phrase(&error);
    assert!(en.starts_with("the replies could not be read from the mailbox: "), "{en}");
    assert!(!en.contains("vastaus:x"), "no password in what is said: {en}");
}

/// A delivery round at `when`: the escalation's steps.
fn steps(w: &mut World, when: DateTime<Utc>) -> Vec<Step> {
    let http = outbox::http_client().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    match rt.block_on(outbox::deliver(&mut w.store, Which::Due, when, &http)).unwrap() {
        Round::Ran { escalations, .. } => escalations,
        Round::OtherDesk { desk } => panic!("another desk delivers: {desk:?}"),
    }
}

#[test]
fn an_urgent_message_nobody_acknowledges_climbs_each_rung_once_and_ends_as_an_alarm() {
    use vaihde::directory::{absences, delegates, feeds};
    use vaihde::model::{AbsenceKind, Delegate, NewAbsence};
    let smtp = SmtpServer::start();
    let imap = ImapServer::start();
    let mut w = world(&smtp, &imap.url());
    let koivu = w.koivu;
    let stamp = Stamp::new(at() - Duration::days(30), None);
    let conn = w.store.conn();
    let add = |given: &str, family: &str, email: &str| {
        let mut p = Person::new(koivu, given, family);
        p.emails.push(email.into());
        people::insert(conn, &p, &stamp, false).unwrap()
    };
    let maija = people::resolve(conn, Some(koivu), "Maija Virtanen").unwrap().id;
    let sari = add("Sari", "Mäkinen", "sari.makinen@koivu.example");
    let olli = add("Olli", "Päivystäjä", "olli@koivu.example");
    delegates::set(
        conn,
        maija,
        &[Delegate { delegate_id: sari, position: 0, from: None, until: None, topic: None }],
        &stamp,
    )
    .unwrap();
    // Maija is away; the operator sent it to her alone (the form allows it).
    let away = NewAbsence {
        person_id: maija,
        starts_at: at() - Duration::days(1),
        ends_at: at() + Duration::days(1),
        kind: AbsenceKind::Sick,
        reason: String::new(),
    };
    absences::add_manual(conn, &away, &stamp).unwrap();
    // Olli is on call all day on the company's rota.
    let rota = feeds::add(conn, koivu, None, "https://calendar.example/paivystys.ics", "Päivystys", &stamp).unwrap();
    vaihde::presence::on_call::set_rota(conn, rota, "Päivystys").unwrap();
    let shift = feeds::CalendarAbsence {
        person_id: olli,
        starts_at: at() - Duration::hours(2),
        ends_at: at() + Duration::hours(10),
        kind: AbsenceKind::Other,
        reason: "Päivystys".into(),
        uid: "shift-1".into(),
        recurrence_id: None,
    };
    vaihde::presence::on_call::replace(conn, rota, &[shift]).unwrap();
    let change = settings::MessagingChange {
        address: Some("info@koivu.example".into()),
        ack_minutes: Some(10),
        ..Default::default()
    };
    settings::set_messaging(conn, koivu, &change).unwrap();

    let s = recipients::suggest(conn, koivu, "Maija Virtanen", at(), None).unwrap();
    let only_maija: Vec<_> = s.recipients.iter().filter(|r| r.address == MAIJA).cloned().collect();
    let d = Draft {
        company_id: koivu,
        for_person_id: s.for_person_id,
        for_words: s.for_words,
        caller_name: "Työmaa".into(),
        caller_number: "040 555 0199".into(),
        body: "Vesivahinko".into(),
        urgent: true,
        recipients: only_maija,
        ..Default::default()
    };
    let m = w.store.write(|c| take::take(c, d, at(), "anna")).unwrap();
    assert_eq!(m.ack_due_at, Some(at() + Duration::minutes(10)), "the company's time");
    assert!(steps(&mut w, at()).is_empty());
    assert_eq!(smtp.received().len(), 1);

    // Each rung once, at its time, however many rounds run meanwhile.
    let ladder = [
        (10, Step::Escalated { id: m.id, to: "sari.makinen@koivu.example".into() }),
        (20, Step::Escalated { id: m.id, to: "olli@koivu.example".into() }),
        (30, Step::Escalated { id: m.id, to: "info@koivu.example".into() }),
        (40, Step::Alarm { id: m.id }),
    ];
    for (minutes, want) in ladder {
        let when = at() + Duration::minutes(minutes);
        assert!(steps(&mut w, when - Duration::seconds(30)).is_empty(), "not before {minutes} min");
        assert_eq!(steps(&mut w, when), std::slice::from_ref(&want), "at {minutes} min");
        assert!(steps(&mut w, when).is_empty(), "a second round at {minutes} min climbs no further");
        if let Step::Escalated { to, .. } = &want {
            let last = smtp.received().pop().unwrap();
            assert_eq!(last.rcpt_tos, std::slice::from_ref(to), "the new recipient gets it on their own");
            assert_eq!(last.header("Message-ID"), Some(m.mail_id.as_str()), "the same message, to answer");
        }
    }
    assert_eq!(smtp.received().len(), 4, "one mail per rung, none twice");
    let alarms = escalation::alarms(w.store.conn(), at() + Duration::minutes(42)).unwrap();
    assert_eq!(alarms.len(), 1);
    let en = vaihde::words::Words::of(Language::En).phrase(&alarms[0].said);
    assert_eq!(
        en,
        format!("urgent message #{} for Maija Virtanen not acknowledged in 42 min: call them or the client", m.id)
    );

    // Olli, a recipient since his rung, answers: acknowledged, and the alarm is gone.
    imap.deliver(&mail("olli@koivu.example", "Re: Vesivahinko", Some(&m.mail_id), None));
    assert_eq!(round(&mut w, at() + Duration::minutes(45)).acknowledged, [m.id]);
    assert!(escalation::alarms(w.store.conn(), at() + Duration::minutes(46)).unwrap().is_empty());
    let events = messages::events(w.store.conn(), m.id).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.what.code()).collect();
    assert_eq!(
        kinds,
        ["taken", "sent", "escalated", "sent", "escalated", "sent", "escalated", "sent", "alarm", "acknowledged"]
    );
}
