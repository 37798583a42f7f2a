//! `vaihde call --to N --from N`: what the app shows when a call rings:
//! the company answering the dialled number, its greeting, and the caller
//! with their earlier calls; the call is written to the call log (close it
//! with `vaihde calls close ID --outcome …`, or take a message with
//! `vaihde message take --call ID`).

use vaihde::calls::CallArgs;
use vaihde::messages::call_log;

use crate::context::Context;
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    to: String,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let operator = ctx.actor().unwrap_or_default();
    let at = ctx.at;
    let answered =
        dir.write(|conn| call_log::answer(conn, &CallArgs { to: args.to, from: args.from }, at, &operator))?;
    if args.json {
        return output::json(&answered);
    }
    let call = &answered.incoming;
    let w = ctx.words;
    match (&call.company_name, &call.greeting) {
        (Some(name), Some(greeting)) => outln!("{name}\n  \u{201c}{greeting}\u{201d}")?,
        (Some(name), None) => outln!("{name} ({})", w.text("cliNoGreeting"))?,
        (None, _) => outln!("{}", w.with("cliNoCompanyAnswers", &[("number", (&call.to).into())]))?,
    }
    let caller = w.text("cliCaller");
    match &call.caller {
        Some(c) => {
            let record = w.record(c.record).map(|r| format!(" [{r}]")).unwrap_or_default();
            outln!("{caller}: {} ({}, {}){record}", c.name, c.title, c.company_name)?
        }
        None => outln!(
            "{caller}: {}",
            call.from
                .as_deref()
                .map_or(w.text("cliNumberWithheld"), |f| w.with("cliNotInDirectory", &[("number", f.into())]))
        )?,
    }
    if let Some(h) = &answered.history
        && let Some(last) = &h.last
    {
        let zone = vaihde::time::parse_zone(&last.zone).unwrap_or(chrono_tz::UTC);
        let asked = if last.asked_for.is_empty() { String::new() } else { format!(" → {}", last.asked_for) };
        outln!(
            "  {}",
            w.with(
                "cliCalledBefore",
                &[
                    ("count", h.this_week.into()),
                    ("last", w.moment(last.started_at, zone).into()),
                    ("asked", asked.into()),
                    ("outcome", crate::cmd::message::outcome_words(last, w).into()),
                ]
            )
        )?;
    }
    outln!("{}", w.with("cliCallLogged", &[("id", answered.call_id.into())]))?;
    Ok(())
}
