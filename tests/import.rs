//! Staff import on real-looking files from `fixtures/import/`: encodings,
//! delimiters, header languages, vCard versions, re-import and bad files.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use vaihde::directory::{Stamp, changes, companies, people};
use vaihde::import::{self, ImportError, ImportReport, ReadOptions};
use vaihde::model::{Company, Language, PhoneKind};
use vaihde::store::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import").join(name)
}

fn stamp() -> Stamp {
    Stamp::new(Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap(), Some("test".into()))
}

fn setup() -> (Store, i64) {
    let store = Store::open_in_memory().unwrap();
    let company = Company::new("esimerkki", "Esimerkki Oy", Language::Fi, "Europe/Helsinki");
    let id = companies::insert(store.conn(), &company, &stamp(), false).unwrap();
    (store, id)
}

fn import(
    store: &mut Store,
    company: i64,
    name: &str,
    options: ReadOptions,
    full: bool,
) -> Result<ImportReport, ImportError> {
    let path = fixture(name);
    let file = import::read_file(&path, &options)?;
    store.write(|tx| import::merge(tx, company, &path, &file, full, &stamp()))
}

#[test]
fn finnish_excel_windows_1252_with_semicolons() {
    let (mut store, c) = setup();
    let report = import(&mut store, c, "henkilosto-excel-1252.csv", ReadOptions::default(), false).unwrap();
    assert_eq!(report.added.len(), 5);
    assert_eq!(report.ignored_columns, Vec::<String>::new());
    let conn = store.conn();
    let jyrki = people::resolve(conn, Some(c), "Jyrki Hämäläinen").unwrap();
    assert_eq!(jyrki.topics, vec!["laskutus", "ostolaskut"]);
    assert_eq!(jyrki.notes, "Soita mieluiten aamupäivällä; ei perjantaisin");
    let asa = people::resolve(conn, Some(c), "Åsa Öberg").unwrap();
    assert_eq!(asa.emails, vec!["asa.oberg@esimerkki.fi"]);
    let severine = people::resolve(conn, Some(c), "Séverine Müller").unwrap();
    assert_eq!(severine.phone(PhoneKind::Extension).unwrap().number, "1400");
    let maija = people::resolve(conn, Some(c), "Maikki").unwrap();
    assert_eq!(maija.phones.len(), 3);
}

#[test]
fn reimport_updates_instead_of_duplicating_and_reports_missing() {
    let (mut store, c) = setup();
    import(&mut store, c, "henkilosto-excel-1252.csv", ReadOptions::default(), false).unwrap();
    let report = import(&mut store, c, "henkilosto-reimport-1252.csv", ReadOptions::default(), true).unwrap();
    let names = |v: &[import::PersonRef]| v.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&report.added), vec!["Ville Uusi"]);
    assert_eq!(names(&report.updated), vec!["Maija Virtanen", "Pekka Saarinen"]);
    assert_eq!(report.unchanged, 2);
    assert_eq!(names(&report.missing), vec!["Åsa Öberg"], "reported, not deleted");
    let conn = store.conn();
    assert_eq!(people::list(conn, c).unwrap().len(), 6);
    let asa = people::resolve(conn, Some(c), "Åsa Öberg").unwrap();
    assert!(!asa.has_left(), "the operator decides who has left");
    let maija = people::resolve(conn, Some(c), "Maija Virtanen").unwrap();
    assert_eq!(maija.phone(PhoneKind::Mobile).unwrap().number, "040 999 8888");
    let log = changes::since(conn, Some(c), stamp().at).unwrap();
    let title =
        log.iter().find(|e| e.subject == "Pekka Saarinen" && e.field == vaihde::model::ChangeField::Title).unwrap();
    assert_eq!(title.old.as_ref().and_then(vaihde::model::ChangeValue::as_text), Some("HR-asiantuntija"));
    assert_eq!(title.new.as_ref().and_then(vaihde::model::ChangeValue::as_text), Some("HR-koordinaattori"));
}

#[test]
fn same_file_twice_changes_nothing() {
    let (mut store, c) = setup();
    import(&mut store, c, "outlook-contacts-v3.vcf", ReadOptions::default(), false).unwrap();
    let again = import(&mut store, c, "outlook-contacts-v3.vcf", ReadOptions::default(), true).unwrap();
    assert!(again.added.is_empty() && again.updated.is_empty() && again.missing.is_empty(), "{again:?}");
    assert_eq!(again.unchanged, 3);
}

