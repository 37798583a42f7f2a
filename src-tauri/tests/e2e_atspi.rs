//! The window as a screen reader gets it: the accessibility tree that
//! WebKitGTK gives over AT-SPI (what Orca reads), read by
//! `tests/atspi/tree.py`, with the app driven by real X key events
//! (xdotool) as a person drives it. No WebDriver here: in a WebDriver
//! session no live-region change reached AT-SPI at all (WebKitGTK 2.50),
//! so the announcements could not be heard through it.
//!
//! Needs the D-Bus session the app runs in (scripts/e2e runs the E2E tests
//! under dbus-run-session; the AT-SPI bus starts on first use), Xvfb,
//! xdotool and Debian's python3-gi with gir1.2-atspi-2.0.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::AT;
use common::page::*;
use serde_json::Value;

fn tree_py() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/atspi/tree.py")
}

/// The test's window's process: tree.py reads that window, not another
/// one an earlier test left on the desktop.
static APP_PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();

fn tree(mode: &[&str]) -> Command {
    let mut c = Command::new("/usr/bin/python3");
    c.arg(tree_py()).args(mode).env("VAIHDE_APP_PID", APP_PID.get().expect("the app started").to_string());
    c
}

/// One snapshot of the tree (tree.py snapshot).
fn snapshot() -> Value {
    let out = tree(&["snapshot"]).output().expect("run tree.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "tree.py snapshot: {text} {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("tree.py said {text}: {e}"))
}

/// Snapshots until `ok` holds (the page answers a key a moment later).
fn snapshot_until(what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let tree = snapshot();
        if ok(&tree) {
            return tree;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{what}: {tree}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The keyboard's focus on the test's own window (found by its process:
/// windows other tests left open may share the display).
fn focus_window(pid: u32) {
    let out = Command::new("xdotool")
        .args(["search", "--sync", "--onlyvisible", "--pid", &pid.to_string()])
        .output()
        .expect("xdotool (scripts/setup-debian installs it)");
    let found = String::from_utf8_lossy(&out.stdout);
    let window = found.lines().last().unwrap_or_else(|| panic!("no window of process {pid}: {found}")).to_string();
    xdotool(&["windowraise", &window]);
    xdotool(&["windowfocus", "--sync", &window]);
}

/// Real X key events to the window that has the keyboard's focus.
fn xdotool(args: &[&str]) {
    let status = Command::new("xdotool").args(args).status().expect("xdotool (scripts/setup-debian installs it)");
    assert!(status.success(), "xdotool {args:?}: {status}");
}

fn has(list: &Value, want: &str) -> bool {
    list.as_array().is_some_and(|l| l.iter().any(|s| s == want))
}

/// "4 results", "4 tulosta", "4 resultat": the window speaks the language
/// the last run left it in (the webview keeps it), so any of the three.
fn is_count(text: &str) -> bool {
    let mut parts = text.splitn(2, ' ');
    let n = parts.next().is_some_and(|n| n.parse::<u32>().is_ok());
    n && matches!(parts.next(), Some("results" | "tulosta" | "resultat"))
}

fn options(tree: &Value) -> Vec<Value> {
    tree["options"].as_array().cloned().unwrap_or_default()
}

/// The app, stopped by its PID when dropped.
struct Window(Child);

impl Drop for Window {
    fn drop(&mut self) {
        common::stop(&mut self.0);
    }
}

#[test]
#[ignore = "needs Xvfb, a D-Bus session, xdotool and python3-gi: scripts/e2e"]
fn a_screen_reader_gets_a_combobox_its_active_option_and_the_announcements() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() && std::env::var_os("DISPLAY").is_some(),
        "no D-Bus session or display: run under xvfb-run and dbus-run-session (scripts/e2e)"
    );
    let data = demo_dir();
    let window = Window(
        Command::new(env!("CARGO_BIN_EXE_vaihde-desktop"))
            .arg("--data-dir")
            .arg(data.path())
            .args(["--at", AT])
            .stdout(Stdio::null())
            .spawn()
            .expect("start the app"),
    );
    APP_PID.set(window.0.id()).expect("one app");
    // A screen reader is there before anything happens: it listens first
    // (tree.py waits for the window to appear on the AT-SPI desktop).
    let mut listener = tree(&["listen", "30"]).stdout(Stdio::piped()).spawn().expect("run tree.py listen");
    let mut lines = BufReader::new(listener.stdout.take().expect("stdout")).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    assert!(first.contains("listening"), "tree.py listen: {first}");

    // The search box as the screen reader's tree has it.
    let tree = snapshot();
    let search = &tree["search"];
    assert_eq!(search["role"], "combo box", "{tree}");
    assert_eq!(search["xml_roles"], "combobox", "{tree}");
    assert!(has(&search["relations"], "controller-for list box#results"), "{tree}");
    assert!(has(&search["relations"], "labelled-by label#search-label"), "{tree}");
    assert_eq!(tree["live"]["announce-polite"]["live"], "polite", "{tree}");
    assert_eq!(tree["live"]["announce"]["live"], "assertive", "{tree}");

    // "/" (all companies: the app opens on another client), then the name.
    focus_window(window.0.id());
    xdotool(&["type", "--delay", "40", "/koistinen"]);
    let tree = snapshot_until("the results' number said", |t| {
        t["live"]["announce-polite"]["text"].as_str().is_some_and(is_count)
    });
    let found = options(&tree);
    assert!(found.len() >= 2 && found.iter().all(|o| o["xml_roles"] == "option"), "{tree}");
    assert!(has(&found[0]["states"], "selected"), "the active row is the first: {tree}");
    let row = found[0]["name"].as_str().unwrap_or_default();
    assert!(row.starts_with("Pekka Koistinen") && row.len() < 120, "a row is said briefly: {row}");

    // ↓ moves the active row; the tree says which.
    xdotool(&["key", "Down"]);
    let tree = snapshot_until("↓ makes the second row active", |t| {
        let o = options(t);
        o.len() >= 2 && has(&o[1]["states"], "selected") && !has(&o[0]["states"], "selected")
    });
    assert!(options(&tree)[1]["name"].as_str().is_some_and(|n| !n.starts_with("Pekka")), "{tree}");

    // A refusal, said at once: the person form emptied of its name.
    xdotool(&["key", "F2"]);
    std::thread::sleep(Duration::from_millis(800));
    xdotool(&["key", "ctrl+a", "BackSpace", "Tab", "ctrl+a", "BackSpace", "Return"]);

    let last = lines.map_while(Result::ok).last().unwrap_or_default();
    let _ = listener.wait();
    let heard: Value = serde_json::from_str(&last).unwrap_or_else(|e| panic!("tree.py listen said {last}: {e}"));
    let heard = heard["heard"].as_array().cloned().unwrap_or_default();
    let said = |live: &str, ok: &dyn Fn(&str) -> bool| {
        heard.iter().any(|h| h["live"] == live && h["text"].as_str().is_some_and(ok))
    };
    assert!(said("polite", &is_count), "the results' number never reached AT-SPI: {heard:?}");
    assert!(
        said("assertive", &|t| ["needs a name", "oltava nimi", "namn"].iter().any(|w| t.contains(w))),
        "the refusal never reached AT-SPI: {heard:?}; the tree now: {}",
        snapshot()
    );
}
