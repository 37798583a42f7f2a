//! Two people by one name: the call log learns whom callers asked for
//! (`calls close` links the person the name and number name), and `vaihde
//! search` puts that namesake first, this caller's own history before
//! everyone's (`--from`, `--call`).

mod common;

use std::path::Path;

use serde_json::Value;

const AT: &str = "2026-11-23T10:00:00+02:00";
const SWITCHBOARD: &str = "09 4321 000";

fn ok(dir: &Path, args: &[&str]) -> String {
    common::ok_at(dir, AT, args)
}

/// The titles of the Pekka Koistinens, in the order `search` gives them.
fn koistinens(dir: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["search", "pekka koistinen", "--company", "rakennus", "--json"];
    args.extend(extra);
    ok(dir, &args)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["person"]["name"] == "Pekka Koistinen")
        .map(|r| r["person"]["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A call from `from`, put through to "Pekka Koistinen" with `how` (the
/// number, or the person's id); returns the person the log linked.
fn put_through(dir: &Path, from: &str, how: &[&str]) -> Value {
    let call: Value = serde_json::from_str(&ok(dir, &["call", "--to", SWITCHBOARD, "--from", from, "--json"])).unwrap();
    let id = call["call_id"].to_string();
    let mut args = vec!["calls", "close", &id, "--outcome", "transferred", "--to-name", "Pekka Koistinen"];
    args.extend(how);
    ok(dir, &args);
    let calls: Value = serde_json::from_str(&ok(dir, &["calls", "--limit", "1", "--json"])).unwrap();
    calls[0]["person_id"].clone()
}

#[test]
fn the_namesake_callers_ask_for_comes_first_and_this_callers_own_before_that() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["demo"]);
    ok(
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
    let director = "toimitusjohtaja";
    // Nobody has asked yet: the older entry first, as always.
    assert_eq!(koistinens(d, &[]), [director, "Varastomies"]);

    // Put through on the storeman's number: the log links him, not the name's first holder.
    let storeman = put_through(d, "040 777 1234", &["--number", "2499"]);
    assert!(storeman.is_i64(), "linked by the number: {storeman}");
    assert_eq!(koistinens(d, &[]), ["Varastomies", director], "asked for once: first now");

    // Two callers ask for the director by the window's choice (his id).
    let director_id: Value = {
        let rows = ok(d, &["search", "toimitusjohtaja", "--company", "rakennus", "--json"]);
        serde_json::from_str::<Value>(rows.lines().next().unwrap()).unwrap()["person"]["id"].clone()
    };
    for from in ["040 111 0001", "040 111 0002"] {
        assert_eq!(put_through(d, from, &["--person", &director_id.to_string()]), director_id);
    }
    assert_eq!(koistinens(d, &[]), [director, "Varastomies"], "asked for more often");
    // The storeman's caller rings again: his own history decides.
    assert_eq!(koistinens(d, &["--from", "+358 40 777 1234"]), ["Varastomies", director]);
    let call: Value =
        serde_json::from_str(&ok(d, &["call", "--to", SWITCHBOARD, "--from", "040 777 1234", "--json"])).unwrap();
    assert_eq!(koistinens(d, &["--call", &call["call_id"].to_string()]), ["Varastomies", director]);

    // A name two people share, with no number: no guess is stored.
    assert_eq!(put_through(d, "040 222 0000", &[]), Value::Null);
}
