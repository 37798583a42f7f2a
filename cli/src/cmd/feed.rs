//! `vaihde feed add|list|remove` and `vaihde sync`: calendars, and the
//! staff lists a company keeps itself (`--staff`).

use vaihde::directory::staff_feeds::{self, FormatCode, NewStaffFeed};
use vaihde::directory::{feeds, people};
use vaihde::sync::{self, FetchOptions, Fetcher, Outcome, staff as staff_sync};
use vaihde::words::Arg;

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    Add {
        url: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long, conflicts_with_all = ["shared", "staff", "on_call"], required_unless_present_any = ["shared", "staff", "on_call"])]
        person: Option<String>,
        #[arg(long, conflicts_with = "staff")]
        shared: bool,
        #[arg(long, conflicts_with = "on_call")]
        staff: bool,
        #[arg(long, value_name = "ROLE OR TOPIC")]
        on_call: Option<String>,
        #[arg(long, default_value = "")]
        label: String,
        #[arg(long = "map", value_name = "HEADER=FIELD", requires = "staff")]
        mapping: Vec<String>,
        #[arg(long, requires = "staff")]
        format: Option<String>,
        #[arg(long, requires = "staff")]
        sheet: Option<String>,
    },
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
        #[arg(long)]
        staff: bool,
    },
    Confirm {
        feed: i64,
        uid: String,
    },
    Dismiss {
        feed: i64,
        uid: String,
    },
}

