//! `vaihde who <query>`: status, return time, the covering chain and the
//! number to transfer to; and `vaihde absent`: who is away right now.

use vaihde::presence::{self, State};
use vaihde::words::Describe as _;

use crate::context::Context;
use crate::output;

#[derive(clap::Args)]
pub struct WhoArgs {
    query: String,
    #[arg(long)]
    company: Option<String>,
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
    let route = presence::route_query(
        dir.conn(),
        company.id,
        &args.query,
        ctx.at,
        args.topic.as_deref(),
        &presence::PhoneStates::unknown(),
    )?
    .ok_or_else(|| {
        anyhow::anyhow!(
            "{}",
            ctx.words.with("cliNobodyMatches", &[("company", (&company.name).into()), ("query", (&args.query).into())])
        )
    })?;
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
    let w = ctx.words;
    outln!("  {}", describe(w, &route.status))?;
    if let Some(sentence) = &route.caller_sentence {
        outln!("  {}: \u{201c}{}\u{201d}", w.text("cliSay"), sentence.words())?;
    }
    if let Some(note) = &route.note {
        outln!("  {}: {}", w.text("cliNote"), w.route_note(note))?;
    }
    if let Some(rota) = &route.on_call {
        for line in w.on_call(rota) {
            outln!("  {line}")?;
        }
    }
    for (i, step) in route.chain.iter().enumerate() {
        let mark = if step.why_skipped.is_some() { "✗" } else { "→" };
        let why = step.why_skipped.map_or_else(|| describe(w, &step.status), |s| w.skip(s, &step.status));
        outln!("  {}. {mark} {} ({}): {why}", i + 1, step.person.name, w.via(&step.via))?;
    }
    match &route.transfer_to {
        Some(t) => match (&t.number, &t.person) {
            (Some(n), person) => {
                let name = person.as_ref().map_or("", |p| p.name.as_str());
                let kind = t.phone.map(|k| w.phone_kind(k)).unwrap_or_default();
                outln!("{} {name} — {kind} {n}", w.text("transferTo"))?
            }
            (None, _) => outln!("{}: {}", w.text("cliNoOneToTransfer"), t.words.as_deref().unwrap_or(""))?,
        },
        None => outln!("{}", w.text("cliNoFallback"))?,
    }
    Ok(())
}

/// A status for the terminal: the chip's words, with the absence's own
/// words, and that calls still go through when someone is only maybe away.
fn describe(w: &vaihde::words::Words, s: &presence::Presence) -> String {
    let chip = w.presence(s);
    let detail = if s.detail.is_empty() { String::new() } else { format!(": {}", s.detail) };
    match s.state {
        State::Tentative => format!("{chip}{detail} — {}", w.text("callsGoThrough")),
        State::Away | State::Busy => format!("{chip}{detail}"),
        _ => chip,
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
        outln!("{:<28} {:<24} {}", r.person.name, r.person.department, describe(ctx.words, &r.status))?;
    }
    let at = ctx.words.moment(ctx.at, company.tz());
    outln!(
        "{}",
        ctx.words.with(
            "cliAwayCount",
            &[
                ("count", vaihde::words::Arg::Num(rows.len() as i64)),
                ("at", (&at).into()),
                ("company", (&company.name).into())
            ]
        )
    )?;
    Ok(())
}
