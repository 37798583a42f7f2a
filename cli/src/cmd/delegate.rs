//! `vaihde delegate set|add|list|clear`: who covers for whom, in order.

use chrono::NaiveDate;
use vaihde::directory::{delegates, people};
use vaihde::model::Delegate;

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Set {
        person: String,
        #[arg(required = true)]
        delegates: Vec<String>,
        #[command(flatten)]
        scope: Scope,
    },
    Add {
        person: String,
        delegate: String,
        #[arg(long)]
        position: Option<usize>,
        #[command(flatten)]
        scope: Scope,
    },
    List {
        person: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Clear {
        person: String,
        #[arg(long)]
        company: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct Scope {
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    from: Option<NaiveDate>,
    #[arg(long)]
    until: Option<NaiveDate>,
    #[arg(long)]
    topic: Option<String>,
}

impl Scope {
    fn delegate(&self, id: i64) -> Delegate {
        Delegate { delegate_id: id, position: 0, from: self.from, until: self.until, topic: self.topic.clone() }
    }
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let stamp = ctx.stamp();
    let company_id = |dir: &vaihde::Directory, c: &Option<String>| -> anyhow::Result<Option<i64>> {
        Ok(match c {
            Some(c) => Some(dir.company(c)?.id),
            None => None,
        })
    };
    match command {
        Command::Set { person, delegates: names, scope } => {
            let cid = company_id(&dir, &scope.company)?;
            let p = people::resolve(dir.conn(), cid, &person)?;
            let mut ids = Vec::new();
            for n in &names {
                ids.push(people::resolve(dir.conn(), Some(p.company_id), n)?.id);
            }
            if scope.from.is_none() && scope.until.is_none() && scope.topic.is_none() {
                // Kept colleagues keep their dates and topic, as in the window.
                dir.write(|tx| delegates::reorder(tx, p.id, &ids, &stamp))?;
            } else {
                let list: Vec<Delegate> = ids.iter().map(|id| scope.delegate(*id)).collect();
                dir.write(|tx| delegates::set(tx, p.id, &list, &stamp))?;
            }
            outln!("{}: {}", p.full_name(), delegates::describe(dir.conn(), &delegates::get(dir.conn(), p.id)?)?)?;
        }
        Command::Add { person, delegate, position, scope } => {
            let cid = company_id(&dir, &scope.company)?;
            let p = people::resolve(dir.conn(), cid, &person)?;
            let d = people::resolve(dir.conn(), Some(p.company_id), &delegate)?;
            let mut list = delegates::get(dir.conn(), p.id)?;
            let at = position.map_or(list.len(), |n| n.saturating_sub(1).min(list.len()));
            list.insert(at, scope.delegate(d.id));
            dir.write(|tx| delegates::set(tx, p.id, &list, &stamp))?;
            outln!("{}: {}", p.full_name(), delegates::describe(dir.conn(), &delegates::get(dir.conn(), p.id)?)?)?;
        }
        Command::List { person, company, json } => {
            let p = people::resolve(dir.conn(), company_id(&dir, &company)?, &person)?;
            let card = vaihde::card::person_card(dir.conn(), p.id, ctx.at)?;
            if json {
                return output::json_lines(&card.delegates);
            }
            let text = delegates::describe(dir.conn(), &delegates::get(dir.conn(), p.id)?)?;
            let none = ctx.words.text("cliNoDelegates");
            outln!("{}: {}", p.full_name(), if text.is_empty() { &none } else { &text })?;
        }
        Command::Clear { person, company } => {
            let p = people::resolve(dir.conn(), company_id(&dir, &company)?, &person)?;
            dir.write(|tx| delegates::set(tx, p.id, &[], &stamp))?;
            outln!("{}: {}", p.full_name(), ctx.words.text("cliNoDelegates"))?;
        }
    }
    Ok(())
}
