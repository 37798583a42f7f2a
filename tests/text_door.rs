//! Text as it really arrives: decomposed Unicode, zero-width and bidi
//! characters, NUL bytes and megabyte-long values, through every door
//! (staff import, CLI edit, desktop edit, calendar feed) and the migration
//! that heals what was stored before the door existed.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use vaihde::api::{self, Clock, SearchArgs, Session};
use vaihde::directory::{Stamp, companies, feeds, people};
use vaihde::import::{self, ReadOptions};
use vaihde::model::{Company, Id, Language};
use vaihde::store::Store;
use vaihde::sync::{self, FetchOptions, Fetcher};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
}

fn stamp() -> Stamp {
    Stamp::new(at(), Some("test".into()))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import").join(name)
}

fn company(store: &mut Store) -> Id {
    let c = Company::new("esimerkki", "Esimerkki Oy", Language::Fi, "Europe/Helsinki");
    store.write(|tx| companies::insert(tx, &c, &stamp(), false)).unwrap()
}

/// Who the desk's search finds first for `query` in the company.
fn first_hit(store: Store, company: Id, query: &str) -> (Store, Option<String>) {
    let mut session = Session::new(vaihde::Directory::new(store), Clock::Fixed(at()));
    let rows = api::search_rows(
        &mut session,
        SearchArgs { query: query.into(), company_id: Some(company), limit: 3, ..Default::default() },
    )
    .unwrap();
    (session.directory.into_store(), rows.first().map(|r| r.person.name.clone()))
}

fn imported() -> (Store, Id) {
    let mut store = Store::open_in_memory().unwrap();
    let c = company(&mut store);
    let path = fixture("from-other-systems.csv");
    let file = import::read_file(&path, &ReadOptions::default()).unwrap();
    store.write(|tx| import::merge(tx, c, &path, &file, false, &stamp())).unwrap();
    (store, c)
}

#[test]
fn decomposed_names_are_found_by_what_a_caller_would_type() {
    let (mut store, c) = imported();
    let p = people::resolve(store.conn(), Some(c), "Päivi Hämäläinen").unwrap();
    assert_eq!(p.family_name, "Hämäläinen", "stored composed (NFC)");
    assert_eq!(p.title, "Henkilöstöpäällikkö");
    for query in ["hamalainen", "päivi hämäläinen", "Hämäläinen", "HAMALAINEN paivi", "Pa\u{0308}ivi"] {
        let (back, found) = first_hit(store, c, query);
        store = back;
        assert_eq!(found.as_deref(), Some("Päivi Hämäläinen"), "{query:?}");
    }
}

#[test]
fn invisible_and_control_characters_never_reach_the_store() {
    let (mut store, c) = imported();
    let zero = people::resolve(store.conn(), Some(c), "zero@esimerkki.fi").unwrap();
    assert_eq!(zero.given_name, "Zero");
    assert_eq!(zero.phones[0].number, "2202");
    let maija = people::resolve(store.conn(), Some(c), "maija@esimerkki.fi").unwrap();
    assert_eq!(maija.given_name, "Maija", "the NUL byte is gone");
    let eevi = people::resolve(store.conn(), Some(c), "eevi@esimerkki.fi").unwrap();
    assert_eq!(eevi.family_name, "Korhonen", "no right-to-left override");
    let jussi = people::resolve(store.conn(), Some(c), "jussi@esimerkki.fi").unwrap();
    assert_eq!((jussi.given_name.as_str(), jussi.family_name.as_str()), ("Jussi", "Heikkinen"));
    assert_eq!(jussi.title, "Talouspäällikkö", "bidi isolates removed from a title");
    for (query, name) in
        [("zero", "Zero Nollanen"), ("maija virtanen", "Maija Virtanen"), ("korhonen", "Eevi Korhonen")]
    {
        let (back, found) = first_hit(store, c, query);
        store = back;
        assert_eq!(found.as_deref(), Some(name), "{query:?}");
    }
    // Importing the same file again changes nothing: stored and read text compare equal.
    let path = fixture("from-other-systems.csv");
    let file = import::read_file(&path, &ReadOptions::default()).unwrap();
    let again = store.write(|tx| import::merge(tx, c, &path, &file, false, &stamp())).unwrap();
    assert!(again.added.is_empty() && again.updated.is_empty(), "{again:?}");
}

