//! A real CardDAV server of a test's own: Radicale (Debian package
//! `python3-radicale`, installed by `scripts/setup-debian`) in a temporary
//! directory on a free port of 127.0.0.1, with one user whose password is
//! known. Address books are made and filled over HTTP (MKCOL, PUT, DELETE)
//! as a client's own people would. Stopped when dropped; can be stopped
//! and started again on the same port. Included by path where needed.

#![allow(dead_code)] // each test crate uses its own part

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "anna";
pub const PASSWORD: &str = "s3cret";

pub struct CardDavServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    python: String,
    http: reqwest::Client,
}

/// A Python that has Radicale: Debian's has it from the package even where
/// another python3 comes first on PATH.
fn python() -> String {
    for p in ["python3", "/usr/bin/python3"] {
        let ok = Command::new(p)
            .args(["-c", "import radicale"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return p.to_string();
        }
    }
    panic!("no python3 with radicale: install the Debian package python3-radicale (scripts/setup-debian)");
}

impl CardDavServer {
    pub fn start() -> CardDavServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("users"), format!("{USER}:{PASSWORD}\n")).unwrap();
        let config = format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n\
             [storage]\nfilesystem_folder = {storage}\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n",
            users = dir.path().join("users").display(),
            storage = dir.path().join("collections").display(),
        );
        std::fs::write(dir.path().join("config"), config).unwrap();
        let mut server = CardDavServer { port, dir, child: None, python: python(), http: reqwest::Client::new() };
        server.start_again();
        server
    }

    pub fn start_again(&mut self) {
        let child = Command::new(&self.python)
            .args(["-m", "radicale", "--config"])
            .arg(self.dir.path().join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start radicale");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "radicale did not start on port {}", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// The server's root, with the user's name and password in it.
    pub fn url(&self) -> String {
        format!("http://{USER}:{PASSWORD}@127.0.0.1:{}/", self.port)
    }

    pub fn url_with_password(&self, password: &str) -> String {
        format!("http://{USER}:{password}@127.0.0.1:{}/", self.port)
    }

    fn at(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn send(&self, method: &str, path: &str, body: String, content_type: &str) -> u16 {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let r = self
            .http
            .request(m, self.at(path))
            .basic_auth(USER, Some(PASSWORD))
            .header("Content-Type", content_type)
            .header("Depth", "0")
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        r.status().as_u16()
    }

    /// Makes an address book `/anna/<name>/`.
    pub async fn address_book(&self, name: &str) {
        // The principal's collection is made on the user's first request.
        self.send("PROPFIND", &format!("/{USER}/"), String::new(), "application/xml").await;
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>{name}</D:displayname>
</D:prop></D:set></D:mkcol>"#
        );
        let status = self.send("MKCOL", &format!("/{USER}/{name}/"), body, "application/xml").await;
        assert_eq!(status, 201, "MKCOL address book {name}");
    }

    /// Stores (or replaces) a card.
    pub async fn put(&self, book: &str, uid: &str, vcard: &str) {
        let status = self.send("PUT", &format!("/{USER}/{book}/{uid}.vcf"), vcard.to_string(), "text/vcard").await;
        assert!(status == 201 || status == 204, "PUT {uid}: {status}");
    }

    pub async fn delete(&self, book: &str, uid: &str) {
        let status = self.send("DELETE", &format!("/{USER}/{book}/{uid}.vcf"), String::new(), "text/vcard").await;
        assert!(status == 200 || status == 204, "DELETE {uid}: {status}");
    }
}

impl Drop for CardDavServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A vCard 3.0 as address books store them.
pub fn vcard(uid: &str, given: &str, family: &str, title: &str) -> String {
    let email = format!("{}.{}@koivu.example", given.to_lowercase(), family.to_lowercase());
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{given} {family}\r\nN:{family};{given};;;\r\nTITLE:{title}\r\nEMAIL;TYPE=WORK:{email}\r\nTEL;TYPE=CELL:040 555 {uid}\r\nEND:VCARD\r\n"
    )
}

pub fn path_of(s: &CardDavServer) -> PathBuf {
    s.dir.path().to_path_buf()
}
