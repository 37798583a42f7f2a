//! `vaihde calendar inspect`: every occurrence of a calendar in a window,
//! with the absence rule's verdict: the answer to "why does Vaihde say
//! Maija is away?".

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{Duration, NaiveDate};
use vaihde::calendar::{self, InspectRow};

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Print the occurrences of a calendar file in a window, sorted by start then UID.
    Inspect(InspectArgs),
}

#[derive(clap::Args)]
pub struct InspectArgs {
    /// A calendar file (.ics) or file:// address.
    source: String,
    /// First day of the window (default: the day of --at).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Day after the window (exclusive; default: 30 days after --from).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Zone for printing times and for floating times and dates.
    #[arg(long, default_value = "Europe/Helsinki")]
    tz: String,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let Command::Inspect(args) = command;
    let tz = vaihde::time::parse_zone(&args.tz)?;
    let from = args.from.unwrap_or_else(|| ctx.at.with_timezone(&tz).date_naive());
    let to = args.to.unwrap_or(from + Duration::days(30));
    anyhow::ensure!(to > from, "--to {to} must be after --from {from}");
    let path = PathBuf::from(args.source.strip_prefix("file://").unwrap_or(&args.source));
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut warnings = Vec::new();
    let start = vaihde::time::start_of_day(from, tz);
    let end = vaihde::time::start_of_day(to, tz);
    let list = calendar::occurrences(&bytes, &path.display().to_string(), tz, start, end, &mut warnings)?;
    for w in &warnings {
        eprintln!("warning: {w}");
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
