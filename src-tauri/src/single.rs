//! One window per data directory. Softphones open `vaihde://call?...` for
//! every ringing call; the second launch must not open a second window but
//! hand the call to the one already open and exit.
//!
//! The first instance listens on a Unix socket in the data directory (so
//! two desks with two directories, or a test beside a real desk, stay
//! apart); a later launch connects, sends its arguments, one per line, and
//! exits. A socket left by a crashed instance refuses connections and is
//! replaced. Where sockets are unavailable the app simply runs alone.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

const SOCKET: &str = "app.sock";

fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SOCKET)
}

/// If an instance already runs on `data_dir`, gives it our arguments and
/// returns true: the caller should exit.
pub fn forward_to_running(data_dir: &Path, args: &[String]) -> bool {
    let Ok(mut stream) = UnixStream::connect(socket_path(data_dir)) else { return false };
    let message: String = args.iter().map(|a| format!("{}\n", a.replace('\n', " "))).collect();
    stream.write_all(message.as_bytes()).is_ok() && stream.flush().is_ok()
}

/// Listens for later launches; `on_args` gets each one's arguments.
pub fn listen(data_dir: &Path, on_args: impl Fn(Vec<String>) + Send + 'static) {
    let path = socket_path(data_dir);
    // Nobody answered on it (forward_to_running ran first): a leftover.
    let _ = std::fs::remove_file(&path);
    let listener = match UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("vaihde: incoming calls from other launches are off ({}: {e})", path.display());
            return;
        }
    };
    let spawned = std::thread::Builder::new().name("single-instance".into()).spawn(move || {
        for stream in listener.incoming().flatten() {
            let args: Vec<String> = BufReader::new(stream).lines().map_while(Result::ok).take(64).collect();
            on_args(args);
        }
    });
    if let Err(e) = spawned {
        eprintln!("vaihde: incoming calls from other launches are off: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_launch_hands_over_its_arguments() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!forward_to_running(dir.path(), &["x".into()]), "nobody listens yet");
        let (tx, rx) = mpsc::channel();
        listen(dir.path(), move |args| {
            let _ = tx.send(args);
        });
        let url = "vaihde://call?to=0942&from=040".to_string();
        assert!(forward_to_running(dir.path(), &["--at".into(), url.clone()]));
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec!["--at".to_string(), url]);
    }

    #[test]
    fn a_leftover_socket_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        drop(UnixListener::bind(socket_path(dir.path())).unwrap());
        assert!(!forward_to_running(dir.path(), &[]), "the dead socket refuses");
        let (tx, rx) = mpsc::channel();
        listen(dir.path(), move |args| {
            let _ = tx.send(args);
        });
        assert!(forward_to_running(dir.path(), &["a".into()]));
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec!["a".to_string()]);
    }
}
