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
    press(&client, "\u{E03A}").await; // F10
    let number = client.wait().for_element(Locator::Id("call-from")).await.expect("the call form");
    number.send_keys("040 555 0199\u{E007}").await.expect("the caller's number, Enter");
    text_within(&client, "#call-banner", Duration::from_secs(5), |t| t.contains("040 555 0199"))
        .await
        .unwrap_or_else(|last| panic!("no banner for the call: {last:?}"));
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

/// The CLI at another moment than the window's.
fn vaihde_cli_at(data: &std::path::Path, at: &str, args: &[&str]) -> String {
    let cli = std::path::Path::new(env!("CARGO_BIN_EXE_vaihde-desktop")).with_file_name("vaihde");
    let out =
        std::process::Command::new(cli).arg("--data-dir").arg(data).args(["--at", at]).args(args).output().unwrap();
    assert!(out.status.success(), "vaihde {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
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