#[test]
fn a_five_megabyte_name_is_refused_with_its_line_and_nothing_changes() {
    let (mut store, c) = imported();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let huge = "V".repeat(5 * 1024 * 1024);
    std::fs::write(&path, format!("Etunimi;Sukunimi\r\nLiisa;Lehtonen\r\nMaija;{huge}\r\n")).unwrap();
    let e = import::read_file(&path, &ReadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("huge.csv, line 3: family name is 5,242,880 characters long"), "{}", &e[..e.len().min(300)]);
    assert!(e.len() < 300, "only an excerpt of the value is quoted: {} bytes", e.len());
    let before = people::list(store.conn(), c).unwrap().len();
    // A 10 MB vCard NOTE: refused the same way.
    let vcf = dir.path().join("huge.vcf");
    let note = "n".repeat(10 * 1024 * 1024);
    std::fs::write(
        &vcf,
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Outi Uusi\r\nN:Uusi;Outi;;;\r\nNOTE:{note}\r\nEND:VCARD\r\n"),
    )
    .unwrap();
    let e = import::read_file(&vcf, &ReadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("line 1: notes is 10,485,760 characters long") && e.len() < 300, "{}", &e[..e.len().min(300)]);
    // A note at the limit is fine.
    std::fs::write(
        &vcf,
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Outi Uusi\r\nN:Uusi;Outi;;;\r\nNOTE:{}\r\nEND:VCARD\r\n",
            "n".repeat(10_000)
        ),
    )
    .unwrap();
    let file = import::read_file(&vcf, &ReadOptions::default()).unwrap();
    store.write(|tx| import::merge(tx, c, &vcf, &file, false, &stamp())).unwrap();
    assert_eq!(people::list(store.conn(), c).unwrap().len(), before + 1);
}

#[test]
fn desktop_edits_go_through_the_same_door() {
    let (store, c) = imported();
    let mut session = Session::new(vaihde::Directory::new(store), Clock::Fixed(at()));
    let form = serde_json::json!({"id": null, "company_id": c, "outsider": false,
        "given_name": "Ou\u{200B}ti", "family_name": "Uu\u{0308}sitalo\u{202E}", "title": "", "department": "",
        "aliases": "", "topics": "", "emails": "", "extension": "22\u{0}99", "direct": "", "mobile": "", "notes": ""});
    let id = api::dispatch(&mut session, "save_person", form.clone()).unwrap();
    let p = people::get(session.directory.conn(), id.as_i64().unwrap()).unwrap();
    assert_eq!((p.given_name.as_str(), p.family_name.as_str()), ("Outi", "Uüsitalo"));
    assert_eq!(p.phones[0].number, "2299");
    let mut long = form;
    long["family_name"] = serde_json::json!("x".repeat(201));
    let e = api::dispatch(&mut session, "save_person", long).unwrap_err();
    assert_eq!(e.kind, vaihde::api::ErrorKind::Invalid);
    assert!(e.message.starts_with("family name is 201 characters long"), "{}", e.message);
    assert_eq!(e.field, Some(vaihde::model::Field::FamilyName), "the window marks the field");
}

