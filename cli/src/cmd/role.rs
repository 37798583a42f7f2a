//! `vaihde role set|list`: roles and topics and who holds them, in order.

use vaihde::directory::{people, roles};
use vaihde::model::Role;

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Set {
        name: String,
        holders: Vec<String>,
        #[arg(long)]
        company: Option<String>,
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    match command {
        Command::Set { name, holders, company, aliases } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let existing = roles::find(dir.conn(), company.id, &name)?;
            let mut ids = Vec::new();
            for h in &holders {
                ids.push(people::resolve(dir.conn(), Some(company.id), h)?.id);
            }
            let aliases = if aliases.is_empty() {
                existing.as_ref().map(|r| r.aliases.clone()).unwrap_or_default()
            } else {
                aliases
            };
            let role_name = existing.as_ref().map_or(name.clone(), |r| r.name.clone());
            let role = Role { id: 0, company_id: company.id, name: role_name, aliases, holders: ids };
            let stamp = ctx.stamp();
            dir.write(|tx| roles::set(tx, &role, &stamp, false))?;
            outln!("{}: {}", role.name, names(&dir, &role.holders)?)?;
        }
        Command::List { company, json } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let list = roles::list(dir.conn(), company.id)?;
            if json {
                return output::json_lines(&list);
            }
            for r in list {
                let aka = if r.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", ctx.words.with("cliRoleAlso", &[("aliases", r.aliases.join(", ").into())]))
                };
                outln!("{}{aka}: {}", r.name, names(&dir, &r.holders)?)?;
            }
        }
    }
    Ok(())
}

fn names(dir: &vaihde::Directory, ids: &[i64]) -> anyhow::Result<String> {
    let mut out = Vec::new();
    for &id in ids {
        out.push(dir.person(id)?.full_name());
    }
    Ok(if out.is_empty() { "nobody".into() } else { out.join(", ") })
}
