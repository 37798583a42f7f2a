//! The desk's phone engine: `linphone-daemon` (Debian's `linphone-cli`)
//! run as a child process in a private directory, commanded over its
//! standard input and read from its standard output (see [`stream`]).
//! No port of its own is opened for control: the pipes are the child's.
//!
//! What the daemon does not say is made up here: it pushes call states but
//! not registration states (polled with `register-status`), and it names
//! the account's calls by small numbers of its own.

pub mod stream;

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command as Process, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use stream::{Block, Fields, Parser, field};

use crate::{Account, CallId, Command, Engine, EngineError, Event, Party, Registration, Transport};

/// The program, looked up on `PATH`.
pub const PROGRAM: &str = "linphone-daemon";

/// How long a command may take to be answered before the engine counts as
/// stuck (a register or a call answers at once; the work goes on after).
const ANSWER_WAIT: Duration = Duration::from_secs(5);

/// How long a blind transfer may take before the desk hears it failed.
/// linphone-daemon says nothing of a transfer that fails (the caller simply
/// stays on the desk's line, talking), so silence this long means failure:
/// a target that answers ends the desk's call within a second.
pub const TRANSFER_WAIT: Duration = Duration::from_secs(20);

/// How often the registration is asked for while nothing else happens.
const REGISTRATION_POLL: Duration = Duration::from_millis(500);

/// What the reader thread passes on.
enum Out {
    Block(Block),
    /// The daemon's output ended: it exited or was killed.
    Closed,
}

/// A running `linphone-daemon` registered (or registering) as the desk.
pub struct Linphone {
    child: Child,
    stdin: ChildStdin,
    output: Receiver<Out>,
    /// Events translated but not yet handed out.
    pending: std::collections::VecDeque<Event>,
    account: Account,
    register_id: Option<String>,
    registration: Registration,
    last_poll: Instant,
    /// What each call last reported, so one state is told once.
    calls: HashMap<String, Reported>,
    /// Calls sent away by a transfer: their end is the transfer's success.
    transferring: HashMap<String, Instant>,
    transfer_wait: Duration,
    down: bool,
    dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reported {
    Ringing,
    Talking,
    Held,
    /// The other end put the call on hold (a caller's phone does while it
    /// tries the target of a blind transfer).
    HeldByRemote,
    Ended,
}

impl Linphone {
    /// Starts the engine in `dir` (made private to the desk's user) and
    /// asks the registrar to register `account`.
    pub fn start(account: &Account, dir: &Path) -> Result<Linphone, EngineError> {
        let home = dir.to_path_buf();
        std::fs::create_dir_all(home.join(".local/share/linphone")).map_err(EngineError::Start)?;
        std::fs::create_dir_all(home.join(".config")).map_err(EngineError::Start)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).map_err(EngineError::Start)?;
        }
        let root_ca = match &account.ca_file {
            Some(ca) => Some(trust_bundle(&home, ca)?),
            None => None,
        };
        let rc = home.join("linphonerc");
        std::fs::write(&rc, config(account, root_ca.as_deref())).map_err(EngineError::Start)?;
        // The engine's log holds whole SIP messages (callers' numbers):
        // only the present run's is kept, and it stays in the private directory.
        let log = home.join("linphone.log");
        let _ = std::fs::remove_file(&log);
        let mut child = Process::new(PROGRAM)
            // GNU readline echoes each command; a narrow terminal wraps a
            // long one with carriage returns, so the line is made endless.
            .env("COLUMNS", "100000")
            .env("TERM", "dumb")
            .env("INPUTRC", "/dev/null")
            .arg("--config")
            .arg(&rc)
            .arg("--log")
            .arg(&log)
            .arg("--disable-stats-events")
            // Its database and call history go under the private directory,
            // never into the desk user's own linphone.
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .current_dir(&home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(start_failed)?;
        let stdin = child.stdin.take().ok_or_else(|| EngineError::Down("no standard input".into()))?;
        let stdout = child.stdout.take().ok_or_else(|| EngineError::Down("no standard output".into()))?;
        let (tx, output) = channel();
        std::thread::Builder::new()
            .name("linphone-reader".into())
            .spawn(move || read(stdout, tx))
            .map_err(EngineError::Start)?;
        let mut engine = Linphone {
            child,
            stdin,
            output,
            pending: Default::default(),
            account: account.clone(),
            register_id: None,
            registration: Registration::Registering,
            last_poll: Instant::now(),
            calls: HashMap::new(),
            transferring: HashMap::new(),
            transfer_wait: TRANSFER_WAIT,
            down: false,
            dir: home,
        };
        engine.register()?;
        Ok(engine)
    }

