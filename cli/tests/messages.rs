//! Messages, callbacks and the call log from the command line, against a
//! real SMTP server (aiosmtpd, started by the test): a message taken for
//! an away person reaches them and their cover; a process killed while
//! delivering loses nothing; two agents claiming one callback at once; a
//! caller's history, forget-caller and the keep time; the client's report.

mod common;

#[path = "../../tests/support/smtp_server.rs"]
mod smtp_server;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use smtp_server::SmtpServer;

const AT: &str = "2026-11-23T10:00:00+02:00";

fn cmd(dir: &Path, smtp: &SmtpServer, actor: &str) -> Command {
    cmd_at(dir, smtp, actor, AT)
}

fn cmd_at(dir: &Path, smtp: &SmtpServer, actor: &str, at: &str) -> Command {
    let mut c = common::bin(dir);
    c.env("LC_ALL", "C").env("VAIHDE_SMTP_URL", smtp.url()).env("VAIHDE_MAIL_FROM", "vaihde@vastaus.example");
    c.args(["--at", at, "--actor", actor]);
    c
}

fn run(dir: &Path, smtp: &SmtpServer, args: &[&str]) -> Output {
    cmd(dir, smtp, "anna").args(args).output().expect("run vaihde")
}

fn ok(dir: &Path, smtp: &SmtpServer, args: &[&str]) -> String {
    let out = run(dir, smtp, args);
    assert!(out.status.success(), "vaihde {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn demo(smtp: &SmtpServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), smtp, &["demo"]);
    dir
}

const TAKE: &[&str] = &[
    "message",
    "take",
    "--company",
    "rakennus",
    "--for",
    "Anne Korhonen",
    "--caller-name",
    "Pekka Koistinen",
    "--caller-company",
    "Koistinen Consulting",
    "--caller-number",
    "040 555 0199",
    "--text",
    "Tarjouksesta",
    "--callback",
];

#[test]
fn a_message_taken_on_the_command_line_is_sent_and_listed() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    let mut args = TAKE.to_vec();
    args.push("--json");
    let m: Value = serde_json::from_str(&ok(dir.path(), &smtp, &args)).unwrap();
    assert_eq!(m["status"], "sent", "{m}");
    assert_eq!(m["for_words"], "Anne Korhonen");
    assert_eq!(m["recipients"][0]["address"], "anne.korhonen@rakennuskoivu.fi");
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("Subject"), Some("Soittopyyntö: Pekka Koistinen, Koistinen Consulting, 040 555 0199"));
    assert!(got[0].body.contains("Anne Korhonen on lomalla"), "what the caller was told: {}", got[0].body);
    let list = ok(dir.path(), &smtp, &["message", "list"]);
    assert!(list.contains("#1 · sent · Anne Korhonen ← Pekka Koistinen, Koistinen Consulting, 040 555 0199"), "{list}");
    let show = ok(dir.path(), &smtp, &["--lang", "fi", "message", "show", "1"]);
    assert!(show.contains("vastaanotettu (anna)") && show.contains("lähetetty"), "{show}");
    // The mail settings never show a password.
    let shown = cmd(dir.path(), &smtp, "anna")
        .env("VAIHDE_SMTP_URL", "smtps://anna:hunter2@mail.example.fi")
        .args(["mail", "show"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("smtps://anna@mail.example.fi") && !text.contains("hunter2"), "{text}");
}

/// `--to` and `--cc` go through the core's rule for the form's fields, as
/// the window's do: several addresses in one value, a suggested address
/// typed in capitals keeps its person, `--cc` adds a copy; and a
/// desk whose operator has a blank name takes the message as "desk" (the
/// CLI once stored the blank name; the window said "desk").
#[test]
fn to_and_cc_are_read_as_the_window_reads_its_fields_and_a_blank_operator_is_desk() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    let mut args = TAKE.to_vec();
    args.extend(["--to", "ANNE.KORHONEN@rakennuskoivu.fi; uusi@rakennuskoivu.fi", "--cc", "kopio@rakennuskoivu.fi"]);
    args.extend(["--no-send", "--json"]);
    let out = cmd(dir.path(), &smtp, "  ").args(&args).output().expect("run vaihde");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    let to: Vec<&Value> = m["recipients"].as_array().unwrap().iter().filter(|r| r["kind"] == "to").collect();
    assert_eq!(to.len(), 2, "{m}");
    assert_eq!(to[0]["name"], "Anne Korhonen", "the suggested address keeps its person: {m}");
    assert!(to[0]["person_id"].is_i64());
    assert_eq!((to[1]["address"].as_str(), to[1]["person_id"].as_i64()), (Some("uusi@rakennuskoivu.fi"), None));
    let cc: Vec<&Value> = m["recipients"].as_array().unwrap().iter().filter(|r| r["kind"] == "cc").collect();
    assert_eq!(cc.len(), 1, "{m}");
    assert_eq!(cc[0]["address"], "kopio@rakennuskoivu.fi");
    assert_eq!(m["taken_by"], "desk");
}

