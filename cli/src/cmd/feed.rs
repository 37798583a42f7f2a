//! `vaihde feed add|list|remove` and `vaihde sync`.

use vaihde::directory::{feeds, people};
use vaihde::sync::{self, FetchOptions, Fetcher, Outcome};

use crate::context::Context;
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Add a calendar: a person's own (--person) or the company's shared absence calendar (--shared).
    Add {
        /// https://, http://, webcal:// or a file path.
        url: String,
        #[arg(long)]
        company: Option<String>,
        /// Whose calendar it is.
        #[arg(long, conflicts_with = "shared", required_unless_present = "shared")]
        person: Option<String>,
        /// A shared absence calendar whose events name the people ("Virtanen loma").
        #[arg(long)]
        shared: bool,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// The feeds, their last good sync, their errors and unmatched events.
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a feed and the absences it brought.
    Remove { id: i64 },
    /// An event that names a colleague only by a lone name is theirs: mark them away for it.
    Confirm {
        /// The feed's number (`vaihde feed list`).
        feed: i64,
        /// The event's UID, as `vaihde feed list` shows it.
        uid: String,
    },
    /// An event that names a colleague only by a lone name is not about them.
    Dismiss { feed: i64, uid: String },
}

#[derive(clap::Args)]
pub struct SyncArgs {
    #[arg(long)]
    company: Option<String>,
    /// Feeds fetched at the same time.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let stamp = ctx.stamp();
    match command {
        Command::Add { url, company, person, shared: _, label } => {
            let company = ctx.company(&dir, company.as_deref())?;
            let person_id = match &person {
                Some(p) => Some(people::resolve(dir.conn(), Some(company.id), p)?.id),
                None => None,
            };
            let id = dir.write(|tx| feeds::add(tx, company.id, person_id, &url, &label, &stamp))?;
            outln!(
                "Added feed #{id} ({}) to {}; run `vaihde sync` to read it",
                vaihde::model::redact(&url),
                company.name
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
            if json {
                return output::json_lines(&views);
            }
            for v in views {
                let last = v
                    .last_success_at
                    .map(|t| vaihde::time::human_in(t, chrono_tz::Europe::Helsinki))
                    .unwrap_or_else(|| "never".into());
                outln!(
                    "#{:<4} {:<7} {:<40} last good sync {last}, {} absences",
                    v.id,
                    match v.kind {
                        vaihde::model::FeedKind::Person => "person",
                        vaihde::model::FeedKind::Shared => "shared",
                    },
                    if v.label.is_empty() { &v.address } else { &v.label },
                    v.occurrences
                )?;
                if let Some(p) = &v.problem {
                    outln!("      error: {}", ctx.words.problem(p))?;
                }
                for u in &v.unmatched {
                    outln!("      unmatched (line {}): {}", u.line, u.summary)?;
                }
                for u in &v.suggestions {
                    outln!(
                        "      {} → {}? (`vaihde feed confirm {} {}` or `dismiss`)",
                        u.summary,
                        u.person_name,
                        v.id,
                        u.uid
                    )?;
                }
                for n in &v.news {
                    let what = if n.names_them { "now names" } else { "no longer names" };
                    outln!("      {} {what} {}", n.summary, n.person_name)?;
                }
            }
        }
        Command::Confirm { feed, uid } => {
            let person = dir.write(|tx| feeds::decide_suggestion(tx, feed, &uid, true, &stamp))?;
            let name = people::get(dir.conn(), person)?.full_name();
            outln!("{uid}: confirmed as {name}, who is away for it")?;
        }
        Command::Dismiss { feed, uid } => {
            let person = dir.write(|tx| feeds::decide_suggestion(tx, feed, &uid, false, &stamp))?;
            let name = people::get(dir.conn(), person)?.full_name();
            outln!("{uid}: not about {name}; later syncs leave it unmatched")?;
        }
        Command::Remove { id } => {
            dir.write(|tx| feeds::remove(tx, id, &stamp))?;
            outln!("Feed #{id} removed")?;
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
    let reports = runtime.block_on(sync::sync(dir.store_mut(), company_id, ctx.at, &fetcher, args.concurrency))?;
    if args.json {
        return output::json_lines(&reports);
    }
    let mut failed = 0;
    for r in &reports {
        let name = if r.label.is_empty() { &r.address } else { &r.label };
        match r.outcome {
            Outcome::Updated => outln!("#{:<4} {name}: {} absences, {} unmatched", r.feed_id, r.absences, r.unmatched)?,
            Outcome::Unchanged => outln!("#{:<4} {name}: unchanged", r.feed_id)?,
            Outcome::Failed => {
                failed += 1;
                outln!(
                    "#{:<4} {name}: FAILED: {} (the last good data is kept)",
                    r.feed_id,
                    r.error.as_deref().unwrap_or("")
                )?
            }
        }
        for w in &r.warnings {
            eprintln!("warning: {w}");
        }
    }
    anyhow::ensure!(failed == 0, "{failed} of {} feeds failed", reports.len());
    Ok(())
}
