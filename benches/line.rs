//! The desk's line, the core's part of a ringing call: the engine's output
//! read into events, and an incoming call event taken to the client company
//! and the caller on a directory of the demo plus 100,000 generated people
//! (figures in docs/speed.md). The SIP signalling itself is measured over
//! a real PBX in `tests/desk.rs`.

#[path = "support/mod.rs"]
mod support;

use std::collections::VecDeque;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use vaihde::line::desk::Desk;
use vaihde_line::linphone::stream::Parser;
use vaihde_line::{CallId, Command, Engine, EngineError, Event, Party};

fn main() {
    divan::main();
}

/// 1,000 call-state events as linphone-daemon writes them, with answers between.
static STREAM: LazyLock<String> = LazyLock::new(|| {
    let mut s = String::new();
    for i in 0..1000 {
        s.push_str(&format!(
            "\nEvent-type: call-state-changed\n\nEvent: LinphoneCallIncomingReceived\n\
             From: \"094321000: Caller {i}\" <sip:04055{i:05}@pbx.example.fi>\nId: {i}\n\n\n\
             daemon-linphone>answer {i}\nStatus: Ok\ndaemon-linphone>"
        ));
    }
    s
});

#[divan::bench]
fn read_1000_events_from_the_engine(bencher: divan::Bencher) {
    bencher.counter(divan::counter::ItemsCount::new(1000usize)).bench(|| {
        let mut p = Parser::default();
        divan::black_box(p.feed(divan::black_box(&STREAM)).len())
    });
}

/// An engine that reports the calls queued, as fast as asked.
#[derive(Clone, Default)]
struct Queue(Arc<Mutex<VecDeque<Event>>>);

impl Engine for Queue {
    fn send(&mut self, _: &Command) -> Result<Option<CallId>, EngineError> {
        Ok(None)
    }
    fn next_event(&mut self, _: Duration) -> Option<Event> {
        self.0.lock().ok()?.pop_front()
    }
    fn stop(&mut self) {}
}

static DIRECTORY: LazyLock<Mutex<vaihde::Directory>> = LazyLock::new(|| Mutex::new(support::directory_100k()));

/// An incoming call event to the company and caller the window shows:
/// the desk takes the event, reads the dialled number from the caller's
/// name, and the directory answers the number and the caller's number.
#[divan::bench(sample_count = 200)]
fn incoming_call_to_company_100k(bencher: divan::Bencher) {
    let dir = DIRECTORY.lock().expect("directory");
    let queue = Queue::default();
    let mut desk = Desk::new(Box::new(queue.clone()));
    let mut n = 0u64;
    let at = chrono::Utc::now();
    bencher.bench_local(|| {
        n += 1;
        let call = CallId(n.to_string());
        let from = Party { uri: "sip:0405550199@pbx.example.fi".into(), display: "094321000: Matti".into() };
        if let Ok(mut q) = queue.0.lock() {
            q.push_back(Event::Incoming { call: call.clone(), from });
        }
        let mut company = None;
        for e in desk.poll(at, Duration::ZERO) {
            if let vaihde::line::desk::DeskEvent::Ringing { call } = e
                && let Some(c) = desk.call(&call)
            {
                company = vaihde::line::incoming(dir.conn(), c).expect("lookup").and_then(|i| i.company_name);
            }
        }
        assert!(company.is_some(), "the company was found");
        // The call ends, so the desk stays small.
        if let Ok(mut q) = queue.0.lock() {
            q.push_back(Event::Ended { call, reason: String::new() });
        }
        desk.poll(at, Duration::ZERO);
        divan::black_box(company)
    });
}

/// Enter on a call being talked to, in the core: the console checks the
/// call and the number, tells the desk, which sends the engine its
/// transfer command (linphone-daemon writes the REFER on reading it).
/// The SIP part is measured over a real PBX (`crates/line/tests/line.rs`).
#[divan::bench(sample_count = 1000)]
fn enter_to_the_transfer_command(bencher: divan::Bencher) {
    let queue = Queue::default();
    let account =
        vaihde::line::Account::new("sip:100@127.0.0.1", None, "secret", vaihde::line::Transport::Udp).expect("account");
    let line = vaihde::line::Line::on(account, Box::new(queue.clone()), std::path::Path::new("unused"));
    // Shared by the set-up and the measured part (divan runs them in turn).
    let console = std::cell::RefCell::new(vaihde::line::console::Console::on(line, "bench"));
    let at = chrono::Utc::now();
    let mut n = 0u64;
    bencher
        .with_inputs(|| {
            // A call answered and talked to, as it is when Enter is pressed.
            n += 1;
            let call = CallId(n.to_string());
            let from = Party { uri: "sip:0405550199@pbx.example.fi".into(), display: "094321000: Matti".into() };
            if let Ok(mut q) = queue.0.lock() {
                q.push_back(Event::Incoming { call: call.clone(), from });
            }
            let mut console = console.borrow_mut();
            console.step(None, at, Duration::ZERO);
            console.act(&call.0, vaihde::line::console::LineAction::Answer, None, None, at).expect("answered");
            call
        })
        .bench_local_values(|call| {
            let done = console.borrow_mut().act(
                &call.0,
                vaihde::line::console::LineAction::Transfer,
                Some("2400"),
                Some("Pekka Koistinen"),
                at,
            );
            divan::black_box(done).expect("sent");
            // The transfer went through, so the desk stays small.
            if let Ok(mut q) = queue.0.lock() {
                q.push_back(Event::Transferred { call });
            }
        });
}
