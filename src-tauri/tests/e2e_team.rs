//! A desk on a team database whose server goes away mid-use: the window
//! says so in a banner with the time of its copy, keeps searching and
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
