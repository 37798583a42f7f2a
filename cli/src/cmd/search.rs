//! `vaihde search <query>`: what the desktop app shows on each keystroke.

use vaihde::api::{self, Clock, SearchArgs, Session};
use vaihde::words::Describe as _;

use crate::context::Context;
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    query: String,
    #[arg(long, conflicts_with = "all")]
    company: Option<String>,
    #[arg(long)]
    all: bool,
    #[arg(long, default_value_t = 10)]
    limit: u32,
    #[arg(long)]
    json: bool,
    // The caller's number: whom they asked for before comes first among namesakes.
    #[arg(long, conflicts_with = "call")]
    from: Option<String>,
    // The call in the log being answered (its caller's number, as --from).
    #[arg(long)]
    call: Option<i64>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let company_id = match (&args.company, args.all) {
        (_, true) => None,
        (c, false) => Some(ctx.company(&dir, c.as_deref())?.id),
    };
    let mut session = Session::new(dir, Clock::Fixed(ctx.at));
    // Across companies, the index kept beside the store is read back
    // instead of indexing everyone for one query.
    session.data_dir = Some(ctx.data_dir.clone());
    session.location = Some(ctx.location.clone());
    if let (Some(company), false) = (company_id, args.all) {
        // One company's people are indexed, not the whole directory's.
        session.index_only(company);
    }
    let request = SearchArgs {
        query: args.query.clone(),
        company_id,
        all: args.all,
        limit: args.limit,
        call_id: args.call,
        from: args.from.clone(),
    };
    let rows = api::search_rows(&mut session, request.clone())
        .map_err(|e| anyhow::anyhow!(output::api_error(&e, ctx.words)))?;
    if args.json {
        return output::json_lines(&rows);
    }
    if rows.is_empty() {
        // Nobody at the call's company: say who else the desk serves has them.
        let elsewhere = api::search_elsewhere(&mut session, request)
            .map_err(|e| anyhow::anyhow!(output::api_error(&e, ctx.words)))?;
        match elsewhere.said {
            Some(said) => outln!("{} ({})", ctx.words.phrase(&said), ctx.words.text("cliFoundElsewhereAll"))?,
            None => outln!("{}", ctx.words.text("noResults"))?,
        }
        return Ok(());
    }
    for r in &rows {
        let w = ctx.words;
        let label = match r.kind {
            vaihde::search::HitKind::Former => format!(" [{}]", w.text("former")),
            vaihde::search::HitKind::Outsider => format!(" [{}]", w.text("outsider")),
            vaihde::search::HitKind::Role => format!(" [{}]", w.text("cliRole")),
            vaihde::search::HitKind::Person | vaihde::search::HitKind::Group => String::new(),
        };
        let status = w.presence(&r.presence);
        let p = &r.person;
        let name = match &r.group {
            Some(g) => format!("{} → {}", g.name, p.name),
            None => p.name.clone(),
        };
        outln!("{name:<28} {:<30} {:<18} {:<12} {status}{label}", p.title, p.department, p.company)?;
    }
    Ok(())
}
