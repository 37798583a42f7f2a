//! Messages, callbacks and the call log from the command line, against a
//! real SMTP server (aiosmtpd, started by the test): a message taken for
//! an away person reaches them and their cover; a process killed while
//! delivering loses nothing; two agents claiming one callback at once; a
//! caller's history, forget-caller and the keep time; the client's report;
//! a recipient's reply, read back from a real IMAP server (dovecot),
//! acknowledging an urgent message.

mod common;

#[path = "../../tests/support/imap_server.rs"]
mod imap_server;
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
    ok(dir.path(), &smtp, &["call", "--to", "09 4321 000", "--from", "040 555 0199"]);
    let mut take = TAKE.to_vec();
    take.extend(["--call", "1"]);
    ok(dir.path(), &smtp, &take);
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
    // The day's calls as a chart, said in words in the text too; no line,
    // so no answer times.
    assert!(got[0].body.contains("1 puhelu; vilkkain tunti 10–11, 1 puhelu."), "{}", got[0].body);
    assert_eq!(got[0].attachments, [("calls-per-hour.png".to_string(), "image/png".to_string(), Some((720, 360)))]);
    round("2026-11-24T10:30:00+02:00");
    assert_eq!(summaries().len(), 1, "not again the same day");
    round("2026-11-25T10:02:00+02:00");
    assert_eq!(summaries().len(), 2, "the next day's");
}

