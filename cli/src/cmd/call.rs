//! `vaihde call --to N --from N`: what the app shows when a call rings:
//! the company answering the dialled number, its greeting, and the caller.

use vaihde::calls::{self, CallArgs};

use crate::context::Context;
use crate::output;

#[derive(clap::Args)]
pub struct Args {
    /// The number the caller dialled (picks the company).
    #[arg(long)]
    to: String,
    /// The caller's number.
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let call = calls::incoming(dir.conn(), &CallArgs { to: args.to, from: args.from })?;
    if args.json {
        return output::json(&call);
    }
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
    Ok(())
}
