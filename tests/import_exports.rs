//! Staff files as their producers write them (fixtures in
//! `fixtures/import/`): Outlook's vCard 2.1 in Windows-1252 with
//! quoted-printable, a phone's export mixing 2.1 and 3.0, iCloud's item
//! groups, vCard 4 with names in two languages, Google Contacts (current
//! and older CSV), Outlook's full CSV, the Microsoft 365 and Google
//! Workspace admin user exports. Each is recognised without `--map`, every
//! field Vaihde has a place for arrives, and a second import changes nothing.

use std::path::{Path, PathBuf};

/// A note of the import in English.
fn en(p: &vaihde::words::Phrase) -> String {
    vaihde::words::Words::of(vaihde::model::Language::En).phrase(p)
}

use chrono::{TimeZone, Utc};
use vaihde::directory::{Stamp, companies, people};
use vaihde::import::{self, ImportReport, ReadOptions};
use vaihde::model::{Company, Id, Language, Person, PhoneKind};
use vaihde::store::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import").join(name)
}

fn stamp() -> Stamp {
    Stamp::new(Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap(), Some("test".into()))
}

struct Imported {
    store: Store,
    company: Id,
    report: ImportReport,
}

impl Imported {
    fn of(name: &str) -> Imported {
        let mut store = Store::open_in_memory().unwrap();
        let c = Company::new("asiakas", "Asiakas Oy", Language::Fi, "Europe/Helsinki");
        let company = store.write(|tx| companies::insert(tx, &c, &stamp(), false)).unwrap();
        let report = Imported::run(&mut store, company, name);
        let again = Imported::run(&mut store, company, name);
        assert!(
            again.added.is_empty() && again.updated.is_empty(),
            "{name}: a second import changes nothing: {again:?}"
        );
        Imported { store, company, report }
    }

    fn run(store: &mut Store, company: Id, name: &str) -> ImportReport {
        let path = fixture(name);
        let file = import::read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        store.write(|tx| import::merge(tx, company, &path, &file, false, &stamp())).unwrap()
    }

    fn person(&self, who: &str) -> Person {
        people::resolve(self.store.conn(), Some(self.company), who).unwrap_or_else(|e| panic!("{who}: {e}"))
    }
}

/// The person's numbers with their kinds, in the order the directory keeps them (by kind).
fn phones(p: &Person) -> Vec<(PhoneKind, &str)> {
    p.phones.iter().map(|ph| (ph.kind, ph.number.as_str())).collect()
}

#[test]
fn outlook_vcard_2_1_in_windows_1252() {
    let i = Imported::of("outlook-vcard-2.1-windows-1252.vcf");
    assert_eq!(i.report.format.as_deref(), Some("vCard 2.1"));
    assert_eq!(i.report.added.len(), 2);
    let p = i.person("Päivi Hämäläinen");
    assert_eq!((p.title.as_str(), p.department.as_str()), ("Henkilöstöpäällikkö", "Henkilöstö"));
    assert_eq!(p.emails, ["paivi.hamalainen@rakennus-koivu.fi"]);
    assert_eq!(
        phones(&p),
        [
            (PhoneKind::Direct, "+358 9 4321 2201"),
            (PhoneKind::Mobile, "040 555 0101"),
            (PhoneKind::Other, "09 111 2222"),
            (PhoneKind::Other, "09 4321 0001")
        ]
    );
    assert_eq!(p.notes, "Tavoittaa parhaiten aamupäivisin.\nEi puheluita perjantaisin klo 15 jälkeen.");
    // Raw Windows-1252 bytes (no quoted-printable) on the second card.
    let asa = i.person("Åsa Sjöström");
    assert_eq!((asa.title.as_str(), asa.department.as_str()), ("Ekonomichef", "Ekonomi"));
    assert_eq!(phones(&asa), [(PhoneKind::Direct, "018 12 345"), (PhoneKind::Mobile, "0457 123 4567")]);
}

