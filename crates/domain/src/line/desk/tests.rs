//! The desk's rules with a scripted engine: what it is asked, what it
//! reports, at moments the test chooses.

use chrono::TimeZone as _;

use super::*;

use crate::line::script::Script;

fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap() + chrono::Duration::seconds(s)
}

fn id(s: &str) -> CallId {
    CallId(s.into())
}

fn desk() -> (Desk, Script) {
    let script = Script::default();
    (Desk::new(Box::new(script.clone())), script)
}

fn ring(desk: &mut Desk, script: &Script, call: &str, display: &str, at: DateTime<Utc>) {
    script.report(Event::Incoming {
        call: id(call),
        from: Party { uri: "sip:0405550199@pbx".into(), display: display.into() },
    });
    assert_eq!(desk.poll(at, Duration::ZERO), vec![DeskEvent::Ringing { call: id(call) }]);
}

#[test]
fn the_dialled_number_is_read_from_the_callers_display_name() {
    let p = |display: &str| Party { uri: "sip:0405550199@pbx".into(), display: display.into() };
    assert_eq!(dialled_and_name(&p("094321000: Matti Virtanen")), (Some("094321000".into()), "Matti Virtanen".into()));
    assert_eq!(dialled_and_name(&p("09 4321 000 | Matti")), (Some("09 4321 000".into()), "Matti".into()));
    assert_eq!(dialled_and_name(&p("094321000: 0405550199")), (Some("094321000".into()), String::new()));
    assert_eq!(dialled_and_name(&p("Matti: the plumber")), (None, "Matti: the plumber".into()));
    assert_eq!(dialled_and_name(&p("0405550199")), (None, String::new()));
    assert_eq!(dialled_and_name(&p("")), (None, String::new()));
}

#[test]
fn calls_wait_longest_first_and_answering_one_holds_the_other() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "094321000: Matti", t(0));
    ring(&mut desk, &script, "2", "018123000:", t(5));
    let waiting: Vec<_> = desk.waiting().iter().map(|c| (c.id.0.clone(), c.dialled.clone())).collect();
    assert_eq!(waiting, vec![("1".into(), Some("094321000".into())), ("2".into(), Some("018123000".into()))]);
    desk.answer(&id("1"), t(10)).unwrap();
    assert_eq!(script.sent(), vec![Command::Answer(id("1"))]);
    desk.answer(&id("2"), t(20)).unwrap();
    assert_eq!(script.sent(), vec![Command::Hold(id("1")), Command::Answer(id("2"))]);
    assert_eq!(desk.call(&id("1")).unwrap().state, CallState::Held);
    // Held since 20 s: it now waits longest, after the one answered at 20 s? Both since 20: by id.
    desk.answer(&id("1"), t(30)).unwrap();
    assert_eq!(script.sent(), vec![Command::Hold(id("2")), Command::Resume(id("1"))]);
}

/// Regression (E2E, two callers over kamailio): the second call answered
/// before the engine reported the first one's answer; the late report
/// showed the first caller talking again while the desk held them.
#[test]
fn a_call_held_before_its_answer_was_reported_stays_held() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    ring(&mut desk, &script, "2", "", t(1));
    desk.answer(&id("1"), t(2)).unwrap();
    desk.answer(&id("2"), t(3)).unwrap();
    script.report(Event::Talking { call: id("1") });
    script.report(Event::Talking { call: id("1") });
    script.report(Event::Talking { call: id("2") });
    assert_eq!(
        desk.poll(t(4), Duration::ZERO),
        vec![DeskEvent::Answered { call: id("1") }, DeskEvent::Answered { call: id("2") }]
    );
    assert_eq!(desk.call(&id("1")).unwrap().state, CallState::Held);
    assert_eq!(desk.call(&id("2")).unwrap().state, CallState::Talking);
}

#[test]
fn a_blind_transfer_answered_puts_the_caller_through() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    desk.answer(&id("1"), t(1)).unwrap();
    desk.transfer(&id("1"), "2400", t(2)).unwrap();
    script.sent();
    script.report(Event::Transferred { call: id("1") });
    assert_eq!(desk.poll(t(3), Duration::ZERO), vec![DeskEvent::PutThrough { call: id("1"), to: "2400".into() }]);
    assert!(desk.waiting().is_empty());
}

