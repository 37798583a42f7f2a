//! `vaihde-desktop --register-url-handler`: makes `vaihde://` links (what
//! softphones open when a call rings) start this app, the freedesktop way:
//! a desktop entry naming the scheme, and `xdg-mime` making it the default.
//! Written for the current user only; nothing system-wide is touched.

use std::path::PathBuf;

use anyhow::Context as _;

const ENTRY: &str = "vaihde-call.desktop";

/// The desktop entry for `exe`.
pub fn desktop_entry(exe: &str) -> String {
    // Exec quoting per the Desktop Entry spec: the path in double quotes,
    // with ", `, $ and \ escaped.
    let quoted: String =
        exe.chars().flat_map(|c| if matches!(c, '"' | '`' | '$' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!(
        "[Desktop Entry]\nType=Application\nName=Vaihde\nComment=Switchboard directory\nExec=\"{quoted}\" %u\n\
         Terminal=false\nNoDisplay=true\nMimeType=x-scheme-handler/vaihde;\nCategories=Office;Telephony;\n"
    )
}

/// Writes the entry under the user's applications and sets it as the
/// handler; returns where it was written.
pub fn register() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("where is this program?")?;
    let exe = exe.to_str().context("the program's path is not UTF-8; move it to a plain path")?;
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .context("neither XDG_DATA_HOME nor HOME is set")?;
    let dir = base.join("applications");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(ENTRY);
    std::fs::write(&path, desktop_entry(exe)).with_context(|| format!("writing {}", path.display()))?;
    match std::process::Command::new("xdg-mime").args(["default", ENTRY, "x-scheme-handler/vaihde"]).status() {
        Ok(s) if s.success() => {}
        Ok(s) => anyhow::bail!("xdg-mime failed ({s}); the entry is at {}", path.display()),
        Err(e) => anyhow::bail!("xdg-mime is missing ({e}): install xdg-utils; the entry is at {}", path.display()),
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::desktop_entry;

    #[test]
    fn the_entry_names_the_scheme_and_quotes_the_path() {
        let e = desktop_entry("/opt/Vaihde $x/vaihde-desktop");
        assert!(e.contains("MimeType=x-scheme-handler/vaihde;\n"));
        assert!(e.contains("Exec=\"/opt/Vaihde \\$x/vaihde-desktop\" %u\n"));
    }
}