#[test]
fn a_file_mixing_2_1_and_3_0_with_a_letter_split_across_a_soft_break() {
    let i = Imported::of("mixed-2.1-and-3.0.vcf");
    assert_eq!(i.report.format.as_deref(), Some("vCard 2.1, 3.0"));
    let mikko = i.person("Mikko Köykkä");
    assert_eq!(phones(&mikko), [(PhoneKind::Extension, "2301"), (PhoneKind::Mobile, "+358 40 777 8899")]);
    let birgitta = i.person("Birgitta Lind");
    assert_eq!((birgitta.title.as_str(), birgitta.department.as_str()), ("Säljare", "Försäljning"));
}

#[test]
fn icloud_item_groups_labels_and_a_group_card() {
    let i = Imported::of("icloud-contacts.vcf");
    assert_eq!(i.report.added.len(), 1, "the group card is not a person");
    assert!(
        i.report.warnings.iter().map(en).any(|w| w.contains("is a group, not a person: skipped")),
        "{:?}",
        i.report.warnings
    );
    let olli = i.person("Olli Lehtinen");
    assert_eq!((olli.title.as_str(), olli.department.as_str()), ("Reskontranhoitaja", "Talous"));
    assert_eq!(
        phones(&olli),
        [(PhoneKind::Extension, "2207"), (PhoneKind::Mobile, "+358 50 123 4567"), (PhoneKind::Other, "09 222 3333")]
    );
    assert_eq!(olli.phones[0].label, "Alanumero", "the custom label is kept");
    assert_eq!(olli.emails[0], "olli.lehtinen@rakennus-koivu.fi", "the preferred address first");
}

#[test]
fn vcard_4_names_in_two_languages_preferences_and_tel_uris() {
    let i = Imported::of("vcard4-altid.vcf");
    assert_eq!(i.report.format.as_deref(), Some("vCard 4.0"));
    assert!(i.report.warnings.iter().map(en).any(|w| w.contains("is an organisation")), "{:?}", i.report.warnings);
    let k = i.person("Kristina Berg");
    assert_eq!(k.aliases, ["Kirsti Vuori"], "the other language's name is an alias");
    assert_eq!(i.person("Kirsti Vuori").id, k.id, "found by either name");
    assert_eq!(k.emails, ["personal@skargardsbygg.ax", "kristina.berg@skargardsbygg.ax"], "PREF=1 first");
    assert_eq!(
        phones(&k),
        [
            (PhoneKind::Direct, "+358-18-12-347"),
            (PhoneKind::Direct, "+358-18-12-000"),
            (PhoneKind::Mobile, "+358-457-765-4321")
        ],
        "by kind; the preferred direct line (PREF=2) before the one without"
    );
}

#[test]
fn google_contacts_csv_with_label_value_pairs() {
    let i = Imported::of("google-contacts.csv");
    assert_eq!(i.report.format.as_deref(), Some("Google Contacts CSV"));
    let t = i.person("Tuula Jääskeläinen");
    assert_eq!((t.title.as_str(), t.department.as_str()), ("Hankintapäällikkö", "Hankinnat"));
    assert_eq!(t.emails, ["tuula.jaaskelainen@rakennus-koivu.fi", "hankinnat@rakennus-koivu.fi"]);
    assert_eq!(
        phones(&t),
        [(PhoneKind::Extension, "2310"), (PhoneKind::Direct, "+358 9 4321 2310"), (PhoneKind::Mobile, "040 123 9876")]
    );
    assert_eq!(t.aliases, ["Tuppu"]);
    assert_eq!(t.notes, "Ei puheluita ennen klo 9");
    let b = i.person("Björn Öhman");
    assert_eq!(phones(&b), [(PhoneKind::Extension, "311"), (PhoneKind::Other, "018 22 333")]);
    assert!(i.report.ignored_columns.iter().any(|c| c == "Organization Name"), "{:?}", i.report.ignored_columns);
    assert!(i.report.warnings.is_empty(), "{:?}", i.report.warnings);
}

