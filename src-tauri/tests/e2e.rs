//! End to end in the real window: the debug build of the app, driven by
//! tauri-driver and WebKitWebDriver under Xvfb. Needs a display, the
//! `tauri-driver` binary and `WebKitWebDriver`; run with
//! `scripts/e2e` (these tests are #[ignore]d in a plain `cargo test`).
//!
//! Each test starts its own tauri-driver on free loopback ports and stops
//! it by its PID; they run one at a time (one window's timing is not shared
//! with another's). Each test gets its own data directory and a fixed `--at`.
//! Screenshots go to `e2e-artifacts/`.

mod common;

use std::process::Command;
use std::time::Duration;

use common::page::*;
use common::{AT, screenshot};
use fantoccini::Locator;

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn misspelt_name_finds_the_right_person() {
    let data = demo_dir();
    let client = open_app(data.path()).await;
    // Companies are listed by name; the first is selected at start.
    assert_eq!(text_of(&client, "#company-name").await, "Northwind Freight Ltd");
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    assert!(text_of(&client, "#greeting").await.starts_with("Rakennus-Koivu, hyvää päivää"));
    type_text(&client, "wirtanen").await;
    expect_first_row(&client, "Maija Virtanen").await;
    assert_eq!(text_of(&client, "#card-name").await, "Maija Virtanen");
    let delegates = text_of(&client, "#card .delegates").await;
    assert!(delegates.contains("Pekka Saarinen"), "{delegates}");
    // She is on holiday; Saarinen is in a meeting; Lehtonen takes the call.
    let status = text_of(&client, "#card .status-line .chip").await;
    assert!(status.starts_with("away (holiday) · back Mon 30 Nov 08:00"), "{status}");
    assert_eq!(text_of(&client, "#transfer .transfer-who").await, "Liisa Lehtonen");
    assert_eq!(text_of(&client, "#transfer-number").await, "2104");
    let sentence = text_of(&client, "#caller-sentence").await;
    assert!(sentence.starts_with("Maija Virtanen on lomalla, takaisin ma 30.11. klo 8.00."), "{sentence}");
    let chain = text_of(&client, "#chain").await;
    assert!(chain.contains("Pekka Saarinen") && chain.contains("busy"), "{chain}");
    let row_status = text_of(&client, "#results li.selected .chip").await;
    assert!(row_status.starts_with("away"), "{row_status}");
    screenshot(&client, "search-misspelt").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn html_in_names_is_shown_as_text() {
    let data = demo_dir();
    let evil = "<img src=x onerror=alert(1)>";
    vaihde_cli(
        data.path(),
        &[
            "person",
            "add",
            "--company",
            "rakennus",
            "--given",
            evil,
            "--family",
            "Hakkeri",
            "--alias",
            "Hakkeri",
            "--notes",
            "<b>bold?</b>",
        ],
    );
    // Event titles from strangers' calendars: one names Hakkeri by his alias (on his card),
    // one names nobody (in the feeds panel).
    let ics = data.path().join("hostile.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n\
         BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Hakkeri loma <img src=x onerror=alert(2)>\r\nDTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261125\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:<script>alert(3)</script> loma\r\nDTSTART;VALUE=DATE:20261123\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .expect("write calendar");
    vaihde_cli(
        data.path(),
        &["feed", "add", ics.to_str().expect("utf-8"), "--company", "rakennus", "--shared", "--label", "<i>Vieras</i>"],
    );
    vaihde_cli(data.path(), &["sync", "--company", "rakennus"]);
    let client = open_app(data.path()).await;
    switch_company(&client, "rakennus", "Rakennus-Koivu Oy").await;
    type_text(&client, "hakkeri").await;
    expect_first_row(&client, &format!("{evil} Hakkeri")).await;
    assert_eq!(text_of(&client, "#card-name").await, format!("{evil} Hakkeri"));
    assert_eq!(text_of(&client, "#card .notes").await, "<b>bold?</b>");
    let absences = text_of(&client, "#card .absences").await;
    assert!(absences.contains("Hakkeri loma <img src=x onerror=alert(2)>"), "{absences}");
    let feeds = text_of(&client, "#feeds").await;
    assert!(feeds.contains("<i>Vieras</i>") && feeds.contains("<script>alert(3)</script> loma"), "{feeds}");
    let scripts = client.find_all(Locator::Css("#feeds script, #feeds i, #card script")).await.expect("query");
    assert!(scripts.is_empty(), "no element was created from event titles or labels");
    let images = client.find_all(Locator::Css("img")).await.expect("query");
    assert!(images.is_empty(), "no element was created from the name");
    let bolds = client.find_all(Locator::Css("#card b")).await.expect("query");
    assert!(bolds.is_empty());
    screenshot(&client, "html-as-text").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn keyboard_moves_switches_company_and_copies() {
    let data = demo_dir();
    let client = open_app(data.path()).await;
    // Ctrl+2: the second company in the list.
    let body = client.find(Locator::Css("body")).await.expect("body");
    body.send_keys("\u{E009}2\u{E000}").await.expect("ctrl+2");
    wait_text(&client, "company-name", "Rakennus-Koivu Oy", 30, "ctrl+2").await;
    type_text(&client, "pekka").await;
    expect_first_row(&client, "Pekka Saarinen").await;
    body.send_keys("\u{E015}").await.expect("arrow down");
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath(
            "//*[@id='results']/li[contains(@class,'selected')]//*[@class='name'][text()='Pekka Koistinen']",
        ))
        .await
        .expect("↓ moves the selection");
    wait_text(&client, "card-name", "Pekka Koistinen", 5, "the card follows the selection").await;

    // Enter copies the selected person's extension.
    body.send_keys("\u{E007}").await.expect("enter");
    let copied = client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("body[data-copied]"))
        .await
        .expect("copied")
        .attr("data-copied")
        .await
        .expect("attr")
        .unwrap_or_default();
    let shown = text_of(&client, "#transfer-number").await;
    assert_eq!(copied, shown, "Enter copies the transfer number on the card");

    switch_company(&client, "skär", "Skärgårdens Bygg Ab").await;
    screenshot(&client, "company-switched").await;

    // F3 makes Skärgårdens favourite 1; from then on Ctrl+1 is Skärgårdens.
    press(&client, "\u{E033}").await;
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath("//*[@id='company-chip'][starts-with(text(),'★1 · ')]"))
        .await
        .expect("the favourite number is shown");
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    press(&client, "\u{E009}1\u{E000}").await;
    wait_text(&client, "company-name", "Skärgårdens Bygg Ab", 5, "Ctrl+1 is the favourite").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn a_broken_feed_shows_its_error() {
    let data = demo_dir();
    let missing = data.path().join("gone/poissaolot.ics");
    vaihde_cli(
        data.path(),
        &["feed", "add", missing.to_str().expect("utf-8"), "--company", "rakennus", "--shared", "--label", "Rikki"],
    );
    // A calendar with one good event and one with an impossible date.
    let half = data.path().join("half.ics");
    std::fs::write(
        &half,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n\
         BEGIN:VEVENT\r\nUID:g\r\nSUMMARY:Lehtonen loma\r\nDTSTART;VALUE=DATE:20261201\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Korhonen loma\r\nDTSTART;VALUE=DATE:20261345\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .expect("write calendar");
    vaihde_cli(
        data.path(),
        &["feed", "add", half.to_str().expect("utf-8"), "--company", "rakennus", "--shared", "--label", "Puolikas"],
    );
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    // The app syncs in the background on start; the panel refreshes itself.
    let error = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#feeds li.failing .feed-error"))
        .await
        .expect("the failing feed is shown")
        .text()
        .await
        .expect("text");
    assert!(error.contains("the calendar file does not exist"), "{error}");
    let demo_feed = text_of(&client, "#feeds li.feed:not(.failing)").await;
    assert!(demo_feed.contains("Demo: Poissaolot"), "{demo_feed}");
    // The broken event is skipped and said; the good one is used.
    let note = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath("//*[@id='feeds']/li[contains(.,'Puolikas')]/*[@class='feed-warnings']"))
        .await
        .expect("the skipped event is said")
        .text()
        .await
        .expect("text");
    assert!(note.contains("line 9") && note.contains("skipped"), "{note}");
    // Everyone whose status depends on it gets a warning on their card.
    type_text(&client, "maija virtanen").await;
    expect_first_row(&client, "Maija Virtanen").await;
    let warning = text_of(&client, "#card .calendar-warning").await;
    assert!(warning.starts_with("Calendar Rikki:"), "{warning}");
    screenshot(&client, "broken-feed").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn marking_the_covering_colleague_away_changes_the_chain() {
    let data = demo_dir();
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    type_text(&client, "maija virtanen").await;
    expect_first_row(&client, "Maija Virtanen").await;
    assert_eq!(text_of(&client, "#transfer .transfer-who").await, "Liisa Lehtonen");

    // Liisa calls in sick: select her, Ctrl+M, Enter (sick, back tomorrow).
    let input = client.find(Locator::Id("search")).await.expect("search box");
    input.clear().await.expect("clear");
    type_text(&client, "liisa lehtonen").await;
    wait_text(&client, "card-name", "Liisa Lehtonen", 30, "Liisa's card").await;
    let body = client.find(Locator::Css("body")).await.expect("body");
    body.send_keys("\u{E009}m\u{E000}").await.expect("ctrl+m");
    let until = client.wait().for_element(Locator::Id("away-until")).await.expect("dialog");
    until.send_keys("\u{E007}").await.expect("enter");
    let chip = client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#card .status-line .chip[data-state='away']"))
        .await
        .expect("Liisa is away now")
        .text()
        .await
        .expect("text");
    assert!(chip.contains("back Tue 24 Nov 08:00"), "{chip}");

    // Maija's chain now skips Liisa: nobody on it can take the call.
    input.clear().await.expect("clear");
    type_text(&client, "maija virtanen").await;
    wait_text(&client, "card-name", "Maija Virtanen", 30, "Maija's card").await;
    let target = text_of(&client, "#transfer").await;
    assert!(!target.contains("Liisa Lehtonen"), "{target}");
    assert!(target.contains("Vaihde / viesti"), "the company fallback: {target}");
    let chain = text_of(&client, "#chain").await;
    assert!(chain.contains("Liisa Lehtonen") && chain.contains("away (sick)"), "{chain}");
    screenshot(&client, "chain-changed").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn an_incoming_call_switches_company_and_names_the_caller() {
    let data = demo_dir();
    // A softphone opens the app with the dialled number and the caller's number.
    vaihde_cli(
        data.path(),
        &["person", "edit", "Anne Korhonen", "--company", "rakennus", "--phone", "mobile:040 111 2233"],
    );
    let client = open_app_with(data.path(), &["vaihde://call?to=%2B358%209%204321%20000&from=%2B358401112233"]).await;
    wait_text(&client, "company-name", "Rakennus-Koivu Oy", 10, "the company answering the dialled number").await;
    let banner = text_of(&client, "#call-banner").await;
    assert!(banner.contains("Anne Korhonen") && banner.contains("myyntijohtaja"), "{banner}");
    assert!(text_of(&client, "#greeting").await.starts_with("Rakennus-Koivu, hyvää päivää"));
    screenshot(&client, "incoming-call").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn a_caller_finds_the_namesake_they_asked_for_before_and_enter_teaches_the_log() {
    let data = demo_dir();
    let d = data.path();
    vaihde_cli(
        d,
        &[
            "person",
            "add",
            "--company",
            "rakennus",
            "--given",
            "Pekka",
            "--family",
            "Koistinen",
            "--title",
            "Varastomies",
            "--phone",
            "extension:2499",
        ],
    );
    // This caller asked for the storeman once; two others asked for the director.
    let director = vaihde_cli(d, &["search", "toimitusjohtaja", "--company", "rakennus", "--json"]);
    let director: serde_json::Value = serde_json::from_str(director.lines().next().unwrap()).unwrap();
    let director = director["person"]["id"].to_string();
    for (from, how) in [
        ("040 777 1234", ["--number", "2499"]),
        ("040 111 0001", ["--person", &director]),
        ("040 111 0002", ["--person", &director]),
    ] {
        vaihde_cli(d, &["call", "--to", "09 4321 000", "--from", from]);
        let last: serde_json::Value =
            serde_json::from_str(&vaihde_cli(d, &["calls", "--limit", "1", "--json"])).unwrap();
        let id = last[0]["id"].to_string();
        let mut args = vec!["calls", "close", &id, "--outcome", "transferred", "--to-name", "Pekka Koistinen"];
        args.extend(how);
        vaihde_cli(d, &args);
    }
    let client = open_app_with(d, &["vaihde://call?to=%2B358%209%204321%20000&from=%2B358407771234"]).await;
    wait_text(&client, "company-name", "Rakennus-Koivu Oy", 10, "the company answering the dialled number").await;
    type_text(&client, "pekka koistinen").await;
    expect_first_row(&client, "Pekka Koistinen").await;
    if let Err(last) =
        text_within(&client, ".card-meta", Duration::from_secs(5), |t| t.starts_with("Varastomies")).await
    {
        panic!("this caller's namesake first, not the director: {last:?}");
    }
    screenshot(&client, "namesake-of-this-caller").await;
    // Enter puts the call through and the log records whom it was for.
    press(&client, "\u{E007}").await;
    let storeman = (0..50)
        .find_map(|_| {
            let last: serde_json::Value =
                serde_json::from_str(&vaihde_cli(d, &["calls", "--limit", "1", "--json"])).unwrap();
            if last[0]["outcome"] == "transferred" {
                return Some(last[0]["person_id"].clone());
            }
            std::thread::sleep(Duration::from_millis(100));
            None
        })
        .expect("Enter closes the call as put through");
    assert_ne!(storeman.to_string(), director, "the row chosen, not the director");
    assert!(storeman.is_i64(), "{storeman}");
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn editing_a_person_and_adding_a_note_from_the_desk() {
    let data = demo_dir();
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "liisa lehtonen", "Liisa Lehtonen").await;

    // F2: the form opens on her; a new title, Enter saves.
    press(&client, "\u{E032}").await;
    let title = client.wait().for_element(Locator::Id("person-title")).await.expect("person form");
    title.clear().await.expect("clear");
    title.send_keys("Palkkapäällikkö\u{E007}").await.expect("type and save");
    let meta = client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath("//*[@id='card']/p[@class='card-meta'][starts-with(text(),'Palkkapäällikkö')]"))
        .await
        .expect("the card shows the new title");
    assert!(meta.text().await.expect("text").contains("Henkilöstö"));
    let changes = text_of(&client, "#changes li").await;
    assert!(changes.contains("Liisa Lehtonen") && changes.contains("palkkasihteeri → Palkkapäällikkö"), "{changes}");

    // Ctrl+J: a dated note, newest first.
    press(&client, "\u{E009}j\u{E000}").await;
    let note = client.wait().for_element(Locator::Id("note-text")).await.expect("note dialog");
    note.send_keys("Soita mieluiten iltapäivisin <script>\u{E007}").await.expect("note");
    let notes = client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#card .notes"))
        .await
        .expect("notes on the card")
        .text()
        .await
        .expect("text");
    assert!(
        notes.starts_with("23.11.2026 10:00") && notes.contains("Soita mieluiten iltapäivisin <script>"),
        "{notes}"
    );

    // An empty name is refused with the core's sentence; the dialog stays.
    press(&client, "\u{E032}").await;
    let given = client.wait().for_element(Locator::Id("person-given_name")).await.expect("form");
    given.clear().await.expect("clear");
    client.find(Locator::Id("person-family_name")).await.expect("family").clear().await.expect("clear");
    given.send_keys("\u{E007}").await.expect("enter");
    let refusal = text_of(&client, "#person-dialog .dialog-note.error").await;
    assert!(refusal.contains("needs a name"), "{refusal}");
    screenshot(&client, "edit-refused").await;
    given.send_keys("\u{E00C}").await.expect("esc");
    wait_text(&client, "card-name", "Liisa Lehtonen", 5, "nothing changed").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn delegates_a_new_person_and_someone_leaving() {
    let data = demo_dir();
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;

    // Ctrl+N: a new colleague, searchable at once.
    press(&client, "\u{E009}n\u{E000}").await;
    let given = client.wait().for_element(Locator::Id("person-given_name")).await.expect("new person form");
    given.send_keys("Outi").await.expect("given");
    client.find(Locator::Id("person-family_name")).await.expect("family").send_keys("Uusitalo").await.expect("family");
    let ext = client.find(Locator::Id("person-extension")).await.expect("extension");
    ext.send_keys("2199\u{E007}").await.expect("save");
    wait_text(&client, "card-name", "Outi Uusitalo", 10, "the new person's card").await;

    // Ctrl+D on Maija: remove both covering colleagues, add Outi, save.
    open_card(&client, "maija virtanen", "Maija Virtanen").await;
    press(&client, "\u{E009}d\u{E000}").await;
    let add = client.wait().for_element(Locator::Id("delegate-add")).await.expect("delegates dialog");
    add.send_keys("\u{E017}\u{E017}").await.expect("delete twice");
    add.send_keys("outi uusi").await.expect("type");
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath("//*[@id='delegate-add-hits']/li[contains(text(),'Outi Uusitalo')]"))
        .await
        .expect("Outi offered");
    add.send_keys("\u{E007}").await.expect("add");
    let list = text_of(&client, "#delegates-list").await;
    assert_eq!(list, "Outi Uusitalo", "the two earlier colleagues removed, Outi added");
    add.send_keys("\u{E007}").await.expect("save on empty line");
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath("//*[@id='transfer']//*[@class='transfer-who'][text()='Outi Uusitalo']"))
        .await
        .expect("Outi takes Maija's calls now");
    assert_eq!(text_of(&client, "#transfer-number").await, "2199");
    let sip = client.find(Locator::Id("transfer-sip")).await.expect("sip link").attr("href").await.expect("href");
    assert_eq!(sip.as_deref(), Some("sip:2199"));

    // Ctrl+L on Anne: she has left; her calls go to Outi.
    open_card(&client, "anne korhonen", "Anne Korhonen").await;
    press(&client, "\u{E009}l\u{E000}").await;
    client.wait().for_element(Locator::Id("left-on")).await.expect("leave dialog");
    let to = client.find(Locator::Id("left-to")).await.expect("colleague box");
    to.send_keys("outi uusi").await.expect("type");
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath("//*[@id='left-to-hits']/li[contains(text(),'Outi Uusitalo')]"))
        .await
        .expect("Outi offered");
    to.send_keys("\u{E007}").await.expect("choose");
    wait_text(&client, "left-chosen", "→ Outi Uusitalo", 5, "chosen").await;
    to.send_keys("\u{E007}").await.expect("save");
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::XPath(
            "//*[@id='results']/li[contains(@class,'selected')]/span[contains(@class,'chip')][text()='left the company → Outi Uusitalo']",
        ))
        .await
        .expect("Anne is shown as having left");
    let banner = text_of(&client, "#left-banner").await;
    assert!(
        banner.starts_with("Left the company 23 Nov 2026") && banner.ends_with("Calls go to: Outi Uusitalo"),
        "{banner}"
    );
    screenshot(&client, "left-and-delegates").await;
    client.client.clone().close().await.expect("close");
}

