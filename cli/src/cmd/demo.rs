//! `vaihde demo`: load the built-in demo directory.

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    replace: bool,
    #[arg(long)]
    json: bool,
    #[arg(long, value_name = "PEOPLE")]
    population: Option<usize>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let summary = dir.store_mut().write(|tx| vaihde::demo::load(tx, ctx.at, args.replace))?;
    let calendar_absences = vaihde::demo::calendars::install(dir.store_mut(), &ctx.data_dir, ctx.at)?;
    let generated = match args.population {
        Some(n) => {
            let stamp = ctx.stamp();
            dir.store_mut().write(|tx| vaihde::demo::population::load(tx, n, 2026, &stamp))?
        }
        None => 0,
    };
    if args.json {
        return crate::output::json(&summary);
    }
    use vaihde::words::Arg;
    let w = ctx.words;
    for c in &summary.companies {
        let counts = w.with(
            "cliDemoCompany",
            &[("people", Arg::Num(c.people as i64)), ("absences", Arg::Num(c.absences as i64))],
        );
        outln!("{:<10} {:<24} {counts}", c.slug, c.name)?;
    }
    outln!("{}", w.with("cliDemoCalendars", &[("absences", Arg::Num(calendar_absences as i64))]))?;
    if generated > 0 {
        let companies = vaihde::demo::population::companies_for(generated);
        outln!(
            "{}",
            w.with(
                "cliDemoGenerated",
                &[("people", Arg::Num(generated as i64)), ("companies", Arg::Num(companies as i64))]
            )
        )?;
    }
    let dir = ctx.data_dir.display().to_string();
    outln!("{}", w.with("cliDemoLoaded", &[("dir", (&dir).into())]))?;
    Ok(())
}
