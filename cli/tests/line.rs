//! `vaihde line`: the desk's SIP account set, shown without its password,
//! and tested against a real PBX (kamailio, started by the test on a
//! private loopback port, as in the line crate's own tests).

mod common;
#[path = "../../crates/line/tests/support/mod.rs"]
mod sip;

use std::path::Path;
use std::process::Output;

fn vaihde(dir: &Path, lang: &str, args: &[&str]) -> Output {
    common::bin(dir).env("LC_ALL", "C").args(["--lang", lang]).args(args).output().expect("run vaihde")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn the_line_is_set_shown_without_its_password_and_tested_at_the_pbx() {
    let pbx = sip::Pbx::start();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // No line: said, and the test fails (exit 1) in the operator's words.
    let none = vaihde(d, "fi", &["line", "show"]);
    assert!(none.status.success() && said(&none).contains("ei ole puhelinlinjaa"), "{}", said(&none));
    let untested = vaihde(d, "fi", &["line", "test"]);
    assert_eq!(untested.status.code(), Some(1), "{}", said(&untested));

    let account = format!("sip:100@127.0.0.1:{}", pbx.port);
    let set = vaihde(d, "en", &["line", "set", "--account", &account, "--password", "secret100"]);
    assert!(set.status.success(), "{}", said(&set));
    let shown = vaihde(d, "en", &["line", "show"]);
    assert!(said(&shown).contains(&account) && !said(&shown).contains("secret100"), "{}", said(&shown));
    let json: serde_json::Value = serde_json::from_slice(&vaihde(d, "en", &["line", "show", "--json"]).stdout).unwrap();
    assert_eq!(json["password_set"], true);
    assert!(!json.to_string().contains("secret100"));

    let tested = vaihde(d, "sv", &["line", "test"]);
    assert!(tested.status.success(), "{}", said(&tested));
    assert!(said(&tested).contains("är registrerad"), "{}", said(&tested));

    // A wrong password: exit 1, said in Finnish, naming the account.
    assert!(vaihde(d, "en", &["line", "set", "--password", "wrong"]).status.success());
    let refused = vaihde(d, "fi", &["line", "test"]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("ei rekisteröinyt linjaa") && said(&refused).contains(&account),
        "{}",
        said(&refused)
    );

    // Refused at the door, the stored account kept.
    let bad = vaihde(d, "en", &["line", "set", "--account", "100@pbx"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(said(&bad).contains("is not a SIP address"), "{}", said(&bad));
    let bad_transport = vaihde(d, "en", &["line", "set", "--transport", "sctp"]);
    assert!(said(&bad_transport).contains("not one of udp, tcp or tls"), "{}", said(&bad_transport));
    assert!(said(&vaihde(d, "en", &["line", "show"])).contains(&account));
    // A certificate authority that is not a PEM file is named and refused;
    // the headset's devices are kept and shown.
    let key = d.join("not-a-cert.txt");
    std::fs::write(&key, "hello").unwrap();
    let bad_ca = vaihde(d, "en", &["line", "set", "--ca-file", key.to_str().unwrap()]);
    assert_eq!(bad_ca.status.code(), Some(1));
    assert!(said(&bad_ca).contains("not-a-cert.txt") && said(&bad_ca).contains("PEM"), "{}", said(&bad_ca));
    let headset = "PulseAudio Unknown: Jabra_Headset";
    assert!(vaihde(d, "en", &["line", "set", "--playback", headset, "--ringer", headset]).status.success());
    let shown = said(&vaihde(d, "en", &["line", "show"]));
    assert!(shown.contains(&format!("Caller heard on: {headset}")) && shown.contains(&account), "{shown}");
    let devices = vaihde(d, "en", &["line", "devices", "--json"]);
    assert!(devices.status.success(), "{}", said(&devices));
    let cards: serde_json::Value = serde_json::from_slice(&devices.stdout).unwrap();
    assert!(cards.is_array(), "{cards}");

    let removed = vaihde(d, "en", &["line", "remove"]);
    assert!(said(&removed).contains("removed"), "{}", said(&removed));
}

#[test]
fn line_watch_names_the_client_and_the_caller_as_a_call_rings() {
    let pbx = sip::Pbx::start();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(vaihde(d, "en", &["demo"]).status.success());
    let account = format!("sip:100@127.0.0.1:{}", pbx.port);
    assert!(vaihde(d, "en", &["line", "set", "--account", &account, "--password", "secret100"]).status.success());
    let watch = common::bin(d)
        .env("LC_ALL", "C")
        .args(["--lang", "fi", "line", "watch", "--seconds", "6"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("vaihde line watch");
    let mut caller = sip::Agent::start("0405550199", &pbx);
    // Registered by then: the watch registers at once on loopback.
    std::thread::sleep(std::time::Duration::from_secs(2));
    caller.dial("sip:094321000@127.0.0.1");
    caller.wait_for("CALL_RINGING", std::time::Duration::from_secs(5));
    caller.hangup();
    let out = watch.wait_with_output().unwrap();
    let text = said(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("on rekisteröity"), "{text}");
    assert!(text.contains("Rakennus-Koivu Oy: puhelu numerosta 0405550199"), "{text}");
    assert!(text.contains("Puhelu (0405550199) päättyi"), "{text}");
}