/// A calendar server that answers after `delay`, so a sync round lasts long
/// enough to see its progress.
fn slow_calendar_server(delay: Duration) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}/slow.ics", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut stream = stream;
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                std::thread::sleep(delay);
                let body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//e2e//EN\r\nEND:VCALENDAR\r\n";
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    address
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn language_switch_and_sync_now_with_progress() {
    let data = demo_dir();
    let slow = slow_calendar_server(Duration::from_secs(4));
    vaihde_cli(data.path(), &["feed", "add", &slow, "--company", "rakennus", "--shared", "--label", "Hidas"]);
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    // The start-up round includes the slow feed; wait for it to end.
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath("//*[@id='feeds']/li[contains(.,'Hidas')][not(contains(@class,'failing'))]//*[@class='feed-last'][starts-with(text(),'last good sync')]"))
        .await
        .expect("the slow feed synced once");
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("#sync-now:not([disabled])"))
        .await
        .expect("round over");

    // F5: a round now, with progress shown while the slow feed answers.
    press(&client, "\u{E035}").await;
    let progress = client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#sync-state.running"))
        .await
        .expect("progress shown")
        .text()
        .await
        .expect("text");
    assert!(progress.starts_with("Syncing "), "{progress}");
    screenshot(&client, "sync-progress").await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#sync-state:not(.running)"))
        .await
        .expect("the round ends");

    // F4 cycles the UI language: Finnish, Swedish, back to English.
    press(&client, "\u{E034}").await;
    wait_text(&client, "sync-now", "Synkronoi nyt", 5, "Finnish").await;
    assert_eq!(text_of(&client, "#search-label").await, "Hae nimellä, roolilla, aiheella tai numerolla");
    type_text(&client, "maija virtanen").await;
    let chip = text_of(&client, "#card .status-line .chip").await;
    assert!(chip.starts_with("poissa (loma)"), "{chip}");
    screenshot(&client, "finnish").await;
    press(&client, "\u{E034}").await;
    wait_text(&client, "sync-now", "Synka nu", 5, "Swedish").await;
    press(&client, "\u{E034}").await;
    wait_text(&client, "sync-now", "Sync now", 5, "back to English").await;
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn a_second_launch_for_a_call_reuses_the_open_window() {
    let data = demo_dir();
    vaihde_cli(
        data.path(),
        &["person", "edit", "Anne Korhonen", "--company", "rakennus", "--phone", "mobile:040 111 2233"],
    );
    let client = open_app(data.path()).await;
    assert_eq!(text_of(&client, "#company-name").await, "Northwind Freight Ltd");
    // The softphone runs the app again for the next ringing call.
    let started = std::time::Instant::now();
    let second = Command::new(env!("CARGO_BIN_EXE_vaihde-desktop"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["--at", AT, "vaihde://call?to=09%204321%20000&from=%2B358401112233"])
        .output()
        .expect("second launch");
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert!(started.elapsed() < Duration::from_secs(10), "the second launch hands over and exits at once");
    wait_text(&client, "company-name", "Rakennus-Koivu Oy", 10, "the open window took the call").await;
    let banner = text_of(&client, "#call-banner").await;
    assert!(banner.contains("Anne Korhonen"), "{banner}");
    let handles = client.windows().await.expect("windows");
    assert_eq!(handles.len(), 1, "still one window");
    client.client.clone().close().await.expect("close");
}

/// The first run on an empty directory asks before loading anything: the
/// demo goes into a directory of its own, and the real one stays empty.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn the_first_run_asks_and_keeps_the_demo_apart() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("vaihde");
    std::fs::create_dir_all(&data).expect("data dir");
    let client = open_app(&data).await;
    let dialog = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("first-run"))
        .await
        .expect("the first-run screen")
        .text()
        .await
        .expect("text");
    assert!(dialog.contains("Try the example companies") && dialog.contains("Start with a staff file"), "{dialog}");
    assert!(dialog.contains("vaihde-demo"), "says where the demo is kept: {dialog}");
    screenshot(&client, "first-run").await;
    // The demo button has the focus: Enter takes it.
    let active = client.active_element().await.expect("focus").attr("id").await.expect("id");
    assert_eq!(active.as_deref(), Some("try-demo"));
    client.active_element().await.expect("focus").send_keys("\u{E007}").await.expect("enter");
    wait_text(&client, "company-name", "Northwind Freight Ltd", 15, "the demo after the first run").await;
    type_text(&client, "wirtanen").await;
    let rows = client.wait().for_element(Locator::Css("#results li")).await.expect("a result");
    let _ = rows;
    let real = vaihde::Directory::new(vaihde::Store::open_dir(&data).expect("the real directory"));
    assert!(real.companies().expect("companies").is_empty(), "nothing fictional in the real directory");
    assert!(root.path().join("vaihde-demo").join("vaihde.sqlite3").exists(), "the demo beside it");
    client.client.clone().close().await.expect("close");
}

