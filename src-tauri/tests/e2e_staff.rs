//! A client's own staff list in the real window: the company's list stops
//! naming Anne Korhonen; her card says since when, and Ctrl+L opens the
//! "has left" form already filled with that day and the reason. Nobody
//! was deleted. And the desk learns first: a new finance director and a
//! changed title are marked on the row and card and listed "since your
//! last shift", the director pinned, until the operator has seen them.
//! Run with `scripts/e2e`.

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

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn the_desk_learns_first_new_people_and_titles_are_marked_until_seen() {
    let data = demo_dir();
    let list = data.path().join("henkilosto.csv");
    let write =
        |rows: &[&str]| std::fs::write(&list, format!("Etunimi;Sukunimi;Nimike\n{}\n", rows.join("\n"))).expect("list");
    let mut rows = vec![
        "Pekka;Koistinen;toimitusjohtaja",
        "Kari;Nieminen;hallituksen puheenjohtaja",
        "Liisa;Lehtonen;palkkasihteeri",
    ];
    write(&rows);
    let path = list.to_str().expect("utf-8 path");
    vaihde_cli(data.path(), &["feed", "add", path, "--company", "rakennus", "--staff", "--label", "HR-lista"]);
    vaihde_cli(data.path(), &["sync", "--company", "rakennus"]);
    // The next list: a new finance director, and Liisa's new title.
    rows[2] = "Liisa;Lehtonen;palkanlaskija";
    rows.push("Aino;Uusitalo;talousjohtaja");
    write(&rows);
    vaihde_cli(data.path(), &["sync", "--company", "rakennus"]);

    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    text_within(&client, "#learned li.pinned", Duration::from_secs(5), |t| {
        t.contains("Aino Uusitalo") && t.contains("New talousjohtaja since Mon 23 Nov")
    })
    .await
    .unwrap_or_else(|last| panic!("the shift list does not pin the new director first: {last:?}"));
    screenshot(&client, "staff-since-shift").await;
    // The calendars panel lists the staff list too.
    let staff = text_of(&client, "#feeds li.staff").await;
    assert!(staff.contains("HR-lista") && staff.contains("staff list") && staff.contains("lists 4 people"), "{staff}");
    let second = text_of(&client, "#learned li:nth-child(2)").await;
    assert!(
        second.contains("Liisa Lehtonen") && second.contains("palkanlaskija since Mon 23 Nov (was palkkasihteeri)"),
        "{second}"
    );

    type_text(&client, "aino uusitalo").await;
    text_within(&client, "#results li.row .chip.learned", Duration::from_secs(10), |t| t == "new")
        .await
        .unwrap_or_else(|last| panic!("the row has no new mark: {last:?}"));
    wait_text(&client, "card-name", "Aino Uusitalo", 10, "the card").await;
    let card = text_of(&client, "#learned-card").await;
    assert!(card.contains("New talousjohtaja since Mon 23 Nov · from HR-lista"), "{card}");
    screenshot(&client, "staff-learned-card").await;

    // Seen on the card: the marks go; Liisa's stays on the list.
    client.find(Locator::Id("learned-seen")).await.expect("seen button").click().await.expect("click");
    gone(&client, "#learned-card").await;
    gone(&client, "#results li.row .chip.learned").await;
    text_within(&client, "#learned", Duration::from_secs(5), |t| !t.contains("Aino") && t.contains("Liisa"))
        .await
        .unwrap_or_else(|last| panic!("the list still has what was seen: {last:?}"));
    client.find(Locator::Id("learned-seen-all")).await.expect("seen all").click().await.expect("click");
    let hidden = async {
        for _ in 0..50 {
            let shown =
                client.find(Locator::Id("since-shift")).await.expect("box").is_displayed().await.expect("shown");
            if !shown {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    };
    assert!(hidden.await, "the shift list stays after everything was seen");
    // The operator's marks are the store's: the CLI at the same desk has nothing left to show.
    let unseen = vaihde_cli(data.path(), &["--lang", "en", "changes", "--unseen"]);
    assert!(unseen.contains("Nothing new"), "{unseen}");
}

/// Waits until nothing matches `css` (up to 5 s).
async fn gone(client: &fantoccini::Client, css: &str) {
    for _ in 0..50 {
        if client.find_all(Locator::Css(css)).await.expect("find").is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} is still shown");
}
