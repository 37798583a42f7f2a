//! `vaihde who <query>`: status, return time, the covering chain and the
//! number to transfer to; and `vaihde absent`: who is away right now.

use vaihde::presence::{self, State};

use crate::context::Context;
use crate::output;

#[derive(clap::Args)]
pub struct WhoArgs {
    /// A name, alias, e-mail, role ("HR") or topic ("palkat"); misspelt is fine.
    query: String,
    #[arg(long)]
    company: Option<String>,
    /// What the call is about, for delegates limited to a topic.
    #[arg(long)]
    topic: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct AbsentArgs {
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn who(ctx: &Context, args: WhoArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let company = ctx.company(&dir, args.company.as_deref())?;
    let route = presence::route_query(dir.conn(), company.id, &args.query, ctx.at, args.topic.as_deref())?
        .ok_or_else(|| anyhow::anyhow!("nobody in {} matches {:?}", company.name, args.query))?;
    if args.json {
        return output::json(&route);
    }
    match &route.person {
        Some(p) => outln!(
            "{} — {}",
            p.name,
            [p.title.as_str(), p.department.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )?,
        None => outln!("{} ({})", args.query, company.name)?,
    }
    outln!("  {}", describe(&route.status))?;
    if let Some(sentence) = &route.caller_sentence {
        outln!("  Say: \u{201c}{sentence}\u{201d}")?;
    }
    if let Some(note) = &route.note {
        outln!("  Note: {note}")?;
    }
    for (i, step) in route.chain.iter().enumerate() {
        let mark = if step.why_skipped.is_some() { "✗" } else { "→" };
        let why = step.why_skipped.clone().unwrap_or_else(|| describe(&step.status));
        outln!("  {}. {mark} {} ({}): {why}", i + 1, step.person.name, step.via)?;
    }
    match &route.transfer_to {
        Some(t) => match &t.number {
            Some(n) => outln!("Transfer to {} — {} {n}", t.person.as_ref().map_or("", |p| p.name.as_str()), t.label)?,
            None => outln!("No one to transfer to: {}", t.label)?,
        },
        None => outln!("No one to transfer to, and the company has no fallback set")?,
    }
    Ok(())
}

fn describe(s: &presence::Presence) -> String {
    let until = s.until_local.as_ref().map(|u| format!(", back {u}")).unwrap_or_default();
    let reason = s.reason.map(|r| r.code().replace('_', " ")).unwrap_or_default();
    let detail = if s.detail.is_empty() { String::new() } else { format!(": {}", s.detail) };
    match s.state {
        State::In => "in".into(),
        State::Away => format!("away ({reason}{detail}){until}"),
        State::Busy => format!("busy ({reason}{detail}){until}"),
        State::Tentative => format!("maybe away ({reason}{detail}) — calls go through"),
        State::OutsideHours => format!(
            "outside opening hours{}",
            s.until_local.as_ref().map(|u| format!(", opens {u}")).unwrap_or_default()
        ),
        State::Left => "has left the company".into(),
        State::Outsider => "not an employee".into(),
    }
}

pub fn absent(ctx: &Context, args: AbsentArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let company = ctx.company(&dir, args.company.as_deref())?;
    let rows = presence::absent_at(dir.conn(), company.id, ctx.at)?;
    if args.json {
        return output::json_lines(&rows);
    }
    for r in &rows {
        outln!("{:<28} {:<24} {}", r.person.name, r.person.department, describe(&r.status))?;
    }
    outln!("{} away at {} in {}", rows.len(), vaihde::time::human_in(ctx.at, company.tz()), company.name)?;
    Ok(())
}
