//! `vaihde report`: the client's report in the company's language
//! (`--since`, or `--period day|week|month` as the window's figures
//! panel counts them), and with `--format csv|json` the figures per
//! company and per agent for spreadsheets. The counting is the core's
//! (`messages::report`, `messages::figures`).

use chrono::{DateTime, Utc};
use vaihde::words::Words;

use crate::context::{Context, instant_in};
use crate::output;

#[derive(clap::Args)]
pub struct ReportArgs {
    #[arg(long, conflicts_with = "all")]
    company: Option<String>,
    #[arg(long)]
    since: Option<String>,
    #[arg(long, conflicts_with = "since")]
    period: Option<String>,
    #[arg(long)]
    json: bool,
    #[arg(long)]
    format: Option<String>,
    #[arg(long, requires = "format")]
    all: bool,
}

pub fn run(ctx: &Context, a: ReportArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let period = period(ctx, &a)?;
    if let Some(format) = &a.format {
        return figures(ctx, &dir, &a, format, period);
    }
    let company = ctx.company(&dir, a.company.as_deref())?;
    let since: DateTime<Utc> = match (&a.since, period) {
        (Some(t), _) => instant_in(t, &company, ctx.at)?,
        (None, Some(p)) => p.since(ctx.at, company.tz()),
        (None, None) => ctx.at - chrono::Duration::days(1),
    };
    let r = vaihde::messages::report::report(dir.conn(), company.id, since, ctx.at)?;
    if a.json {
        return output::json(&r);
    }
    // The client's report is in the client's language, as its e-mail is.
    let words = Words::of(company.language);
    outln!("{}", vaihde::messages::report::render(&r, &company, words).trim_end())?;
    Ok(())
}

/// `--period day|week|month`, read by the core's rule.
fn period(ctx: &Context, a: &ReportArgs) -> anyhow::Result<Option<vaihde::messages::figures::Period>> {
    use vaihde::messages::figures::Period;
    a.period
        .as_deref()
        .map(|p| Period::parse(p).ok_or_else(|| crate::args::bad_value(ctx.words, "--period", p, "day, week, month")))
        .transpose()
}

/// `report --format csv|json`: the figures per company and per agent, for spreadsheets.
fn figures(
    ctx: &Context,
    dir: &vaihde::Directory,
    a: &ReportArgs,
    format: &str,
    period: Option<vaihde::messages::figures::Period>,
) -> anyhow::Result<()> {
    if !matches!(format, "csv" | "json") {
        return Err(crate::args::bad_value(ctx.words, "--format", format, "csv, json"));
    }
    let company = if a.all { None } else { Some(ctx.company(dir, a.company.as_deref())?) };
    let zone = vaihde::messages::figures::counting_zone(company.as_ref());
    let since: DateTime<Utc> = match (&a.since, &company, period) {
        (Some(t), Some(c), _) => instant_in(t, c, ctx.at)?,
        (Some(t), None, _) => vaihde::time_words::parse_typed(t, ctx.at, zone)?,
        (None, _, Some(p)) => p.since(ctx.at, zone),
        (None, _, None) => ctx.at - chrono::Duration::days(1),
    };
    let f = vaihde::messages::figures::figures(dir.conn(), company.map(|c| c.id), since, ctx.at)?;
    match format {
        "json" => output::json(&f),
        _ => {
            use std::io::Write as _;
            std::io::stdout().lock().write_all(vaihde::messages::figures::csv(&f)?.as_bytes())?;
            Ok(())
        }
    }
}
