//! Shared absence calendars and the people they name: only an address, a
//! full name or an alias marks someone away; a lone family or given name is
//! a suggestion the operator confirms or dismisses (remembered per event
//! UID); an event that starts or stops naming someone is said in the change
//! log and on the feed. Real files, real syncs, a fixed clock.

use chrono::{DateTime, Duration, TimeZone, Utc};
use vaihde::directory::{Stamp, absences, changes, companies, feeds, people};
use vaihde::model::{Company, Id, Language, Person};
use vaihde::store::Store;
use vaihde::sync::{self, FetchOptions, Fetcher};

/// Monday 23.11.2026 10:00 in Helsinki.
fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
}

fn stamp() -> Stamp {
    Stamp::new(at(), Some("tester".into()))
}

struct Desk {
    store: Store,
    company: Id,
    feed: Id,
    file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Desk {
    fn new(staff: &[(&str, &str)]) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("poissaolot.ics");
        std::fs::write(&file, calendar(&[])).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let company = Company::new("testi", "Testi Oy", Language::Fi, "Europe/Helsinki");
        let company = store.write(|tx| companies::insert(tx, &company, &stamp(), false)).unwrap();
        for (given, family) in staff {
            store.write(|tx| people::insert(tx, &Person::new(company, given, family), &stamp(), false)).unwrap();
        }
        let path = file.to_str().unwrap().to_string();
        let feed = store.write(|tx| feeds::add(tx, company, None, &path, "Poissaolot", &stamp())).unwrap();
        Desk { store, company, feed, file, _dir: dir }
    }

    fn person(&self, name: &str) -> Id {
        people::resolve(self.store.conn(), Some(self.company), name).unwrap().id
    }

    fn add_person(&mut self, given: &str, family: &str, alias: &[&str]) -> Id {
        let mut p = Person::new(self.company, given, family);
        p.aliases = alias.iter().map(|a| a.to_string()).collect();
        self.store.write(|tx| people::insert(tx, &p, &stamp(), false)).unwrap()
    }

    /// Writes the calendar with these (uid, title) all-day events tomorrow, and syncs it.
    async fn sync(&mut self, events: &[(&str, &str)]) {
        std::fs::write(&self.file, calendar(events)).unwrap();
        let fetcher = Fetcher::new(FetchOptions::default()).unwrap();
        let reports = sync::sync(&mut self.store, Some(self.company), at(), &fetcher, 1).await.unwrap();
        assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
    }

    fn away(&self, person: Id) -> Vec<String> {
        absences::of_person(self.store.conn(), person, at(), at() + Duration::days(7))
            .unwrap()
            .into_iter()
            .map(|a| a.reason)
            .collect()
    }

    fn view(&self) -> vaihde::model::FeedView {
        let f = feeds::get(self.store.conn(), self.feed).unwrap();
        feeds::view(self.store.conn(), &f).unwrap()
    }
}

fn calendar(events: &[(&str, &str)]) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for (uid, title) in events {
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\nDTSTART;VALUE=DATE:20261124\r\nDTEND;VALUE=DATE:20261126\r\nEND:VEVENT\r\n"
        ));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[tokio::test]
async fn family_names_that_are_common_words_never_make_anyone_absent() {
    let mut desk = Desk::new(&[("Anna", "Lahti"), ("Pertti", "Koski"), ("Maija", "Mäki"), ("Liisa", "Laine")]);
    desk.sync(&[
        ("r1", "Lahti-reissu loma"),
        ("r2", "Koski-kunnostus: koko päivän talkoot"),
        ("r3", "Mäki-Kuopion työmaa, poissa toimistolta"),
        ("r4", "Anna Lahti – koulutus"),
    ])
    .await;
    let anna = desk.person("Anna Lahti");
    assert_eq!(desk.away(anna), ["Anna Lahti – koulutus"], "only the full name counts");
    for name in ["Pertti Koski", "Maija Mäki", "Liisa Laine"] {
        assert!(desk.away(desk.person(name)).is_empty(), "{name} is not away");
    }
    let suggested: Vec<(String, String)> =
        desk.view().suggestions.into_iter().map(|s| (s.summary, s.person_name)).collect();
    assert_eq!(
        suggested,
        [
            ("Lahti-reissu loma".to_string(), "Anna Lahti".to_string()),
            ("Koski-kunnostus: koko päivän talkoot".into(), "Pertti Koski".into()),
            ("Mäki-Kuopion työmaa, poissa toimistolta".into(), "Maija Mäki".into()),
        ]
    );
}

