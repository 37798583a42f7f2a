//! A SIP world on loopback for the line's tests, started by the tests
//! themselves in temporary directories: kamailio (Debian's) as registrar,
//! proxy and dialog-state presence server with the configuration in
//! `fixtures/sip/`, and baresip user agents as callers and colleagues,
//! driven over their control port. Everything is stopped by its PID.

#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::net::{TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::Value;
use vaihde_line::netstring;

/// The passwords of the fixture's subscribers (`fixtures/sip/dbtext/subscriber`).
pub fn password(user: &str) -> String {
    format!("secret{user}")
}

/// `fixtures/sip` of the workspace, from whichever crate's tests use this.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("fixtures/sip"))
        .find(|dir| dir.is_dir())
        .expect("fixtures/sip in the workspace")
}

/// A loopback port nobody holds at this moment (UDP and TCP, and the one
/// after it, which baresip takes for TLS).
pub fn free_port() -> u16 {
    loop {
        let udp = UdpSocket::bind("127.0.0.1:0").expect("a UDP port");
        let port = udp.local_addr().expect("its address").port();
        if port < 65000
            && std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
            && UdpSocket::bind(("127.0.0.1", port + 1)).is_ok()
            && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok()
        {
            return port;
        }
    }
}

fn stop(child: &mut Child) {
    // SIGTERM by PID: kamailio stops its workers on it, baresip unregisters.
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(8);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// kamailio on a private loopback port (UDP and TCP; TLS too when asked).
pub struct Pbx {
    pub port: u16,
    /// With [`Pbx::start_tls`]: its TLS port and the PEM file of its own
    /// (self-signed) certificate, which a desk must be told to trust.
    pub tls: Option<(u16, PathBuf)>,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl Pbx {
    pub fn start() -> Pbx {
        Pbx::start_with(false)
    }

    /// A PBX that also speaks TLS, with a certificate of its own made for
    /// the run (openssl; needs Debian's kamailio-tls-modules).
    pub fn start_tls() -> Pbx {
        Pbx::start_with(true)
    }

    fn start_with(tls: bool) -> Pbx {
        let dir = tempfile::tempdir().expect("a run directory");
        let db = dir.path().join("db");
        std::fs::create_dir_all(&db).expect("db dir");
        for entry in std::fs::read_dir(fixtures().join("dbtext")).expect("the fixture's tables") {
            let entry = entry.expect("a table");
            std::fs::copy(entry.path(), db.join(entry.file_name())).expect("copied");
        }
        let port = free_port();
        let mut tls_args = Vec::new();
        let tls = tls.then(|| {
            let (key, cert) = (dir.path().join("pbx-key.pem"), dir.path().join("pbx-cert.pem"));
            // The engine does not match an IP address in a certificate (measured):
            // the name is in the CN and as a DNS name.
            let made = Command::new("openssl")
                .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
                .args(["-addext", "subjectAltName=DNS:127.0.0.1", "-keyout"])
                .arg(&key)
                .arg("-out")
                .arg(&cert)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("openssl makes the PBX's certificate");
            assert!(made.success(), "openssl could not make the PBX's certificate");
            let cfg = dir.path().join("tls.cfg");
            let text = format!(
                "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n\
                 private_key = {}\ncertificate = {}\n\n[client:default]\nmethod = TLSv1.2+\n\
                 verify_certificate = no\nrequire_certificate = no\n",
                key.display(),
                cert.display()
            );
            std::fs::write(&cfg, text).expect("tls.cfg");
            let tls_port = free_port();
            tls_args = vec![
                "-A".to_string(),
                "WITH_TLS".to_string(),
                format!("--substdef=!TLSPORT!{tls_port}!g"),
                format!("--substdef=!TLSCFG!{}!g", cfg.display()),
            ];
            (tls_port, cert)
        });
        let log = std::fs::File::create(dir.path().join("kamailio.log")).expect("log");
        let child = Command::new("/usr/sbin/kamailio")
            .arg("-f")
            .arg(fixtures().join("kamailio.cfg"))
            .args(["-DD", "-E", "-m", "64", "-M", "8", "-P"])
            .arg(dir.path().join("kamailio.pid"))
            .arg("-Y")
            .arg(dir.path())
            .arg("-w")
            .arg(dir.path())
            .arg(format!("--substdef=!SIPPORT!{port}!g"))
            .arg(format!("--substdef=!DBDIR!{}!g", db.display()))
            .args(&tls_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("kamailio (Debian package kamailio) starts");
        let mut pbx = Pbx { port, tls, child: Some(child), _dir: dir };
        pbx.wait_ready();
        pbx
    }

    /// Until an OPTIONS ping is answered "200 Keepalive".
    fn wait_ready(&mut self) {
        let sock = UdpSocket::bind("127.0.0.1:0").expect("a socket");
        sock.set_read_timeout(Some(Duration::from_millis(100))).expect("timeout");
        let local = sock.local_addr().expect("address").port();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut n = 0;
        while Instant::now() < deadline {
            n += 1;
            let ping = format!(
                "OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKping{n}\r\n\
                 Max-Forwards: 70\r\nFrom: <sip:ping@127.0.0.1>;tag=p{n}\r\nTo: <sip:127.0.0.1:{port}>\r\n\
                 Call-ID: ping{n}@127.0.0.1\r\nCSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n",
                port = self.port
            );
            let _ = sock.send_to(ping.as_bytes(), ("127.0.0.1", self.port));
            let mut buf = [0u8; 2048];
            if let Ok((len, _)) = sock.recv_from(&mut buf)
                && String::from_utf8_lossy(&buf[..len]).starts_with("SIP/2.0 200")
            {
                return;
            }
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!("kamailio exited at start ({status}): see its log");
            }
        }
        panic!("kamailio did not answer on 127.0.0.1:{} within 10 s", self.port);
    }

    /// Stops the PBX now (a test of a PBX going away).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            stop(&mut child);
        }
    }
}

