//! The console with a scripted engine over the demo directory: the panel's
//! company and caller, the log written from the line, a failed transfer
//! marked, and a held caller recalled once.

use chrono::TimeZone as _;
use vaihde_line::{Command, Event, Party, TransferFailure, Transport};

use super::*;
use crate::line::script::Script;
use crate::line::{Account, Line};
use crate::messages::call_log::{self, CallOutcome};
use crate::model::Language;
use crate::words::Words;

fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap() + chrono::Duration::seconds(s)
}

fn setup() -> (Console, Script, Store) {
    let mut store = Store::open_in_memory().unwrap();
    store.write(|tx| crate::demo::load(tx, t(0), false).map(|_| ())).unwrap();
    let script = Script::default();
    let account = Account::new("sip:100@127.0.0.1", None, "secret", Transport::Udp).unwrap();
    let line = Line::on(account, Box::new(script.clone()), Path::new("unused"));
    (Console::on(line, "Jenny"), script, store)
}

fn ring(console: &mut Console, script: &Script, store: &mut Store, call: &str, at: DateTime<Utc>) {
    script.report(Event::Incoming {
        call: CallId(call.into()),
        from: Party { uri: "sip:0405550199@pbx".into(), display: "094321000: Matti".into() },
    });
    assert!(console.step(Some(store), at, Duration::ZERO));
}

fn said(p: &Phrase) -> String {
    Words::of(Language::En).phrase(p)
}

#[test]
fn a_call_answered_and_put_through_is_on_the_panel_and_in_the_log() {
    let (mut console, script, mut store) = setup();
    ring(&mut console, &script, &mut store, "1", t(0));
    let panel = console.panel(t(4));
    let call = &panel.calls[0];
    assert_eq!((call.state, call.company_name.as_deref()), (PanelState::Ringing, Some("Rakennus-Koivu Oy")));
    assert_eq!((call.caller.as_str(), call.waited_seconds), ("Matti (0405550199)", 4));
    assert!(said(&panel.news.last().unwrap().said).contains("Rakennus-Koivu Oy"), "{:?}", panel.news);
    // A call ringing is said at once, interrupting; good news waits its turn.
    assert!(panel.news.last().unwrap().urgent && !panel.news.last().unwrap().warn);

    console.act("1", LineAction::Answer, None, None, t(5)).unwrap();
    assert_eq!(script.sent(), vec![Command::Answer(CallId("1".into()))]);
    script.report(Event::Talking { call: CallId("1".into()) });
    console.step(Some(&mut store), t(5), Duration::ZERO);
    let answered = console.panel(t(6)).calls[0].answered.clone().expect("logged when answered");
    assert_eq!(answered.incoming.company_name.as_deref(), Some("Rakennus-Koivu Oy"));

    // A transfer needs a number; with one, it goes out, and its result closes the log line.
    assert!(matches!(console.act("1", LineAction::Transfer, Some(" "), None, t(7)), Err(ConsoleError::NoNumber)));
    console.act("1", LineAction::Transfer, Some("2400"), Some("Pekka Koistinen"), t(7)).unwrap();
    assert_eq!(console.panel(t(7)).calls[0].state, PanelState::Transferring);
    script.report(Event::Transferred { call: CallId("1".into()) });
    console.step(Some(&mut store), t(9), Duration::ZERO);
    let panel = console.panel(t(9));
    assert!(panel.calls.is_empty());
    // Regression: the call is gone from the desk when its event is read, and still named.
    assert_eq!(said(&panel.news.last().unwrap().said), "Matti (0405550199) put through to 2400");
    assert!(!panel.news.last().unwrap().urgent);
    let logged = call_log::get(store.conn(), answered.call_id).unwrap();
    assert_eq!(logged.outcome, CallOutcome::Transferred);
    assert_eq!((logged.outcome_name.as_str(), logged.outcome_number.as_str()), ("Pekka Koistinen", "2400"));
    assert_eq!(logged.answer_time(), Some(chrono::Duration::seconds(5)));
}

#[test]
fn a_failed_transfer_is_marked_and_a_held_caller_recalled_once() {
    let (mut console, script, mut store) = setup();
    ring(&mut console, &script, &mut store, "1", t(0));
    console.act("1", LineAction::Answer, None, None, t(1)).unwrap();
    console.act("1", LineAction::Transfer, Some("2499"), None, t(2)).unwrap();
    script.report(Event::TransferFailed { call: CallId("1".into()), failure: TransferFailure::NoAnswer });
    console.step(Some(&mut store), t(22), Duration::ZERO);
    let panel = console.panel(t(22));
    let call = &panel.calls[0];
    assert_eq!(call.state, PanelState::Held);
    assert_eq!(said(call.failed.as_ref().unwrap()), "Transfer to 2499 failed: no answer");
    assert!(panel.news.last().unwrap().warn && panel.news.last().unwrap().urgent);

    // Held 45 seconds: said once, shown as long as the hold lasts.
    let before = console.panel(t(66)).news.len();
    assert!(!console.panel(t(66)).calls[0].remind);
    assert!(console.step(Some(&mut store), t(67), Duration::ZERO));
    let panel = console.panel(t(67));
    assert!(panel.calls[0].remind);
    assert_eq!(panel.news.len(), before + 1);
    assert!(said(&panel.news.last().unwrap().said).contains("45"), "{:?}", panel.news.last());
    assert!(!console.step(Some(&mut store), t(80), Duration::ZERO));
    assert_eq!(console.panel(t(80)).news.len(), before + 1);
}