#[tokio::test]
async fn a_suggestion_confirmed_marks_them_away_at_once_and_stays_confirmed() {
    let mut desk = Desk::new(&[("Maija", "Virtanen"), ("Kari", "Koivu")]);
    desk.sync(&[("v1", "Virtanen loma"), ("k1", "Koivu sairaana")]).await;
    let maija = desk.person("Maija Virtanen");
    let kari = desk.person("Kari Koivu");
    assert!(desk.away(maija).is_empty());
    assert_eq!(desk.view().suggestions.len(), 2);

    desk.store.write(|tx| feeds::decide_suggestion(tx, desk.feed, "v1", true, &stamp())).unwrap();
    assert_eq!(desk.away(maija), ["Virtanen loma"], "confirmed: away without waiting for a sync");
    desk.store.write(|tx| feeds::decide_suggestion(tx, desk.feed, "k1", false, &stamp())).unwrap();
    assert!(desk.away(kari).is_empty());
    let view = desk.view();
    assert!(view.suggestions.is_empty(), "{:?}", view.suggestions);
    assert_eq!(view.unmatched.iter().map(|u| u.summary.as_str()).collect::<Vec<_>>(), ["Koivu sairaana"]);

    // The next sync remembers both decisions, per event UID.
    desk.sync(&[("v1", "Virtanen loma"), ("k1", "Koivu sairaana")]).await;
    assert_eq!(desk.away(maija), ["Virtanen loma"]);
    assert!(desk.away(kari).is_empty());
    assert!(desk.view().suggestions.is_empty());
    // Who decided is in the change log.
    let log = changes::since(desk.store.conn(), Some(desk.company), at() - Duration::days(1)).unwrap();
    assert!(log.iter().any(|c| c.subject == "Maija Virtanen" && c.actor.as_deref() == Some("tester")), "{log:?}");
    // A suggestion that does not exist is an error, not a silent no-op.
    assert!(desk.store.write(|tx| feeds::decide_suggestion(tx, desk.feed, "nope", true, &stamp())).is_err());
}

/// Regression: after "Testi Henkilö" was added, the next sync matched the
/// shared calendar's "Tuntematon Henkilö loma" to him on the lone family
/// name and showed him away; the unmatched warning vanished and nobody was
/// told.
#[tokio::test]
async fn a_new_colleague_does_not_inherit_an_old_event_on_a_lone_name() {
    let mut desk = Desk::new(&[("Maija", "Virtanen")]);
    let events = [("t1", "Tuntematon Henkilö loma")];
    desk.sync(&events).await;
    assert_eq!(desk.view().unmatched.len(), 1);
    let testi = desk.add_person("Testi", "Henkilö", &[]);
    desk.sync(&events).await;
    assert!(desk.away(testi).is_empty(), "a lone family name marks nobody away");
    let view = desk.view();
    assert_eq!(view.suggestions.len(), 1);
    assert_eq!(view.suggestions[0].person_name, "Testi Henkilö");
    assert!(view.news.is_empty(), "a suggestion changes nobody's status");

    // The person the event really is about is added: now it names them, and that is said.
    let tuntematon = desk.add_person("Tuntematon", "Henkilö", &[]);
    desk.sync(&events).await;
    assert_eq!(desk.away(tuntematon), ["Tuntematon Henkilö loma"]);
    assert!(desk.away(testi).is_empty());
    let news = desk.view().news;
    assert_eq!(news.len(), 1, "{news:?}");
    assert!(news[0].names_them && news[0].person_name == "Tuntematon Henkilö", "{news:?}");
    let log = changes::since(desk.store.conn(), Some(desk.company), at() - Duration::days(1)).unwrap();
    assert!(
        log.iter().any(|c| c.field == vaihde::model::ChangeField::CalendarMatch && c.subject == "Tuntematon Henkilö"),
        "{log:?}"
    );
}