/// The first run's "Start with a staff file" with the file chosen in the
/// file dialog (its bytes go to the core; a webview does not give the
/// path): the company and its staff are there, nothing else. WebDriver
/// gives the file to the dialog's input, as a person choosing it would.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn the_first_run_starts_with_a_chosen_staff_file() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("vaihde");
    std::fs::create_dir_all(&data).expect("data dir");
    let client = open_app(&data).await;
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Id("first-run")).await.expect("first run");
    let name = client.find(Locator::Id("start-company_name")).await.expect("name field");
    name.send_keys("Esimerkki Oy").await.expect("type");
    // The native input is hidden behind our own button; WebDriver needs it shown to give it a file.
    client
        .execute("document.getElementById('start-file-picker').hidden = false;", vec![])
        .await
        .expect("show the input");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/import/henkilosto-excel-1252.csv");
    let fixture = fixture.canonicalize().expect("fixture");
    let picker = client.find(Locator::Id("start-file-picker")).await.expect("picker");
    picker.send_keys(fixture.to_str().expect("utf-8")).await.expect("choose the file");
    // The field names the chosen file once its bytes are read.
    for _ in 0..50 {
        let value = client.execute("return document.getElementById('start-file').value;", vec![]).await.expect("value");
        if value.as_str() == Some("henkilosto-excel-1252.csv") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client
        .execute("document.getElementById('start-file-picker').hidden = true;", vec![])
        .await
        .expect("hide the input again");
    screenshot(&client, "first-run-chosen-file").await;
    client.find(Locator::Id("start-import")).await.expect("start").click().await.expect("click");
    wait_text(&client, "company-name", "Esimerkki Oy", 15, "the new company").await;
    type_text(&client, "hämäläinen").await;
    expect_first_row(&client, "Jyrki Hämäläinen").await;
    let real = vaihde::Directory::new(vaihde::Store::open_dir(&data).expect("the real directory"));
    let companies = real.companies().expect("companies");
    assert_eq!(companies.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Esimerkki Oy"]);
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn the_clients_call_script_for_the_hour_is_shown_and_ctrl_s_switches() {
    let data = demo_dir();
    let d = data.path();
    vaihde_cli(
        d,
        &[
            "script",
            "add",
            "--company",
            "rakennus",
            "--name",
            "Tarjouspyyntö",
            "--days",
            "mon-fri",
            "--hours",
            "08:00-16:00",
            "--say",
            "fi:Rakennus-Koivu, tarjouspyynnöt, hyvää päivää",
            "--say",
            "sv:Rakennus-Koivu, offerter, god dag",
            "--ask",
            "name:Nimi:required",
            "--ask",
            "choice:Kohde:omakotitalo|rivitalo",
            "--goes-to",
            "person:Anne Korhonen",
        ],
    );
    vaihde_cli(
        d,
        &["script", "add", "--company", "rakennus", "--name", "Yleinen", "--say", "fi:Rakennus-Koivu, hyvää päivää"],
    );
    vaihde_cli(
        d,
        &[
            "script",
            "add",
            "--company",
            "rakennus",
            "--name",
            "Ilta",
            "--hours",
            "16:00-08:00",
            "--say",
            "fi:Hyvää iltaa",
        ],
    );
    let client = open_app(d).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    // Monday 10:00: office hours, the most specific first.
    wait_text(&client, "script-name", "Call script: Tarjouspyyntö", 5, "the script for the hour").await;
    let say = client.find(Locator::Css("#script .script-say[lang='fi']")).await.expect("what to say, in Finnish");
    assert_eq!(say.text().await.unwrap(), "Rakennus-Koivu, tarjouspyynnöt, hyvää päivää");
    let questions = text_of(&client, "#script .script-questions").await;
    assert!(
        questions.contains("Nimi (required)") && questions.contains("Kohde: omakotitalo / rivitalo"),
        "{questions}"
    );
    assert_eq!(text_of(&client, "#script .script-goes").await, "Goes to: Anne Korhonen");
    assert_eq!(text_of(&client, "#script .script-more").await, "Ctrl+S next script (1/2)");
    screenshot(&client, "call-script").await;
    // F7: the message form asks the script's questions; the answers go into the message.
    open_card(&client, "anne korhonen", "Anne Korhonen").await;
    press(&client, "\u{E037}").await;
    let name = client.wait().for_element(Locator::Id("msg-caller-name")).await.expect("the message form");
    assert_eq!(text_of(&client, "#msg-script legend").await, "Call script: Tarjouspyyntö");
    name.send_keys("Työmaa").await.expect("caller");
    client.find(Locator::Id("msg-answer-0")).await.expect("Nimi").send_keys("Pekka Koistinen").await.expect("answer");
    client
        .find(Locator::Css("#msg-answer-1 option[value='rivitalo']"))
        .await
        .expect("a choice")
        .click()
        .await
        .expect("choose");
    screenshot(&client, "message-form-script").await;
    name.send_keys("\u{E007}").await.expect("Enter takes it");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#message-result[data-message]"))
        .await
        .expect("taken");
    let m: serde_json::Value = serde_json::from_str(&vaihde_cli(d, &["message", "show", "1", "--json"])).unwrap();
    assert_eq!(m["message"]["script"], "Tarjouspyyntö", "{m}");
    assert_eq!(
        m["message"]["answers"],
        serde_json::json!([{ "label": "Nimi", "value": "Pekka Koistinen" }, { "label": "Kohde", "value": "rivitalo" }])
    );
    press(&client, "\u{E009}s\u{E000}").await;
    wait_text(&client, "script-name", "Call script: Yleinen", 5, "Ctrl+S: the next that applies").await;
    text_within(&client, "#announce-polite", Duration::from_secs(5), |t| t == "Call script: Yleinen")
        .await
        .unwrap_or_else(|last| panic!("the switch is not said: {last:?}"));
    // Another client with no scripts: nothing of Rakennus-Koivu's stays.
    switch_company(&client, "skär", "Skärgårdens Bygg Ab").await;
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#script[hidden]"))
        .await
        .expect("no script for a client without one");
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn ctrl_shift_s_edits_the_clients_call_scripts_refusing_a_wrong_part_at_its_field() {
    let data = demo_dir();
    let d = data.path();
    let client = open_app(d).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    press(&client, "\u{E009}\u{E008}s\u{E000}").await; // Ctrl+Shift+S
    client.wait().for_element(Locator::Id("script-new")).await.expect("the scripts dialog").click().await.expect("new");
    let name = client.wait().for_element(Locator::Id("sf-name")).await.expect("the script form");
    assert_eq!(focused_id(&client).await, "sf-name");
    name.send_keys("Laskutus").await.expect("name");
    let hours = client.find(Locator::Id("sf-hours")).await.expect("hours");
    hours.send_keys("25-8").await.expect("hours");
    client
        .find(Locator::Id("sf-questions"))
        .await
        .expect("questions")
        .send_keys("text:Laskun numero:required")
        .await
        .expect("q");
    client
        .find(Locator::Id("sf-say-fi"))
        .await
        .expect("say fi")
        .send_keys("Laskutus, hyvää päivää")
        .await
        .expect("say");
    name.send_keys("\u{E007}").await.expect("Enter saves");
    // The wrong part is refused in words, at its field, which gets the focus.
    text_within(&client, "#sf-note", Duration::from_secs(5), |t| t.starts_with("“25-8” is not a span of hours"))
        .await
        .unwrap_or_else(|last| panic!("the hours are not refused: {last:?}"));
    assert_eq!(focused_id(&client).await, "sf-hours");
    screenshot(&client, "script-form-refused").await;
    hours.send_keys(&"\u{E003}".repeat(4)).await.expect("clear the hours");
    hours.send_keys("08:00-16:00\u{E007}").await.expect("hours, Enter");
    // Saved: on screen now (Monday 10:00), and the CLI reads it back.
    wait_text(&client, "script-name", "Call script: Laskutus", 5, "the new script shown").await;
    let listed = vaihde_cli(d, &["script", "list", "--company", "rakennus"]);
    assert!(listed.contains("Laskutus · 08:00-16:00"), "{listed}");
    // Edited again: the form shows it as saved; a new name is kept.
    press(&client, "\u{E009}\u{E008}s\u{E000}").await;
    let edit = client.wait().for_element(Locator::Css("#script-list button")).await.expect("the script in the list");
    edit.click().await.expect("edit");
    let questions = client.wait().for_element(Locator::Id("sf-questions")).await.expect("the form again");
    assert_eq!(questions.prop("value").await.unwrap().as_deref(), Some("text:Laskun numero:required"));
    let name = client.find(Locator::Id("sf-name")).await.expect("name");
    assert_eq!(name.prop("value").await.unwrap().as_deref(), Some("Laskutus"));
    // The focused name is selected whole (typing replaces it): End, then more.
    name.send_keys("\u{E010} ja maksut\u{E007}").await.expect("a longer name, Enter");
    wait_text(&client, "script-name", "Call script: Laskutus ja maksut", 5, "the new name shown").await;
    screenshot(&client, "script-editor").await;
    client.client.clone().close().await.expect("close");
}
