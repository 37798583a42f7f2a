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
    let names: std::collections::HashMap<i64, String> = dir.companies()?.into_iter().map(|c| (c.id, c.slug)).collect();
    for c in list {
        let at = time::human_in(c.at, chrono_tz::Europe::Helsinki);
        let company = c.company_id.and_then(|id| names.get(&id)).map(String::as_str).unwrap_or("");
        let what = match (c.field.as_str(), &c.old, &c.new) {
            ("", _, Some(new)) => new.clone(),
            (field, old, new) => {
                format!("{field}: {} → {}", old.as_deref().unwrap_or("–"), new.as_deref().unwrap_or("–"))
            }
        };
        let by = c.actor.map(|a| format!("  (by {a})")).unwrap_or_default();
        outln!("{at}  {company:<10} {} {}: {what}{by}", c.entity, c.subject)?;
    }
    Ok(())
}