#[test]
fn a_reply_read_by_the_outbox_acknowledges_and_message_show_says_who_and_how() {
    let smtp = SmtpServer::start();
    let imap = imap_server::ImapServer::start();
    let dir = demo(&smtp);
    let d = dir.path();
    // The mailbox is set like the SMTP server, and never shown with its password.
    ok(d, &smtp, &["mail", "set", "--imap", &imap.url()]);
    let shown = ok(d, &smtp, &["mail", "show"]);
    assert!(shown.contains(&format!("Mailbox for replies: imap://vastaus@127.0.0.1:{}", imap.port)), "{shown}");
    assert!(!shown.contains(imap_server::PASSWORD), "{shown}");
    let refused = run(d, &smtp, &["mail", "set", "--imap", "imap://u:secret@mail.example.fi"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && said.contains("imap:// only on this machine") && !said.contains("secret"));

    let mut args = TAKE.to_vec();
    args.extend(["--urgent", "--json"]);
    let m: Value = serde_json::from_str(&ok(d, &smtp, &args)).unwrap();
    let (id, mail_id) = (m["id"].to_string(), m["mail_id"].as_str().unwrap().to_string());
    imap.deliver(&format!(
        "From: Anne Korhonen <anne.korhonen@rakennuskoivu.fi>\nSubject: Re: Soittopyyntö\nIn-Reply-To: {mail_id}\n\nok\n"
    ));
    let out = ok(d, &smtp, &["outbox", "--send"]);
    assert!(out.contains(&format!("#{id} acknowledged by a reply")), "{out}");
    let show: Value = serde_json::from_str(&ok(d, &smtp, &["message", "show", &id, "--json"])).unwrap();
    assert_eq!(show["message"]["status"], "acknowledged");
    assert_eq!(show["acknowledged"]["how"], "reply");
    assert_eq!(show["acknowledged"]["by"], "anne.korhonen@rakennuskoivu.fi");
    let text = ok(d, &smtp, &["--lang", "fi", "message", "show", &id]);
    assert!(text.contains("(anne.korhonen@rakennuskoivu.fi): kuitattu vastauksella"), "{text}");

    // Acknowledged by the operator after a phone call: by whom and how.
    let m: Value = serde_json::from_str(&ok(d, &smtp, &args)).unwrap();
    let id = m["id"].to_string();
    ok(d, &smtp, &["message", "ack", &id]);
    let show: Value = serde_json::from_str(&ok(d, &smtp, &["message", "show", &id, "--json"])).unwrap();
    assert_eq!(
        (&show["acknowledged"]["how"], &show["acknowledged"]["by"]),
        (&Value::from("operator"), &Value::from("anna"))
    );
}

#[test]
fn killed_mid_escalation_nothing_is_lost_it_climbs_once_and_the_alarm_is_on_every_desk() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    let d = dir.path();
    ok(d, &smtp, &["messaging", "rakennus", "--ack-within", "5", "--address", "info@rakennuskoivu.fi"]);
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
        "--json",
    ];
    let m: Value = serde_json::from_str(&ok(d, &smtp, &take)).unwrap();
    let id = m["id"].to_string();
    assert_eq!(m["ack_due_at"], "2026-11-23T08:05:00Z");
    let escalated = || {
        let show: Value = serde_json::from_str(&ok(d, &smtp, &["message", "show", &id, "--json"])).unwrap();
        show["events"].as_array().unwrap().iter().filter(|e| e["what"] == "escalated").count()
    };
    // The round at 10:05 sends it on to the company's address; the server
    // answers slowly and the process is killed while it waits.
    smtp.delay(Some(3.0));
    let mut child = cmd_at(d, &smtp, "anna", "2026-11-23T10:05:00+02:00")
        .args(["outbox", "--send"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while escalated() == 0 {
        assert!(Instant::now() < deadline, "the round never climbed");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    smtp.delay(None);
    // The next rounds (the lease runs out after two minutes) deliver it and climb no further.
    for at in ["2026-11-23T10:08:00+02:00", "2026-11-23T10:09:00+02:00"] {
        let out = cmd_at(d, &smtp, "anna", at).args(["outbox", "--send"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(escalated(), 1, "climbed once");
    let show: Value = serde_json::from_str(&ok(d, &smtp, &["message", "show", &id, "--json"])).unwrap();
    assert_eq!(show["message"]["status"], "sent", "{show}");
    let to_info: Vec<_> = smtp.received().into_iter().filter(|r| r.rcpt_tos == ["info@rakennuskoivu.fi"]).collect();
    assert!(!to_info.is_empty() && to_info.len() <= 2, "sent on once (again after the kill, with its Message-ID)");
    // Nobody answers by 10:10: no one is left to send it to, and every desk shows the alarm.
    let out = cmd_at(d, &smtp, "anna", "2026-11-23T10:10:00+02:00").args(["outbox", "--send"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("#{id} alarm: nobody left to send it to")));
    let other_desk =
        cmd_at(d, &smtp, "ville", "2026-11-23T10:12:00+02:00").args(["--lang", "fi", "callbacks"]).output().unwrap();
    let listed = String::from_utf8_lossy(&other_desk.stdout);
    assert!(
        listed.starts_with(&format!(
            "! kiireellistä viestiä #{id} (Pekka Koistinen) ei ole kuitattu 12 minuutissa: soita hänelle tai asiakkaalle"
        )),
        "{listed}"
    );
}

#[test]
fn report_format_csv_and_json_give_the_figures_for_spreadsheets() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    let d = dir.path();
    ok(d, &smtp, &["call", "--to", "09 4321 000", "--from", "040 555 0199"]);
    ok(d, &smtp, &["calls", "close", "1", "--outcome", "transferred", "--to-name", "Sari Mäkinen", "--number", "202"]);
    ok(d, &smtp, TAKE);
    // Two hours later: the period ends at --at.
    let later = |args: &[&str]| {
        let out = cmd_at(d, &smtp, "anna", "2026-11-23T12:00:00+02:00").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = later(&["report", "--company", "rakennus", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("scope,name,calls,transferred,messages,information,no_outcome,"), "{csv}");
    assert!(lines[1].starts_with("company,Rakennus-Koivu Oy,1,1,0,0,0,"), "{csv}");
    assert!(lines[2].starts_with("agent,anna,1,1,0,0,0,"), "{csv}");
    let json: Value = serde_json::from_str(&later(&["report", "--all", "--format", "json"])).unwrap();
    assert_eq!(json["companies"][0]["calls"], 1);
    assert_eq!(json["companies"][0]["messages_taken"], 1);
    assert_eq!(json["companies"][0]["callbacks"], 1);
    assert_eq!(json["by_hour"].as_array().unwrap().len(), 24);
    let bad = run(d, &smtp, &["report", "--format", "xlsx"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("xlsx"), "{}", String::from_utf8_lossy(&bad.stderr));
    // The periods the window offers: today counts this morning's call; a
    // call logged tomorrow is in this week's and this month's, not in
    // tomorrow's "today" once the day has begun anew.
    let tomorrow = |args: &[&str]| {
        let out = cmd_at(d, &smtp, "anna", "2026-11-24T09:00:00+02:00").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let calls = |text: String| serde_json::from_str::<Value>(&text).unwrap()["companies"][0]["calls"].clone();
    assert_eq!(calls(later(&["report", "--all", "--format", "json", "--period", "day"])), 1);
    assert_eq!(calls(tomorrow(&["report", "--all", "--format", "json", "--period", "day"])), Value::Null);
    assert_eq!(calls(tomorrow(&["report", "--all", "--format", "json", "--period", "week"])), 1);
    let text = tomorrow(&["report", "--company", "rakennus", "--period", "month"]);
    assert!(text.contains("1 puhelu: 1 yhdistetty"), "{text}");
    let bad = run(d, &smtp, &["report", "--period", "year"]);
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("day, week, month"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn the_signed_in_operator_is_named_on_messages_calls_and_figures_and_every_desk_sees_who_is_where() {
    let smtp = SmtpServer::start();
    let dir = demo(&smtp);
    let d = dir.path();
    // A desk's command with no name given: whoever is signed in at it.
    let at_desk_at = |desk: &str, at: &str, args: &[&str]| {
        let mut c = common::bin(d);
        c.env("LC_ALL", "C")
            .env("VAIHDE_SMTP_URL", smtp.url())
            .env("VAIHDE_MAIL_FROM", "vaihde@vastaus.example")
            .env("VAIHDE_DESK", desk)
            .env_remove("VAIHDE_OPERATOR")
            .env_remove("VAIHDE_ACTOR")
            .env("USER", "kone");
        let out = c.args(["--at", at]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let at_desk = |desk: &str, args: &[&str]| at_desk_at(desk, AT, args);
    let signed = at_desk("desk-1", &["operator", "sign-in", "Anna Virtanen", "--languages", "fi,sv"]);
    assert_eq!(signed.trim(), "Anna Virtanen is signed in at desk-1 (languages: fi, sv).");
    at_desk("desk-2", &["operator", "sign-in", "Ville", "--languages", "en"]);
    // Desk 2 sees who is at desk 1, and its own marked.
    let list = at_desk("desk-2", &["operator", "list"]);
    assert_eq!(
        list.lines().collect::<Vec<_>>(),
        [
            "desk-1: Anna Virtanen (fi, sv), since Mon 23 Nov 10:00",
            "desk-2: Ville (en), since Mon 23 Nov 10:00 · this desk"
        ]
    );

    // Desk 1's call and message are Anna's, not the machine login's.
    at_desk("desk-1", &["call", "--to", "09 4321 000", "--from", "040 555 0199"]);
    let mut take = TAKE.to_vec();
    take.extend(["--call", "1", "--no-send", "--json"]);
    let m: Value = serde_json::from_str(&at_desk("desk-1", &take)).unwrap();
    assert_eq!(m["taken_by"], "Anna Virtanen");
    // A name given for one command wins over the desk's.
    let m: Value =
        serde_json::from_str(&at_desk("desk-1", &[&take[..], &["--operator", "Sijainen"]].concat())).unwrap();
    assert_eq!(m["taken_by"], "Sijainen");
    let f: Value = serde_json::from_str(&at_desk_at(
        "desk-1",
        "2026-11-23T11:00:00+02:00",
        &["report", "--all", "--format", "json"],
    ))
    .unwrap();
    let agents: Vec<&str> = f["agents"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(agents, ["Anna Virtanen", "Sijainen"]);

    // Signing out: the desk's next message names nobody ("desk").
    assert_eq!(at_desk("desk-1", &["operator", "sign-out"]).trim(), "Anna Virtanen signed out at desk-1.");
    let m: Value = serde_json::from_str(&at_desk("desk-1", &take)).unwrap();
    assert_eq!(m["taken_by"], "desk");
    assert_eq!(at_desk("desk-1", &["operator", "sign-out"]).trim(), "Nobody is signed in at desk-1.");
}