    /// How long a blind transfer may stay silent before it counts as
    /// failed ([`TRANSFER_WAIT`] unless set; a desk may allow its PBX longer).
    pub fn set_transfer_wait(&mut self, wait: Duration) {
        self.transfer_wait = wait;
    }

    /// The engine's process, for supervision.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The directory the engine keeps its files in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn register(&mut self) -> Result<(), EngineError> {
        let a = &self.account;
        let proxy = match a.transport {
            Transport::Udp => format!("sip:{}", a.host()),
            t => format!("sip:{};transport={}", a.host(), t.code()),
        };
        let null = |s: &str| if s.is_empty() { "NULL".to_string() } else { s.to_string() };
        let line = format!(
            "register {} {} {} {} NULL",
            a.uri,
            proxy,
            null(&a.password),
            null(a.auth_user.as_deref().unwrap_or(""))
        );
        let fields = self.ask(&line, "register")?;
        self.register_id = field(&fields, "Id").map(str::to_string);
        self.pending.push_back(Event::Registration(Registration::Registering));
        Ok(())
    }

    /// Waits until the registrar answered (registered or refused) or `wait`
    /// passed; where the registration stands then.
    pub fn wait_registration(&mut self, wait: Duration) -> Registration {
        let deadline = Instant::now() + wait;
        loop {
            self.poll_registration();
            if matches!(self.registration, Registration::Registered | Registration::Failed { .. }) || self.down {
                return self.registration.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return self.registration.clone();
            }
            self.pump(left.min(Duration::from_millis(100)));
        }
    }

    /// Where the registration stands now, as last asked.
    pub fn registration(&self) -> &Registration {
        &self.registration
    }

    fn poll_registration(&mut self) {
        self.last_poll = Instant::now();
        let Some(id) = self.register_id.clone() else { return };
        let Ok(fields) = self.ask(&format!("register-status {id}"), "register-status") else { return };
        let state = match field(&fields, "State") {
            Some("LinphoneRegistrationOk") => Registration::Registered,
            Some("LinphoneRegistrationFailed") => Registration::Failed { reason: String::new() },
            Some("LinphoneRegistrationCleared") | Some("LinphoneRegistrationNone") => Registration::Unregistered,
            _ => Registration::Registering,
        };
        if state != self.registration {
            self.registration = state.clone();
            self.pending.push_back(Event::Registration(state));
        }
    }

    /// Sends one command line and waits for its answer, keeping the events
    /// that arrive meanwhile.
    fn ask(&mut self, line: &str, what: &str) -> Result<Fields, EngineError> {
        if self.down {
            return Err(EngineError::Down("it is not running".into()));
        }
        // One line per command: a newline inside would be a second command.
        if line.contains(['\n', '\r']) {
            return Err(EngineError::Refused { command: what.into(), reason: "a line break in the command".into() });
        }
        self.stdin
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| self.gone(format!("its input is closed ({e})")))?;
        let deadline = Instant::now() + ANSWER_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(Out::Block(Block::Answer { ok: true, fields, .. })) => return Ok(fields),
                Ok(Out::Block(Block::Answer { ok: false, reason, .. })) => {
                    return Err(EngineError::Refused { command: what.into(), reason });
                }
                Ok(Out::Block(Block::Event { kind, fields })) => self.translate(&kind, &fields),
                Ok(Out::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    return Err(self.gone("it exited".into()));
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(self.gone(format!("it did not answer {what} within {ANSWER_WAIT:?}")));
                }
            }
        }
    }

    fn gone(&mut self, reason: String) -> EngineError {
        if !self.down {
            self.down = true;
            self.pending.push_back(Event::EngineDown { reason: reason.clone() });
        }
        EngineError::Down(reason)
    }

    /// Takes in what the daemon said for up to `wait`.
    fn pump(&mut self, wait: Duration) {
        match self.output.recv_timeout(wait) {
            Ok(Out::Block(Block::Event { kind, fields })) => self.translate(&kind, &fields),
            // An answer nobody waits for (a command that timed out) is dropped.
            Ok(Out::Block(Block::Answer { .. })) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Out::Closed) | Err(RecvTimeoutError::Disconnected) => {
                self.gone("it exited".into());
            }
        }
    }

    /// A daemon event as the seam's events.
    fn translate(&mut self, kind: &str, fields: &Fields) {
        if kind != "call-state-changed" {
            return;
        }
        let (Some(state), Some(id)) = (field(fields, "Event"), field(fields, "Id")) else { return };
        let call = CallId(id.to_string());
        let now = match state {
            "LinphoneCallIncomingReceived" => {
                let from = party(field(fields, "From").unwrap_or(""));
                self.calls.insert(id.to_string(), Reported::Ringing);
                self.pending.push_back(Event::Incoming { call, from });
                return;
            }
            "LinphoneCallOutgoingRinging" | "LinphoneCallOutgoingEarlyMedia" => Reported::Ringing,
            "LinphoneCallConnected" | "LinphoneCallStreamsRunning" => Reported::Talking,
            "LinphoneCallPaused" => Reported::Held,
            "LinphoneCallPausedByRemote" => Reported::HeldByRemote,
            "LinphoneCallEnd" | "LinphoneCallError" | "LinphoneCallReleased" => Reported::Ended,
            _ => return,
        };
        let before = self.calls.insert(id.to_string(), now);
        if before == Some(now) {
            return;
        }
        let event = match now {
            Reported::Ringing => Event::Ringing { call },
            // A caller's phone that held the desk's call to try the transfer
            // and now takes it up again: the transfer failed, and the caller
            // is back on the desk's line.
            Reported::Talking if before == Some(Reported::HeldByRemote) && self.transferring.remove(id).is_some() => {
                Event::TransferFailed { call, failure: crate::TransferFailure::NotReached }
            }
            Reported::HeldByRemote => return,
            Reported::Talking => Event::Talking { call },
            Reported::Held => Event::Held { call },
            Reported::Ended => {
                if self.transferring.remove(id).is_some() && state != "LinphoneCallError" {
                    Event::Transferred { call }
                } else {
                    Event::Ended { call, reason: state.trim_start_matches("LinphoneCall").to_string() }
                }
            }
        };
        self.pending.push_back(event);
    }

    /// A number or address as the daemon dials it: a bare number goes to
    /// the desk's own PBX.
    fn target(&self, to: &str) -> Result<String, EngineError> {
        let to = to.trim();
        let refuse = |reason: &str| EngineError::Refused { command: "dial".into(), reason: reason.into() };
        if to.is_empty() || to.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"')) {
            return Err(refuse("not a number or SIP address"));
        }
        if to.starts_with("sip:") || to.starts_with("sips:") {
            return Ok(to.to_string());
        }
        let digits: String = to.chars().filter(|c| c.is_ascii_digit() || *c == '+' || *c == '*' || *c == '#').collect();
        if digits.is_empty() || digits.len() != to.chars().filter(|c| !matches!(c, '-' | '(' | ')' | '.')).count() {
            return Err(refuse("not a number or SIP address"));
        }
        Ok(format!("sip:{digits}@{}", self.account.host()))
    }
}