#[test]
fn with_the_server_down_the_message_waits_in_the_outbox_and_goes_when_it_is_back() {
    let mut smtp = SmtpServer::start();
    let dir = demo(&smtp);
    smtp.stop();
    let out = ok(dir.path(), &smtp, TAKE);
    assert!(out.contains("#1 · not sent yet: "), "{out}");
    let outbox = ok(dir.path(), &smtp, &["outbox"]);
    assert!(outbox.contains("#1 · not sent yet"), "{outbox}");
    smtp.start_again();
    let sent = ok(dir.path(), &smtp, &["outbox", "--send"]);
    assert_eq!(sent.trim(), "#1 sent");
    assert_eq!(ok(dir.path(), &smtp, &["outbox"]).trim(), "The outbox is empty: every message has been sent.");
    assert_eq!(smtp.received().len(), 1);
}

#[test]
fn a_process_killed_while_delivering_loses_nothing_and_a_resend_keeps_the_message_id() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    smtp.delay(Some(3.0));
    let mut child =
        cmd(dir.path(), &smtp, "anna").args(TAKE).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // Killed while its delivery waits for the server's answer: the message is stored and leased.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let store = common::open_store(dir.path());
        let leased: Option<String> =
            store.conn().query_row("SELECT leased_until FROM messages WHERE id = 1", [], |r| r.get(0)).ok().flatten();
        if leased.is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "the message was never leased");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    child.kill().unwrap();
    child.wait().unwrap();
    smtp.delay(None);
    let store = common::open_store(dir.path());
    let m = vaihde::messages::get(store.conn(), 1).expect("the message survived the kill");
    assert_eq!(m.status, vaihde::messages::Status::Queued);
    drop(store);
    // Its lease runs out (two minutes) and the outbox sends it.
    let later = "2026-11-23T10:05:00+02:00";
    let out = cmd_at(dir.path(), &smtp, "anna", later).args(["outbox", "--send"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "#1 sent");
    // The server may have accepted the first try just before the kill:
    // then the resend is the same mail, by its Message-ID.
    std::thread::sleep(Duration::from_secs(3));
    let got = smtp.received();
    assert!(!got.is_empty() && got.len() <= 2, "{}", got.len());
    assert!(got.iter().all(|g| g.header("Message-ID") == Some(m.mail_id.as_str())));
}

