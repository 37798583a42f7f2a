//! The window words what the core words, the same (issue 31): a status
//! chip, the chain's steps, a feed's problem, a calendar's note, a change.
//! Both faces read the same Fluent catalogs, but the window chooses the
//! message and fills its variables in `ui/src/i18n.ts` by hand, as the
//! core does in Rust; nothing but this test says the two agree.
//!
//! Every value of each type (every state with every reason, where calls go, every problem,
//! every note…) is worded here by the core in fi, sv and en, and by the
//! window's own `Words` run under Node (`ui/tests/parity.ts`, built by
//! `ui/vite.parity.config.ts`); every sentence must match. A new variant
//! of one of these types fails to compile `every_*` below until it is
//! added here. Needs the front end's packages (`cd ui && npm ci`, which
//! `scripts/test` runs first).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use vaihde::directory::learn::{Learned, Lesson};
use vaihde::model::{
    AbsenceKind, CallsTo, ChangeValue, FeedNote, Language, PersonKind, Phone, PhoneKind, Problem, Unreadable,
};
use vaihde::presence::{Presence, RouteNote, Skip, State, TransferWhy, Via};
use vaihde::words::{Describe as _, Phrase, Words};

/// One sentence to compare: the window's method, its arguments as the core
/// sends them, and what the core says.
struct Case {
    lang: Language,
    method: &'static str,
    args: Vec<Value>,
    core: String,
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

fn arg(v: impl Serialize) -> Value {
    serde_json::to_value(v).expect("serialises")
}

fn every_state() -> Vec<State> {
    let all =
        vec![State::In, State::Away, State::Busy, State::Tentative, State::OutsideHours, State::Left, State::Outsider];
    // A new state fails to compile here until it is in the list above.
    for s in &all {
        match s {
            State::In
            | State::Away
            | State::Busy
            | State::Tentative
            | State::OutsideHours
            | State::Left
            | State::Outsider => {}
        }
    }
    all
}

fn presences() -> Vec<Presence> {
    let mut out = Vec::new();
    for state in every_state() {
        for reason in std::iter::once(None).chain(AbsenceKind::ALL.map(Some)) {
            for until in [None, Some(at("2026-12-08T06:00:00Z"))] {
                out.push(Presence {
                    state,
                    reason,
                    detail: "Lomalla".into(),
                    since: None,
                    until,
                    zone: "Europe/Helsinki".into(),
                });
            }
        }
    }
    out
}

fn every_via() -> Vec<Via> {
    let name = || "Sari Mäkinen".to_string();
    let all = vec![
        Via::AskedFor,
        Via::DelegateOf { name: name() },
        Via::Role { name: name() },
        Via::Topic { name: name() },
        Via::CallsOf { name: name() },
        Via::OnCall { name: name() },
    ];
    for v in &all {
        match v {
            Via::AskedFor
            | Via::DelegateOf { .. }
            | Via::Role { .. }
            | Via::Topic { .. }
            | Via::CallsOf { .. }
            | Via::OnCall { .. } => {}
        }
    }
    all
}

fn every_transfer_why() -> Vec<TransferWhy> {
    let mut all = vec![TransferWhy::TakesCalls, TransferWhy::Redirected, TransferWhy::Nobody];
    all.extend(every_via().into_iter().map(|via| TransferWhy::Covering { via }));
    for w in &all {
        match w {
            TransferWhy::TakesCalls | TransferWhy::Covering { .. } | TransferWhy::Redirected | TransferWhy::Nobody => {}
        }
    }
    all
}

fn every_calls_to() -> Vec<CallsTo> {
    let all = vec![
        CallsTo::Person { name: "Anne Korhonen".into() },
        CallsTo::Role { name: "myynti / sales".into() },
        CallsTo::RemovedPerson { id: 12 },
        CallsTo::RemovedRole { id: 3 },
        CallsTo::Text { text: "siirtyi Koivu Oy:hyn, 040 123 4567".into() },
    ];
    for c in &all {
        match c {
            CallsTo::Person { .. }
            | CallsTo::Role { .. }
            | CallsTo::RemovedPerson { .. }
            | CallsTo::RemovedRole { .. }
            | CallsTo::Text { .. } => {}
        }
    }
    all
}

fn every_route_note() -> Vec<RouteNote> {
    let left = NaiveDate::from_ymd_opt(2025, 11, 2).expect("date");
    let mut all = vec![RouteNote::Notes { text: "Soita mieluummin iltapäivällä".into() }];
    for calls_to in every_calls_to() {
        all.push(RouteNote::Left { on: left, calls_to: calls_to.clone() });
        all.push(RouteNote::NotEmployee { calls_to });
    }
    for n in &all {
        match n {
            RouteNote::Left { .. } | RouteNote::NotEmployee { .. } | RouteNote::Notes { .. } => {}
        }
    }
    all
}

fn every_unreadable() -> Vec<Unreadable> {
    let s = |t: &str| t.to_string();
    let all = vec![
        Unreadable::Line { text: s("BROKEN LINE") },
        Unreadable::Value { property: s("DTSTART"), value: s("2026-13-45") },
        Unreadable::NoStart,
        Unreadable::StartTwice,
        Unreadable::UnknownFreq { rule: s("FREQ=SOMETIMES") },
        Unreadable::DstGap { property: s("DTSTART") },
        Unreadable::Rule { rule: s("FREQ=WEEKLY;BYDAY=XX") },
        Unreadable::Series { uid: s("abc@example") },
        Unreadable::TooDeep { max: 64 },
        Unreadable::EndMismatch { end: s("VTODO"), begin: s("VEVENT"), begin_line: 12 },
        Unreadable::EndWithoutBegin { name: s("VEVENT") },
        Unreadable::NeverClosed { name: s("VCALENDAR") },
    ];
    for u in &all {
        match u {
            Unreadable::Line { .. }
            | Unreadable::Value { .. }
            | Unreadable::NoStart
            | Unreadable::StartTwice
            | Unreadable::UnknownFreq { .. }
            | Unreadable::DstGap { .. }
            | Unreadable::Rule { .. }
            | Unreadable::Series { .. }
            | Unreadable::TooDeep { .. }
            | Unreadable::EndMismatch { .. }
            | Unreadable::EndWithoutBegin { .. }
            | Unreadable::NeverClosed { .. } => {}
        }
    }
    all
}

fn every_problem() -> Vec<Problem> {
    let s = |t: &str| t.to_string();
    let mut all = vec![
        Problem::NotPublic { status: 403 },
        Problem::Gone { status: 410 },
        Problem::SlowDown,
        Problem::ServerTrouble { status: 503 },
        Problem::UnexpectedStatus { status: 418 },
        Problem::Timeout,
        Problem::RedirectLoop,
        Problem::Tls,
        Problem::NameNotFound,
        Problem::Unreachable,
        Problem::DownloadFailed,
        Problem::TooLarge { megabytes: 50 },
        Problem::BadAddress,
        Problem::FileMissing,
        Problem::FileDenied,
        Problem::FileUnreadable { detail: s("is a directory") },
        Problem::Unreadable { detail: s("not UTF-8") },
        Problem::NotACalendar { web_page: true },
        Problem::NotACalendar { web_page: false },
        Problem::NamesNobodyHere { company: s("Rakennus-Koivu Oy"), absences: 12 },
        Problem::SomeoneElses { events: 4, other: s("Maija Virtanen"), person: s("Anne Korhonen") },
        Problem::Foreign { detail: s("a VCARD") },
        Problem::StaffFile { why: Phrase::new(vaihde::msg!("timeUnparsable")).text("text", "huomenna 25") },
        Problem::NoAddressBook,
        Problem::BadAnswer { detail: s("no multistatus") },
        Problem::ListsNobody,
        Problem::SuddenDrop { listed: 3, before: 120 },
        Problem::Other { detail: s("something else") },
    ];
    all.extend(every_unreadable().into_iter().map(|why| Problem::Broken { line: 7, why }));
    for p in &all {
        match p {
            Problem::NotPublic { .. }
            | Problem::Gone { .. }
            | Problem::SlowDown
            | Problem::ServerTrouble { .. }
            | Problem::UnexpectedStatus { .. }
            | Problem::Timeout
            | Problem::RedirectLoop
            | Problem::Tls
            | Problem::NameNotFound
            | Problem::Unreachable
            | Problem::DownloadFailed
            | Problem::TooLarge { .. }
            | Problem::BadAddress
            | Problem::FileMissing
            | Problem::FileDenied
            | Problem::FileUnreadable { .. }
            | Problem::Unreadable { .. }
            | Problem::Broken { .. }
            | Problem::NotACalendar { .. }
            | Problem::NamesNobodyHere { .. }
            | Problem::SomeoneElses { .. }
            | Problem::Foreign { .. }
            | Problem::StaffFile { .. }
            | Problem::NoAddressBook
            | Problem::BadAnswer { .. }
            | Problem::ListsNobody
            | Problem::SuddenDrop { .. }
            | Problem::Other { .. } => {}
        }
    }
    all
}

fn every_feed_note() -> Vec<FeedNote> {
    let mut all = vec![
        FeedNote::UnknownZone { line: 3, zone: "Mars/Olympus".into() },
        FeedNote::EndBeforeStart { line: 9 },
        FeedNote::TooFineGrained { line: 11, freq: "SECONDLY".into() },
        FeedNote::TooManyOccurrences { line: 14, max: 1000 },
        FeedNote::Capped {
            max: 5000,
            days: 400,
            until: NaiveDate::from_ymd_opt(2027, 12, 31).expect("date"),
            dropped: 17,
        },
        FeedNote::Said { text: "Stored before notes were values".into() },
    ];
    all.extend(every_unreadable().into_iter().map(|why| FeedNote::Skipped { line: 5, why }));
    for n in &all {
        match n {
            FeedNote::Skipped { .. }
            | FeedNote::UnknownZone { .. }
            | FeedNote::EndBeforeStart { .. }
            | FeedNote::TooFineGrained { .. }
            | FeedNote::TooManyOccurrences { .. }
            | FeedNote::Capped { .. }
            | FeedNote::Said { .. } => {}
        }
    }
    all
}

fn every_change_value() -> Vec<ChangeValue> {
    let s = |t: &str| t.to_string();
    let mut all = vec![
        ChangeValue::Text { text: s("toimitusjohtaja") },
        ChangeValue::Added,
        ChangeValue::AddedOutsider,
        ChangeValue::FeedAdded { address: s("https://cal.example/anne.ics") },
        ChangeValue::Removed,
        ChangeValue::RemovedWithAbsences,
        ChangeValue::Phones {
            phones: vec![
                Phone { kind: PhoneKind::Extension, number: s("2400"), label: String::new() },
                Phone { kind: PhoneKind::Mobile, number: s("040 555 0199"), label: s("Teams") },
            ],
        },
        ChangeValue::Phones { phones: Vec::new() },
        ChangeValue::Left { on: NaiveDate::from_ymd_opt(2025, 11, 2).expect("date"), reason: Some(s("eläkkeelle")) },
        ChangeValue::Left { on: NaiveDate::from_ymd_opt(2025, 11, 2).expect("date"), reason: None },
        ChangeValue::Record { record: PersonKind::Staff },
        ChangeValue::Record { record: PersonKind::Outsider },
        ChangeValue::CalendarDecided { summary: s("Loma"), feed: s("Anne"), confirmed: true },
        ChangeValue::CalendarDecided { summary: s("Loma"), feed: s("Anne"), confirmed: false },
        ChangeValue::Role { name: s("myynti") },
        ChangeValue::Flag { on: true },
        ChangeValue::Flag { on: false },
        ChangeValue::GoneFrom { source: s("HR list") },
        ChangeValue::ListedAgain { source: s("HR list") },
    ];
    for reason in AbsenceKind::ALL {
        all.push(ChangeValue::Absence {
            reason,
            detail: s("Lapin reissu"),
            starts_at: at("2026-12-01T06:00:00Z"),
            ends_at: at("2026-12-08T06:00:00Z"),
            zone: s("Europe/Helsinki"),
        });
    }
    for v in &all {
        match v {
            ChangeValue::Text { .. }
            | ChangeValue::Added
            | ChangeValue::AddedOutsider
            | ChangeValue::FeedAdded { .. }
            | ChangeValue::Removed
            | ChangeValue::RemovedWithAbsences
            | ChangeValue::Phones { .. }
            | ChangeValue::Left { .. }
            | ChangeValue::Record { .. }
            | ChangeValue::Absence { .. }
            | ChangeValue::CalendarDecided { .. }
            | ChangeValue::Role { .. }
            | ChangeValue::Flag { .. }
            | ChangeValue::GoneFrom { .. }
            | ChangeValue::ListedAgain { .. } => {}
        }
    }
    all
}

fn every_lesson() -> Vec<Learned> {
    let lessons = vec![
        Lesson::Added { title: String::new() },
        Lesson::Added { title: "myyntiassistentti".into() },
        Lesson::Title { old: String::new(), new: "toimitusjohtaja".into() },
        Lesson::Title { old: "talouspäällikkö".into(), new: "toimitusjohtaja".into() },
        Lesson::Gone,
    ];
    lessons
        .into_iter()
        .map(|lesson| {
            match &lesson {
                Lesson::Added { .. } | Lesson::Title { .. } | Lesson::Gone => {}
            }
            Learned {
                id: 1,
                company_id: 1,
                person_id: 2,
                name: "Pekka Koistinen".into(),
                feed: "HR list".into(),
                lesson,
                pinned: false,
                at: at("2026-12-02T08:00:00Z"),
                day: NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"),
                zone: "Europe/Helsinki".into(),
            }
        })
        .collect()
}

/// The core's sentence for every value, in every language.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for lang in [Language::Fi, Language::Sv, Language::En] {
        let w = Words::of(lang);
        let mut case =
            |method: &'static str, args: Vec<Value>, core: String| out.push(Case { lang, method, args, core });
        for s in every_state() {
            case("state", vec![arg(s)], w.state(s));
        }
        for k in AbsenceKind::ALL {
            case("reason", vec![arg(k)], w.reason(k));
        }
        for k in [PhoneKind::Extension, PhoneKind::Direct, PhoneKind::Mobile, PhoneKind::Other] {
            case("phone", vec![arg(k)], w.phone_kind(k));
        }
        for p in presences() {
            case("presence", vec![arg(&p)], w.presence(&p));
            for s in [Skip::NotTakingCalls, Skip::NoNumber, Skip::OnThePhone] {
                case("skip", vec![arg(s), arg(&p)], w.skip(s, &p));
            }
        }
        for v in every_via() {
            case("via", vec![arg(&v)], w.via(&v));
        }
        for why in every_transfer_why() {
            case("transferWhy", vec![arg(&why), json!("Sari Mäkinen")], w.transfer_why(&why, "Sari Mäkinen"));
        }
        for c in every_calls_to() {
            case("callsTo", vec![arg(&c)], w.calls_to(&c));
        }
        for n in every_route_note() {
            case("routeNote", vec![arg(&n)], w.route_note(&n));
        }
        for p in every_problem() {
            case("problem", vec![arg(&p)], w.problem(&p));
            case("staffProblem", vec![arg(&p)], w.staff_problem(&p));
        }
        for u in every_unreadable() {
            case("unreadable", vec![arg(&u)], w.unreadable(&u));
        }
        for n in every_feed_note() {
            case("feedNote", vec![arg(&n)], w.feed_note(&n));
        }
        for v in every_change_value() {
            case("changeValue", vec![arg(&v)], w.change_value(&v));
        }
        for l in every_lesson() {
            case("learned", vec![arg(&l)], w.learned(&l));
            case("learnedBadge", vec![arg(&l)], w.learned_badge(&l));
        }
    }
    out
}

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