impl Engine for Linphone {
    fn send(&mut self, command: &Command) -> Result<Option<CallId>, EngineError> {
        // The operator acting on a call takes it back from a transfer under way.
        if let Command::Answer(c) | Command::Hold(c) | Command::Resume(c) | Command::Hangup(c) = command {
            self.transferring.remove(&c.0);
        }
        match command {
            Command::Answer(c) => self.ask(&format!("answer {c}"), "answer").map(|_| None),
            Command::Hold(c) => self.ask(&format!("call-pause {c}"), "call-pause").map(|_| None),
            Command::Resume(c) => self.ask(&format!("call-resume {c}"), "call-resume").map(|_| None),
            Command::Hangup(c) => self.ask(&format!("terminate {c}"), "terminate").map(|_| None),
            Command::Dial(to) => {
                let target = self.target(to)?;
                let fields = self.ask(&format!("call {target}"), "call")?;
                Ok(field(&fields, "Id").map(|id| CallId(id.to_string())))
            }
            Command::Transfer { call, to } => {
                let target = self.target(to)?;
                self.transferring.insert(call.0.clone(), Instant::now());
                let asked = self.ask(&format!("call-transfer {call} {target}"), "call-transfer");
                if asked.is_err() {
                    self.transferring.remove(&call.0);
                }
                asked.map(|_| None)
            }
            Command::Connect { call, to_call } => {
                self.transferring.insert(call.0.clone(), Instant::now());
                let asked = self.ask(&format!("call-transfer {call} {to_call}"), "call-transfer");
                if asked.is_err() {
                    self.transferring.remove(&call.0);
                }
                asked.map(|_| None)
            }
        }
    }