#[test]
fn two_agents_claiming_one_callback_at_once_one_gets_it_and_the_other_is_told_who() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    ok(dir.path(), &smtp, TAKE);
    let list = ok(dir.path(), &smtp, &["callbacks"]);
    assert!(
        list.contains("#1 Rakennus-Koivu Oy · Pekka Koistinen, Koistinen Consulting 040 555 0199 → Anne Korhonen"),
        "{list}"
    );
    let spawn = |who: &str| {
        cmd(dir.path(), &smtp, who)
            .args(["callback", "claim", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("anna"), spawn("bertta"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() != b.status.success(), "exactly one wins");
    let (winner, loser, lost) = if a.status.success() { ("anna", "bertta", b) } else { ("bertta", "anna", a) };
    let said = String::from_utf8_lossy(&lost.stderr);
    assert!(said.contains(&format!("{winner} has already taken this callback")), "{loser} was told: {said}");
    let list = ok(dir.path(), &smtp, &["callbacks", "--json"]);
    let rows: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(rows[0]["message"]["callback"]["claimed_by"], winner);
    // The winner calls; nobody answers: back on the list, for anyone.
    let out =
        cmd(dir.path(), &smtp, winner).args(["callback", "done", "1", "--outcome", "no-answer"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cmd(dir.path(), &smtp, loser).args(["callback", "claim", "1"]).output().unwrap();
    assert!(out.status.success());
    let out = cmd(dir.path(), &smtp, loser).args(["callback", "done", "1", "--outcome", "reached"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(ok(dir.path(), &smtp, &["callbacks"]).trim(), "No callbacks waiting.");
    let m: Value = serde_json::from_str(&ok(dir.path(), &smtp, &["message", "show", "1", "--json"])).unwrap();
    assert_eq!(m["message"]["status"], "done");
    assert_eq!(m["message"]["callback"]["tries"], 1);
}

#[test]
fn the_call_log_knows_earlier_callers_and_forget_caller_erases_them() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    let first = ok(dir.path(), &smtp, &["call", "--to", "09 4321 000", "--from", "040 555 0199"]);
    assert!(first.contains("Call #1 logged"), "{first}");
    let mut args = TAKE.to_vec();
    args.extend(["--call", "1"]);
    ok(dir.path(), &smtp, &args);
    let again = cmd_at(dir.path(), &smtp, "anna", "2026-11-24T14:02:00+02:00")
        .args(["call", "--to", "09 4321 000", "--from", "+358 40 555 0199"])
        .output()
        .unwrap();
    let again = String::from_utf8_lossy(&again.stdout);
    assert!(
        again.contains("called once this week; last Mon 23 Nov 10:00 → Anne Korhonen → message #1 (sent)"),
        "{again}"
    );
    let calls: Value =
        serde_json::from_str(&ok(dir.path(), &smtp, &["calls", "--number", "0405550199", "--json"])).unwrap();
    assert_eq!(calls.as_array().unwrap().len(), 2);
    assert_eq!(calls[1]["outcome"], "message");
    let closed = ok(
        dir.path(),
        &smtp,
        &["calls", "close", "2", "--outcome", "transferred", "--to-name", "Sari Mäkinen", "--number", "202"],
    );
    assert!(closed.contains("put through to Sari Mäkinen 202"), "{closed}");
    let gone = ok(dir.path(), &smtp, &["forget-caller", "040 555 0199"]);
    assert_eq!(gone.trim(), "040 555 0199: 1 messages and 2 calls erased");
    assert_eq!(ok(dir.path(), &smtp, &["calls"]).trim(), "No calls.");
    assert_eq!(ok(dir.path(), &smtp, &["message", "list"]).trim(), "No messages.");
}

#[test]
fn calls_and_messages_past_the_keep_time_are_deleted_but_a_queued_one_never() {
    let mut smtp = SmtpServer::start();
    let dir = demo(&smtp);
    ok(dir.path(), &smtp, &["mail", "set", "--keep-days", "30"]);
    ok(dir.path(), &smtp, &["call", "--to", "09 4321 000", "--from", "040 1"]);
    // Without a callback: an open callback is kept, as a queued message is.
    let mut sent: Vec<&str> = TAKE.iter().copied().filter(|a| *a != "--callback").collect();
    sent.push("--no-send");
    ok(dir.path(), &smtp, &sent);
    ok(dir.path(), &smtp, &["outbox", "--send"]);
    smtp.stop();
    let unsent: Vec<&str> = TAKE.iter().copied().filter(|a| *a != "--callback").collect();
    ok(dir.path(), &smtp, &unsent); // #2, not sent
    let later = "2027-01-10T10:00:00+02:00";
    let out = cmd_at(dir.path(), &smtp, "anna", later).args(["outbox"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = ok(dir.path(), &smtp, &["message", "list"]);
    assert!(!list.contains("#1 ") && list.contains("#2 "), "{list}");
    assert_eq!(ok(dir.path(), &smtp, &["calls"]).trim(), "No calls.");
}

#[test]
fn the_report_is_in_the_client_language() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    ok(dir.path(), &smtp, &["call", "--to", "09 4321 000", "--from", "040 555 0199"]);
    let mut args = TAKE.to_vec();
    args.extend(["--call", "1"]);
    ok(dir.path(), &smtp, &args);
    let r = cmd_at(dir.path(), &smtp, "anna", "2026-11-23T18:00:00+02:00")
        .args(["report", "--company", "rakennus"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(text.contains("1 puhelu: 0 yhdistetty, 1 viestiä otettu"), "{text}");
    assert!(
        text.contains("1 viesti\n")
            && text.contains("Pekka Koistinen, Koistinen Consulting → Anne Korhonen [lähetetty]"),
        "{text}"
    );
    assert!(text.contains("1 avoin soittopyyntö"), "{text}");
}

#[test]
fn the_client_gets_a_daily_summary_once_a_day_in_its_language() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    ok(dir.path(), &smtp, &["messaging", "rakennus", "--summary", "daily", "--summary-to", "asiakas@rakennuskoivu.fi"]);
    ok(dir.path(), &smtp, TAKE);
    let round = |at: &str| {
        let out = cmd_at(dir.path(), &smtp, "anna", at).args(["outbox", "--send"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let summaries =
        || smtp.received().into_iter().filter(|m| m.rcpt_tos == ["asiakas@rakennuskoivu.fi"]).collect::<Vec<_>>();
    round("2026-11-23T18:00:00+02:00");
    assert!(summaries().is_empty(), "the first comes a day after it was asked for");
    round("2026-11-24T10:01:00+02:00");
    let got = summaries();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("Subject"), Some("Puhelut ja viestit: Rakennus-Koivu Oy"));
    assert!(got[0].body.contains("1 avoin soittopyyntö"), "{}", got[0].body);
    assert!(got[0].body.contains("Pekka Koistinen, Koistinen Consulting → Anne Korhonen"), "{}", got[0].body);
    round("2026-11-24T10:30:00+02:00");
    assert_eq!(summaries().len(), 1, "not again the same day");
    round("2026-11-25T10:02:00+02:00");
    assert_eq!(summaries().len(), 2, "the next day's");
}
