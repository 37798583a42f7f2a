//! `vaihde script add|list|now|remove`: a company's call scripts, and the
//! one that applies to a call now. The forms of "when", the questions and
//! where the call goes are the core's (`scripts::when`, `scripts`).

use std::collections::BTreeMap;

use vaihde::scripts::{self, Script, When};

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        name: String,
        #[arg(long)]
        days: Option<String>,
        #[arg(long)]
        hours: Option<String>,
        #[arg(long)]
        dates: Option<String>,
        #[arg(long)]
        number: Option<String>,
        #[arg(long = "say")]
        say: Vec<String>,
        #[arg(long = "ask")]
        ask: Vec<String>,
        #[arg(long)]
        goes_to: Option<String>,
        #[arg(long)]
        urgent: bool,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Now {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        number: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let w = ctx.words;
    match command {
        Command::Add { company, name, days, hours, dates, number, say, ask, goes_to, urgent, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let mut when = When { number: number.filter(|n| !n.trim().is_empty()), ..When::default() };
            if let Some(d) = days {
                when.days = scripts::when::parse_days(&d).map_err(vaihde::directory::DirectoryError::from)?;
            }
            if let Some(h) = hours {
                let (from, until) = scripts::when::parse_hours(&h).map_err(vaihde::directory::DirectoryError::from)?;
                (when.from, when.until) = (Some(from), Some(until));
            }
            if let Some(d) = dates {
                let (first, last) = scripts::when::parse_dates(&d).map_err(vaihde::directory::DirectoryError::from)?;
                (when.first_date, when.last_date) = (Some(first), Some(last));
            }
            let mut words = BTreeMap::new();
            for s in &say {
                let (language, text) = scripts::parse_say(s)?;
                words.insert(language, text);
            }
            let script = Script {
                id: 0,
                company_id: company.id,
                name,
                when,
                say: words,
                questions: ask.iter().map(|q| scripts::parse_question(q)).collect::<Result<_, _>>()?,
                goes_to: goes_to.as_deref().map(scripts::parse_goes_to).transpose()?,
                urgent,
            };
            let id = dir.write(|tx| scripts::add(tx, &script, false))?;
            let script = scripts::get(dir.conn(), id)?;
            if json {
                return output::json(&script);
            }
            outln!("#{id} {}", script.name)?;
        }
        Command::List { company, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let list = scripts::list(dir.conn(), company.id)?;
            if json {
                return output::json_lines(&list);
            }
            if list.is_empty() {
                outln!("{}", w.text("cliNoScripts"))?;
            }
            for s in &list {
                outln!("#{} {} · {}", s.id, s.name, when_text(&s.when))?;
            }
        }
        Command::Now { company, number, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let list = scripts::applying(dir.conn(), company.id, number.as_deref(), ctx.at)?;
            if json {
                return output::json_lines(&list);
            }
            let Some(first) = list.first() else {
                return outln!("{}", w.text("cliNoScriptNow")).map_err(Into::into);
            };
            outln!(
                "#{} {}{}",
                first.id,
                first.name,
                if first.urgent { format!(" · {}", w.text("cliScriptUrgent")) } else { String::new() }
            )?;
            for (language, say) in first.say_in_order(company.language) {
                outln!("  {}: “{say}”", language.code())?;
            }
            for q in &first.questions {
                let required = if q.required { format!(" ({})", w.text("cliScriptRequired")) } else { String::new() };
                let choices = if q.choices.is_empty() { String::new() } else { format!(": {}", q.choices.join(" / ")) };
                outln!("  ? {}{choices}{required}", q.label)?;
            }
            if let Some(to) = &first.goes_to {
                let to = match to {
                    scripts::GoesTo::Person { name } | scripts::GoesTo::Role { name } => name.clone(),
                    scripts::GoesTo::OnCall => w.text("cliScriptOnCall"),
                    scripts::GoesTo::Address { address } => address.clone(),
                };
                outln!("  → {to}")?;
            }
            if list.len() > 1 {
                let others: Vec<String> = list[1..].iter().map(|s| format!("#{} {}", s.id, s.name)).collect();
                outln!("{}", w.with("cliScriptAlso", &[("scripts", others.join(", ").into())]))?;
            }
        }
        Command::Remove { id } => {
            let s = scripts::get(dir.conn(), id)?;
            dir.write(|tx| scripts::remove(tx, id))?;
            outln!("{}", w.with("cliScriptRemoved", &[("name", format!("#{id} {}", s.name).into())]))?;
        }
    }
    Ok(())
}

/// A script's "when" in the forms `add` reads, so it can be typed back.
fn when_text(w: &When) -> String {
    let mut parts = Vec::new();
    if !w.days.is_empty() {
        parts.push(w.days.iter().map(|d| d.code()).collect::<Vec<_>>().join(","));
    }
    if let (Some(f), Some(u)) = (w.from, w.until) {
        parts.push(format!("{}-{}", f.format("%H:%M"), u.format("%H:%M")));
    }
    match (w.first_date, w.last_date) {
        (Some(f), Some(l)) if f == l => parts.push(f.to_string()),
        (Some(f), Some(l)) => parts.push(format!("{f}..{l}")),
        _ => {}
    }
    if let Some(n) = &w.number {
        parts.push(format!("☎ {n}"));
    }
    if parts.is_empty() { "*".into() } else { parts.join(" ") }
}
