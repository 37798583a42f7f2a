//! The desk's calls through a real SIP world on loopback (kamailio as the
//! PBX, baresip agents as callers and colleagues, linphone-daemon as the
//! desk's engine, each started by the test on private ports): a client's
//! call finds its company, and no transfer that fails loses the caller.

#[path = "../crates/line/tests/support/mod.rs"]
mod sip;

use std::time::{Duration, Instant};

use chrono::Utc;
use vaihde::Store;
use vaihde::calls::{self, CallArgs};
use vaihde::line::desk::{CallState, Desk, DeskEvent};
use vaihde::line::{Account, Registration, Transport};
use vaihde_line::{CallId, Linphone, TransferFailure};

/// The engine's private directory; a failed test shows the end of its log.
struct EngineDir(tempfile::TempDir);

impl Drop for EngineDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            sip::print_tail("linphone-daemon", &self.0.path().join("linphone.log"), 150);
        }
    }
}

fn desk_at(pbx: &sip::Pbx, transfer_wait: Duration) -> (Desk, EngineDir) {
    let dir = EngineDir(tempfile::tempdir().unwrap());
    let dir_path = dir.0.path();
    let account = Account::new(&format!("sip:100@127.0.0.1:{}", pbx.port), None, "secret100", Transport::Udp).unwrap();
    let mut engine = Linphone::start(&account, dir_path).expect("linphone-daemon starts");
    assert_eq!(engine.wait_registration(Duration::from_secs(10)), Registration::Registered);
    engine.set_transfer_wait(transfer_wait);
    (Desk::new(Box::new(engine)), dir)
}

/// The demo directory in memory: the clients whose numbers the PBX routes to the desk.
fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.write(|tx| vaihde::demo::load(tx, Utc::now(), false).map(|_| ())).unwrap();
    store
}

/// Polls until `pick` takes an event, at most `timeout`.
fn until<T>(desk: &mut Desk, timeout: Duration, mut pick: impl FnMut(&DeskEvent) -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        for e in desk.poll(Utc::now(), Duration::from_millis(50)) {
            if let Some(t) = pick(&e) {
                return t;
            }
            seen.push(e);
        }
    }
    panic!("not within {timeout:?}; the desk saw {seen:?}");
}

fn rings(desk: &mut Desk) -> CallId {
    until(desk, Duration::from_secs(5), |e| match e {
        DeskEvent::Ringing { call } => Some(call.clone()),
        _ => None,
    })
}

#[test]
fn a_call_for_a_client_names_its_company_within_a_second() {
    let store = demo_store();
    let pbx = sip::Pbx::start();
    let (mut desk, _dir) = desk_at(&pbx, Duration::from_secs(20));
    let mut caller = sip::Agent::start("0405550199", &pbx);
    let dialled_at = Instant::now();
    caller.dial("sip:094321000@127.0.0.1");
    let call = rings(&mut desk);
    let ringing = desk.call(&call).unwrap().clone();
    let incoming = calls::incoming(
        store.conn(),
        &CallArgs { to: ringing.dialled.clone().expect("the dialled number"), from: Some(ringing.from_number.clone()) },
    )
    .unwrap();
    let took = dialled_at.elapsed();
    assert_eq!(incoming.company_name.as_deref(), Some("Rakennus-Koivu Oy"));
    assert_eq!(ringing.from_number, "0405550199");
    assert!(took < Duration::from_secs(1), "the company was known {took:?} after the dial");
    eprintln!("dial to company known: {took:?}");
    desk.answer(&call, Utc::now()).unwrap();
    until(&mut desk, Duration::from_secs(5), |e| matches!(e, DeskEvent::Answered { .. }).then_some(()));
}

#[test]
fn a_blind_transfer_nobody_takes_brings_the_caller_back_to_the_desk() {
    let pbx = sip::Pbx::start();
    let (mut desk, _dir) = desk_at(&pbx, Duration::from_secs(3));
    let mut caller = sip::Agent::start("0405550199", &pbx);
    caller.dial("sip:100@127.0.0.1");
    let call = rings(&mut desk);
    desk.answer(&call, Utc::now()).unwrap();
    let callers_call = caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5))["id"].as_str().unwrap().to_string();
    desk.transfer(&call, "2499", Utc::now()).unwrap();
    let (to, failure) = until(&mut desk, Duration::from_secs(10), |e| match e {
        DeskEvent::TransferFailed { to, failure, .. } => Some((to.clone(), failure.clone())),
        _ => None,
    });
    assert_eq!(to, "2499");
    assert!(matches!(failure, TransferFailure::NoAnswer | TransferFailure::NotReached));
    let back = desk.call(&call).expect("the caller is still at the desk");
    assert_eq!(back.state, CallState::Held);
    assert!(!caller.closes(&callers_call, Duration::from_millis(300)), "the caller was dropped");
    desk.take_back(&call, Utc::now()).unwrap();
    desk.hangup(&call).unwrap();
    assert!(caller.closes(&callers_call, Duration::from_secs(5)));
}

