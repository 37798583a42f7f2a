//! `vaihde export` and `vaihde import-backup`: the whole directory as JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::context::Context;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Write here instead of standard output.
    file: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Replace everything stored now with the backup.
    #[arg(long)]
    replace: bool,
}

pub fn export(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let backup = vaihde::backup::export(dir.conn(), ctx.at)?;
    let mut text = serde_json::to_string_pretty(&backup)?;
    text.push('\n');
    match args.file {
        Some(path) => {
            // Write beside the target and rename, so a crash never leaves half a backup.
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, &text).with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "Exported {} companies, {} people to {}",
                backup.companies.len(),
                backup.people.len(),
                path.display()
            );
        }
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}

pub fn import(ctx: &Context, args: ImportArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let backup = vaihde::backup::parse(&text).with_context(|| args.file.display().to_string())?;
    let mut dir = ctx.open()?;
    dir.store_mut()
        .write(|tx| vaihde::backup::restore(tx, &backup, args.replace))
        .with_context(|| args.file.display().to_string())?;
    outln!(
        "Restored {} companies, {} people from {}",
        backup.companies.len(),
        backup.people.len(),
        args.file.display()
    )?;
    Ok(())
}