#[test]
fn a_desk_without_its_engine_says_why_and_refuses_calls_in_words() {
    let dir = tempfile::tempdir().unwrap();
    // No line set: no panel, nothing said, calls refused in words.
    let mut console = Console::start(dir.path(), "Jenny", t(0));
    let panel = console.panel(t(0));
    assert!(!panel.configured && panel.news.is_empty(), "{panel:?}");
    let refused = console.act("1", LineAction::Answer, None, None, t(1)).unwrap_err();
    assert!(!said(&refused.phrase()).is_empty());
    assert!(!console.step(None, t(60), Duration::ZERO));
    // Settings it cannot read: the panel says why, the line is down.
    std::fs::write(crate::line::settings_path(dir.path()), "{ not json").unwrap();
    let console = Console::start(dir.path(), "Jenny", t(0));
    let panel = console.panel(t(0));
    assert_eq!(panel.state, Some(LineState::Down));
    assert!(said(panel.said.as_ref().unwrap()).contains("not in a form this version reads"), "{:?}", panel.said);
}

#[test]
fn the_demo_line_says_it_is_the_demo_and_its_callers_reach_the_demo_companies() {
    let console = Console::demo("Jenny");
    let panel = console.panel(t(0));
    assert!(said(panel.said.as_ref().unwrap()).starts_with("Demo line"), "{:?}", panel.said);
    let mut store = Store::open_in_memory().unwrap();
    store.write(|tx| crate::demo::load(tx, t(0), false).map(|_| ())).unwrap();
    for (dialled, number, _) in crate::demo::LINE_CALLERS {
        let args = crate::calls::CallArgs { to: dialled.to_string(), from: Some(number.to_string()) };
        let incoming = crate::calls::incoming(store.conn(), &args).unwrap();
        assert!(incoming.company_name.is_some(), "{dialled} reaches no demo company");
    }
}

#[test]
fn a_callback_dialled_holds_the_caller_and_asks_how_it_went_when_it_ends() {
    let (mut console, script, mut store) = setup();
    ring(&mut console, &script, &mut store, "1", t(0));
    console.act("1", LineAction::Answer, None, None, t(1)).unwrap();
    script.report(Event::Talking { call: CallId("1".into()) });
    console.step(Some(&mut store), t(1), Duration::ZERO);
    script.sent();

    assert!(matches!(console.dial("no number", "Maija", Some(7), t(2)), Err(ConsoleError::NotDiallable(_))));
    console.dial("040 555 0123", "Maija Mäkelä", Some(7), t(2)).unwrap();
    // The caller talked to goes on hold first; the number is dialled as digits.
    assert_eq!(script.sent(), vec![Command::Hold(CallId("1".into())), Command::Dial("0405550123".into())]);
    let panel = console.panel(t(3));
    let out = panel.calls.iter().find(|c| c.outgoing).expect("the callback on the panel");
    assert_eq!(
        (out.state, out.caller.as_str(), out.callback_of),
        (PanelState::Calling, "Maija Mäkelä (0405550123)", Some(7))
    );
    assert_eq!(said(&panel.news.last().unwrap().said), "Calling Maija Mäkelä (0405550123) back…");

    script.report(Event::Talking { call: CallId("leg1".into()) });
    console.step(Some(&mut store), t(4), Duration::ZERO);
    let panel = console.panel(t(4));
    assert_eq!(panel.calls.iter().find(|c| c.outgoing).map(|c| c.state), Some(PanelState::Talking));
    assert_eq!(said(&panel.news.last().unwrap().said), "Maija Mäkelä (0405550123) answered the callback");
    // A callback is not an incoming call: the call log has only the caller's line.
    assert_eq!(call_log::list(store.conn(), None, None, 10).unwrap().len(), 1);

    script.report(Event::Ended { call: CallId("leg1".into()), reason: String::new() });
    console.step(Some(&mut store), t(30), Duration::ZERO);
    let panel = console.panel(t(30));
    assert_eq!(
        panel.callbacks_ended,
        vec![CallbackEnded { message_id: 7, called: "Maija Mäkelä (0405550123)".into() }]
    );
    assert!(said(&panel.news.last().unwrap().said).starts_with("The callback to Maija Mäkelä (0405550123) ended"));
    // Recorded: no longer asked.
    console.callback_done(7);
    assert!(console.panel(t(31)).callbacks_ended.is_empty());
}

#[test]
fn the_line_is_not_changed_under_a_call_and_removing_it_leaves_no_panel() {
    let (mut console, script, mut store) = setup();
    ring(&mut console, &script, &mut store, "1", t(0));
    let empty = tempfile::tempdir().unwrap();
    // A new engine would drop the caller: refused, the call still there.
    assert!(matches!(console.reconfigure(empty.path(), t(1)), Err(ConsoleError::CallsAtDesk)));
    assert_eq!(console.panel(t(1)).calls.len(), 1);
    script.report(Event::Ended { call: CallId("1".into()), reason: String::new() });
    console.step(Some(&mut store), t(2), Duration::ZERO);
    // No settings in the directory: the desk has no line, as before one was set.
    console.reconfigure(empty.path(), t(3)).unwrap();
    let panel = console.panel(t(3));
    assert!(!panel.configured, "{panel:?}");
    assert!(matches!(console.act("1", LineAction::Answer, None, None, t(4)), Err(ConsoleError::NotRunning)));
}
