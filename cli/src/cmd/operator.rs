//! `vaihde operator sign-in|sign-out|list`: who is at this desk, and who
//! at every desk of the directory. The rules (one open shift per desk, who
//! acts) are the core's (`shifts`).

use vaihde::model::Language;
use vaihde::shifts::{self, Shift};

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    SignIn {
        name: String,
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    SignOut {
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, c: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let desk = shifts::this_desk();
    let w = ctx.words;
    match c {
        Command::SignIn { name, languages, json } => {
            let languages = languages
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    l.trim().parse::<Language>().map_err(|_| crate::args::bad_value(w, "--languages", l, "fi, sv, en"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let at = ctx.at;
            let shift = dir.write(|conn| shifts::sign_in(conn, &name, &languages, &desk, at))?;
            if json {
                return output::json(&shift);
            }
            outln!(
                "{}",
                w.with(
                    "cliSignedIn",
                    &[
                        ("operator", shift.operator.as_str().into()),
                        ("desk", desk.as_str().into()),
                        ("languages", codes(&shift).into())
                    ]
                )
            )?;
        }
        Command::SignOut { json } => {
            let at = ctx.at;
            let ended = dir.write(|conn| shifts::sign_out(conn, &desk, at))?;
            if json {
                return output::json(&ended);
            }
            match ended {
                Some(s) => outln!(
                    "{}",
                    w.with("cliSignedOut", &[("operator", s.operator.as_str().into()), ("desk", desk.as_str().into())])
                )?,
                None => outln!("{}", w.with("cliNobodySignedIn", &[("desk", desk.as_str().into())]))?,
            }
        }
        Command::List { json } => {
            let now = shifts::signed_in(dir.conn())?;
            if json {
                return output::json(&now);
            }
            if now.is_empty() {
                outln!("{}", w.text("cliNobodySignedInAnywhere"))?;
            }
            for s in &now {
                let since = w.moment(s.signed_in_at, chrono_tz::Europe::Helsinki);
                let here = if s.desk == desk { format!(" · {}", w.text("cliThisDesk")) } else { String::new() };
                outln!(
                    "{}{here}",
                    w.with(
                        "cliShiftLine",
                        &[
                            ("desk", s.desk.as_str().into()),
                            ("operator", s.operator.as_str().into()),
                            ("languages", codes(s).into()),
                            ("since", since.into()),
                        ]
                    )
                )?;
            }
        }
    }
    Ok(())
}

/// "fi, sv", or "–" for none given.
fn codes(s: &Shift) -> String {
    if s.languages.is_empty() {
        return "–".into();
    }
    s.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
}
