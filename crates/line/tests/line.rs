//! The desk's line against a real SIP world on loopback: kamailio as the
//! PBX, baresip agents as the caller and colleagues, linphone-daemon as
//! the desk's engine. Each test starts its own servers on private ports.

mod support;

use std::time::{Duration, Instant};

use support::{Agent, Pbx, password};
use vaihde_line::{Account, CallId, Command, Engine, Event, Linphone, Registration, Transport};

fn desk(pbx: &Pbx, user: &str, pass: &str) -> (Linphone, tempfile::TempDir) {
    desk_over(pbx, user, pass, Transport::Udp)
}

fn desk_over(pbx: &Pbx, user: &str, pass: &str, transport: Transport) -> (Linphone, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("engine dir");
    let account = Account::new(&format!("sip:{user}@127.0.0.1:{}", pbx.port), None, pass, transport).expect("account");
    let engine = Linphone::start(&account, dir.path()).expect("linphone-daemon (Debian package linphone-cli) starts");
    (engine, dir)
}

fn registered_desk(pbx: &Pbx) -> (Linphone, tempfile::TempDir) {
    let (mut engine, dir) = desk(pbx, "100", &password("100"));
    assert_eq!(engine.wait_registration(Duration::from_secs(10)), Registration::Registered);
    (engine, dir)
}

/// The next event that `pick` takes, within `timeout`; panics with what came instead.
fn expect<T>(engine: &mut Linphone, timeout: Duration, mut pick: impl FnMut(&Event) -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if let Some(e) = engine.next_event(left) {
            if let Some(t) = pick(&e) {
                return t;
            }
            seen.push(e);
        }
    }
    panic!("the desk did not see the event within {timeout:?}; saw {seen:?}");
}

/// Nothing that `pick` takes comes within `time`.
fn quiet(engine: &mut Linphone, time: Duration, mut pick: impl FnMut(&Event) -> bool) {
    let deadline = Instant::now() + time;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if let Some(e) = engine.next_event(left) {
            assert!(!pick(&e), "unexpected {e:?}");
        }
    }
}

fn ringing(engine: &mut Linphone) -> (CallId, vaihde_line::Party) {
    expect(engine, Duration::from_secs(5), |e| match e {
        Event::Incoming { call, from } => Some((call.clone(), from.clone())),
        _ => None,
    })
}

/// A registered desk with a caller it has answered: the desk, its files,
/// the caller, the desk's call and the caller's own call id.
fn answered_call(pbx: &Pbx) -> (Linphone, tempfile::TempDir, Agent, CallId, String) {
    let (mut desk, dir) = registered_desk(pbx);
    let mut caller = Agent::start("0405550199", pbx);
    caller.dial("sip:100@127.0.0.1");
    let (call, _) = ringing(&mut desk);
    desk.send(&Command::Answer(call.clone())).unwrap();
    talking(&mut desk, &call);
    let established = caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5));
    let callers_call = established["id"].as_str().expect("baresip's call id").to_string();
    (desk, dir, caller, call, callers_call)
}

fn talking(engine: &mut Linphone, id: &CallId) {
    expect(engine, Duration::from_secs(5), |e| matches!(e, Event::Talking { call } if call == id).then_some(()));
}

#[test]
fn the_desk_registers_and_a_wrong_password_or_no_pbx_is_said() {
    let pbx = Pbx::start();
    let (mut ok, _d1) = desk(&pbx, "100", &password("100"));
    assert_eq!(ok.wait_registration(Duration::from_secs(10)), Registration::Registered);
    let (mut wrong, _d2) = desk(&pbx, "2401", "not-the-password");
    assert_eq!(wrong.wait_registration(Duration::from_secs(10)), Registration::Failed { reason: String::new() });
    ok.stop();
    wrong.stop();
    drop(pbx);
    // A PBX nobody answers for: not registered, and said so before SIP's own 32 s.
    let silent = Pbx::start();
    let port = silent.port;
    drop(silent);
    let dir = tempfile::tempdir().unwrap();
    let account = Account::new(&format!("sip:100@127.0.0.1:{port}"), None, "x", Transport::Udp).unwrap();
    let mut lonely = Linphone::start(&account, dir.path()).unwrap();
    assert_ne!(lonely.wait_registration(Duration::from_secs(3)), Registration::Registered);
}

