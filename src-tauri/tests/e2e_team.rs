//! Two desks on one team database — this window and another desk's CLI —
//! see each other's edits within a second. And a desk whose server goes
//! away mid-use: the window says so in a banner with the time of its copy, keeps searching and
//! opening cards from that copy, refuses an edit with a sentence, and when
//! the server is back the banner goes and edits work again — without a
//! restart. The PostgreSQL server is the test's own (it is stopped and
//! started). Run with `scripts/e2e`.

mod common;

#[path = "../../tests/support/pg_server.rs"]
mod pg_server;

use std::time::Duration;

use common::page::*;
use common::screenshot;
use fantoccini::Locator;

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and PostgreSQL: scripts/e2e"]
async fn the_window_keeps_working_from_its_copy_while_the_team_database_is_away() {
    let Some(server) = pg_server::PgServer::start() else {
        eprintln!("no PostgreSQL on this machine: skipped");
        return;
    };
    let url = server.url();
    let data = tempfile::tempdir().expect("data dir");
    vaihde_cli(data.path(), &["--database", &url, "demo"]);
    let client = open_app_with(data.path(), &["--database", &url]).await;

    // The desk keeps its copy of the team database (after its first sync round).
    let started = std::time::Instant::now();
    while !std::fs::read_dir(data.path()).expect("data dir").flatten().any(|e| {
        e.file_name().to_string_lossy().ends_with(".sqlite3")
            && e.file_name().to_string_lossy().starts_with("team-copy-")
    }) {
        assert!(started.elapsed() < Duration::from_secs(30), "no copy of the team database was kept");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "maija virtanen", "Maija Virtanen").await;

    server.stop();
    let banner = text_within(&client, "#team-away", Duration::from_secs(10), |t| {
        t.contains("copy of") || t.contains("kopiotaan")
    })
    .await;
    let took = banner.unwrap_or_else(|last| panic!("no banner 10 s after the server stopped: {last:?}"));
    eprintln!("the banner showed {took:?} after the server stopped");

    // Search and cards go on from the copy.
    open_card(&client, "liisa lehtonen", "Liisa Lehtonen").await;
    let transfer = text_of(&client, "#transfer").await;
    assert!(!transfer.is_empty());
    // An edit is refused with the sentence, and the dialog stays open.
    press(&client, "\u{E009}j\u{E000}").await;
    let note = client.wait().for_element(Locator::Id("note-text")).await.expect("note dialog");
    note.send_keys("Soittaa takaisin\u{E007}").await.expect("note");
    text_within(&client, "#note-dialog .dialog-note", Duration::from_secs(5), |t| {
        t.contains("nothing was saved") || t.contains("mitään ei tallennettu")
    })
    .await
    .unwrap_or_else(|last| panic!("the edit was not refused in words: {last:?}"));
    screenshot(&client, "team-away").await;
    press(&client, "\u{E00C}").await;

    server.start_again();
    let hidden = client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("#team-away[hidden]")).await;
    assert!(hidden.is_ok(), "the banner stays after the server came back");
    // Edits work again, on the team database.
    press(&client, "\u{E009}j\u{E000}").await;
    let note = client.wait().for_element(Locator::Id("note-text")).await.expect("note dialog");
    note.send_keys("Soittaa takaisin\u{E007}").await.expect("note");
    text_within(&client, "#card .notes", Duration::from_secs(5), |t| t.contains("Soittaa takaisin"))
        .await
        .unwrap_or_else(|last| panic!("the note was not saved once the server was back: {last:?}"));
    client.client.clone().close().await.expect("close");
}

