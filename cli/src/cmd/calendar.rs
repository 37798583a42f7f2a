//! `vaihde calendar inspect`: every occurrence of a calendar in a window,
//! with the absence rule's verdict: the answer to "why does Vaihde say
//! Maija is away?".

use std::path::PathBuf;

use chrono::{Duration, NaiveDate};
use vaihde::calendar::{self, InspectRow};
use vaihde::sync::{FetchOptions, Fetched, Fetcher};

use vaihde::words::Words;

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Inspect(InspectArgs),
}

#[derive(clap::Args)]
pub struct InspectArgs {
    source: String,
    #[arg(long)]
    from: Option<NaiveDate>,
    #[arg(long)]
    to: Option<NaiveDate>,
    #[arg(long, default_value = "Europe/Helsinki")]
    tz: String,
    #[arg(long, default_value_t = 10_000)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

/// The calendar's bytes and a name for messages (an address only as far as
/// its host: the rest may be a secret).
fn read_source(source: &str, words: &Words) -> anyhow::Result<(Vec<u8>, String)> {
    let lower = source.to_ascii_lowercase();
    if ["http://", "https://", "webcal://", "webcals://"].iter().any(|s| lower.starts_with(s)) {
        let name = vaihde::model::redact(source);
        let fetcher = Fetcher::new(FetchOptions::default())?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        return match runtime.block_on(fetcher.fetch(source, None, None)) {
            Ok(Fetched::Body { bytes, .. }) => Ok((bytes, name)),
            Ok(Fetched::NotModified) => anyhow::bail!("{}", words.with("cliUnasked304", &[("name", name.into())])),
            Err(e) => anyhow::bail!("{name}: {}", words.problem(&e.problem)),
        };
    }
    let path = PathBuf::from(source.strip_prefix("file://").unwrap_or(source));
    let bytes =
        std::fs::read(&path).map_err(|source| vaihde::import::ImportError::Io { path: path.clone(), source })?;
    Ok((bytes, path.display().to_string()))
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let Command::Inspect(args) = command;
    let tz = vaihde::time::parse_zone(&args.tz)?;
    let from = args.from.unwrap_or_else(|| ctx.at.with_timezone(&tz).date_naive());
    let to = args.to.unwrap_or(from + Duration::days(30));
    anyhow::ensure!(to > from, "--to {to} must be after --from {from}");
    let (bytes, name) = read_source(&args.source, ctx.words)?;
    let mut warnings = Vec::new();
    let start = vaihde::time::start_of_day(from, tz);
    let end = vaihde::time::start_of_day(to, tz);
    let (list, total) = calendar::earliest(&bytes, &name, tz, (start, end), args.limit, &mut warnings)?;
    for note in &warnings {
        eprintln!("{}: {}", ctx.words.text("cliWarning"), ctx.words.feed_note(note));
    }
    if total > list.len() {
        let said = ctx.words.with("cliEarliestShown", &[("shown", list.len().into()), ("total", total.into())]);
        eprintln!("{}: {said}", ctx.words.text("cliNote"));
    }
    let rows: Vec<InspectRow> = list.iter().map(|o| InspectRow::of(o, tz)).collect();
    if args.json {
        return output::json_lines(&rows);
    }
    for r in &rows {
        outln!(
            "{:<25} {:<25} {:<13} {} {}",
            r.start,
            r.end,
            format!("{:?}", r.kind).to_lowercase(),
            if r.unavailable { "✗" } else { " " },
            r.summary
        )?;
    }
    Ok(())
}