#[test]
fn a_call_rings_at_the_desk_is_answered_held_resumed_and_hung_up() {
    let pbx = Pbx::start();
    let (mut desk, _dir) = registered_desk(&pbx);
    let mut caller = Agent::start("0405550199", &pbx);
    let rang = Instant::now();
    caller.dial("sip:100@127.0.0.1");
    let (call, from) = ringing(&mut desk);
    eprintln!("call event at the desk {:?} after the dial", rang.elapsed());
    assert_eq!(from.user(), "0405550199");
    assert_eq!(from.display, "0405550199");
    desk.send(&Command::Answer(call.clone())).unwrap();
    talking(&mut desk, &call);
    caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5));
    desk.send(&Command::Hold(call.clone())).unwrap();
    expect(&mut desk, Duration::from_secs(5), |e| matches!(e, Event::Held { call: c } if *c == call).then_some(()));
    desk.send(&Command::Resume(call.clone())).unwrap();
    talking(&mut desk, &call);
    desk.send(&Command::Hangup(call.clone())).unwrap();
    expect(&mut desk, Duration::from_secs(5), |e| {
        matches!(e, Event::Ended { call: c, .. } if *c == call).then_some(())
    });
    caller.wait_for("CALL_CLOSED", Duration::from_secs(5));
}

/// A UDP caller rings the desk's line (whatever its transport), the desk
/// answers and puts them through to 2400, who answers.
fn a_udp_callers_call_is_put_through(pbx: &Pbx, desk: &mut Linphone) {
    let mut colleague = Agent::start("2400", pbx);
    let mut caller = Agent::start("0405550199", pbx);
    caller.dial("sip:100@127.0.0.1");
    let (call, from) = ringing(desk);
    assert!(from.uri.contains("0405550199"), "{from:?}");
    desk.send(&Command::Answer(call.clone())).unwrap();
    talking(desk, &call);
    caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5));
    desk.send(&Command::Transfer { call: call.clone(), to: "2400".into() }).unwrap();
    colleague.wait_for("CALL_INCOMING", Duration::from_secs(5));
    colleague.accept();
    expect(desk, Duration::from_secs(5), |e| matches!(e, Event::Transferred { call: c } if *c == call).then_some(()));
}

#[test]
fn a_desk_on_tcp_takes_a_udp_callers_call_and_puts_it_through() {
    let pbx = Pbx::start();
    let (mut desk, _dir) = desk_over(&pbx, "100", &password("100"), Transport::Tcp);
    assert_eq!(desk.wait_registration(Duration::from_secs(10)), Registration::Registered);
    a_udp_callers_call_is_put_through(&pbx, &mut desk);
}

#[test]
fn a_desk_on_tls_trusts_the_pbxs_own_certificate_only_when_told() {
    let pbx = Pbx::start_tls();
    let (tls_port, cert) = pbx.tls.clone().expect("a TLS port");
    let uri = format!("sip:100@127.0.0.1:{tls_port}");
    // Not told: the PBX's own certificate is not trusted, and the line says it failed.
    let dir = tempfile::tempdir().unwrap();
    let account = Account::new(&uri, None, &password("100"), Transport::Tls).unwrap();
    let mut untrusting = Linphone::start(&account, dir.path()).unwrap();
    assert!(matches!(untrusting.wait_registration(Duration::from_secs(10)), Registration::Failed { .. }));
    untrusting.stop();
    // Told: it registers, and a UDP caller's call is answered and put through.
    let dir = tempfile::tempdir().unwrap();
    let mut account = Account::new(&uri, None, &password("100"), Transport::Tls).unwrap();
    account.ca_file = Some(vaihde_line::check_ca_file(cert.to_str().unwrap()).unwrap());
    let mut desk = Linphone::start(&account, dir.path()).unwrap();
    assert_eq!(desk.wait_registration(Duration::from_secs(10)), Registration::Registered);
    a_udp_callers_call_is_put_through(&pbx, &mut desk);
}

#[test]
fn a_blind_transfer_to_a_colleague_who_answers_puts_the_caller_through() {
    let pbx = Pbx::start();
    let mut colleague = Agent::start("2400", &pbx);
    let (mut desk, _dir, mut caller, call, _) = answered_call(&pbx);
    let sent = Instant::now();
    desk.send(&Command::Transfer { call: call.clone(), to: "2400".into() }).unwrap();
    let rings = colleague.wait_for("CALL_INCOMING", Duration::from_secs(5));
    // An upper bound of Enter to REFER: the REFER, its 202, and the
    // caller's INVITE through the PBX to the colleague (docs/speed.md).
    eprintln!("transfer command to the colleague ringing: {:?}", sent.elapsed());
    // The colleague sees the caller, not the desk.
    assert!(rings["peeruri"].as_str().unwrap_or("").contains("0405550199"), "{rings}");
    colleague.accept();
    expect(&mut desk, Duration::from_secs(5), |e| {
        matches!(e, Event::Transferred { call: c } if *c == call).then_some(())
    });
    caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5));
}