#[test]
fn outlook_csv_with_bom_and_english_headers() {
    let (mut store, c) = setup();
    let report = import(&mut store, c, "outlook-export-utf8-bom.csv", ReadOptions::default(), false).unwrap();
    assert_eq!(report.added.len(), 2);
    let sarah = people::resolve(store.conn(), Some(c), "sarah.thompson@example.co.uk").unwrap();
    assert_eq!(sarah.given_name, "Sarah", "the BOM must not stick to the first header");
    assert_eq!(sarah.notes, "Prefers e-mail, not phone");
    assert_eq!(sarah.phone(PhoneKind::Direct).unwrap().number, "+44 20 7946 0101");
}

#[test]
fn swedish_headers_tab_separated() {
    let (mut store, c) = setup();
    import(&mut store, c, "personal-tab.tsv", ReadOptions::default(), false).unwrap();
    let asa = people::resolve(store.conn(), Some(c), "Åsa Sjöberg").unwrap();
    assert_eq!(asa.title, "personalchef");
    assert_eq!(asa.languages, vec!["sv", "fi"]);
    assert_eq!(asa.topics, vec!["personal", "löner"]);
}

#[test]
fn unknown_headers_need_a_mapping() {
    let (mut store, c) = setup();
    let report = import(&mut store, c, "custom-headers.csv", ReadOptions::default(), false).unwrap();
    assert_eq!(report.ignored_columns, vec!["Puh", "Kenkä"]);
    let options = ReadOptions {
        mapping: vec![import::parse_mapping("Puh=mobile").unwrap(), import::parse_mapping("Kenkä=ignore").unwrap()],
        ..ReadOptions::default()
    };
    let report = import(&mut store, c, "custom-headers.csv", options, false).unwrap();
    assert!(report.ignored_columns.is_empty());
    let anna = people::resolve(store.conn(), Some(c), "Anna Liisa Koski").unwrap();
    assert_eq!(anna.phone(PhoneKind::Mobile).unwrap().number, "040 111 2222");
}

#[test]
fn vcard_3_and_4() {
    let (mut store, c) = setup();
    import(&mut store, c, "outlook-contacts-v3.vcf", ReadOptions::default(), false).unwrap();
    import(&mut store, c, "nextcloud-contacts-v4.vcf", ReadOptions::default(), false).unwrap();
    let conn = store.conn();
    let maija = people::resolve(conn, Some(c), "Maija Virtanen").unwrap();
    assert_eq!(maija.department, "Henkilöstö");
    assert_eq!(maija.notes, "Ei puheluita ennen klo 10, mieluummin sähköposti. Lomat sovitaan esihenkilön kanssa.");
    assert_eq!(maija.topics, vec!["HR", "rekrytointi"]);
    let anders = people::resolve(conn, Some(c), "anders.lindqvist@esimerkki.fi").unwrap();
    assert_eq!(anders.phone(PhoneKind::Mobile).unwrap().number, "+358 40 765 4321");
    let asa = people::resolve(conn, Some(c), "Åsa S").unwrap();
    assert_eq!(asa.phone(PhoneKind::Direct).unwrap().number, "+358-18-12-301");
    assert_eq!(asa.phone(PhoneKind::Mobile).unwrap().number, "+358-457-123-4567");
}

#[test]
fn bad_files_are_rejected_whole_and_name_the_line() {
    let (mut store, c) = setup();
    import(&mut store, c, "outlook-contacts-v3.vcf", ReadOptions::default(), false).unwrap();
    let before = vaihde::backup::export(store.conn(), stamp().at).unwrap();
    for (name, line, words) in [
        ("broken-ragged.csv", 5, "delimiter"),
        ("broken-email.csv", 3, "per(at)example.com"),
        ("broken-no-name.vcf", 6, "neither FN nor N"),
    ] {
        let err = import(&mut store, c, name, ReadOptions::default(), false).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(name) && text.contains(&format!("line {line}")) && text.contains(words), "{text}");
    }
    let after = vaihde::backup::export(store.conn(), stamp().at).unwrap();
    assert_eq!(before, after, "a rejected file changes nothing");
}