/// Runs the CLI as another desk of the team (another operator, no data
/// directory of the window's), returning what it printed.
fn other_desk(url: &str, args: &[&str]) -> String {
    let desktop = std::path::Path::new(env!("CARGO_BIN_EXE_vaihde-desktop"));
    let dir = tempfile::tempdir().expect("the other desk's data dir");
    let out = std::process::Command::new(desktop.with_file_name("vaihde"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--database", url, "--actor", "Jenny", "--at", common::AT])
        .args(args)
        .output()
        .expect("the other desk's CLI");
    assert!(out.status.success(), "vaihde {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and PostgreSQL: scripts/e2e"]
async fn two_desks_on_one_team_database_see_each_others_edits_within_a_second() {
    let Some(server) = pg_server::PgServer::start() else {
        eprintln!("no PostgreSQL on this machine: skipped");
        return;
    };
    let url = server.url();
    other_desk(&url, &["demo"]);
    let data = tempfile::tempdir().expect("data dir");
    let client = open_app_with(data.path(), &["--database", &url]).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "maija virtanen", "Maija Virtanen").await;
    assert_eq!(text_of(&client, "#transfer .transfer-who").await, "Liisa Lehtonen");

    // The other desk marks Maija's covering colleague sick and adds a person.
    let company = ["--company", "rakennus"];
    other_desk(
        &url,
        &[&["absence", "add", "liisa lehtonen", "--until", "2026-11-24", "--kind", "sick"][..], &company].concat(),
    );
    let one = Duration::from_secs(1);
    let took = text_within(&client, "#transfer", one, |t| !t.contains("Liisa Lehtonen"))
        .await
        .unwrap_or_else(|last| panic!("the other desk's absence is not on screen within 1 s: {last}"));
    eprintln!("the chain followed the other desk in {took:?}");
    other_desk(&url, &[&["person", "add", "--given", "Aino", "--family", "Uusikivi"][..], &company].concat());
    clear_search(&client).await;
    type_text(&client, "aino uusik").await;
    text_within(&client, "#results li.row .name", Duration::from_secs(2), |t| t == "Aino Uusikivi")
        .await
        .unwrap_or_else(|last| panic!("the other desk's new person is not found: first row {last:?}"));
    screenshot(&client, "team-two-desks").await;

    // And the other way: a note added in this window is what the other desk reads at once.
    wait_text(&client, "card-name", "Aino Uusikivi", 5, "the new person's card").await;
    press(&client, "\u{E009}j\u{E000}").await;
    let note = client.wait().for_element(Locator::Id("note-text")).await.expect("note dialog");
    note.send_keys("Aloittaa maanantaina\u{E007}").await.expect("note");
    text_within(&client, "#card .notes", Duration::from_secs(5), |t| t.contains("Aloittaa maanantaina"))
        .await
        .unwrap_or_else(|last| panic!("the note is not on the card: {last:?}"));
    let shown = other_desk(&url, &[&["person", "show", "aino uusikivi"][..], &company].concat());
    assert!(shown.contains("Aloittaa maanantaina"), "{shown}");

    // Two operators, one person: this desk opens Aino's form, the other desk
    // saves her first; this desk's save is refused in words, not written over.
    press(&client, "\u{E032}").await;
    let department = client.wait().for_element(Locator::Id("person-department")).await.expect("the form");
    other_desk(&url, &[&["person", "edit", "aino uusikivi", "--title", "Toimitusjohtaja"][..], &company].concat());
    department.send_keys("Hallinto\u{E007}").await.expect("save");
    text_within(&client, "#person-dialog .dialog-note", Duration::from_secs(5), |t| t.contains("Jenny"))
        .await
        .unwrap_or_else(|last| panic!("the stale save is not refused with who changed it: {last:?}"));
    screenshot(&client, "team-changed-meanwhile").await;
    let shown = other_desk(&url, &[&["person", "show", "aino uusikivi"][..], &company].concat());
    assert!(shown.contains("Toimitusjohtaja") && !shown.contains("Hallinto"), "nothing written over: {shown}");
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and PostgreSQL: scripts/e2e"]
async fn a_new_desk_joins_the_team_database_from_the_first_run_screen() {
    let Some(server) = pg_server::PgServer::start() else {
        eprintln!("no PostgreSQL on this machine: skipped");
        return;
    };
    let url = server.url();
    other_desk(&url, &["demo"]);
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("vaihde");
    std::fs::create_dir_all(&data).expect("data dir");
    let client = open_app(&data).await;
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Id("first-run")).await.expect("first run");
    let address = client.find(Locator::Id("join-address")).await.expect("the team address field");
    // Not an address: refused in words, the screen stays.
    address.send_keys("db.example.org\u{E007}").await.expect("type");
    text_within(&client, "#first-run .dialog-note:last-of-type", Duration::from_secs(5), |t| t.contains("postgres://"))
        .await
        .unwrap_or_else(|last| panic!("a wrong address is not refused in words: {last:?}"));
    screenshot(&client, "team-join").await;
    address.clear().await.expect("clear");
    address.send_keys(&format!("{url}\u{E007}")).await.expect("type");
    wait_text(&client, "company-name", "Northwind Freight Ltd", 15, "the team's directory after joining").await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "wirtanen", "Maija Virtanen").await;
    // Remembered for this desk: the CLI here uses it without --database.
    let saved = std::fs::read_to_string(data.join("team-database")).expect("remembered");
    assert_eq!(saved.trim(), url);
    let cli = std::path::Path::new(env!("CARGO_BIN_EXE_vaihde-desktop")).with_file_name("vaihde");
    let out = std::process::Command::new(cli)
        .arg("--data-dir")
        .arg(&data)
        .args(["company", "list"])
        .env_remove("VAIHDE_DATABASE_URL")
        .output()
        .expect("cli");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Rakennus-Koivu"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    client.client.clone().close().await.expect("close");
}