#[derive(clap::Args)]
pub struct SyncArgs {
    #[arg(long)]
    company: Option<String>,
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..))]
    every: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let stamp = ctx.stamp();
    match command {
        Command::Add { url, company, staff: true, label, mapping, format, sheet, .. } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let format = match format.as_deref() {
                None => None,
                Some(f) => Some(
                    FormatCode::parse(f)
                        .ok_or_else(|| crate::args::bad_value(ctx.words, "--format", f, "csv, xlsx, vcard, carddav"))?,
                ),
            };
            // The mappings are checked by the core, which refuses in the operator's words.
            let new = NewStaffFeed { url: url.clone(), label, format, sheet: sheet.unwrap_or_default(), mapping };
            let id = dir.write(|tx| staff_feeds::add(tx, company.id, &new, &stamp))?;
            let address = vaihde::model::redact(&url);
            outln!(
                "{}",
                ctx.words.with(
                    "cliStaffFeedAdded",
                    &[("id", Arg::Num(id)), ("address", (&address).into()), ("company", (&company.name).into())]
                )
            )?;
        }
        Command::Add { url, company, person, label, on_call, .. } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let person_id = match &person {
                Some(p) => Some(people::resolve(dir.conn(), Some(company.id), p)?.id),
                None => None,
            };
            let id = dir.write(|tx| {
                let id = feeds::add(tx, company.id, person_id, &url, &label, &stamp)?;
                if let Some(name) = &on_call {
                    vaihde::presence::on_call::set_rota(tx, id, name)?;
                }
                Ok::<_, vaihde::directory::DirectoryError>(id)
            })?;
            let address = vaihde::model::redact(&url);
            outln!(
                "{}",
                ctx.words.with(
                    "cliFeedAdded",
                    &[("id", Arg::Num(id)), ("address", (&address).into()), ("company", (&company.name).into())]
                )
            )?;
        }
        Command::List { company, json } => {
            let company_id = match &company {
                Some(c) => Some(dir.company(c)?.id),
                None => None,
            };
            let mut views = Vec::new();
            for f in feeds::list(dir.conn(), company_id)? {
                views.push(feeds::view(dir.conn(), &f)?);
            }
            let staff = staff_feeds::list(dir.conn(), company_id)?;
            if json {
                output::json_lines(&views)?;
                return output::json_lines(&staff);
            }
            let w = ctx.words;
            let zones: std::collections::HashMap<i64, chrono_tz::Tz> =
                dir.companies()?.into_iter().map(|c| (c.id, c.tz())).collect();
            for v in views {
                let tz = zones.get(&v.company_id).copied().unwrap_or(chrono_tz::Europe::Helsinki);
                let last = v.last_success_at.map(|t| w.moment(t, tz)).unwrap_or_else(|| w.text("cliNever"));
                let kind = match v.kind {
                    vaihde::model::FeedKind::Person => w.text("cliFeedPerson"),
                    vaihde::model::FeedKind::Shared => w.text("cliFeedShared"),
                };
                let summary =
                    w.with("cliFeedSummary", &[("last", (&last).into()), ("absences", Arg::Num(v.occurrences))]);
                outln!(
                    "#{:<4} {kind:<10} {:<40} {summary}",
                    v.id,
                    if v.label.is_empty() { &v.address } else { &v.label }
                )?;
                if let Some(p) = &v.problem {
                    outln!("      {}: {}", w.text("error"), w.problem(p))?;
                }
                for u in &v.unmatched {
                    outln!(
                        "      {}",
                        w.with("cliUnmatched", &[("line", Arg::Num(u.line)), ("summary", (&u.summary).into())])
                    )?;
                }
                for u in &v.suggestions {
                    outln!(
                        "      {} → {}? (`vaihde feed confirm {} {}` / `dismiss`)",
                        u.summary,
                        u.person_name,
                        v.id,
                        u.uid
                    )?;
                }
                for n in &v.news {
                    let what = w.text(if n.names_them { "nowNames" } else { "noLongerNames" });
                    outln!("      {}: {} — {what}", n.person_name, n.summary)?;
                }
            }
            for f in staff {
                let tz = zones.get(&f.company_id).copied().unwrap_or(chrono_tz::Europe::Helsinki);
                let last = f.last_success_at.map(|t| w.moment(t, tz)).unwrap_or_else(|| w.text("cliNever"));
                let summary =
                    w.with("cliStaffFeedSummary", &[("last", (&last).into()), ("listed", Arg::Num(f.listed))]);
                outln!("#{:<4} {:<10} {:<40} {summary}", f.id, w.text("cliFeedStaff"), f.name())?;
                if let Some(problem) = &f.problem {
                    outln!("      {}: {}", w.text("error"), w.staff_problem(problem))?;
                }
                for s in staff_feeds::sources_in(dir.conn(), f.id)? {
                    if let Some(since) = s.gone_since {
                        let p = people::get(dir.conn(), s.person_id)?;
                        if p.left.is_none() {
                            outln!("      {}", gone_line(w, &p.full_name(), &s.feed, w.moment(since, tz)))?;
                        }
                    }
                }
            }
        }
        Command::Confirm { feed, uid } => {
            let person = dir.write(|tx| feeds::decide_suggestion(tx, feed, &uid, true, &stamp))?;
            let name = people::get(dir.conn(), person)?.full_name();
            outln!("{uid}: {}", ctx.words.with("cliConfirmed", &[("name", (&name).into())]))?;
        }
        Command::Dismiss { feed, uid } => {
            let person = dir.write(|tx| feeds::decide_suggestion(tx, feed, &uid, false, &stamp))?;
            let name = people::get(dir.conn(), person)?.full_name();
            outln!("{uid}: {}", ctx.words.with("cliDismissed", &[("name", (&name).into())]))?;
        }
        Command::Remove { id, staff: true } => {
            dir.write(|tx| staff_feeds::remove(tx, id, &stamp))?;
            outln!("{}", ctx.words.with("cliStaffFeedRemoved", &[("id", Arg::Num(id))]))?;
        }
        Command::Remove { id, staff: false } => {
            dir.write(|tx| feeds::remove(tx, id, &stamp))?;
            outln!("{}", ctx.words.with("cliFeedRemoved", &[("id", Arg::Num(id))]))?;
        }
    }
    Ok(())
}

