//! `vaihde changes`: what changed in the directory recently.

use chrono::Duration;
use vaihde::directory::changes;
use vaihde::time;

use crate::context::{Context, instant_in};
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    company: Option<String>,
    /// From when (a date or time); default: 30 days before --at.
    #[arg(long)]
    since: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let company = match &args.company {
        Some(c) => Some(dir.company(c)?),
        None => None,
    };
    let since = match (&args.since, &company) {
        (Some(s), Some(c)) => instant_in(s, c, ctx.at)?,
        (Some(s), None) => time::parse_instant(s, chrono_tz::Europe::Helsinki)?,
        (None, _) => ctx.at - Duration::days(30),
    };
    let list = changes::since(dir.conn(), company.as_ref().map(|c| c.id), since)?;
    if args.json {
        return output::json_lines(&list);
    }
    let companies = dir.companies()?;
    let words = ctx.words;
    for c in list {
        let company = companies.iter().find(|x| Some(x.id) == c.company_id);
        let at = words.moment(c.at, company.map_or(chrono_tz::Europe::Helsinki, |x| x.tz()));
        let slug = company.map_or("", |x| x.slug.as_str());
        let by = c.actor.as_deref().map(|a| format!("  ({})", words.with("changeBy", &[("actor", a.into())])));
        outln!("{at}  {slug:<10} {}: {}{}", c.subject, words.change(&c), by.unwrap_or_default())?;
    }
    Ok(())
}
