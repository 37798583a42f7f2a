//! `vaihde line`: the desk's own phone line — set its SIP account, show
//! it (never the password), and test that the PBX registers it.

use clap::Subcommand;
use vaihde::line::{self, LineChange, Registration, Transport};
use vaihde::words::Said as _;

use crate::context::Context;
use crate::output;

#[derive(Subcommand)]
pub enum Command {
    Set {
        #[arg(long, value_name = "ACCOUNT")]
        account: Option<String>,
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        transport: Option<String>,
    },
    Show {
        #[arg(long)]
        json: bool,
    },
    Test,
    Remove,
}

/// What `line show --json` prints: the account without its password.
#[derive(serde::Serialize)]
struct Shown {
    account: String,
    auth_user: Option<String>,
    password_set: bool,
    transport: Transport,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let w = ctx.words;
    match command {
        Command::Set { account, user, password, transport } => {
            let transport = transport.map(|t| t.parse::<Transport>()).transpose().map_err(line::LineError::from)?;
            let change = LineChange {
                account: account.as_deref(),
                auth_user: user.as_deref(),
                password: password.as_deref(),
                transport,
            };
            let a = line::set(&ctx.data_dir, &change)?;
            outln!(
                "{}",
                w.with("lineSaved", &[("account", a.shown().into()), ("transport", a.transport.code().into())])
            )?;
        }
        Command::Show { json } => {
            let Some(a) = line::load(&ctx.data_dir)? else {
                if json {
                    return output::json(&serde_json::Value::Null);
                }
                outln!("{}", w.phrase(&line::LineError::NotSet.phrase()))?;
                return Ok(());
            };
            let shown = Shown {
                account: a.shown(),
                auth_user: a.auth_user.clone(),
                password_set: !a.password.is_empty(),
                transport: a.transport,
            };
            if json {
                return output::json(&shown);
            }
            outln!("{}", w.with("lineShowAccount", &[("account", shown.account.into())]))?;
            if let Some(u) = shown.auth_user {
                outln!("{}", w.with("lineShowUser", &[("user", u.into())]))?;
            }
            outln!("{}", w.text(if shown.password_set { "lineShowPasswordSet" } else { "lineShowNoPassword" }))?;
            outln!("{}", w.with("lineShowTransport", &[("transport", shown.transport.code().into())]))?;
        }
        Command::Test => {
            let (account, state) = line::test(&ctx.data_dir, line::TEST_WAIT)?;
            let said = w.phrase(&line::registration_phrase(&account, &state));
            if state != Registration::Registered {
                // Exit status 1: only a registered line passes the test.
                anyhow::bail!(said);
            }
            outln!("{said}")?;
        }
        Command::Remove => {
            let key = if line::remove(&ctx.data_dir)? { "lineRemoved" } else { "lineNotSet" };
            outln!("{}", w.text(key))?;
        }
    }
    Ok(())
}