#[test]
fn a_failed_blind_transfer_brings_the_caller_back_on_hold_marked() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    desk.answer(&id("1"), t(1)).unwrap();
    desk.transfer(&id("1"), "2400", t(2)).unwrap();
    script.sent();
    script.report(Event::TransferFailed { call: id("1"), failure: TransferFailure::NotReached });
    let events = desk.poll(t(3), Duration::ZERO);
    assert_eq!(
        events,
        vec![DeskEvent::TransferFailed { call: id("1"), to: "2400".into(), failure: TransferFailure::NotReached }]
    );
    // Held again (the caller's phone had taken the call up itself).
    assert_eq!(script.sent(), vec![Command::Hold(id("1"))]);
    let call = desk.call(&id("1")).unwrap();
    assert_eq!(call.state, CallState::Held);
    assert_eq!(call.failed.as_ref().unwrap().to, "2400");
    // The operator takes the caller back: talking, the mark gone.
    desk.take_back(&id("1"), t(4)).unwrap();
    assert_eq!(script.sent(), vec![Command::Resume(id("1"))]);
    assert!(desk.call(&id("1")).unwrap().failed.is_none());
}

#[test]
fn a_consult_call_nobody_answers_is_given_up_and_the_caller_kept() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    desk.answer(&id("1"), t(1)).unwrap();
    desk.consult(&id("1"), "2400", t(2)).unwrap();
    assert_eq!(script.sent(), vec![Command::Answer(id("1")), Command::Hold(id("1")), Command::Dial("2400".into())]);
    assert!(desk.poll(t(20), Duration::ZERO).is_empty());
    let events = desk.poll(t(2) + CONSULT_RING, Duration::ZERO);
    assert_eq!(
        events,
        vec![DeskEvent::TransferFailed { call: id("1"), to: "2400".into(), failure: TransferFailure::NoAnswer }]
    );
    assert_eq!(script.sent(), vec![Command::Hangup(id("leg1")), Command::Hold(id("1"))]);
    assert_eq!(desk.call(&id("1")).unwrap().state, CallState::Held);
}

#[test]
fn a_consult_refused_keeps_the_caller_and_says_so() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    desk.answer(&id("1"), t(1)).unwrap();
    desk.consult(&id("1"), "2400", t(2)).unwrap();
    script.report(Event::Ended { call: id("leg1"), reason: "Error".into() });
    assert_eq!(
        desk.poll(t(3), Duration::ZERO),
        vec![DeskEvent::TransferFailed { call: id("1"), to: "2400".into(), failure: TransferFailure::NotReached }]
    );
    assert_eq!(desk.call(&id("1")).unwrap().state, CallState::Held);
}

#[test]
fn a_consult_answered_is_connected_or_handed_over_when_the_phones_cannot_join() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    desk.answer(&id("1"), t(1)).unwrap();
    desk.consult(&id("1"), "2400", t(2)).unwrap();
    // Connect refused before the colleague answers.
    assert!(matches!(desk.connect(&id("1"), t(3)), Err(DeskError::NotNow { .. })));
    script.report(Event::Talking { call: id("leg1") });
    assert_eq!(
        desk.poll(t(4), Duration::ZERO),
        vec![DeskEvent::ColleagueAnswered { call: id("1"), to: "2400".into() }]
    );
    script.sent();
    desk.connect(&id("1"), t(5)).unwrap();
    assert_eq!(script.sent(), vec![Command::Connect { call: id("1"), to_call: id("leg1") }]);
    // The phones did not join them (no Replaces): handed over by blind transfer.
    assert!(desk.poll(t(6), Duration::ZERO).is_empty());
    assert!(desk.poll(t(5) + CONNECT_WAIT, Duration::ZERO).is_empty());
    assert_eq!(
        script.sent(),
        vec![Command::Hangup(id("leg1")), Command::Transfer { call: id("1"), to: "2400".into() }]
    );
    script.report(Event::Transferred { call: id("1") });
    assert_eq!(desk.poll(t(9), Duration::ZERO), vec![DeskEvent::PutThrough { call: id("1"), to: "2400".into() }]);
}

#[test]
fn the_line_down_empties_the_desk_and_says_so() {
    let (mut desk, script) = desk();
    ring(&mut desk, &script, "1", "", t(0));
    script.report(Event::EngineDown { reason: "it exited".into() });
    assert_eq!(desk.poll(t(1), Duration::ZERO), vec![DeskEvent::LineDown { reason: "it exited".into() }]);
    assert!(desk.waiting().is_empty());
}
