//! End to end in the real window: the debug build of the app, driven by
//! tauri-driver and WebKitWebDriver under Xvfb. Needs a display, the
//! `tauri-driver` binary and `WebKitWebDriver`; run with
//! `scripts/e2e` (these tests are #[ignore]d in a plain `cargo test`).
//!
//! One tauri-driver serves all tests (fixed ports), so they run one at a
//! time. Each test gets its own data directory and a fixed `--at`.
//! Screenshots go to `e2e-artifacts/`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const AT: &str = "2026-11-23T10:00:00+02:00";
const DRIVER_PORT: u16 = 4444;

/// tauri-driver for one test, stopped with SIGTERM when dropped (SIGKILL
/// would leave WebKitWebDriver running on the native port and hang the next
/// run; a static would never be dropped at all).
struct Driver(Child);

impl Driver {
    fn start() -> Driver {
        assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: run under xvfb-run (scripts/e2e)");
        let log = std::fs::File::create(artifacts().join("tauri-driver.log")).expect("driver log");
        let child = Command::new("tauri-driver")
            .args(["--port", &DRIVER_PORT.to_string(), "--native-port", "4445"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("tauri-driver not found: cargo install tauri-driver --locked --version ^2");
        // Wait until it accepts connections.
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", DRIVER_PORT)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver(child)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

/// An app window with its driver; both end when this is dropped.
struct App {
    client: Client,
    _driver: Driver,
}

impl std::ops::Deref for App {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("create e2e-artifacts");
    dir
}

fn vaihde_cli(data: &Path, args: &[&str]) {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/vaihde");
    let out =
        Command::new(&cli).arg("--data-dir").arg(data).args(["--at", AT]).args(args).output().expect("run vaihde CLI");
    assert!(out.status.success(), "vaihde {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A fresh app window over `data`, waiting until the UI says it is ready.
/// A session that fails to start is tried once more with a fresh driver:
/// WebKitWebDriver sometimes drops the first connection right after start.
async fn open_app(data: &Path) -> App {
    open_app_with(data, &[]).await
}

async fn open_app_with(data: &Path, extra: &[&str]) -> App {
    for attempt in 1..=2 {
        let driver = Driver::start();
        match connect(data, extra).await {
            Ok(client) => {
                client
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::Css("body[data-ready='true']"))
                    .await
                    .expect("UI ready");
                return App { client, _driver: driver };
            }
            Err(e) if attempt == 1 => {
                eprintln!("new session failed ({e}); retrying once");
                drop(driver);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => panic!("new session: {e}"),
        }
    }
    unreachable!("the loop returns or panics")
}

async fn connect(data: &Path, extra: &[&str]) -> Result<Client, String> {
    let mut args = vec!["--data-dir", data.to_str().expect("utf-8 path"), "--at", AT];
    args.extend_from_slice(extra);
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), json!({ "application": env!("CARGO_BIN_EXE_vaihde-desktop"), "args": args }));
    caps.insert("browserName".into(), json!("wry"));
    let url = format!("http://127.0.0.1:{DRIVER_PORT}");
    let mut builder = ClientBuilder::native();
    builder.capabilities(caps);
    match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("timed out: is the app able to open a window?".into()),
    }
}

async fn screenshot(client: &Client, name: &str) {
    // Let two frames paint so the picture shows the latest DOM.
    let _ = client
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
            vec![],
        )
        .await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts().join(format!("{name}.png")), png).expect("write screenshot");
}

async fn type_text(client: &Client, text: &str) {
    let input = client.find(Locator::Id("search")).await.expect("search box");
    input.send_keys(text).await.expect("type");
}

/// The first result row's name once it is `expected`. The list re-renders on
/// every keystroke, so a row read too early can be stale or a partial match:
/// poll until it settles (up to 10 s) and report what was there if not.
async fn expect_first_row(client: &Client, expected: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(el) = client.find(Locator::Css("#results li.row .name")).await
            && let Ok(text) = el.text().await
        {
            if text == expected {
                return;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("first result is {last:?}, expected {expected:?}");
}

/// The text of the first element matching `css`, waiting for it to exist;
/// a re-render between finding and reading it is retried.
async fn text_of(client: &Client, css: &str) -> String {
    let mut last_error = String::new();
    for _ in 0..100 {
        match client.find(Locator::Css(css)).await {
            Ok(el) => match el.text().await {
                Ok(text) => return text,
                Err(e) => last_error = e.to_string(),
            },
            Err(e) => last_error = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last_error}");
}

/// Waits (up to `secs`) until the element with `id` reads exactly `text`.
async fn wait_text(client: &Client, id: &str, text: &str, secs: u64, what: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::XPath(&format!("//*[@id='{id}'][text()='{text}']")))
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

/// Ctrl+K, type part of the name, Enter; waits until the bar shows `name`.
async fn switch_company(client: &Client, typed: &str, name: &str) {
    let body = client.find(Locator::Css("body")).await.expect("body");
    body.send_keys("\u{E009}k\u{E000}").await.expect("ctrl+k");
    let filter = client.wait().for_element(Locator::Id("company-filter")).await.expect("picker");
    filter.send_keys(&format!("{typed}\u{E007}")).await.expect("pick");
    wait_text(client, "company-name", name, 5, "switched").await;
}

fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    vaihde_cli(dir.path(), &["demo"]);
    dir
}

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
    assert!(status.starts_with("away (holiday) · back Mon 30.11. 08:00"), "{status}");
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
        &["person", "add", "--company", "rakennus", "--given", evil, "--family", "Hakkeri", "--notes", "<b>bold?</b>"],
    );
    let client = open_app(data.path()).await;
    switch_company(&client, "rakennus", "Rakennus-Koivu Oy").await;
    type_text(&client, "hakkeri").await;
    expect_first_row(&client, &format!("{evil} Hakkeri")).await;
    assert_eq!(text_of(&client, "#card-name").await, format!("{evil} Hakkeri"));
    assert_eq!(text_of(&client, "#card .notes").await, "<b>bold?</b>");
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
    assert!(error.contains("cannot read the calendar file"), "{error}");
    let demo_feed = text_of(&client, "#feeds li.feed:not(.failing)").await;
    assert!(demo_feed.contains("Demo: Poissaolot"), "{demo_feed}");
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
    assert!(chip.contains("back Tue 24.11. 08:00"), "{chip}");

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
