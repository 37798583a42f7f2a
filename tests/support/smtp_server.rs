//! A real SMTP server of a test's own: Python's aiosmtpd (Debian package
//! `python3-aiosmtpd`, installed by `scripts/setup-debian`) running
//! `smtp_sink.py` on a free port of 127.0.0.1, writing each accepted
//! message, parsed by Python's e-mail package, to a directory the test
//! reads. Stopped when dropped; can be stopped and started again on the
//! same port. Included by path from the test crates that need it.

#![allow(dead_code)] // each test crate uses its own part

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct SmtpServer {
    pub port: u16,
    pub dir: PathBuf,
    child: Option<Child>,
    python: String,
}

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// (name, decoded value), in order.
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub raw: String,
    pub attachments: Vec<Attached>,
}

/// An attachment: (file name, media type, PNG width and height when it is a whole PNG).
pub type Attached = (String, String, Option<(u32, u32)>);

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py").canonicalize().unwrap_or_else(|_| {
        // The CLI's tests live one directory down.
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/support/smtp_sink.py")
    })
}

/// A Python that has aiosmtpd: Debian's (/usr/bin/python3) has it from the
/// package even where another python3 comes first on PATH.
fn python() -> String {
    for p in ["python3", "/usr/bin/python3"] {
        let ok = Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return p.to_string();
        }
    }
    panic!("no Python with aiosmtpd: install python3-aiosmtpd (scripts/setup-debian does)");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let dir = tempfile::tempdir().expect("a directory for the mail").keep();
        let mut s = SmtpServer { port: free_port(), dir, child: None, python: python() };
        s.start_again();
        s
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the server (again) on its port and waits until it listens.
    pub fn start_again(&mut self) {
        let mut child = Command::new(&self.python)
            .arg(script())
            .arg(self.port.to_string())
            .arg(&self.dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("its stdout");
        BufReader::new(stdout).read_line(&mut line).expect("the SMTP server says it is ready");
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Refuse every recipient for now (451) while on.
    pub fn refuse_for_now(&self, on: bool) {
        let f = self.dir.join("TEMPFAIL");
        if on {
            std::fs::write(f, "").expect("TEMPFAIL")
        } else {
            let _ = std::fs::remove_file(f);
        }
    }

    /// Wait this long in DATA before accepting (`None`: at once).
    pub fn delay(&self, seconds: Option<f64>) {
        let f = self.dir.join("DELAY");
        match seconds {
            Some(s) => std::fs::write(f, s.to_string()).expect("DELAY"),
            None => {
                let _ = std::fs::remove_file(f);
            }
        }
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("the mail directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).expect("a message")).expect("JSON");
                let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
                Received {
                    mail_from: s("mail_from"),
                    rcpt_tos: v["rcpt_tos"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect(),
                    headers: v["headers"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|h| {
                            (
                                h[0].as_str().unwrap_or_default().to_string(),
                                h[1].as_str().unwrap_or_default().to_string(),
                            )
                        })
                        .collect(),
                    body: s("body"),
                    raw: s("raw"),
                    attachments: v["attachments"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|a| {
                            let size = a["png_size"]
                                .as_array()
                                .and_then(|s| Some((s.first()?.as_u64()? as u32, s.get(1)?.as_u64()? as u32)));
                            (
                                a["filename"].as_str().unwrap_or_default().to_string(),
                                a["content_type"].as_str().unwrap_or_default().to_string(),
                                size,
                            )
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
