//! A real IMAP server of a test's own: Debian's dovecot (`dovecot-imapd`,
//! installed by `scripts/setup-debian`) with a configuration written into
//! a temporary directory, in the foreground, on a free port of 127.0.0.1,
//! plain text (loopback), one user whose mail is a Maildir in that
//! directory. Stopped by its PID (SIGTERM, then its process group) when
//! dropped. Mail is put into the mailbox with IMAP APPEND, as a mail
//! server would deliver it. Included by path from the tests that need it.
//!
//! Run as root, dovecot refuses to touch mail as uid 0: the mail and its
//! helper processes then run as `nobody`, which needs the directory
//! traversable (0711) and the mail folder its own.

#![allow(dead_code)] // each test crate uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "vastaus";
pub const PASSWORD: &str = "kuittaus-salasana";

pub struct ImapServer {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

fn id(args: &[&str]) -> String {
    let out = Command::new("id").args(args).output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn dovecot() -> &'static str {
    if std::path::Path::new("/usr/sbin/dovecot").exists() { "/usr/sbin/dovecot" } else { "dovecot" }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl ImapServer {
    pub fn start() -> ImapServer {
        // Under /tmp: dovecot's socket paths must stay short (at most 82
        // characters for its base directory).
        let dir = tempfile::Builder::new().prefix("imap").tempdir_in("/tmp").expect("a directory").keep();
        let root = id(&["-u"]) == "0";
        let (user, group) =
            if root { ("nobody".to_string(), id(&["-gn", "nobody"])) } else { (id(&["-un"]), id(&["-gn"])) };
        let (uid, gid) = if root { (id(&["-u", "nobody"]), id(&["-g", "nobody"])) } else { (id(&["-u"]), id(&["-g"])) };
        let mail = dir.join("mail");
        std::fs::create_dir_all(&mail).expect("the mail folder");
        if root {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o711)).expect("chmod");
            let (u, g) = (uid.parse().ok(), gid.parse().ok());
            std::os::unix::fs::chown(&mail, u, g).expect("the mail folder is the mail user's");
        }
        std::fs::write(dir.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{}::\n", mail.display()))
            .expect("passwd");
        let port = free_port();
        let d = dir.display();
        let config = format!(
            "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = /dev/stderr\nprotocols = imap\n\
             listen = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_failure_delay = 0\n\
             default_internal_user = {user}\ndefault_internal_group = {group}\ndefault_login_user = {user}\n\
             first_valid_uid = 1\nfirst_valid_gid = 1\n\
             passdb {{\n  driver = passwd-file\n  args = {d}/passwd\n}}\n\
             userdb {{\n  driver = passwd-file\n  args = {d}/passwd\n}}\n\
             mail_location = maildir:{d}/mail/%u/Maildir\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    port = {port}\n  }}\n}}\n\
             service anvil {{\n  chroot =\n  unix_listener anvil-auth-penalty {{\n    mode = 0\n  }}\n}}\n"
        );
        std::fs::write(dir.join("dovecot.conf"), config).expect("dovecot.conf");
        let log = std::fs::File::create(dir.join("dovecot.log")).expect("a log file");
        let child = Command::new(dovecot())
            .args(["-F", "-c"])
            .arg(dir.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("dovecot starts (install dovecot-imapd: scripts/setup-debian does)");
        let mut server = ImapServer { port, dir, child: Some(child) };
        server.wait_ready();
        server
    }

    pub fn url(&self) -> String {
        format!("imap://{USER}:{PASSWORD}@127.0.0.1:{}", self.port)
    }

    /// Ready is the greeting, not an open port (the port opens first).
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!("dovecot stopped ({status}): {}", self.log());
            }
            if let Ok(s) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let mut line = String::new();
                if BufReader::new(s).read_line(&mut line).is_ok() && line.starts_with("* OK") {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "dovecot did not greet in 10 s: {}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dovecot.log")).unwrap_or_default()
    }

    /// Puts a mail into the user's INBOX (IMAP APPEND, as delivery would).
    pub fn deliver(&self, raw: &str) {
        let raw = raw.replace("\r\n", "\n").replace('\n', "\r\n");
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        let mut reader = BufReader::new(s.try_clone().expect("clone"));
        let expect = |reader: &mut BufReader<TcpStream>, prefix: &str| loop {
            let mut line = String::new();
            assert!(reader.read_line(&mut line).expect("the server answers") > 0, "closed waiting for {prefix}");
            if line.starts_with(prefix) {
                assert!(!line.contains(" NO ") && !line.contains(" BAD "), "{line}");
                return;
            }
        };
        expect(&mut reader, "* OK");
        write!(s, "a1 LOGIN {USER} {PASSWORD}\r\n").expect("login");
        expect(&mut reader, "a1 ");
        write!(s, "a2 APPEND INBOX {{{}}}\r\n", raw.len()).expect("append");
        expect(&mut reader, "+");
        s.write_all(raw.as_bytes()).and_then(|_| s.write_all(b"\r\n")).expect("the mail");
        expect(&mut reader, "a2 ");
        write!(s, "a3 LOGOUT\r\n").expect("logout");
        let _ = reader.read_to_end(&mut Vec::new());
    }

    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Its own process group: the master and every helper it started.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).status();
        let _ = child.wait();
    }
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
