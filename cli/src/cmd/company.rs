//! `vaihde company add|list|show`.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{NaiveTime, Timelike as _};
use vaihde::model::{Company, CompanyNumber, OpeningSpan};
use vaihde::words::Words;

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        company: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    slug: String,
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "fi")]
    language: String,
    #[arg(long, default_value = "Europe/Helsinki")]
    timezone: String,
    #[arg(long = "number")]
    numbers: Vec<String>,
    #[arg(long = "greeting")]
    greetings: Vec<String>,
    #[arg(long = "hours")]
    hours: Vec<String>,
    #[arg(long, default_value = "")]
    notes: String,
    #[arg(long, default_value = "")]
    fallback: String,
    #[arg(long)]
    allow_mobile: bool,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    match command {
        Command::Add(a) => {
            let mut greetings = BTreeMap::new();
            for g in &a.greetings {
                let (lang, text) =
                    g.split_once(':').with_context(|| ctx.words.with("cliGreetingForm", &[("text", g.into())]))?;
                greetings.insert(crate::args::language(ctx.words, lang)?, text.trim().to_string());
            }
            let mut opening_hours = Vec::new();
            for h in &a.hours {
                opening_hours.extend(parse_hours(h, ctx.words)?);
            }
            let company = Company {
                id: 0,
                slug: a.slug,
                name: a.name,
                language: crate::args::language(ctx.words, &a.language)?,
                timezone: a.timezone,
                numbers: a.numbers.into_iter().map(|number| CompanyNumber { number, label: String::new() }).collect(),
                greetings,
                opening_hours,
                notes: a.notes,
                allow_mobile_transfer: a.allow_mobile,
                fallback: a.fallback,
            };
            let stamp = ctx.stamp();
            let id = dir.write(|tx| vaihde::directory::companies::insert(tx, &company, &stamp, false))?;
            outln!(
                "{}",
                ctx.words.with(
                    "cliCompanyAdded",
                    &[
                        ("name", (&company.name).into()),
                        ("slug", (&company.slug).into()),
                        ("id", vaihde::words::Arg::Num(id))
                    ]
                )
            )?;
        }
        Command::List { json } => {
            let list = dir.companies()?;
            if json {
                return output::json_lines(&list);
            }
            for c in list {
                let numbers: Vec<&str> = c.numbers.iter().map(|n| n.number.as_str()).collect();
                outln!("{:<12} {:<28} {}  {}", c.slug, c.name, c.language, numbers.join(", "))?;
            }
        }
        Command::Show { company, json } => {
            let c = dir.company(&company)?;
            if json {
                return output::json(&c);
            }
            let w = ctx.words;
            let field = |id: &str| format!("{}:", output::label(&w.text(id)));
            outln!(
                "{} ({})  {} {}  {} {}",
                c.name,
                c.slug,
                field("cliLanguage"),
                c.language,
                field("timezoneField"),
                c.timezone
            )?;
            if let Some(g) = c.greeting() {
                outln!("{:<14} {g}", field("fieldGreeting"))?;
            }
            for n in &c.numbers {
                outln!("{:<14} {} {}", field("fieldCompanyNumber"), n.number, n.label)?;
            }
            for s in &c.opening_hours {
                let day = w.text(&vaihde::words::message_id("cliDay", &s.weekday.to_string().to_lowercase()));
                let clock = |t: chrono::NaiveTime| ctx.words.clock(t.hour(), t.minute());
                outln!("{:<14} {day} {}–{}", field("cliOpen"), clock(s.opens), clock(s.closes))?;
            }
            if !c.fallback.is_empty() {
                outln!("{:<14} {}", field("fieldFallback"), c.fallback)?;
            }
            if !c.notes.is_empty() {
                outln!("{:<14} {}", field("notes"), c.notes)?;
            }
        }
    }
    Ok(())
}

/// "mon-fri 08:00-16:00" → five spans; "sat 10:00-14:00" → one.
fn parse_hours(text: &str, words: &Words) -> anyhow::Result<Vec<OpeningSpan>> {
    // Whatever is wrong, the answer is the form that works.
    let form = || anyhow::anyhow!("{}", words.with("cliHoursForm", &[("text", text.into())]));
    let (days, times) = text.trim().split_once(' ').ok_or_else(form)?;
    let (opens, closes) = times.trim().split_once('-').ok_or_else(form)?;
    let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| form());
    let (opens, closes) = (time(opens)?, time(closes)?);
    let (first, last) = match days.split_once('-') {
        Some((a, b)) => (vaihde::time::parse_weekday(a)?, vaihde::time::parse_weekday(b)?),
        None => {
            let d = vaihde::time::parse_weekday(days)?;
            (d, d)
        }
    };
    let mut out = vec![];
    let mut day = first;
    loop {
        out.push(OpeningSpan { weekday: day, opens, closes });
        if day == last || out.len() == 7 {
            break;
        }
        day = day.succ();
    }
    Ok(out)
}
