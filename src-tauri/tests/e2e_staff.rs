//! A client's own staff list in the real window: the company's list stops
//! naming Anne Korhonen; her card says since when, and Ctrl+L opens the
//! "has left" form already filled with that day and the reason. Nobody
//! was deleted. Run with `scripts/e2e`.

mod common;

use std::time::Duration;

use common::page::*;
use common::screenshot;
use fantoccini::Locator;

const NAMES: &[&str] =
    &["Pekka;Koistinen", "Kari;Nieminen", "Sari;Mäkinen", "Maija;Virtanen", "Liisa;Lehtonen", "Anne;Korhonen"];

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn someone_the_staff_list_no_longer_names_is_flagged_on_the_card_and_ctrl_l_is_prefilled() {
    let data = demo_dir();
    let list = data.path().join("henkilosto.csv");
    let write =
        |names: &[&str]| std::fs::write(&list, format!("Etunimi;Sukunimi\n{}\n", names.join("\n"))).expect("list");
    write(NAMES);
    let path = list.to_str().expect("utf-8 path");
    vaihde_cli(data.path(), &["feed", "add", path, "--company", "rakennus", "--staff", "--label", "HR-lista"]);
    vaihde_cli(data.path(), &["sync", "--company", "rakennus"]);
    write(&NAMES[..5]);
    vaihde_cli(data.path(), &["sync", "--company", "rakennus"]);

    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "anne korhonen", "Anne Korhonen").await;
    text_within(&client, "#gone-from", Duration::from_secs(5), |t| {
        t.contains("No longer listed in HR-lista since Mon 23 Nov")
    })
    .await
    .unwrap_or_else(|last| panic!("the card does not say the list no longer names her: {last:?}"));
    screenshot(&client, "staff-gone-card").await;

    press(&client, "\u{E009}l\u{E000}").await;
    let on = client.wait().for_element(Locator::Id("left-on")).await.expect("the has-left form");
    assert_eq!(on.prop("value").await.expect("value").as_deref(), Some("2026-11-23"), "the day she was first missed");
    let reason = client.find(Locator::Id("left-reason")).await.expect("reason").prop("value").await.expect("value");
    assert_eq!(reason.as_deref(), Some("no longer listed in HR-lista"));
    screenshot(&client, "staff-gone-leave-form").await;
}
