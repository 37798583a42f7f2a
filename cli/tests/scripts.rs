//! Call scripts from the command line, on both engines: the client's
//! scripts for office hours, evenings (past midnight), a holiday and a
//! line of its own; the most specific one that applies at `--at` first;
//! a form that cannot be read refused in words; scripts kept by backups.

mod common;

use std::path::Path;

use serde_json::Value;

fn run(dir: &Path, at: &str, args: &[&str]) -> std::process::Output {
    common::bin(dir).env("LC_ALL", "C").args(["--at", at, "--actor", "tester"]).args(args).output().expect("run vaihde")
}

fn ok(dir: &Path, at: &str, args: &[&str]) -> String {
    let out = run(dir, at, args);
    assert!(out.status.success(), "vaihde {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

const MONDAY_10: &str = "2026-11-23T10:00:00+02:00";
const MONDAY_22: &str = "2026-11-23T22:00:00+02:00";

fn add(d: &Path, args: &[&str]) {
    let mut all = vec!["script", "add", "--company", "rakennus"];
    all.extend(args);
    ok(d, MONDAY_10, &all);
}

fn first_line(d: &Path, at: &str, extra: &[&str]) -> String {
    let mut args = vec!["script", "now", "--company", "rakennus"];
    args.extend(extra);
    ok(d, at, &args).lines().next().unwrap_or_default().to_string()
}

#[test]
fn the_client_script_for_the_hour_the_date_and_the_line_comes_first() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, MONDAY_10, &["demo"]);
    add(
        d,
        &[
            "--name",
            "Tarjouspyyntö",
            "--days",
            "mon-fri",
            "--hours",
            "08:00-16:00",
            "--say",
            "fi:Rakennus-Koivu, tarjouspyynnöt, hyvää päivää",
            "--ask",
            "name:Nimi:required",
            "--ask",
            "number:Numero:required",
            "--ask",
            "text:Kohde",
            "--goes-to",
            "person:Anne Korhonen",
        ],
    );
    add(
        d,
        &[
            "--name",
            "Vikailmoitus virka-ajan ulkopuolella",
            "--hours",
            "16:00-08:00",
            "--say",
            "sv:Rakennus-Koivus jour, god kväll",
            "--say",
            "fi:Rakennus-Koivun päivystys, hyvää iltaa",
            "--ask",
            "choice:Vian laatu:vesi|sähkö|muu:required",
            "--ask",
            "address:Osoite:required",
            "--goes-to",
            "on-call",
            "--urgent",
        ],
    );
    add(
        d,
        &[
            "--name",
            "Joulun päivystys",
            "--dates",
            "2026-12-24..2026-12-26",
            "--say",
            "fi:Hyvää joulua",
            "--goes-to",
            "address:paivystys@rakennuskoivu.fi",
        ],
    );
    add(d, &["--name", "Huoltolinja", "--number", "09 4321 001", "--say", "fi:Huoltolinja"]);

    // 22:00 on a weekday: the after-hours script, with what to say in the company's language first.
    let night = ok(d, MONDAY_22, &["script", "now", "--company", "rakennus"]);
    let lines: Vec<&str> = night.lines().collect();
    assert_eq!(lines[0], "#2 Vikailmoitus virka-ajan ulkopuolella · urgent", "{night}");
    assert_eq!(lines[1], "  fi: “Rakennus-Koivun päivystys, hyvää iltaa”");
    assert_eq!(lines[2], "  sv: “Rakennus-Koivus jour, god kväll”");
    assert_eq!(lines[3], "  ? Vian laatu: vesi / sähkö / muu (required)");
    assert_eq!(lines[5], "  → whoever is on call");
    // Its early hours count too (Tuesday 07:00 belongs to Monday's night).
    assert_eq!(first_line(d, "2026-11-24T07:00:00+02:00", &[]), "#2 Vikailmoitus virka-ajan ulkopuolella · urgent");
    // Office hours: the quote request.
    assert_eq!(first_line(d, MONDAY_10, &[]), "#1 Tarjouspyyntö");
    // A holiday evening: the holiday's script wins, the evening's follows.
    let christmas = ok(d, "2026-12-24T22:00:00+02:00", &["script", "now", "--company", "rakennus"]);
    assert!(christmas.starts_with("#3 Joulun päivystys\n"), "{christmas}");
    assert!(christmas.ends_with("Also applies: #2 Vikailmoitus virka-ajan ulkopuolella\n"), "{christmas}");
    // Its own line beats the hour.
    assert_eq!(first_line(d, MONDAY_10, &["--number", "+358 9 4321 001"]), "#4 Huoltolinja");
    // A Saturday noon: nothing applies.
    assert_eq!(first_line(d, "2026-11-28T12:00:00+02:00", &[]), "No call script applies now.");
    // In Finnish.
    assert_eq!(
        ok(d, MONDAY_22, &["--lang", "fi", "script", "now", "--company", "rakennus"]).lines().next().unwrap(),
        "#2 Vikailmoitus virka-ajan ulkopuolella · kiireellinen"
    );
    let json: Value = serde_json::from_str(
        ok(d, MONDAY_22, &["script", "now", "--company", "rakennus", "--json"]).lines().next().unwrap(),
    )
    .unwrap();
    assert_eq!(json["goes_to"]["kind"], "on_call");
    assert_eq!(json["questions"][0]["choices"], serde_json::json!(["vesi", "sähkö", "muu"]));
    assert_eq!(json["when"]["from"], "16:00:00");

    // A form that cannot be read is refused in words, and nothing is added.
    let bad = run(d, MONDAY_10, &["script", "add", "--company", "rakennus", "--name", "X", "--hours", "evening"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("“evening” is not a span of hours: use 17:00-08:00"));
    let bad = run(d, MONDAY_10, &["script", "add", "--company", "rakennus", "--name", "X", "--ask", "colour:Väri"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("“colour:Väri” is not a question"));
    assert_eq!(ok(d, MONDAY_10, &["script", "list", "--company", "rakennus"]).lines().count(), 4);
    assert_eq!(
        ok(d, MONDAY_10, &["script", "list", "--company", "rakennus"]).lines().nth(1).unwrap(),
        "#2 Vikailmoitus virka-ajan ulkopuolella · 16:00-08:00"
    );

    // Backups carry them.
    let backup = d.join("backup.json");
    ok(d, MONDAY_10, &["export", backup.to_str().unwrap()]);
    let other = tempfile::tempdir().unwrap();
    ok(other.path(), MONDAY_10, &["import-backup", backup.to_str().unwrap()]);
    assert_eq!(
        ok(other.path(), MONDAY_10, &["script", "list", "--company", "rakennus", "--json"]),
        ok(d, MONDAY_10, &["script", "list", "--company", "rakennus", "--json"])
    );
    // A message taken under the after-hours script: its answers, and urgent as the script says.
    let take = |answers: &[&str]| {
        let mut args = vec![
            "message",
            "take",
            "--company",
            "rakennus",
            "--for",
            "Anne Korhonen",
            "--caller-name",
            "Työmaa",
            "--caller-number",
            "040 555 0199",
            "--script",
            "2",
            "--no-send",
            "--json",
        ];
        for a in answers {
            args.extend(["--answer", a]);
        }
        run(d, MONDAY_22, &args)
    };
    let out = take(&["Vian laatu=vesi", "Osoite=Koivutie 3, Espoo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["urgent"], true, "the script's messages are urgent");
    assert_eq!(m["script"], "Vikailmoitus virka-ajan ulkopuolella");
    assert_eq!(m["answers"][1], serde_json::json!({ "label": "Osoite", "value": "Koivutie 3, Espoo" }));
    // The client's report lists the answers under the message, in its language.
    let report =
        ok(d, "2026-11-23T23:00:00+02:00", &["report", "--company", "rakennus", "--since", "2026-11-23 21:00"]);
    assert!(
        report.contains("    Vastaukset (Vikailmoitus virka-ajan ulkopuolella):\n      Vian laatu: vesi\n      Osoite: Koivutie 3, Espoo\n"),
        "{report}"
    );
    let said = |out: std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(said(take(&["Vian laatu=vesi"])).contains("the call script asks “Osoite”: answer it before sending"));
    assert!(
        said(take(&["Vian laatu=kaasu", "Osoite=x"]))
            .contains("“kaasu” is not an answer to “Vian laatu”: choose vesi, sähkö, muu")
    );
    assert!(said(take(&["Vian laatu"])).contains("“Vian laatu” is not an answer: use LABEL=VALUE"));
    // Edited: the parts given replace the stored ones, the rest stay; a wrong part changes nothing.
    let edited = ok(d, MONDAY_10, &["script", "edit", "2", "--hours", "17:00-07:00", "--say", "en:Good evening"]);
    assert_eq!(edited.trim(), "#2 Vikailmoitus virka-ajan ulkopuolella · 17:00-07:00");
    let shown: Value = serde_json::from_str(
        ok(d, MONDAY_22, &["script", "now", "--company", "rakennus", "--json"]).lines().next().unwrap(),
    )
    .unwrap();
    assert_eq!((shown["id"].as_i64(), shown["say"]["en"].as_str()), (Some(2), Some("Good evening")));
    assert_eq!(shown["questions"].as_array().map(Vec::len), Some(2), "the questions stay");
    let refused = run(d, MONDAY_10, &["script", "edit", "2", "--days", "someday"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("“someday” is not a list of days"));
    assert!(
        ok(d, MONDAY_10, &["script", "list", "--company", "rakennus"])
            .contains("#2 Vikailmoitus virka-ajan ulkopuolella · 17:00-07:00")
    );
    ok(d, MONDAY_10, &["script", "remove", "4"]);
    assert_eq!(first_line(d, MONDAY_10, &["--number", "+358 9 4321 001"]), "#1 Tarjouspyyntö");
}
