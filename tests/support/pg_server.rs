//! A throw-away PostgreSQL server of a test's own, which the test may stop
//! and start again (the suite's shared server, from `scripts/with-postgres`,
//! must keep running for the tests beside it): `initdb` in a temporary
//! directory, `pg_ctl` on a private port, stopped and removed when dropped.
//! Included by path from the test crates that need it.

#![allow(dead_code)] // each test crate uses its own part

use std::path::PathBuf;
use std::process::Command;

pub struct PgServer {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

impl PgServer {
    /// A new server, or `None` when this machine has no PostgreSQL (the
    /// suite's PostgreSQL run always has: `scripts/setup-debian`).
    pub fn start() -> Option<PgServer> {
        let bin = std::env::var("VAIHDE_TEST_PG_BIN").ok().map(PathBuf::from).or_else(find_bin)?;
        let dir = std::env::temp_dir().join(format!(
            "vaihde-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&dir).expect("a directory for the server");
        let port = free_port();
        let server = PgServer { dir, bin, port };
        if is_root() {
            // initdb and the server refuse to run as root.
            let status = Command::new("chown").arg("postgres").arg(&server.dir).status().expect("chown");
            assert!(status.success(), "chown postgres");
        }
        let data = server.dir.join("data");
        let out = server
            .run("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "vaihde", "--auth=trust", "--locale=C.UTF-8", "--encoding=UTF8"])
            .output()
            .expect("initdb");
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        server.start_again();
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("postgres://vaihde@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once, as a crash or a pulled cable would.
    pub fn stop(&self) {
        let out = self
            .run("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output()
            .expect("pg_ctl stop");
        assert!(out.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Starts it (again) on the same port, waiting until it takes connections.
    pub fn start_again(&self) {
        // fsync off (only an OS crash would need it), but commits are
        // durable as in production: the test stops the server abruptly.
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let out = self
            .run("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-o", &options, "start"])
            .output()
            .expect("pg_ctl start");
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
        );
    }

    fn run(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self.run("pg_ctl").arg("-D").arg(self.dir.join("data")).args(["-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> =
        std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).collect();
    found.sort();
    found.pop().filter(|b| b.join("initdb").exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
