//! The window is live: while it is open, the CLI — another process on the
//! same directory — adds a person, marks the covering colleague away and
//! changes a title, and the window shows all three within 2 seconds,
//! without a restart or a key press. Run with `scripts/e2e`.

mod common;

use std::time::Duration;

use common::page::*;
use common::screenshot;

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn edits_made_by_the_cli_are_on_screen_within_two_seconds() {
    let data = demo_dir();
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "maija virtanen", "Maija Virtanen").await;
    assert_eq!(text_of(&client, "#transfer .transfer-who").await, "Liisa Lehtonen");

    // Maija's covering colleague calls in sick, and Maija gets a new title,
    // both from the command line while the card is up.
    let company = ["--company", "rakennus"];
    vaihde_cli(
        data.path(),
        &[&["absence", "add", "liisa lehtonen", "--until", "2026-11-24", "--kind", "sick"][..], &company].concat(),
    );
    vaihde_cli(
        data.path(),
        &[&["person", "edit", "maija virtanen", "--title", "Henkilöstöjohtaja"][..], &company].concat(),
    );
    let two = Duration::from_secs(2);
    let chain = text_within(&client, "#transfer", two, |t| !t.contains("Liisa Lehtonen")).await;
    let took = chain.unwrap_or_else(|last| panic!("the chain still offers Liisa after 2 s: {last}"));
    eprintln!("the chain followed the CLI in {took:?}");
    let chain = text_of(&client, "#chain").await;
    assert!(chain.contains("Liisa Lehtonen"), "{chain}");
    text_within(&client, "#card .card-meta", two, |t| t.contains("Henkilöstöjohtaja"))
        .await
        .unwrap_or_else(|last| panic!("the new title is not on the card after 2 s: {last}"));
    screenshot(&client, "live-chain").await;

    // A person added from the command line is found by typing, at once.
    vaihde_cli(
        data.path(),
        &[&["person", "add", "--given", "Aino", "--family", "Uusikivi", "--title", "Toimitusjohtaja"][..], &company]
            .concat(),
    );
    clear_search(&client).await;
    type_text(&client, "aino uusik").await;
    text_within(&client, "#results li.row .name", two, |t| t == "Aino Uusikivi")
        .await
        .unwrap_or_else(|last| panic!("the new person is not found within 2 s: first row {last:?}"));
    wait_text(&client, "card-name", "Aino Uusikivi", 2, "the new person's card").await;
    screenshot(&client, "live-new-person").await;
    client.client.clone().close().await.expect("close");
}