/// Builds the window's words for Node into a directory of the test's own.
fn build_window_words(out: &Path) -> PathBuf {
    let ui = ui_dir();
    assert!(
        ui.join("node_modules/.bin/vite").exists(),
        "the front end's packages are missing: run `cd ui && npm ci` (scripts/test does)"
    );
    let status = Command::new(ui.join("node_modules/.bin/vite"))
        .args(["build", "-c", "vite.parity.config.ts"])
        .env("PARITY_OUT", out)
        .current_dir(&ui)
        .status()
        .expect("run vite");
    assert!(status.success(), "building ui/tests/parity.ts failed");
    out.join("parity.mjs")
}

#[test]
fn the_window_words_every_value_as_the_core_does() {
    let cases = cases();
    let dir = tempfile::tempdir().expect("temp dir");
    let script = build_window_words(dir.path());
    let input: Vec<Value> =
        cases.iter().map(|c| json!({ "lang": c.lang.code(), "method": c.method, "args": c.args })).collect();
    let mut node = Command::new("node")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run node (the front end's build needs it too)");
    node.stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&input).expect("json").as_bytes())
        .expect("write");
    let output = node.wait_with_output().expect("node's answer");
    assert!(output.status.success(), "the window's words failed under node");
    let window: Vec<String> = serde_json::from_slice(&output.stdout).expect("a list of sentences");
    assert_eq!(window.len(), cases.len());
    let differ: Vec<String> = cases
        .iter()
        .zip(&window)
        .filter(|(c, w)| &c.core != *w)
        .map(|(c, w)| {
            format!("{} {}({}):\n  core:   {}\n  window: {}", c.lang.code(), c.method, json!(c.args), c.core, w)
        })
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} sentences differ between the core and the window:\n{}",
        differ.len(),
        cases.len(),
        differ.join("\n")
    );
}
