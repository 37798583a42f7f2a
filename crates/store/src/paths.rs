//! Where Vaihde keeps its data. Resolved here only: an explicit directory
//! (`--data-dir`), else `VAIHDE_DATA_DIR`, else the platform data directory
//! (XDG `~/.local/share/vaihde` on Linux).

use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "VAIHDE_DATA_DIR";
pub const DATABASE_FILE: &str = "vaihde.sqlite3";

#[derive(Debug, thiserror::Error)]
#[error("cannot find a home directory for Vaihde's data: pass --data-dir DIR or set {DATA_DIR_ENV}")]
pub struct NoDataDir;

/// The data directory, from the explicit choice, the environment, or the platform default.
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf, NoDataDir> {
    let dir = if let Some(dir) = explicit {
        dir.to_path_buf()
    } else if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        PathBuf::from(dir)
    } else {
        directories::ProjectDirs::from("fi", "Vaihde", "vaihde").map(|p| p.data_dir().to_path_buf()).ok_or(NoDataDir)?
    };
    // Absolute, so what is stored under it (the demo's calendar files as
    // feed addresses) still resolves when run from another directory.
    Ok(std::path::absolute(&dir).unwrap_or(dir))
}

/// Where the demo is kept beside a data directory: `…/vaihde` → `…/vaihde-demo`
/// (the folder `scripts/demo` uses), so fictional companies never enter the
/// operator's real directory.
pub fn demo_dir(data_dir: &Path) -> PathBuf {
    let name = data_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "vaihde".into());
    data_dir.with_file_name(format!("{name}-demo"))
}

pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}

/// The team database a desk joined from the app's first-run screen, kept
/// in its data directory, so the app and the CLI on this desk both use it
/// when no `--database` is given.
pub fn team_file(data_dir: &Path) -> PathBuf {
    data_dir.join("team-database")
}

/// The team database this desk joined, if it joined one.
pub fn saved_team_database(data_dir: &Path) -> Option<String> {
    std::fs::read_to_string(team_file(data_dir)).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Remembers the team database this desk joined. The address may carry a
/// password: the file is readable by its owner only.
pub fn save_team_database(data_dir: &Path, url: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::create_dir_all(data_dir)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(team_file(data_dir))?;
    writeln!(file, "{url}")
}

impl vaihde_vocab::words::Said for NoDataDir {
    fn phrase(&self) -> vaihde_vocab::words::Phrase {
        vaihde_vocab::words::Phrase::new(vaihde_vocab::msg!("dataNoHome"))
    }
}
