//! The installed package, not the build tree: `scripts/package-check`
//! installs the .deb with `dpkg -i` and runs this against
//! `/usr/bin/vaihde-desktop` on an empty directory. The window must open on
//! its first-run screen; a screenshot goes to `e2e-artifacts/installed.png`.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{open_app_at, screenshot};
use fantoccini::Locator;

#[tokio::test]
#[ignore = "needs the installed package: scripts/package-check"]
async fn the_installed_app_opens_on_its_first_run_screen() {
    let app = PathBuf::from(std::env::var_os("VAIHDE_INSTALLED_APP").expect("VAIHDE_INSTALLED_APP"));
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("vaihde");
    std::fs::create_dir_all(&data).expect("data dir");
    let client = open_app_at(&app, &data, &[]).await;
    let text = client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Id("first-run"))
        .await
        .expect("the first-run screen of the installed app")
        .text()
        .await
        .expect("text");
    assert!(text.contains("Start with a staff file"), "{text}");
    screenshot(&client, "installed").await;
    client.client.clone().close().await.expect("close");
}