#[test]
fn google_contacts_older_csv() {
    let i = Imported::of("google-contacts-older.csv");
    assert_eq!(i.report.format.as_deref(), Some("Google Contacts CSV"));
    let s = i.person("Sami Kärkkäinen");
    assert_eq!((s.title.as_str(), s.department.as_str()), ("Työmaapäällikkö", "Tuotanto"));
    assert_eq!(s.emails, ["sami.karkkainen@rakennus-koivu.fi", "sami@karkkainen.example"]);
    assert_eq!(phones(&s), [(PhoneKind::Extension, "2320"), (PhoneKind::Mobile, "050 987 6543")]);
}

#[test]
fn outlook_csv_whose_title_is_mr_or_ms() {
    let i = Imported::of("outlook-contacts-full.csv");
    assert_eq!(i.report.format.as_deref(), Some("Outlook CSV"));
    let h = i.person("Hanna Lindholm");
    assert_eq!((h.title.as_str(), h.department.as_str()), ("Viestintäpäällikkö", "Viestintä"), "Job Title, not Ms.");
    assert_eq!(
        phones(&h),
        [(PhoneKind::Direct, "+358 9 4321 2120"), (PhoneKind::Mobile, "040 321 7654")],
        "no home number"
    );
    assert_eq!(h.topics, ["media", "lehdistö"]);
    assert!(i.report.warnings.is_empty(), "known columns are not warnings: {:?}", i.report.warnings);
}

#[test]
fn microsoft_365_admin_user_export() {
    let i = Imported::of("m365-users.csv");
    assert_eq!(i.report.format.as_deref(), Some("Microsoft 365 admin user export"));
    let j = i.person("jussi.heikkinen@rakennus-koivu.fi");
    assert_eq!(
        (j.given_name.as_str(), j.title.as_str(), j.department.as_str()),
        ("Jussi", "Talouspäällikkö", "Talous")
    );
    assert_eq!(phones(&j), [(PhoneKind::Direct, "+358 9 4321 2106"), (PhoneKind::Mobile, "+358 40 111 2106")]);
    assert_eq!(j.languages, ["fi"]);
    assert_eq!(j.emails, ["jussi.heikkinen@rakennus-koivu.fi"], "not the private alternate address");
    let m = i.person("Märta Åkerlund");
    assert_eq!(m.languages, ["sv"]);
}

#[test]
fn google_workspace_admin_user_export() {
    let i = Imported::of("google-workspace-users.csv");
    assert_eq!(i.report.format.as_deref(), Some("Google Workspace admin user export"));
    let e = i.person("Eija Savolainen");
    assert_eq!((e.title.as_str(), e.department.as_str()), ("Myyntipäällikkö", "Myynti"));
    assert_eq!(e.emails, ["eija.savolainen@rakennus-koivu.fi"], "no recovery or manager address");
    assert_eq!(phones(&e), [(PhoneKind::Direct, "+358 9 4321 2330"), (PhoneKind::Mobile, "+358 40 765 4321")]);
    assert!(i.report.warnings.is_empty(), "{:?}", i.report.warnings);
}

#[test]
fn an_unmapped_column_of_numbers_is_a_warning_not_silence() {
    let i = Imported::of("hr-list-unmapped-phone.csv");
    assert_eq!(i.report.format.as_deref(), Some("CSV"));
    assert_eq!(i.report.ignored_columns, ["Työnumero", "Toimipiste"]);
    assert_eq!(i.report.warnings.len(), 1, "{:?}", i.report.warnings);
    let said = en(&i.report.warnings[0]);
    assert!(said.starts_with("column “Työnumero” holds telephone numbers but is not imported"), "{said}");
    assert!(said.contains("--map \"Työnumero=direct\""), "{said}");
    // The same note in the operator's language.
    let fi = vaihde::words::Words::of(vaihde::model::Language::Fi).phrase(&i.report.warnings[0]);
    assert!(fi.starts_with("sarakkeessa ”Työnumero” on puhelinnumeroita, mutta sitä ei tuoda"), "{fi}");
}
