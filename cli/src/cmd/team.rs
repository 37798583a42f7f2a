//! `vaihde team`: the team database — create it (copying this desk's own
//! directory into it with `--from-local`) and say what it is doing.

use anyhow::bail;
use clap::Subcommand;
use vaihde::store::copy::CopyError;
use vaihde::store::{Location, Store};
use vaihde::words::Arg;

use crate::context::Context;
use crate::output;

#[derive(Subcommand)]
pub enum Command {
    Init {
        #[arg(long)]
        from_local: bool,
    },
    Status {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init { from_local } => init(ctx, from_local),
        Command::Status { json } => status(ctx, json),
    }
}

fn init(ctx: &Context, from_local: bool) -> anyhow::Result<()> {
    let w = ctx.words;
    let Location::Postgres(url) = &ctx.location else {
        bail!("{}", w.text("cliTeamNeedsDatabase"));
    };
    let database = ctx.location.to_string();
    let local = if from_local {
        // Never create an empty directory just to copy nothing from it.
        let file = vaihde::paths::database_path(&ctx.data_dir);
        if !file.exists() {
            bail!("{}", w.with("cliTeamNoLocal", &[("dir", Arg::Owned(ctx.data_dir.display().to_string()))]));
        }
        Some(Store::open_dir(&ctx.data_dir)?)
    } else {
        None
    };
    let mut team = Store::open_postgres(url)?;
    if let Some(local) = local {
        match vaihde::team::init_from_local(&local, &mut team) {
            Ok(copied) => {
                let rows = |table: &str| copied.iter().find(|c| c.table == table).map_or(0, |c| c.rows);
                outln!(
                    "{}",
                    w.with(
                        "cliTeamCopied",
                        &[
                            ("companies", Arg::from(rows("companies"))),
                            ("people", Arg::from(rows("people"))),
                            ("changes", Arg::from(rows("changes"))),
                            ("tables", Arg::from(copied.len())),
                        ]
                    )
                )?;
            }
            Err(CopyError::NotEmpty { companies, people }) => bail!(
                "{}",
                w.with(
                    "cliTeamNotEmpty",
                    &[("database", (&database).into()), ("companies", companies.into()), ("people", people.into())]
                )
            ),
            Err(e) => bail!("{}", w.with("cliTeamCopyFailed", &[("detail", Arg::Owned(e.to_string()))])),
        }
    }
    let status = vaihde::team::status(&team, &ctx.location)?;
    outln!(
        "{}",
        w.with(
            "cliTeamReady",
            &[
                ("database", (&database).into()),
                ("companies", status.companies.into()),
                ("people", status.people.into()),
            ]
        )
    )?;
    Ok(())
}

fn status(ctx: &Context, json: bool) -> anyhow::Result<()> {
    let store = Store::open_at(&ctx.location)?;
    let status = vaihde::team::status(&store, &ctx.location)?;
    if json {
        return output::json(&status);
    }
    let w = ctx.words;
    let zone = chrono_tz::Europe::Helsinki;
    outln!(
        "{}",
        w.with(
            "cliTeamDatabase",
            &[
                ("database", (&status.database).into()),
                ("engine", if status.engine == "postgresql" { "PostgreSQL" } else { "SQLite" }.into()),
                ("version", (&status.server_version).into()),
                ("schema", status.schema_version.into()),
            ]
        )
    )?;
    outln!(
        "{}",
        w.with("cliTeamDirectory", &[("companies", status.companies.into()), ("people", status.people.into())])
    )?;
    outln!("{}", w.with("cliTeamDesks", &[("desks", status.desks.into())]))?;
    for c in &status.connected {
        outln!("  {} ({})", c.name, w.with("cliTeamConnections", &[("connections", c.connections.into())]))?;
    }
    let holder = match &status.sync_lock_holder {
        Some(desk) => w.with("cliTeamSyncHeld", &[("desk", desk.as_str().into())]),
        None => w.text("cliTeamSyncFree"),
    };
    outln!("{holder}")?;
    let last = status.last_sync_at.map(|t| w.moment(t, zone)).unwrap_or_else(|| w.text("cliNever"));
    outln!("{}", w.with("cliTeamLastSync", &[("last", (&last).into())]))?;
    Ok(())
}
