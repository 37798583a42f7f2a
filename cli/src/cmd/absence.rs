//! `vaihde absence add|list|remove`: absences entered by hand.

use chrono::Duration;
use vaihde::directory::{absences, people};
use vaihde::model::{AbsenceKind, NewAbsence};

use crate::context::{Context, instant_in};
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        person: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        until: String,
        #[arg(long, default_value = "other")]
        kind: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let stamp = ctx.stamp();
    match command {
        Command::Add { person, company, from, until, kind, reason } => {
            let cid = match &company {
                Some(c) => Some(dir.company(c)?.id),
                None => None,
            };
            let p = people::resolve(dir.conn(), cid, &person)?;
            let company = vaihde::directory::companies::get(dir.conn(), p.company_id)?;
            let kind = AbsenceKind::parse_by_hand(&kind).ok_or_else(|| {
                let kinds = AbsenceKind::BY_HAND.map(AbsenceKind::code).join(", ");
                crate::args::bad_value(ctx.words, "--kind", &kind, &kinds)
            })?;
            let starts_at = match &from {
                Some(f) => instant_in(f, &company, ctx.at)?,
                None => ctx.at,
            };
            let ends_at = instant_in(&until, &company, ctx.at)?;
            let new = NewAbsence { person_id: p.id, starts_at, ends_at, kind, reason };
            let id = dir.write(|tx| absences::add_manual(tx, &new, &stamp))?;
            let (tz, w) = (company.tz(), ctx.words);
            outln!(
                "{} {} {} – {} ({}), #{id}",
                p.full_name(),
                w.text("cliAway"),
                w.moment(starts_at, tz),
                w.moment(ends_at, tz),
                w.reason(kind)
            )?;
        }
        Command::List { company, from, until, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let from = match &from {
                Some(f) => instant_in(f, &company, ctx.at)?,
                None => ctx.at,
            };
            let until = match &until {
                Some(u) => instant_in(u, &company, ctx.at)?,
                None => from + Duration::days(14),
            };
            let list = absences::overlapping(dir.conn(), company.id, from, until)?;
            if json {
                return output::json_lines(&list);
            }
            let (tz, w) = (company.tz(), ctx.words);
            for a in list {
                let name = dir.person(a.person_id)?.full_name();
                outln!(
                    "#{:<5} {:<28} {} – {}  {}{}",
                    a.id,
                    name,
                    w.moment(a.starts_at, tz),
                    w.moment(a.ends_at, tz),
                    w.reason(a.kind),
                    if a.reason.is_empty() { String::new() } else { format!(" ({})", a.reason) }
                )?;
            }
        }
        Command::Remove { id } => {
            dir.write(|tx| absences::remove_manual(tx, id, &stamp))?;
            outln!("{}", ctx.words.with("cliAbsenceRemoved", &[("id", vaihde::words::Arg::Num(id))]))?;
        }
    }
    Ok(())
}