pub fn sync(ctx: &Context, args: SyncArgs) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let company_id = match &args.company {
        Some(c) => Some(dir.company(c)?.id),
        None => None,
    };
    let fetcher = Fetcher::new(FetchOptions::default())?;
    // The one async edge of the CLI: a runtime for this command only.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let every = args.every.map(|m| std::time::Duration::from_secs(60 * u64::from(m)));
    // One desk of a team syncs at a time; another desk's round is not ours to repeat.
    let mut quiet = |_| {};
    let round = sync::team_round(dir.store_mut(), company_id, ctx.at, &fetcher, args.concurrency, every, &mut quiet);
    let w = ctx.words;
    let (reports, staff) = match runtime.block_on(round)? {
        sync::TeamRound::Ran(reports, staff) => (reports, staff),
        sync::TeamRound::OtherDesk { desk } => {
            let desk = desk.filter(|d| !d.is_empty()).unwrap_or_else(|| w.text("cliAnotherDesk"));
            eprintln!("{}", w.with("cliSyncByOtherDesk", &[("desk", (&desk).into())]));
            return if args.json { output::json_lines::<sync::FeedReport>(&[]) } else { Ok(()) };
        }
    };
    if args.json {
        output::json_lines(&reports)?;
        return output::json_lines(&staff);
    }
    if reports.is_empty() && staff.is_empty() && every.is_some() {
        eprintln!("{}", w.text("cliSyncNothingDue"));
    }
    let mut failed = 0;
    for r in &reports {
        let name = if r.label.is_empty() { &r.address } else { &r.label };
        let said = match r.outcome {
            Outcome::Updated => w.with(
                "cliSynced",
                &[("absences", Arg::Num(r.absences as i64)), ("unmatched", Arg::Num(r.unmatched as i64))],
            ),
            Outcome::Unchanged => w.text("cliSyncUnchanged"),
            Outcome::Failed => {
                failed += 1;
                let problem = r.problem.as_ref().map(|p| w.problem(p)).unwrap_or_default();
                w.with("cliSyncFailed", &[("problem", (&problem).into())])
            }
        };
        outln!("#{:<4} {name}: {said}", r.feed_id)?;
        for note in &r.warnings {
            eprintln!("{}: {}", w.text("cliWarning"), w.feed_note(note));
        }
    }
    // Every staff feed is said, even when a calendar failed.
    let staff_said = say_staff(ctx, &mut dir, &staff);
    anyhow::ensure!(
        failed == 0,
        "{}",
        w.with("cliFeedsFailed", &[("failed", Arg::Num(failed)), ("total", Arg::Num(reports.len() as i64))])
    );
    staff_said
}

/// What the round's staff feeds did, in the operator's words.
fn say_staff(ctx: &Context, dir: &mut vaihde::Directory, reports: &[staff_sync::StaffReport]) -> anyhow::Result<()> {
    let w = ctx.words;
    let zones: std::collections::HashMap<i64, chrono_tz::Tz> =
        dir.companies()?.into_iter().map(|c| (c.id, c.tz())).collect();
    let mut failed = 0;
    for r in reports {
        let tz = zones.get(&r.company_id).copied().unwrap_or(chrono_tz::Europe::Helsinki);
        let said = match r.outcome {
            Outcome::Updated => w.with(
                "cliStaffSynced",
                &[
                    ("listed", Arg::Num(r.listed as i64)),
                    ("added", Arg::Num(r.added.len() as i64)),
                    ("updated", Arg::Num(r.updated.len() as i64)),
                    ("gone", Arg::Num(r.gone.len() as i64)),
                ],
            ),
            Outcome::Unchanged => w.text("cliSyncUnchanged"),
            Outcome::Failed => {
                failed += 1;
                let problem = r.problem.as_ref().map(|p| w.staff_problem(p)).unwrap_or_default();
                w.with("cliSyncFailed", &[("problem", (&problem).into())])
            }
        };
        outln!("#{:<4} {}: {said}", r.feed_id, r.feed)?;
        for p in &r.gone {
            outln!("      {}", gone_line(w, &p.name, &r.feed, w.moment(ctx.at, tz)))?;
        }
        for p in &r.back {
            outln!("      {}", w.with("cliStaffBack", &[("name", (&p.name).into()), ("source", (&r.feed).into())]))?;
        }
        for note in &r.warnings {
            eprintln!("{}: {}", w.text("cliWarning"), w.phrase(note));
        }
    }
    anyhow::ensure!(
        failed == 0,
        "{}",
        w.with("cliStaffFeedsFailed", &[("failed", Arg::Num(failed)), ("total", Arg::Num(reports.len() as i64))])
    );
    Ok(())
}

fn gone_line(w: &vaihde::words::Words, name: &str, source: &str, since: String) -> String {
    w.with("cliStaffGone", &[("name", name.into()), ("source", source.into()), ("since", (&since).into())])
}
