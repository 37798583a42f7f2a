//! A company's own staff list followed from the command line: `vaihde feed
//! add --staff`, `vaihde sync`, and what the operator is told — in
//! Finnish here — when the list stops naming someone: the sync, `feed
//! list` and the person's card say so, and nobody is deleted.

mod common;

use std::path::Path;
use std::process::Output;

fn run(dir: &Path, at: &str, args: &[&str]) -> Output {
    common::bin(dir)
        .env("LC_ALL", "C")
        .args(["--lang", "fi", "--at", at, "--actor", "anna"])
        .args(args)
        .output()
        .expect("run vaihde")
}

fn ok(dir: &Path, at: &str, args: &[&str]) -> String {
    let out = run(dir, at, args);
    assert!(out.status.success(), "vaihde {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

const DAY1: &str = "2026-12-01T08:00:00+02:00";
const DAY2: &str = "2026-12-02T08:00:00+02:00";

fn write_list(path: &Path, rows: &[&str]) {
    let mut text = String::from("Etunimi;Sukunimi;Titteli;Sähköposti\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_staff_list_is_followed_and_someone_it_stops_listing_is_flagged_in_finnish() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let list = dir.path().join("henkilosto.csv");
    ok(&data, DAY1, &["company", "add", "--slug", "koivu", "--name", "Koivu Oy", "--language", "fi"]);
    write_list(
        &list,
        &[
            "Maija;Virtanen;HR-päällikkö;maija@koivu.example",
            "Jussi;Heikkinen;talouspäällikkö;jussi@koivu.example",
            "Aino;Aalto;myyjä;aino@koivu.example",
        ],
    );
    let added = ok(
        &data,
        DAY1,
        &["feed", "add", list.to_str().unwrap(), "--company", "koivu", "--staff", "--label", "HR-lista"],
    );
    assert!(added.contains("Henkilöstölähde #") && added.contains("ei koskaan poista"), "{added}");
    let synced = ok(&data, DAY1, &["sync", "--company", "koivu"]);
    assert!(synced.contains("HR-lista: 3 listattu: 3 uutta"), "{synced}");

    // Aino is not on the next list: flagged, not deleted.
    write_list(
        &list,
        &["Maija;Virtanen;HR-päällikkö;maija@koivu.example", "Jussi;Heikkinen;toimitusjohtaja;jussi@koivu.example"],
    );
    let synced = ok(&data, DAY2, &["sync", "--company", "koivu"]);
    assert!(synced.contains("1 päivitetty, 1 ei enää listassa"), "{synced}");
    assert!(synced.contains("Aino Aalto: ei enää lähteessä HR-lista"), "{synced}");
    let feeds = ok(&data, DAY2, &["feed", "list", "--company", "koivu"]);
    assert!(
        feeds.contains("henkilöstö") && feeds.contains("Aino Aalto: ei enää lähteessä HR-lista ke 2.12."),
        "{feeds}"
    );
    let card = ok(&data, DAY2, &["person", "show", "Aino Aalto", "--company", "koivu"]);
    assert!(card.contains("Ei enää lähteessä HR-lista ke 2.12."), "{card}");
    let people = ok(&data, DAY2, &["person", "list", "--company", "koivu"]);
    assert!(people.contains("Aino Aalto"), "still in the directory: {people}");
    let log = ok(&data, DAY2, &["changes", "--company", "koivu", "--since", "2026-12-02"]);
    assert!(log.contains("toimitusjohtaja") && log.contains("HR-lista"), "the feed is the actor: {log}");

    // The desk learns first: the new CEO pinned, until Anna has seen it.
    let card = ok(&data, DAY2, &["person", "show", "Jussi Heikkinen", "--company", "koivu"]);
    assert!(card.contains("* toimitusjohtaja ke 2.12. alkaen (ennen talouspäällikkö) (lähde: HR-lista)"), "{card}");
    let unseen = ok(&data, DAY2, &["changes", "--unseen"]);
    let lines: Vec<&str> = unseen.lines().collect();
    assert_eq!(lines.len(), 2, "{unseen}");
    assert!(lines[0].starts_with("[johto] koivu") && lines[0].contains("Jussi Heikkinen"), "{unseen}");
    assert!(lines[1].contains("Aino Aalto: Ei enää lähteessä HR-lista ke 2.12. alkaen"), "{unseen}");
    let marked = ok(&data, DAY2, &["changes", "--unseen", "--mark-seen"]);
    assert!(marked.contains("2 muutosta merkitty nähdyiksi"), "{marked}");
    assert!(ok(&data, DAY2, &["changes", "--unseen"]).contains("Ei uutta"));
    let other = common::bin(&data)
        .args(["--lang", "fi", "--at", DAY2, "--actor", "jenny", "changes", "--unseen"])
        .output()
        .expect("run vaihde");
    assert_eq!(String::from_utf8_lossy(&other.stdout).lines().count(), 2, "Jenny has not seen them");

    // A mapping with a field Vaihde does not know is refused when the feed is added.
    let out = run(
        &data,
        DAY2,
        &["feed", "add", list.to_str().unwrap(), "--company", "koivu", "--staff", "--map", "Puh=kenkä"],
    );
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("”Puh=kenkä” ei ole sarakemääritys") && said.contains("mobile"), "{said}");

    // The operator marks her as left: the flag is done with.
    ok(&data, DAY2, &["person", "leave", "Aino Aalto", "--company", "koivu"]);
    let feeds = ok(&data, DAY2, &["feed", "list", "--company", "koivu"]);
    assert!(!feeds.contains("Aino Aalto"), "{feeds}");

    // A list cut to nothing is refused in words, and the sync says it failed.
    std::fs::write(&list, "Etunimi;Sukunimi\n").unwrap();
    let out = run(&data, DAY2, &["sync", "--company", "koivu"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("EPÄONNISTUI") && said.contains("lista ei nimeä ketään"), "{said}");
    // Removing the feed removes nobody.
    ok(&data, DAY2, &["feed", "remove", "1", "--staff"]);
    assert!(ok(&data, DAY2, &["person", "list", "--company", "koivu"]).contains("Jussi Heikkinen"));
}
