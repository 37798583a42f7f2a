//! `vaihde changes`: what changed in the directory recently; with
//! `--unseen`, what the clients' staff lists changed that this operator
//! has not seen yet ("since your last shift"), and `--mark-seen` to say so.

use chrono::Duration;
use vaihde::directory::{changes, learn};
use vaihde::time;
use vaihde::words::Describe as _;

use crate::context::{Context, instant_in};
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    since: Option<String>,
    #[arg(long)]
    unseen: bool,
    #[arg(long, requires = "unseen")]
    mark_seen: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let company = match &args.company {
        Some(c) => Some(dir.company(c)?),
        None => None,
    };
    if args.unseen {
        return unseen(ctx, &mut dir, company.map(|c| c.id), &args);
    }
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

fn unseen(
    ctx: &Context,
    dir: &mut vaihde::Directory,
    company_id: Option<vaihde::model::Id>,
    args: &Args,
) -> anyhow::Result<()> {
    let operator = vaihde::model::operator(ctx.actor().as_deref()).to_string();
    let of = learn::Unseen { company_id, person_id: None };
    let list = learn::unseen(dir.conn(), &operator, of, ctx.at)?;
    if args.json {
        output::json_lines(&list)?;
    } else {
        let companies = dir.companies()?;
        let words = ctx.words;
        for l in &list {
            let slug = companies.iter().find(|c| c.id == l.company_id).map_or("", |c| c.slug.as_str());
            let pin = if l.pinned { format!("[{}] ", words.text("learnedPinned")) } else { String::new() };
            let from = words.with("learnedFrom", &[("source", (&l.feed).into())]);
            outln!("{pin}{slug:<10} {}: {}  ({from})", l.name, words.learned(l))?;
        }
        if list.is_empty() {
            outln!("{}", words.text("sinceShiftNone"))?;
        }
    }
    if args.mark_seen {
        let ids: Vec<_> = list.iter().map(|l| l.id).collect();
        let n = dir.write(|tx| learn::mark_seen(tx, &operator, &ids, ctx.at))?;
        if !args.json {
            let count = i64::try_from(n).unwrap_or(i64::MAX);
            outln!("{}", words_count(ctx, count))?;
        }
    }
    Ok(())
}

fn words_count(ctx: &Context, count: i64) -> String {
    ctx.words.with("cliLearnedMarked", &[("count", count.into())])
}
