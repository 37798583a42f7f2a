//! `vaihde export` and `vaihde import-backup`: the whole directory as JSON;
//! `vaihde export-staff`: one company's staff as a spreadsheet.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::context::Context;

#[derive(clap::Args)]
pub struct ExportArgs {
    file: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    file: PathBuf,
    #[arg(long)]
    replace: bool,
}

#[derive(clap::Args)]
pub struct ExportStaffArgs {
    file: Option<PathBuf>,
    #[arg(long)]
    company: Option<String>,
}

/// Writes beside the target and renames, so a crash never leaves half a file.
fn write_whole(path: &std::path::Path, text: &str, words: &vaihde::words::Words) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    let failed = |e: std::io::Error| {
        let file = path.display().to_string();
        let said = match e.kind() {
            std::io::ErrorKind::NotFound => words.with("cliCannotWriteNoFolder", &[("file", file.into())]),
            std::io::ErrorKind::PermissionDenied => words.with("cliCannotWriteDenied", &[("file", file.into())]),
            _ => words.with("cliCannotWrite", &[("file", file.into()), ("detail", e.to_string().into())]),
        };
        anyhow::anyhow!("{said}")
    };
    std::fs::write(&tmp, text).map_err(failed)?;
    std::fs::rename(&tmp, path).map_err(failed)
}

pub fn export_staff(ctx: &Context, args: ExportStaffArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let company = ctx.company(&dir, args.company.as_deref())?;
    let staff: Vec<_> =
        vaihde::directory::people::list(dir.conn(), company.id)?.into_iter().filter(|p| p.is_current_staff()).collect();
    let text = vaihde::export::staff_csv(&staff)?;
    match args.file {
        Some(path) => {
            write_whole(&path, &text, ctx.words)?;
            let file = path.display().to_string();
            let said = ctx.words.with(
                "cliExportedStaff",
                &[("people", staff.len().into()), ("company", (&company.name).into()), ("file", file.into())],
            );
            eprintln!("{said}");
        }
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}

pub fn export(ctx: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let backup = vaihde::backup::export(dir.conn(), ctx.at)?;
    let mut text = serde_json::to_string_pretty(&backup)?;
    text.push('\n');
    match args.file {
        Some(path) => {
            write_whole(&path, &text, ctx.words)?;
            let file = path.display().to_string();
            let said = ctx.words.with(
                "cliExported",
                &[
                    ("companies", backup.companies.len().into()),
                    ("people", backup.people.len().into()),
                    ("file", file.into()),
                ],
            );
            eprintln!("{said}");
        }
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}

pub fn import(ctx: &Context, args: ImportArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|source| vaihde::import::ImportError::Io { path: args.file.clone(), source })?;
    let backup = vaihde::backup::parse(&text).with_context(|| args.file.display().to_string())?;
    let mut dir = ctx.open()?;
    dir.store_mut()
        .write(|tx| vaihde::backup::restore(tx, &backup, args.replace))
        .with_context(|| args.file.display().to_string())?;
    let file = args.file.display().to_string();
    outln!(
        "{}",
        ctx.words.with(
            "cliRestored",
            &[
                ("companies", vaihde::words::Arg::Num(backup.companies.len() as i64)),
                ("people", vaihde::words::Arg::Num(backup.people.len() as i64)),
                ("file", (&file).into())
            ]
        )
    )?;
    Ok(())
}