#[tokio::test]
async fn calendar_titles_are_cleaned_and_decomposed_names_match() {
    let mut store = Store::open_in_memory().unwrap();
    let c = company(&mut store);
    let maija = store
        .write(|tx| people::insert(tx, &vaihde::model::Person::new(c, "Päivi", "Hämäläinen"), &stamp(), false))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("cal.ics");
    let title = format!("{} loma\u{202E} {}", "Pa\u{0308}ivi Ha\u{0308}ma\u{0308}la\u{0308}inen", "x".repeat(3_000));
    std::fs::write(
        &ics,
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:{title}\r\nDTSTART;VALUE=DATE:20261124\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    )
    .unwrap();
    store.write(|tx| feeds::add(tx, c, None, ics.to_str().unwrap(), "Poissa\u{200B}olot", &stamp())).unwrap();
    sync::sync(&mut store, Some(c), at(), &Fetcher::new(FetchOptions::default()).unwrap(), 1).await.unwrap();
    let away =
        vaihde::directory::absences::of_person(store.conn(), maija, at(), at() + chrono::Duration::days(3)).unwrap();
    assert_eq!(away.len(), 1, "a decomposed full name in the title is her full name");
    assert!(away[0].reason.starts_with("Päivi Hämäläinen loma x"), "{}", &away[0].reason[..40]);
    assert!(!away[0].reason.contains('\u{202E}'));
    assert_eq!(away[0].reason.chars().count(), 1_000, "a stranger's long title is cut, not refused");
    let feed = &feeds::list(store.conn(), Some(c)).unwrap()[0];
    assert_eq!(feed.label, "Poissaolot");
}

#[test]
fn opening_an_old_directory_heals_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let (c, id) = {
        let mut store = Store::open_dir(dir.path()).unwrap();
        let c = company(&mut store);
        let id = store
            .write(|tx| people::insert(tx, &vaihde::model::Person::new(c, "Maija", "Virtanen"), &stamp(), false))
            .unwrap();
        // What a directory from before the door could hold, written past it.
        store
            .conn()
            .execute(
                "UPDATE people SET given_name = ?2, family_name = ?3, aliases = ?4 WHERE id = ?1",
                vaihde::params![
                    id,
                    "Pa\u{0308}ivi\u{0}",
                    "Ha\u{0308}ma\u{0308}la\u{0308}inen\u{200B}",
                    "[\"Pa\u{0308}ikki\u{202E}\"]"
                ],
            )
            .unwrap();
        // And the schema of then: migration 5 was its newest.
        let triggers: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'live_%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for t in triggers {
            store.conn().execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        store
            .conn()
            .execute_batch(
                "DELETE FROM schema_migrations WHERE version > 5;
                 ALTER TABLE feed_unmatched DROP COLUMN occurrences;
                 ALTER TABLE feed_unmatched DROP COLUMN next_at;
                 ALTER TABLE feeds DROP COLUMN last_problem;
                 ALTER TABLE feeds DROP COLUMN on_call;
                 ALTER TABLE feeds DROP COLUMN address;
                 ALTER TABLE changes DROP COLUMN old_value;
                 ALTER TABLE changes DROP COLUMN new_value;
                 DROP TABLE call_scripts; DROP TABLE shifts; DROP TABLE learned_seen; DROP TABLE learned;
                 DROP TABLE on_call_shifts; DROP TABLE staff_feed_cards; DROP TABLE staff_sources; DROP TABLE staff_feeds;
                 DROP TABLE calls; DROP TABLE message_events; DROP TABLE message_recipients;
                 DROP TABLE messages; DROP TABLE mail_settings; DROP TABLE company_messaging;
                 DROP TABLE live_changes;
                 DROP TABLE person_numbers;
                 ALTER TABLE people DROP COLUMN version;",
            )
            .unwrap();
        (c, id)
    };
    let store = Store::open_dir(dir.path()).unwrap();
    let p = people::get(store.conn(), id).unwrap();
    assert_eq!((p.given_name.as_str(), p.family_name.as_str()), ("Päivi", "Hämäläinen"));
    assert_eq!(p.aliases, ["Päikki"]);
    let (_, found) = first_hit(store, c, "paivi hamalainen");
    assert_eq!(found.as_deref(), Some("Päivi Hämäläinen"), "the index is built from the healed store");
}