impl Drop for Pbx {
    fn drop(&mut self) {
        self.stop();
        // A failed test shows what the PBX saw.
        if std::thread::panicking() {
            print_tail("kamailio", &self._dir.path().join("kamailio.log"), 60);
        }
    }
}

/// A baresip user agent registered at the PBX as `user`.
pub struct Agent {
    pub user: String,
    child: Option<Child>,
    ctrl: TcpStream,
    events: Receiver<Value>,
    responses: Receiver<Value>,
    token: u64,
    _dir: tempfile::TempDir,
}

impl Agent {
    pub fn start(user: &str, pbx: &Pbx) -> Agent {
        let dir = tempfile::tempdir().expect("agent dir");
        let sip = free_port();
        let ctrl_port = free_port();
        let config = format!(
            "poll_method epoll\nsip_listen 127.0.0.1:{sip}\nnet_interface 127.0.0.1\ncall_local_timeout 120\n\
             call_max_calls 4\naudio_source ausine,440\naudio_player aubridge,play-{user}\naudio_alert aubridge,alert-{user}\n\
             ausrc_srate 48000\nausrc_channels 2\nauplay_srate 48000\nauplay_channels 2\n\
             module_path /usr/lib/baresip/modules\nmodule g711.so\nmodule ausine.so\nmodule aubridge.so\n\
             module_tmp account.so\nmodule_app menu.so\nmodule_app ctrl_tcp.so\nctrl_tcp_listen 127.0.0.1:{ctrl_port}\n"
        );
        std::fs::write(dir.path().join("config"), config).expect("config");
        // No account at start: it is added over the control port, so the
        // registration's events are not lost before the test connects.
        std::fs::write(dir.path().join("accounts"), "").expect("accounts");
        std::fs::write(dir.path().join("contacts"), "").expect("contacts");
        let log = std::fs::File::create(dir.path().join("baresip.log")).expect("log");
        let child = Command::new("baresip")
            .arg("-f")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("baresip (Debian package baresip-core) starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        let ctrl = loop {
            match TcpStream::connect(("127.0.0.1", ctrl_port)) {
                Ok(s) => break s,
                Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(30)),
                Err(e) => panic!("baresip's control port: {e}"),
            }
        };
        ctrl.set_nodelay(true).expect("nodelay");
        let (events_tx, events) = channel();
        let (responses_tx, responses) = channel();
        let mut reader = ctrl.try_clone().expect("reader");
        std::thread::spawn(move || {
            let mut frames = netstring::Reader::default();
            let mut buf = [0u8; 8192];
            loop {
                let Ok(n) = reader.read(&mut buf) else { return };
                if n == 0 {
                    return;
                }
                frames.feed(&buf[..n]);
                while let Ok(Some(frame)) = frames.next_frame() {
                    let Ok(v) = serde_json::from_slice::<Value>(&frame) else { continue };
                    let to = if v.get("event").is_some() { &events_tx } else { &responses_tx };
                    if to.send(v).is_err() {
                        return;
                    }
                }
            }
        });
        let mut agent =
            Agent { user: user.to_string(), child: Some(child), ctrl, events, responses, token: 0, _dir: dir };
        let line = format!(
            "\"{user}\" <sip:{user}@127.0.0.1;transport=udp>;auth_pass={pass};outbound=\"sip:127.0.0.1:{port};transport=udp\";regint=600;answermode=manual",
            pass = password(user),
            port = pbx.port
        );
        agent.command("uanew", &line);
        agent.wait_for("REGISTER_OK", Duration::from_secs(10));
        agent
    }

    /// One command; its response.
    pub fn command(&mut self, command: &str, params: &str) -> Value {
        self.token += 1;
        let body = serde_json::json!({"command": command, "params": params, "token": self.token.to_string()});
        self.ctrl.write_all(&netstring::encode(body.to_string().as_bytes())).expect("baresip's control port");
        self.responses.recv_timeout(Duration::from_secs(5)).expect("baresip answers a command")
    }

    /// Waits for an event of `kind` (CALL_INCOMING, CALL_ESTABLISHED…),
    /// skipping others; panics with what came instead when it does not.
    pub fn wait_for(&mut self, kind: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(v) if v["type"] == kind => return v,
                Ok(v) => seen.push(v["type"].as_str().unwrap_or("?").to_string()),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("{}: no {kind} within {timeout:?}; saw {seen:?}", self.user)
                }
            }
        }
    }

    /// Whether an event of `kind` comes within `timeout`.
    pub fn sees(&mut self, kind: &str, timeout: Duration) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(v) if v["type"] == kind => return Some(v),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    /// Whether the call `id` (baresip's, the SIP Call-ID) ends within `timeout`.
    pub fn closes(&mut self, id: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(v) if v["type"] == "CALL_CLOSED" && v["id"] == id => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }

    pub fn dial(&mut self, to: &str) {
        self.command("dial", to);
    }

    pub fn accept(&mut self) {
        self.command("accept", "");
    }

    pub fn hangup(&mut self) {
        self.command("hangup", "");
    }
}

/// The last `n` lines of a log file, printed under a heading: a failed
/// test shows what each party of the SIP world saw.
pub fn print_tail(heading: &str, path: &std::path::Path, n: usize) {
    let log = std::fs::read_to_string(path).unwrap_or_default();
    let tail: Vec<&str> = log.lines().rev().take(n).collect();
    eprintln!("--- {heading}'s last lines ---");
    for line in tail.iter().rev() {
        eprintln!("{line}");
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        if std::thread::panicking() {
            print_tail(&format!("baresip {}", self.user), &self._dir.path().join("baresip.log"), 30);
        }
        if let Some(mut child) = self.child.take() {
            // `quit` first: SIGTERM makes baresip wait to unregister.
            let _ = self.ctrl.write_all(&netstring::encode(br#"{"command":"quit","params":"","token":"q"}"#));
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(30));
            }
            stop(&mut child);
        }
    }
}