#[test]
fn a_failing_row_late_in_a_file_rolls_back_the_rows_before_it() {
    let (mut store, c) = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dupes.csv");
    // Both rows are the same person (same e-mail): the second is refused, and the first must not stay.
    std::fs::write(&path, "Name,Email\nAnna Berg,anna@example.com\nAnna B.,ANNA@example.com\n").unwrap();
    let file = import::read_file(&path, &ReadOptions::default()).unwrap();
    let err = store.write(|tx| import::merge(tx, c, &path, &file, false, &stamp())).unwrap_err();
    assert!(err.to_string().contains("line 3") && err.to_string().contains("first on line 2"), "{err}");
    assert!(people::list(store.conn(), c).unwrap().is_empty());
}

#[test]
fn namesakes_with_different_emails_are_two_people() {
    let (mut store, c) = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("namesakes.csv");
    std::fs::write(&path, "Name,Email\nBjörn Eriksson,bjorn@example.com\nBjörn Eriksson,bjorn.e@example.com\n")
        .unwrap();
    let report = import(&mut store, c, path.to_str().unwrap(), ReadOptions::default(), false).unwrap();
    assert_eq!(report.added.len(), 2);
    // Re-importing the same file recognises each by e-mail.
    let again = import(&mut store, c, path.to_str().unwrap(), ReadOptions::default(), false).unwrap();
    assert_eq!((again.added.len(), again.unchanged), (0, 2));
}

#[test]
fn an_excel_workbook_is_read_with_the_csv_headers_and_its_quirks_said() {
    let (mut store, c) = setup();
    let report = import(&mut store, c, "excel-staff.xlsx", ReadOptions::default(), false).unwrap();
    assert_eq!(report.format.as_deref(), Some("Excel"));
    let names: Vec<&str> = report.added.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Pekka Koistinen", "Åsa Sjöberg", "Jussi Heikkinen"], "the empty and missing rows are skipped");
    // The date column is not staff data: reported, not imported.
    assert_eq!(report.ignored_columns, ["Aloituspäivä"]);
    let conn = store.conn();
    let pekka = people::resolve(conn, Some(c), "Pekka Koistinen").unwrap();
    assert_eq!(pekka.title, "toimitusjohtaja");
    assert_eq!(pekka.emails, ["pekka.koistinen@koivu.example"]);
    assert_eq!(pekka.phone(PhoneKind::Mobile).unwrap().number, "040 123 4567");
    let jussi = people::resolve(conn, Some(c), "Jussi Heikkinen").unwrap();
    assert!(jussi.emails.is_empty(), "a cell Excel left out is empty");
    assert_eq!(jussi.phone(PhoneKind::Mobile).unwrap().number, "+358 50 765 4321");
    // Excel made Åsa's number a number: its leading 0 is gone, and the operator is told where.
    let asa = people::resolve(conn, Some(c), "Åsa Sjöberg").unwrap();
    assert_eq!(asa.phone(PhoneKind::Mobile).unwrap().number, "401234568");
    assert!(
        report
            .warnings
            .iter()
            .map(|w| vaihde::words::Words::of(vaihde::model::Language::En).phrase(w))
            .any(|w| w.contains("Matkapuhelin") && w.contains("row 5") && w.contains("leading 0")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_named_sheet_is_read_and_an_unknown_one_is_refused_with_the_names() {
    let (mut store, c) = setup();
    let options = ReadOptions { sheet: Some("entiset".into()), ..ReadOptions::default() };
    let report = import(&mut store, c, "excel-staff.xlsx", options, false).unwrap();
    assert_eq!(report.added.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Maija Virtanen"]);
    let options = ReadOptions { sheet: Some("Staff".into()), ..ReadOptions::default() };
    let err = import(&mut store, c, "excel-staff.xlsx", options, false).unwrap_err().to_string();
    assert!(err.contains("excel-staff.xlsx") && err.contains("“Staff”") && err.contains("Henkilöstö"), "{err}");
}

#[test]
fn a_broken_workbook_or_a_bad_row_names_the_file_sheet_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("henkilöt.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let err = import::read_file(&broken, &ReadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("henkilöt.xlsx") && err.contains("not readable as an Excel workbook"), "{err}");
    // A bad e-mail on row 5 of the sheet: the sheet and Excel's row number.
    let mapped =
        ReadOptions { mapping: vec![import::parse_mapping("Matkapuhelin=email").unwrap()], ..ReadOptions::default() };
    let err = import::read_file(&fixture("excel-staff.xlsx"), &mapped).unwrap_err().to_string();
    assert!(err.contains("sheet \"Henkilöstö\", row 2") && err.contains("not an e-mail address"), "{err}");
}