#[test]
fn a_failed_blind_transfer_keeps_the_caller_on_the_desk() {
    let pbx = Pbx::start();
    let mut colleague = Agent::start("2400", &pbx);
    let (mut desk, _dir, mut caller, call, callers_call) = answered_call(&pbx);

    // No such number: the caller's own try to reach it ends, its call with the desk does not.
    desk.send(&Command::Transfer { call: call.clone(), to: "2499".into() }).unwrap();
    quiet(&mut desk, Duration::from_secs(3), |e| matches!(e, Event::Ended { .. } | Event::Transferred { .. }));
    assert!(!caller.closes(&callers_call, Duration::from_millis(200)), "the caller was dropped");

    // A colleague who refuses.
    desk.send(&Command::Transfer { call: call.clone(), to: "2400".into() }).unwrap();
    colleague.wait_for("CALL_INCOMING", Duration::from_secs(5));
    colleague.hangup();
    quiet(&mut desk, Duration::from_secs(3), |e| matches!(e, Event::Ended { .. } | Event::Transferred { .. }));
    assert!(!caller.closes(&callers_call, Duration::from_millis(200)), "the caller was dropped");

    // The operator takes the caller back and talks.
    let _ = desk.send(&Command::Resume(call.clone()));
    desk.send(&Command::Hangup(call.clone())).unwrap();
    expect(&mut desk, Duration::from_secs(5), |e| {
        matches!(e, Event::Ended { call: c, .. } if *c == call).then_some(())
    });
    caller.wait_for("CALL_CLOSED", Duration::from_secs(5));
}

#[test]
fn the_engine_killed_mid_call_is_said_as_a_line_down() {
    let pbx = Pbx::start();
    let (mut desk, _dir, _caller, _call, _) = answered_call(&pbx);
    let pid = desk.pid();
    std::process::Command::new("kill").arg("-KILL").arg(pid.to_string()).status().unwrap();
    expect(&mut desk, Duration::from_secs(5), |e| matches!(e, Event::EngineDown { .. }).then_some(()));
}

#[test]
fn a_call_to_a_clients_number_names_the_number_in_front_of_the_caller() {
    let pbx = Pbx::start();
    let (mut desk, _dir) = registered_desk(&pbx);
    let mut caller = Agent::start("0405550199", &pbx);
    caller.dial("sip:094321000@127.0.0.1");
    let (call, from) = ringing(&mut desk);
    assert_eq!(from.user(), "0405550199");
    assert_eq!(from.display, "094321000: 0405550199");
    desk.send(&Command::Answer(call.clone())).unwrap();
    talking(&mut desk, &call);
    caller.wait_for("CALL_ESTABLISHED", Duration::from_secs(5));
}

/// Polls the watcher until `ext` is in `state`, at most `timeout`.
fn line_becomes(w: &mut vaihde_line::Watcher, ext: &str, state: vaihde_line::LineState, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while w.state(ext) != state {
        assert!(Instant::now() < deadline, "{ext} did not become {state:?} within {timeout:?}: {:?}", w.state(ext));
        w.poll(Duration::from_millis(50));
    }
}

#[test]
fn a_colleagues_line_state_follows_their_calls() {
    use vaihde_line::LineState;
    let pbx = Pbx::start();
    let account =
        Account::new(&format!("sip:100@127.0.0.1:{}", pbx.port), None, &password("100"), Transport::Udp).unwrap();
    let mut watcher = vaihde_line::Watcher::new(&account).expect("a socket on loopback");
    let mut colleague = Agent::start("2400", &pbx);
    let mut caller = Agent::start("0405550199", &pbx);
    watcher.watch(&["2400".to_string(), "2401".to_string()]);
    line_becomes(&mut watcher, "2400", LineState::Idle, Duration::from_secs(5));
    caller.dial("sip:2400@127.0.0.1");
    line_becomes(&mut watcher, "2400", LineState::Ringing, Duration::from_secs(5));
    colleague.wait_for("CALL_INCOMING", Duration::from_secs(5));
    colleague.accept();
    line_becomes(&mut watcher, "2400", LineState::Busy, Duration::from_secs(5));
    // 2401 is not registered: its line is idle as far as the PBX knows.
    assert_eq!(watcher.state("2401"), LineState::Idle);
    colleague.hangup();
    line_becomes(&mut watcher, "2400", LineState::Idle, Duration::from_secs(5));
    // No longer watched: forgotten, said unknown.
    watcher.watch(&["2401".to_string()]);
    assert_eq!(watcher.state("2400"), LineState::Unknown);
}