#[tokio::test]
async fn an_event_matched_by_an_alias_stops_when_the_alias_is_removed() {
    let mut desk = Desk::new(&[]);
    let maija = desk.add_person("Maija", "Virtanen", &["Maikki"]);
    let events = [("m1", "Maikki sairaana")];
    desk.sync(&events).await;
    assert_eq!(desk.away(maija), ["Maikki sairaana"], "an alias is sure");
    let mut p = people::get(desk.store.conn(), maija).unwrap();
    p.aliases.clear();
    desk.store.write(|tx| people::update(tx, &p, &stamp())).unwrap();
    desk.sync(&events).await;
    assert!(desk.away(maija).is_empty());
    let view = desk.view();
    assert_eq!(view.unmatched.len(), 1);
    assert!(view.news.iter().any(|n| !n.names_them && n.person_name == "Maija Virtanen"), "{:?}", view.news);
}

/// Regression: a 20,000-event calendar of daily events naming nobody (2.4
/// MB) made 8.6 million rows and 530 MB. Now one row per event; half that
/// flood here (the benchmark syncs the whole one).
#[tokio::test]
async fn a_flood_of_events_naming_nobody_is_one_row_per_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let company = Company::new("testi", "Testi Oy", Language::Fi, "Europe/Helsinki");
    let company = store.write(|tx| companies::insert(tx, &company, &stamp(), false)).unwrap();
    store.write(|tx| people::insert(tx, &Person::new(company, "Maija", "Virtanen"), &stamp(), false)).unwrap();
    let file = dir.path().join("flood.ics");
    std::fs::write(&file, vaihde::calendar::sample::flood(10_000)).unwrap();
    store.write(|tx| feeds::add(tx, company, None, file.to_str().unwrap(), "Tulva", &stamp())).unwrap();
    let size = |store: &Store| {
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        std::fs::metadata(vaihde::paths::database_path(dir.path())).unwrap().len()
    };
    let before = size(&store);
    let fetcher = Fetcher::new(FetchOptions::default()).unwrap();
    let reports = sync::sync(&mut store, Some(company), at(), &fetcher, 1).await.unwrap();
    assert!(reports[0].error.is_none(), "{reports:?}");
    let rows: i64 = store.conn().query_row("SELECT COUNT(*) FROM feed_unmatched", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 10_000, "one row per event");
    let feed = &feeds::list(store.conn(), Some(company)).unwrap()[0];
    let view = feeds::view(store.conn(), feed).unwrap();
    assert_eq!(view.unmatched[0].occurrences, 431, "30 days back, 400 ahead, and today");
    assert!(view.unmatched[0].next_at.is_some_and(|n| n >= at() - Duration::days(1)));
    let grown = size(&store) - before;
    assert!(grown < 5 * 1024 * 1024, "the database grew by {grown} bytes");
}

/// A shared calendar that names someone in more absences than a feed may
/// keep: the earliest are kept, and the calendars panel says so.
#[tokio::test]
async fn a_feed_keeps_at_most_its_cap_of_absences_and_says_so() {
    let mut desk = Desk::new(&[("Maija", "Virtanen")]);
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n");
    for i in 0..130 {
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:m{i}\r\nSUMMARY:Maija Virtanen palaveri {i}\r\nDTSTART:20261101T{:02}{:02}00Z\r\nDURATION:PT1M\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n",
            i / 60,
            i % 60
        ));
    }
    ics.push_str("END:VCALENDAR\r\n");
    std::fs::write(&desk.file, ics).unwrap();
    let fetcher = Fetcher::new(FetchOptions::default()).unwrap();
    let reports = sync::sync(&mut desk.store, Some(desk.company), at(), &fetcher, 1).await.unwrap();
    let stored: i64 = desk.store.conn().query_row("SELECT COUNT(*) FROM absences", [], |r| r.get(0)).unwrap();
    assert!((50_000..50_200).contains(&stored), "{stored}");
    let said = reports[0].warnings.first().cloned();
    assert!(matches!(said, Some(vaihde::model::FeedNote::Capped { max: 50_000, .. })), "{said:?}");
    let said = said.map(|n| n.to_string()).unwrap_or_default();
    assert!(said.contains("more than 50,000 absences") && said.contains("the earliest 50,000 are kept"), "{said}");
    assert_eq!(desk.view().warnings.first(), reports[0].warnings.first());
    // In the operator's language, with the date in its words.
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi).feed_note(&desk.view().warnings[0]);
    assert!(fi.starts_with("yli 50\u{a0}000 poissaoloa") && fi.contains("asti"), "{fi}");
}