    fn next_event(&mut self, timeout: Duration) -> Option<Event> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(e);
            }
            if self.down {
                return None;
            }
            if let Some(id) =
                self.transferring.iter().find(|(_, t)| t.elapsed() >= self.transfer_wait).map(|(id, _)| id.clone())
            {
                self.transferring.remove(&id);
                return Some(Event::TransferFailed { call: CallId(id), failure: crate::TransferFailure::NoAnswer });
            }
            if self.last_poll.elapsed() >= REGISTRATION_POLL {
                self.poll_registration();
                continue;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.pump(left.min(REGISTRATION_POLL));
        }
    }

    fn process(&self) -> Option<u32> {
        Some(self.child.id())
    }

    fn stop(&mut self) {
        if !self.down {
            // `quit` unregisters; the process then exits by itself.
            let _ = self.stdin.write_all(b"quit\n").and_then(|()| self.stdin.flush());
            self.down = true;
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // By its PID (the child handle), never by name.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Linphone {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            Engine::stop(self);
        }
    }
}

/// linphone-daemon could not be started: not installed, or another reason.
fn start_failed(e: std::io::Error) -> EngineError {
    match e.kind() {
        std::io::ErrorKind::NotFound => EngineError::Missing { program: PROGRAM.to_string() },
        _ => EngineError::Start(e),
    }
}

/// The reader thread: the daemon's output as blocks, until it ends.
fn read(mut stdout: std::process::ChildStdout, tx: Sender<Out>) {
    let mut parser = Parser::default();
    let mut buf = [0u8; 8192];
    // Bytes of a character cut by the read, kept for the next.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = match stdout.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        carry.extend_from_slice(&buf[..n]);
        let whole = match std::str::from_utf8(&carry) {
            Ok(s) => s.len(),
            // A character cut at the end waits for its other bytes.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Bytes that are not UTF-8 at all are replaced, not dropped.
            Err(_) => carry.len(),
        };
        let text = String::from_utf8_lossy(&carry[..whole]).into_owned();
        carry.drain(..whole);
        for block in parser.feed(&text) {
            if tx.send(Out::Block(block)).is_err() {
                return;
            }
        }
    }
    for block in parser.end() {
        let _ = tx.send(Out::Block(block));
    }
    let _ = tx.send(Out::Closed);
}

/// `"Caller" <sip:0405550199@pbx>` or a bare address. The display name is
/// the network's text: a quoted one may hold `<`, `>` and `\"`.
fn party(from: &str) -> Party {
    let from = from.trim();
    let (display, rest) = match from.strip_prefix('"') {
        Some(quoted) => {
            let mut display = String::new();
            let mut escaped = false;
            let mut end = None;
            for (i, c) in quoted.char_indices() {
                match (escaped, c) {
                    (true, c) => {
                        display.push(c);
                        escaped = false;
                    }
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        end = Some(i);
                        break;
                    }
                    (false, c) => display.push(c),
                }
            }
            match end {
                Some(i) => (display, quoted[i + 1..].trim()),
                None => (String::new(), from),
            }
        }
        None => match from.find('<') {
            Some(open) => (from[..open].trim().to_string(), &from[open..]),
            None => (String::new(), from),
        },
    };
    let uri = rest.strip_prefix('<').and_then(|r| r.split_once('>')).map_or(rest, |(u, _)| u);
    Party { uri: uri.to_string(), display }
}

/// The daemon's configuration for `account`. A registrar on this machine
/// keeps everything on loopback (tests, the demo); otherwise the engine
/// binds where the system routes.
/// A sound card as the engine names it, and what it can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundCard {
    /// The name the engine's settings take ("PulseAudio Unknown: Jabra_Headset").
    pub id: String,
    pub playback: bool,
    pub capture: bool,
}