#[test]
fn a_consult_transfer_reaches_the_colleague_even_when_the_phones_cannot_join_calls() {
    let pbx = sip::Pbx::start();
    let (mut desk, _dir) = desk_at(&pbx, Duration::from_secs(5));
    let mut caller = sip::Agent::start("0405550199", &pbx);
    let mut colleague = sip::Agent::start("2400", &pbx);
    caller.dial("sip:100@127.0.0.1");
    let call = rings(&mut desk);
    desk.answer(&call, Utc::now()).unwrap();
    caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5));
    desk.consult(&call, "2400", Utc::now()).unwrap();
    // The colleague sees the desk calling, answers, and the operator speaks.
    let consult = colleague.wait_for("CALL_INCOMING", Duration::from_secs(5));
    assert!(consult["peeruri"].as_str().unwrap().contains("100@"), "{consult}");
    colleague.accept();
    until(&mut desk, Duration::from_secs(5), |e| matches!(e, DeskEvent::ColleagueAnswered { .. }).then_some(()));
    desk.connect(&call, Utc::now()).unwrap();
    // baresip does not take a call over by Replaces: the desk hands the
    // caller over by a blind transfer, which rings the colleague again.
    let deadline = Instant::now() + Duration::from_secs(10);
    let handed = loop {
        // The desk's clock runs on: it decides when to hand over.
        assert!(
            desk.poll(Utc::now(), Duration::from_millis(50))
                .iter()
                .all(|e| !matches!(e, DeskEvent::TransferFailed { .. }))
        );
        if let Some(v) = colleague.sees("CALL_INCOMING", Duration::from_millis(50)) {
            break v;
        }
        assert!(Instant::now() < deadline, "the caller never reached the colleague");
    };
    assert!(handed["peeruri"].as_str().unwrap().contains("0405550199"), "{handed}");
    colleague.accept();
    let to = until(&mut desk, Duration::from_secs(10), |e| match e {
        DeskEvent::PutThrough { to, .. } => Some(to.clone()),
        _ => None,
    });
    assert_eq!(to, "2400");
    assert!(desk.waiting().is_empty());
}

#[test]
fn the_log_times_a_call_from_ring_to_put_through() {
    use vaihde::line::log::Logbook;
    use vaihde::messages::call_log::{self, CallOutcome};
    let mut store = demo_store();
    let pbx = sip::Pbx::start();
    let (mut desk, _dir) = desk_at(&pbx, Duration::from_secs(20));
    let mut caller = sip::Agent::start("0405550199", &pbx);
    let mut colleague = sip::Agent::start("2400", &pbx);
    let mut log = Logbook::default();
    // Every event goes to the log, with the call as the desk had it.
    let mut run = |desk: &mut Desk, log: &mut Logbook, want: &dyn Fn(&DeskEvent) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        loop {
            let now = Utc::now();
            let events = desk.poll(now, Duration::from_millis(50));
            let mut hit = false;
            seen.extend(events.iter().cloned());
            for e in &events {
                let call = match e {
                    DeskEvent::Answered { call } | DeskEvent::Ringing { call } => desk.call(call).cloned(),
                    _ => None,
                };
                store.write(|tx| log.record(tx, e, call.as_ref(), now, "Jenny")).unwrap();
                hit |= want(e);
            }
            if hit {
                return;
            }
            assert!(Instant::now() < deadline, "not within 10 s; the desk saw {seen:?}");
        }
    };
    caller.dial("sip:094321000@127.0.0.1");
    run(&mut desk, &mut log, &|e| matches!(e, DeskEvent::Ringing { .. }));
    let call = desk.waiting()[0].id.clone();
    // The log keeps whole seconds: the caller waits more than one.
    std::thread::sleep(Duration::from_millis(1200));
    desk.answer(&call, Utc::now()).unwrap();
    run(&mut desk, &mut log, &|e| matches!(e, DeskEvent::Answered { .. }));
    let line = log.line(&call).expect("logged when answered");
    desk.transfer(&call, "2400", Utc::now()).unwrap();
    colleague.wait_for("CALL_INCOMING", Duration::from_secs(5));
    colleague.accept();
    run(&mut desk, &mut log, &|e| matches!(e, DeskEvent::PutThrough { .. }));
    let logged = call_log::get(store.conn(), line).unwrap();
    assert_eq!(logged.company_name.as_deref(), Some("Rakennus-Koivu Oy"));
    assert_eq!(logged.caller_number, "0405550199");
    assert_eq!(logged.operator, "Jenny");
    assert_eq!(logged.outcome, CallOutcome::Transferred);
    assert_eq!(logged.outcome_number, "2400");
    let answer = logged.answer_time().expect("an answer time");
    assert!(answer >= chrono::Duration::seconds(1) && answer <= chrono::Duration::seconds(3), "{answer:?}");
    assert!(logged.handle_time().expect("a handle time") >= chrono::Duration::zero());
    drop(caller);
}

#[test]
fn an_engine_that_dies_is_said_down_and_started_again() {
    let pbx = sip::Pbx::start();
    let dir = tempfile::tempdir().unwrap();
    let account = format!("sip:100@127.0.0.1:{}", pbx.port);
    let change =
        vaihde::line::LineChange { account: Some(&account), password: Some("secret100"), ..Default::default() };
    vaihde::line::set(dir.path(), &change).unwrap();
    let mut line = vaihde::line::Line::start(dir.path()).unwrap();
    let registered = |line: &mut vaihde::line::Line| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if line.poll(Utc::now(), Duration::from_millis(50)).contains(&DeskEvent::Line(Registration::Registered)) {
                return;
            }
            assert!(Instant::now() < deadline, "not registered");
        }
    };
    registered(&mut line);
    let pid = line.desk.engine_process().expect("the engine's process");
    std::process::Command::new("kill").arg("-KILL").arg(pid.to_string()).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !line.is_down() {
        line.poll(Utc::now(), Duration::from_millis(50));
        assert!(Instant::now() < deadline, "the line was never said down");
    }
    // Started again after a second, and registered.
    registered(&mut line);
    assert_ne!(line.desk.engine_process(), Some(pid));
    line.stop();
}
