//! When nobody can take the call, in the real window: the operator opens
//! the card of someone on holiday, presses F7, types the caller's name and
//! what they want, and Enter sends; the footer says it was sent, and the
//! real SMTP server (aiosmtpd, the test's own) has the mail. Then F8: the
//! callback is on the agent's list beside another client's, narrowed to
//! this company and back, "I'll take it", reached — and it is gone; the
//! message is marked seen, then done.
//! Run with `scripts/e2e`.

mod common;

#[path = "../../tests/support/smtp_server.rs"]
mod smtp_server;

use std::time::Duration;

use common::page::*;
use common::screenshot;
use fantoccini::Locator;

const F7: &str = "\u{E037}";
const F8: &str = "\u{E038}";

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, WebKitWebDriver and aiosmtpd: scripts/e2e"]
async fn a_message_for_an_away_person_is_taken_by_keyboard_sent_and_its_callback_done() {
    let smtp = smtp_server::SmtpServer::start();
    let data = demo_dir();
    vaihde_cli(data.path(), &["mail", "set", "--smtp", &smtp.url(), "--from", "vaihde@vastaus.example"]);
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    open_card(&client, "anne korhonen", "Anne Korhonen").await;

    press(&client, F7).await;
    let name = client.wait().for_element(Locator::Id("msg-caller-name")).await.expect("the message form");
    // Filled from the chain: the person asked for, and what the caller was told.
    let to = client.find(Locator::Id("msg-to")).await.expect("to").prop("value").await.expect("value");
    assert_eq!(to.as_deref(), Some("anne.korhonen@rakennuskoivu.fi"));
    let said = client.find(Locator::Id("msg-said")).await.expect("said").prop("value").await.expect("value");
    assert!(said.unwrap_or_default().contains("lomalla"), "the card's sentence, as said");
    name.send_keys("Pekka Koistinen").await.expect("name");
    client
        .find(Locator::Id("msg-caller-number"))
        .await
        .expect("number")
        .send_keys("040 555 0199")
        .await
        .expect("number");
    client.find(Locator::Id("msg-text")).await.expect("text").send_keys("Soittaa tarjouksesta").await.expect("text");
    client.find(Locator::Id("msg-callback")).await.expect("callback").click().await.expect("callback");
    screenshot(&client, "message-form").await;
    name.send_keys("\u{E007}").await.expect("Enter sends");

    let took = text_within(&client, "#message-result", Duration::from_secs(15), |t| t.contains("sent"))
        .await
        .unwrap_or_else(|last| panic!("the footer never said sent: {last:?}"));
    eprintln!("taken to sent on screen in {took:?}");
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("Subject"), Some("Soittopyyntö: Pekka Koistinen, 040 555 0199"));
    assert!(got[0].body.contains("Soittaa tarjouksesta"));

    // The card now tells the next operator that this caller already left a message.
    clear_search(&client).await;
    open_card(&client, "anne korhonen", "Anne Korhonen").await;
    text_within(&client, "#open-messages", Duration::from_secs(5), |t| t.contains("Pekka Koistinen"))
        .await
        .unwrap_or_else(|last| panic!("the card does not show the message: {last:?}"));

    // Another desk takes a callback for another client: the agent's list has both.
    let other = vaihde_cli(
        data.path(),
        &[
            "message",
            "take",
            "--company",
            "skargard",
            "--for",
            "Åsa Sjöberg",
            "--caller-name",
            "Lars Berg",
            "--caller-number",
            "040 777 1234",
            "--text",
            "Om lönen",
            "--callback",
            "--no-send",
            "--json",
        ],
    );
    let other: serde_json::Value = serde_json::from_str(&other).expect("the CLI's message as JSON");
    let other = other["id"].as_i64().expect("its id").to_string();
    press(&client, F8).await;
    client.wait().for_element(Locator::Id("messages-dialog")).await.expect("the messages panel");
    text_within(&client, "#callbacks", Duration::from_secs(5), |t| {
        t.contains("Pekka Koistinen") && t.contains("Lars Berg")
    })
    .await
    .unwrap_or_else(|last| panic!("the agent's list does not have both callbacks: {last:?}"));
    // Narrowed to the company on screen, and back.
    assert!(enter_on(&client, "#msg-scope").await, "show this company only");
    text_within(&client, "#callbacks", Duration::from_secs(5), |t| {
        t.contains("Pekka Koistinen") && !t.contains("Lars Berg")
    })
    .await
    .unwrap_or_else(|last| panic!("the list is not narrowed to Rakennus-Koivu: {last:?}"));
    assert!(enter_on(&client, "#msg-scope").await, "show all companies");
    text_within(&client, "#callbacks", Duration::from_secs(5), |t| t.contains("Lars Berg"))
        .await
        .unwrap_or_else(|last| panic!("the list is not all companies again: {last:?}"));
    text_within(&client, "#messages-today", Duration::from_secs(5), |t| t.contains("sent"))
        .await
        .unwrap_or_else(|last| panic!("the message is not listed as sent: {last:?}"));
    assert!(enter_on(&client, "#callbacks button[id^='cb-claim-']").await, "I'll take it, by Enter");
    text_within(&client, "#callbacks .cb-claimed", Duration::from_secs(5), |t| t.contains("taken by"))
        .await
        .unwrap_or_else(|last| panic!("the claim does not say who: {last:?}"));
    screenshot(&client, "messages-panel").await;
    assert!(enter_on(&client, "#callbacks button[id^='cb-reached-']").await, "reached, by Enter");
    text_within(&client, "#callbacks", Duration::from_secs(5), |t| !t.contains("Pekka Koistinen"))
        .await
        .unwrap_or_else(|last| panic!("the callback is still listed: {last:?}"));
    // Åsa said she has hers, then it is dealt with: the message's status follows.
    let id = other;
    assert!(enter_on(&client, &format!("#msg-seen-{id}")).await, "seen, by Enter");
    status_within(&client, &id, "acknowledged").await;
    assert!(enter_on(&client, &format!("#msg-done-{id}")).await, "done, by Enter");
    status_within(&client, &id, "done").await;
    let shown = vaihde_cli(data.path(), &["message", "show", &id, "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&shown).expect("the CLI's message as JSON");
    assert_eq!(shown["message"]["status"], "done", "the CLI reads the same status: {shown}");
}

/// Waits until the panel lists message `id` with `status`.
async fn status_within(client: &fantoccini::Client, id: &str, status: &str) {
    let css = format!("#messages-today li[data-message='{id}'][data-status='{status}']");
    for _ in 0..25 {
        if client.find(Locator::Css(&css)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("message #{id} never showed as {status}");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn a_call_started_by_hand_is_logged_with_the_callers_history_and_closed_with_f9() {
    let data = demo_dir();
    // The same caller rang last week, through the phone system.
    vaihde_cli(data.path(), &["call", "--to", "09 4321 000", "--from", "040 555 0199"]);
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    call_by_hand(&client, "040 555 0199").await;
    text_within(&client, "#call-history", Duration::from_secs(5), |t| t.contains("1"))
        .await
        .unwrap_or_else(|last| panic!("the caller's earlier call is not told: {last:?}"));
    screenshot(&client, "call-by-hand").await;
    press(&client, "\u{E039}").await; // F9: answered
    text_within(&client, "#status", Duration::from_secs(5), |t| t.contains("answered"))
        .await
        .unwrap_or_else(|last| panic!("the footer does not say the call was logged: {last:?}"));
    let calls = vaihde_cli(data.path(), &["calls", "--number", "040 555 0199", "--json"]);
    let calls: serde_json::Value = serde_json::from_str(&calls).expect("the CLI's calls as JSON");
    let newest = &calls[0];
    assert_eq!(newest["outcome"], "information", "{calls}");
    assert_eq!(newest["company_name"], "Rakennus-Koivu Oy");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn an_urgent_message_nobody_acknowledged_is_an_alarm_on_every_screen_until_seen() {
    let data = demo_dir();
    let d = data.path();
    vaihde_cli(d, &["messaging", "rakennus", "--ack-within", "5", "--address", "info@rakennuskoivu.fi"]);
    let take = [
        "message",
        "take",
        "--company",
        "rakennus",
        "--for",
        "Pekka Koistinen",
        "--caller-name",
        "Työmaa",
        "--caller-number",
        "040 555 0199",
        "--text",
        "Vesivahinko",
        "--urgent",
        "--no-send",
    ];
    vaihde_cli_at(d, "2026-11-23T09:30:00+02:00", &take);
    // Nobody acknowledges: sent on to the company's address, then nobody is left.
    vaihde_cli_at(d, "2026-11-23T09:35:00+02:00", &["outbox", "--send"]);
    let last = vaihde_cli_at(d, "2026-11-23T09:40:00+02:00", &["outbox", "--send"]);
    assert!(last.contains("#1 alarm"), "{last}");

    let client = open_app(d).await;
    let said = "urgent message #1 for Pekka Koistinen not acknowledged in 30 min: call them or the client";
    text_within(&client, "#alarms .alarm-text", Duration::from_secs(10), |t| t == said)
        .await
        .unwrap_or_else(|last| panic!("no alarm at the top of the window: {last:?}"));
    text_within(&client, "#announce", Duration::from_secs(5), |t| t.contains(said))
        .await
        .unwrap_or_else(|last| panic!("the alarm is not said at once: {last:?}"));
    screenshot(&client, "alarm").await;
    // At the top of the callbacks in the Messages panel too.
    press(&client, F8).await;
    text_within(&client, "#callbacks-alarms .alarm-text", Duration::from_secs(5), |t| t == said)
        .await
        .unwrap_or_else(|last| panic!("no alarm above the callbacks: {last:?}"));
    client.find(Locator::Id("panel-alarm-seen-1")).await.expect("seen").click().await.expect("click");
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#alarms[hidden]"))
        .await
        .expect("marked seen: the alarm is gone from every screen");
    let show: serde_json::Value = serde_json::from_str(&vaihde_cli(d, &["message", "show", "1", "--json"])).unwrap();
    assert_eq!(show["acknowledged"]["how"], "operator", "{show}");
    client.client.clone().close().await.expect("close");
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn f12_shows_the_days_figures_per_company_and_agent_with_a_chart_said_in_words() {
    let data = demo_dir();
    let d = data.path();
    // This morning at Rakennus-Koivu: one call put through, one message.
    vaihde_cli_at(
        d,
        "2026-11-23T08:10:00+02:00",
        &["--actor", "anna", "call", "--to", "09 4321 000", "--from", "040 555 0199"],
    );
    vaihde_cli_at(
        d,
        "2026-11-23T08:12:00+02:00",
        &["calls", "close", "1", "--outcome", "transferred", "--to-name", "Pekka Koistinen", "--number", "2400"],
    );
    vaihde_cli_at(
        d,
        "2026-11-23T09:20:00+02:00",
        &["--actor", "ville", "call", "--to", "09 4321 000", "--from", "040 555 0100"],
    );
    vaihde_cli_at(d, "2026-11-23T09:22:00+02:00", &["calls", "close", "2", "--outcome", "information"]);
    // Last week: not today's.
    vaihde_cli_at(d, "2026-11-16T09:00:00+02:00", &["call", "--to", "09 4321 000", "--from", "040 555 0101"]);

    let client = open_app(d).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    press(&client, "\u{E03C}").await; // F12
    text_within(&client, "#figures-companies tbody", Duration::from_secs(10), |t| !t.is_empty())
        .await
        .unwrap_or_else(|last| panic!("no figures per company: {last:?}"));
    // Name, calls, put through, message, answered, no outcome.
    assert_eq!(rows(&client, "#figures-companies").await, ["Rakennus-Koivu Oy 2 1 0 1 0"]);
    assert_eq!(rows(&client, "#figures-agents").await, ["anna 1 1 0 0 0", "ville 1 0 0 1 0"]);
    // The chart is an image that has loaded, and says what it shows.
    let (alt, width): (String, u64) = {
        let v = client
            .execute(
                "const i = document.getElementById('figures-calls-chart'); return [i.alt, i.complete ? i.naturalWidth : 0];",
                vec![],
            )
            .await
            .expect("the chart");
        (v[0].as_str().unwrap_or_default().to_string(), v[1].as_u64().unwrap_or_default())
    };
    assert_eq!(alt, "2 calls; the busiest hour 8:00–9:00 with 1.");
    assert!(width > 600, "the chart image did not load: {width}");
    // The focus starts on the period; this month has last week's call too.
    // (Keys sent to a <select> under WebDriver open its menu: the option is
    // chosen as a pointer would.)
    assert_eq!(focused_id(&client).await, "figures-period");
    screenshot(&client, "figures").await;
    client
        .find(Locator::Css("#figures-period option[value='month']"))
        .await
        .expect("this month")
        .click()
        .await
        .expect("choose this month");
    text_within(&client, ".figures-since", Duration::from_secs(5), |t| t.contains("1 Nov 00:00"))
        .await
        .unwrap_or_else(|last| panic!("the month did not start on the 1st: {last:?}"));
    text_within(&client, "#figures-companies tbody", Duration::from_secs(5), |t| t.starts_with("Rakennus-Koivu Oy3"))
        .await
        .unwrap_or_else(|last| panic!("the month's calls are not counted: {last:?}"));
    assert_eq!(rows(&client, "#figures-companies").await, ["Rakennus-Koivu Oy 3 1 0 1 1"]);
    client.client.clone().close().await.expect("close");
}

/// A table's body rows, each as its first six cells joined by spaces.
async fn rows(client: &fantoccini::Client, table: &str) -> Vec<String> {
    let script = format!(
        "return [...document.querySelectorAll('{table} tbody tr')].map(r => [...r.cells].slice(0, 6).map(c => c.textContent).join(' '));"
    );
    let v = client.execute(&script, vec![]).await.expect("the table's rows");
    v.as_array().into_iter().flatten().filter_map(|r| r.as_str().map(str::to_string)).collect()
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn ctrl_o_signs_the_operator_in_and_the_desks_calls_carry_their_name() {
    let data = demo_dir();
    let d = data.path();
    // Another desk of the same directory has Ville signed in.
    let cli = std::path::Path::new(env!("CARGO_BIN_EXE_vaihde-desktop")).with_file_name("vaihde");
    let out = std::process::Command::new(cli)
        .arg("--data-dir")
        .arg(d)
        .args(["--at", common::AT, "operator", "sign-in", "Ville", "--languages", "en,sv"])
        .env("VAIHDE_DESK", "desk-9")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let client = open_app(d).await;
    wait_text(&client, "operator", "Sign in", 5, "the footer's sign-in button").await;
    press(&client, "\u{E009}o\u{E000}").await; // Ctrl+O
    let name = client.wait().for_element(Locator::Id("op-name")).await.expect("the sign-in dialog");
    assert_eq!(focused_id(&client).await, "op-name");
    let everyone = text_of(&client, "#op-everyone").await;
    assert_eq!(everyone, "desk-9: Ville (en, sv)");
    // A blank name is refused in words, tied to the field.
    name.send_keys("\u{E007}").await.expect("Enter");
    text_within(&client, "#op-note", Duration::from_secs(5), |t| t.starts_with("sign in with your name"))
        .await
        .unwrap_or_else(|last| panic!("a blank name is not refused: {last:?}"));
    let invalid =
        client.execute("return document.getElementById('op-name').getAttribute('aria-invalid')", vec![]).await;
    assert_eq!(invalid.ok().and_then(|v| v.as_str().map(str::to_string)).as_deref(), Some("true"));
    name.send_keys("Anna Virtanen\u{E007}").await.expect("the name, Enter");
    wait_text(&client, "operator", "Signed in: Anna Virtanen (en)", 5, "signed in").await;
    screenshot(&client, "signed-in").await;
    // A client in a language she did not list: who signed in speaks it.
    switch_company(&client, "skär", "Skärgårdens Bygg Ab").await;
    wait_text(
        &client,
        "language-help",
        "svenska is not one of your languages: Ville (desk-9) speaks it",
        5,
        "the hint",
    )
    .await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    wait_text(
        &client,
        "language-help",
        "suomi is not one of your languages, and nobody signed in speaks it",
        5,
        "no one",
    )
    .await;
    screenshot(&client, "language-help").await;

    // The desk's call is Anna's.
    call_by_hand(&client, "040 555 0199").await;
    press(&client, "\u{E039}").await; // F9: answered
    text_within(&client, "#status", Duration::from_secs(5), |t| t.contains("answered"))
        .await
        .unwrap_or_else(|last| panic!("the call was not logged: {last:?}"));
    let calls: serde_json::Value =
        serde_json::from_str(&vaihde_cli(d, &["calls", "--number", "040 555 0199", "--json"])).unwrap();
    assert_eq!(calls[0]["operator"], "Anna Virtanen", "{calls}");
    // The dialog again: both desks listed; signing out is said and shown.
    press(&client, "\u{E009}o\u{E000}").await;
    client.wait().for_element(Locator::Id("op-sign-out")).await.expect("sign out").click().await.expect("click");
    wait_text(&client, "operator", "Sign in", 5, "signed out").await;
    client.client.clone().close().await.expect("close");
}

/// F10, the caller's number and Enter: a call by hand, its banner shown.
async fn call_by_hand(client: &fantoccini::Client, from: &str) {
    press(client, "\u{E03A}").await; // F10
    let number = client.wait().for_element(Locator::Id("call-from")).await.expect("the call form");
    number.send_keys(&format!("{from}\u{E007}")).await.expect("the caller's number, Enter");
    text_within(client, "#call-banner", Duration::from_secs(5), |t| t.contains(from))
        .await
        .unwrap_or_else(|last| panic!("no banner for the call: {last:?}"));
}