/// The sound cards the engine finds on this machine: it is started in
/// `dir` (a private scratch directory) with no account and no input, and
/// its log is read for the cards it registered. The daemon has no command
/// that lists them (measured, 5.1.65).
pub fn sound_cards(dir: &Path) -> Result<Vec<SoundCard>, EngineError> {
    std::fs::create_dir_all(dir).map_err(EngineError::Start)?;
    let rc = dir.join("linphonerc");
    std::fs::write(&rc, "[sound]\necho_cancellation=0\n").map_err(EngineError::Start)?;
    let log = dir.join("cards.log");
    let _ = std::fs::remove_file(&log);
    let mut child = Process::new(PROGRAM)
        .arg("--config")
        .arg(&rc)
        .arg("--log")
        .arg(&log)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .current_dir(dir)
        // No input: it lists its cards at start, then ends.
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(start_failed)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log).map_err(EngineError::Start)?;
    Ok(read_cards(&text))
}

/// The cards in the engine's log: `Card 'ID' added with capabilities [capture, playback]`.
fn read_cards(log: &str) -> Vec<SoundCard> {
    let mut cards: Vec<SoundCard> = Vec::new();
    for line in log.lines() {
        let Some(rest) = line.split_once("Card '").map(|(_, r)| r) else { continue };
        let Some((id, caps)) = rest.split_once("' added with capabilities [") else { continue };
        let caps = caps.trim_end_matches(']');
        let card =
            SoundCard { id: id.to_string(), playback: caps.contains("playback"), capture: caps.contains("capture") };
        if !cards.iter().any(|c| c.id == card.id) {
            cards.push(card);
        }
    }
    cards
}

/// Where Debian keeps the system's certificate authorities, one file.
const SYSTEM_CAS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The rings Debian's package ships (its compiled-in defaults point
/// elsewhere, so without these the desk would ring silently).
const RINGS: [(&str, &str); 2] = [
    ("local_ring", "/usr/share/sounds/linphone/rings/oldphone-mono.wav"),
    ("remote_ring", "/usr/share/sounds/linphone/ringback.wav"),
];

/// The authorities the engine trusts for TLS: the system's and the PBX's
/// own (`ca`), in one file in the private directory. The engine takes one
/// file, and a PBX's own authority alone would stop it trusting the public
/// ones.
fn trust_bundle(home: &Path, ca: &str) -> Result<PathBuf, EngineError> {
    let own = std::fs::read_to_string(ca).map_err(|e| {
        EngineError::Start(std::io::Error::new(e.kind(), format!("the PBX's certificate authority {ca}: {e}")))
    })?;
    let mut bundle = std::fs::read_to_string(SYSTEM_CAS).unwrap_or_default();
    if !bundle.is_empty() && !bundle.ends_with('\n') {
        bundle.push('\n');
    }
    bundle.push_str(&own);
    let path = home.join("ca-bundle.pem");
    std::fs::write(&path, bundle).map_err(EngineError::Start)?;
    Ok(path)
}

