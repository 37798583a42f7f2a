//! What the end-to-end tests and the desktop measurements share: one
//! tauri-driver per window, the app started over a data directory, and
//! artifacts (screenshots, logs) in `e2e-artifacts/`.

#![allow(dead_code)] // each test binary uses its own part

pub mod page;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub const AT: &str = "2026-11-23T10:00:00+02:00";
/// tauri-driver for one test on ports of its own, stopped by its PID with
/// SIGTERM when dropped (it then stops its WebKitWebDriver; SIGKILL would
/// leave that running; a static would never be dropped at all). Free ports
/// per test mean a driver left over from an interrupted run holds nothing
/// a new run needs.
pub struct Driver {
    child: Child,
    port: u16,
}

/// Two loopback ports nobody listens on now (the system's picks, both
/// held until both are chosen so they differ, then let go).
fn free_ports() -> (u16, u16) {
    let bind = || std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
    let (a, b) = (bind(), bind());
    let port = |l: &std::net::TcpListener| l.local_addr().expect("local address").port();
    (port(&a), port(&b))
}

impl Driver {
    pub fn start() -> Driver {
        assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: run under xvfb-run (scripts/e2e)");
        let log = std::fs::File::create(artifacts().join("tauri-driver.log")).expect("driver log");
        let (port, native) = free_ports();
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("tauri-driver not found: cargo install tauri-driver --locked --version ^2");
        // Wait until it accepts connections.
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Stops a process a test started, by its PID (SIGTERM, so it can stop
/// its own children), and reaps it.
pub fn stop(child: &mut Child) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let _ = child.wait();
}

/// An app window with its driver; both end when this is dropped.
pub struct App {
    pub client: Client,
    _driver: Driver,
}

impl std::ops::Deref for App {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("create e2e-artifacts");
    dir
}

/// The app at `app` over `data`, waiting until the UI says it is ready.
pub async fn open_app_at(app: &Path, data: &Path, extra: &[&str]) -> App {
    for attempt in 1..=2 {
        let driver = Driver::start();
        match connect(driver.port, app, data, extra).await {
            Ok(client) => {
                wait_ready(&client).await;
                // The UI language is kept in the webview's storage, which
                // outlives a test: every test starts from the default.
                let stored = client.execute("return localStorage.getItem('vaihde.lang');", vec![]).await;
                if stored.is_ok_and(|v| !v.is_null()) {
                    client
                        .execute("localStorage.removeItem('vaihde.lang'); location.reload();", vec![])
                        .await
                        .expect("reset the language");
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    wait_ready(&client).await;
                }
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

async fn wait_ready(client: &Client) {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("body[data-ready='true']"))
        .await
        .expect("UI ready");
}

async fn connect(port: u16, app: &Path, data: &Path, extra: &[&str]) -> Result<Client, String> {
    let mut args = vec!["--data-dir", data.to_str().expect("utf-8 path"), "--at", AT];
    args.extend_from_slice(extra);
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), json!({ "application": app, "args": args }));
    caps.insert("browserName".into(), json!("wry"));
    let url = format!("http://127.0.0.1:{port}");
    let mut builder = ClientBuilder::native();
    builder.capabilities(caps);
    match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("timed out: is the app able to open a window?".into()),
    }
}

pub async fn screenshot(client: &Client, name: &str) {
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
