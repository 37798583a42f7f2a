//! What the end-to-end tests do on the page: prepare data with the CLI,
//! open the app, type, wait for text, press keys.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use fantoccini::{Client, Locator};

use super::{AT, App, open_app_at};

/// Runs the `vaihde` CLI, built beside the desktop binary (whatever the target directory).
pub fn vaihde_cli(data: &Path, args: &[&str]) -> String {
    vaihde_cli_at(data, AT, args)
}

/// The CLI at another moment than the window's.
pub fn vaihde_cli_at(data: &Path, at: &str, args: &[&str]) -> String {
    let desktop = Path::new(env!("CARGO_BIN_EXE_vaihde-desktop"));
    let cli = desktop.with_file_name("vaihde");
    let out =
        Command::new(&cli).arg("--data-dir").arg(data).args(["--at", at]).args(args).output().expect("run vaihde CLI");
    assert!(out.status.success(), "vaihde {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh app window over `data`, waiting until the UI says it is ready.
/// A session that fails to start is tried once more with a fresh driver:
/// WebKitWebDriver sometimes drops the first connection right after start.
pub async fn open_app(data: &Path) -> App {
    open_app_with(data, &[]).await
}

pub async fn open_app_with(data: &Path, extra: &[&str]) -> App {
    open_app_at(Path::new(env!("CARGO_BIN_EXE_vaihde-desktop")), data, extra).await
}

pub async fn type_text(client: &Client, text: &str) {
    let input = client.find(Locator::Id("search")).await.expect("search box");
    input.send_keys(text).await.expect("type");
}

/// Waits (up to `within`) until the first element matching `css` has a
/// text that satisfies `ok`; says how long it took, or the last text seen.
/// The page re-renders as it goes, so a text read too early is read again.
pub async fn text_within(
    client: &Client,
    css: &str,
    within: Duration,
    ok: impl Fn(&str) -> bool,
) -> Result<Duration, String> {
    let start = std::time::Instant::now();
    let mut last = String::new();
    while start.elapsed() < within {
        if let Ok(el) = client.find(Locator::Css(css)).await
            && let Ok(text) = el.text().await
        {
            if ok(&text) {
                return Ok(start.elapsed());
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(last)
}

/// The first result row's name once it is `expected`. The list re-renders on
/// every keystroke, so a row read too early can be stale or a partial match:
/// poll until it settles (up to 10 s) and report what was there if not.
pub async fn expect_first_row(client: &Client, expected: &str) {
    if let Err(last) = text_within(client, "#results li.row .name", Duration::from_secs(10), |t| t == expected).await {
        panic!("first result is {last:?}, expected {expected:?}");
    }
}

/// The text of the first element matching `css`, waiting for it to exist;
/// a re-render between finding and reading it is retried.
pub async fn text_of(client: &Client, css: &str) -> String {
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
pub async fn wait_text(client: &Client, id: &str, text: &str, secs: u64, what: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::XPath(&format!("//*[@id='{id}'][text()='{text}']")))
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

/// Ctrl+K, type part of the name, Enter; waits until the bar shows `name`.
pub async fn switch_company(client: &Client, typed: &str, name: &str) {
    let body = client.find(Locator::Css("body")).await.expect("body");
    body.send_keys("\u{E009}k\u{E000}").await.expect("ctrl+k");
    let filter = client.wait().for_element(Locator::Id("company-filter")).await.expect("picker");
    filter.send_keys(&format!("{typed}\u{E007}")).await.expect("pick");
    wait_text(client, "company-name", name, 5, "switched").await;
}

pub fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    vaihde_cli(dir.path(), &["demo"]);
    dir
}

/// Presses keys on the page (outside any field).
pub async fn press(client: &Client, keys: &str) {
    client.find(Locator::Css("body")).await.expect("body").send_keys(keys).await.expect("keys");
}

/// Empties the search box the way Esc does not: by script, with an input
/// event (WebDriver's "element clear" can drop the session on WebKit).
pub async fn clear_search(client: &Client) {
    client
        .execute(
            "const b = document.getElementById('search'); b.value = ''; b.dispatchEvent(new Event('input'));",
            vec![],
        )
        .await
        .expect("clear the search box");
}

/// Clears the search box and types `query`; waits for `name` on the card.
pub async fn open_card(client: &Client, query: &str, name: &str) {
    clear_search(client).await;
    type_text(client, query).await;
    wait_text(client, "card-name", name, 30, "the card").await;
}

/// Presses Enter on the button `css`. A panel is redrawn whenever any desk
/// changes what it shows (this one's own action too), so a button replaced
/// between finding and pressing is found again.
pub async fn enter_on(client: &Client, css: &str) -> bool {
    for _ in 0..20 {
        if let Ok(b) = client.find(Locator::Css(css)).await
            && b.send_keys("\u{E007}").await.is_ok()
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

/// The id of the element that has the keyboard focus.
pub async fn focused_id(client: &Client) -> String {
    client
        .execute("return document.activeElement ? document.activeElement.id : ''", vec![])
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Presses keys on the element that has the focus (a button the window
/// focused itself). A panel redrawn between finding the focused element
/// and pressing (another desk's change, a timer) makes it stale: the one
/// focused then is found again.
pub async fn press_focused(client: &Client, keys: &str) {
    let mut last = None;
    for _ in 0..10 {
        let focused = client.active_element().await.expect("the focused element");
        match focused.send_keys(keys).await {
            Ok(()) => return,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("keys {keys:?} to the focused element: {last:?}");
}