fn config(account: &Account, root_ca: Option<&Path>) -> String {
    let host = account.host();
    let name = host.rsplit_once(':').map_or(host, |(n, _)| n);
    let local = name == "localhost" || name.starts_with("127.") || name == "[::1]";
    // -1: a port of the system's choosing; 0: that transport is off.
    let (udp, tcp, tls) = match account.transport {
        Transport::Udp => (-1, 0, 0),
        Transport::Tcp => (0, -1, 0),
        Transport::Tls => (0, 0, -1),
    };
    let bind = if local { "bind_address=127.0.0.1\n" } else { "" };
    let root_ca = root_ca.map(|p| format!("root_ca={}\n", p.display())).unwrap_or_default();
    let mut sound = String::new();
    for (key, device) in [
        ("ringer_dev_id", &account.sound.ringer),
        ("playback_dev_id", &account.sound.playback),
        ("capture_dev_id", &account.sound.capture),
    ] {
        if let Some(d) = device {
            sound.push_str(&format!("{key}={d}\n"));
        }
    }
    for (key, file) in RINGS {
        if Path::new(file).exists() {
            sound.push_str(&format!("{key}={file}\n"));
        }
    }
    format!(
        "[sip]\nsip_port={udp}\nsip_tcp_port={tcp}\nsip_tls_port={tls}\n{bind}{root_ca}use_ipv6=0\nipv6_migration_done=1\n\
         guess_hostname={guess}\n\
         # Replaces for consult transfer; no gruu (it broke in-dialog routing through a plain proxy).\n\
         supported=replaces, outbound\n\
         # A call waits in the desk's panel as long as the caller waits, not 30 s.\n\
         inc_timeout=3600\n\
         [rtp]\naudio_rtp_port=40000-49999\nnortp_timeout=120\n\
         [video]\ncapture=0\ndisplay=0\nautomatically_initiate=0\nautomatically_accept=0\n\
         [sound]\necho_cancellation=0\n{sound}\
         [misc]\nmax_calls=10\n",
        guess = if local { 0 } else { 1 },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_is_read_with_and_without_a_display_name() {
        assert_eq!(
            party("\"Matti <Meikäläinen>\" <sip:0405550199@127.0.0.1>"),
            Party { uri: "sip:0405550199@127.0.0.1".into(), display: "Matti <Meikäläinen>".into() }
        );
        assert_eq!(party("sip:200@pbx"), Party { uri: "sip:200@pbx".into(), display: String::new() });
    }

    #[test]
    fn a_loopback_registrar_keeps_the_engine_on_loopback() {
        let local = Account::new("sip:100@127.0.0.1:5070", None, "x", Transport::Udp).unwrap();
        assert!(config(&local, None).contains("bind_address=127.0.0.1"));
        let remote = Account::new("sip:100@pbx.example.fi", None, "x", Transport::Tls).unwrap();
        let rc = config(&remote, None);
        assert!(!rc.contains("bind_address") && rc.contains("sip_tls_port=-1") && rc.contains("sip_port=0"));
        assert!(!rc.contains("root_ca") && !rc.contains("_dev_id"), "{rc}");
    }

    #[test]
    fn the_sound_cards_are_read_from_the_engines_log() {
        let log = "2026-12-07 10:25:34:211 mediastreamer-message-Card 'ALSA Unknown: default' added with capabilities [none]\n\
                   x mediastreamer-message-Card 'PulseAudio Unknown: Jabra_Headset' added with capabilities [capture, playback]\n\
                   x mediastreamer-message-Card 'PulseAudio Unknown: Desk_Speakers' added with capabilities [playback]\n\
                   x liblinphone-error-Could not find a suitable soundcard with capabilities : 2\n";
        let cards = read_cards(log);
        assert_eq!(cards.len(), 3);
        assert_eq!(
            cards[1],
            SoundCard { id: "PulseAudio Unknown: Jabra_Headset".into(), playback: true, capture: true }
        );
        assert!(cards[2].playback && !cards[2].capture && !cards[0].playback);
    }

    #[test]
    fn the_pbxs_authority_and_the_headset_go_into_the_engines_settings() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("pbx.pem");
        std::fs::write(&ca, "-----BEGIN CERTIFICATE-----\nPBX\n-----END CERTIFICATE-----\n").unwrap();
        let bundle = trust_bundle(dir.path(), ca.to_str().unwrap()).unwrap();
        let text = std::fs::read_to_string(&bundle).unwrap();
        assert!(text.ends_with("PBX\n-----END CERTIFICATE-----\n"), "the PBX's own authority is last");
        let missing = trust_bundle(dir.path(), "/nonexistent/pbx.pem").unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/pbx.pem"), "{missing}");
        let mut a = Account::new("sip:100@pbx.example.fi:5061", None, "x", Transport::Tls).unwrap();
        a.sound.ringer = Some("PulseAudio Unknown: Jabra_Headset".into());
        a.sound.capture = Some("PulseAudio Unknown: Jabra_Mic".into());
        let rc = config(&a, Some(&bundle));
        assert!(rc.contains(&format!("root_ca={}\n", bundle.display())), "{rc}");
        assert!(rc.contains("ringer_dev_id=PulseAudio Unknown: Jabra_Headset\n"), "{rc}");
        assert!(
            rc.contains("capture_dev_id=PulseAudio Unknown: Jabra_Mic\n") && !rc.contains("playback_dev_id"),
            "{rc}"
        );
    }
}
