//! `vaihde`: the command-line face of the Vaihde core (its own crate, so
//! the core carries no argument parser and no runtime). Parses arguments,
//! opens the directory, runs one subcommand (one file each under `cmd/`),
//! and turns errors into a message on stderr and a non-zero exit code.

/// `println!` that returns an error instead of panicking when stdout is
/// closed (`vaihde changes | head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod args;
mod cmd;
mod context;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "vaihde", version, about = "Switchboard directory: who is in, who covers, where to transfer")]
struct Cli {
    /// Where the directory is kept (default: the platform data directory).
    #[arg(long, global = true, env = "VAIHDE_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// A team's PostgreSQL database instead of the data directory's own
    /// (postgres://user@host/db?sslmode=require); the password never shows in output.
    #[arg(long, global = true, env = "VAIHDE_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    database: Option<String>,
    /// The moment to act as of, RFC 3339 (2026-11-23T09:30:00+02:00) or local (2026-11-23 09:30). Default: now.
    #[arg(long, global = true, value_name = "TIME")]
    at: Option<String>,
    /// Who is making changes, for the change log (default: $VAIHDE_ACTOR, else $USER).
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,
    /// The language of human output: fi, sv or en (default: from $LC_ALL, $LC_MESSAGES or $LANG). `--json` has no words.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the built-in demo directory (three fictional companies), absences relative to --at.
    Demo(cmd::demo::Args),
    /// Client companies.
    #[command(subcommand)]
    Company(cmd::company::Command),
    /// Import staff from a CSV or vCard file into a company.
    Import(cmd::import::Args),
    /// People: add, edit, show, mark as left.
    #[command(subcommand)]
    Person(cmd::person::Command),
    /// Who covers for whom, in order.
    #[command(subcommand)]
    Delegate(cmd::delegate::Command),
    /// Roles and topics ("HR", "laskutus") and their holders in order.
    #[command(subcommand)]
    Role(cmd::role::Command),
    /// Absences entered by hand.
    #[command(subcommand)]
    Absence(cmd::absence::Command),
    /// Who is it, are they in, who covers, and where to transfer.
    Who(cmd::who::WhoArgs),
    /// Everyone away now (the morning list).
    Absent(cmd::who::AbsentArgs),
    /// Search names, roles, topics and numbers, misspelt or not.
    Search(cmd::search::Args),
    /// An incoming call: which company, its greeting, who is calling.
    Call(cmd::call::Args),
    /// Messages for people who cannot take the call: take, list, show, ack, done, retry.
    #[command(subcommand)]
    Message(cmd::message::Command),
    /// Messages not sent yet; --send sends them now, --every keeps delivering.
    Outbox(cmd::message::OutboxArgs),
    /// Callbacks callers asked for, the most pressing first (all companies, or one).
    Callbacks(cmd::message::CallbacksArgs),
    /// A callback: claim, release, done.
    #[command(subcommand)]
    Callback(cmd::message::CallbackCommand),
    /// The call log (of one number with --number); `calls close ID --outcome …`.
    Calls(cmd::message::CallsArgs),
    /// Erase every call from a number and every message its caller left.
    ForgetCaller(cmd::message::ForgetArgs),
    /// A company's calls, messages and open callbacks, in the company's language.
    Report(cmd::message::ReportArgs),
    /// Mail settings: the SMTP server, the sender, how long calls and messages are kept.
    #[command(subcommand)]
    Mail(cmd::message::MailCommand),
    /// A company's messaging: its message address, webhook and summary.
    Messaging(cmd::message::MessagingArgs),
    /// Calendar feeds: add, list, remove.
    #[command(subcommand)]
    Feed(cmd::feed::Command),
    /// Fetch the calendar feeds and update absences (one desk of a team at a time).
    Sync(cmd::feed::SyncArgs),
    /// The team database (PostgreSQL): create it, move this desk's directory into it, see its state.
    #[command(subcommand)]
    Team(cmd::team::Command),
    /// Read calendar files: see which occurrences make someone unavailable.
    #[command(subcommand)]
    Calendar(cmd::calendar::Command),
    /// What changed in the directory recently.
    Changes(cmd::changes::Args),
    /// Write the whole directory as one JSON backup.
    Export(cmd::backup::ExportArgs),
    /// Restore a JSON backup written by `vaihde export`.
    ImportBackup(cmd::backup::ImportArgs),
    /// Write a company's staff as a spreadsheet (CSV) that `vaihde import` reads back.
    ExportStaff(cmd::backup::ExportStaffArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Read lossily: a path that is not UTF-8 must not stop the words.
        Err(e) => match args::said(&e, context::words(args::lang_in(&args::raw()))) {
            Some(said) => {
                eprintln!("vaihde: {said}");
                return ExitCode::from(2);
            }
            // Help and version, as clap prints them.
            None => e.exit(),
        },
    };
    let words = context::words(cli.lang.as_deref());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`| head`) is not an error.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vaihde: {}", output::error(&e, words));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = context::Context::new(
        cli.data_dir,
        cli.database.as_deref(),
        cli.at.as_deref(),
        cli.actor,
        cli.lang.as_deref(),
    )?;
    // Named to the team database, so `team status` can tell who is connected.
    vaihde::store::postgres::set_desk_name(&vaihde::team::connection_name("cli", ctx.actor.as_deref()));
    match cli.command {
        Command::Demo(a) => cmd::demo::run(&ctx, a),
        Command::Company(c) => cmd::company::run(&ctx, c),
        Command::Import(a) => cmd::import::run(&ctx, a),
        Command::Person(c) => cmd::person::run(&ctx, c),
        Command::Delegate(c) => cmd::delegate::run(&ctx, c),
        Command::Role(c) => cmd::role::run(&ctx, c),
        Command::Absence(c) => cmd::absence::run(&ctx, c),
        Command::Changes(a) => cmd::changes::run(&ctx, a),
        Command::Who(a) => cmd::who::who(&ctx, a),
        Command::Absent(a) => cmd::who::absent(&ctx, a),
        Command::Search(a) => cmd::search::run(&ctx, a),
        Command::Calendar(c) => cmd::calendar::run(&ctx, c),
        Command::Feed(c) => cmd::feed::run(&ctx, c),
        Command::Message(c) => cmd::message::run(&ctx, c),
        Command::Outbox(a) => cmd::message::outbox(&ctx, a),
        Command::Callbacks(a) => cmd::message::list_callbacks(&ctx, a),
        Command::Callback(c) => cmd::message::callback(&ctx, c),
        Command::Calls(a) => cmd::message::calls(&ctx, a),
        Command::ForgetCaller(a) => cmd::message::forget(&ctx, a),
        Command::Report(a) => cmd::message::report(&ctx, a),
        Command::Mail(c) => cmd::message::mail(&ctx, c),
        Command::Messaging(a) => cmd::message::messaging(&ctx, a),
        Command::Call(a) => cmd::call::run(&ctx, a),
        Command::Sync(a) => cmd::feed::sync(&ctx, a),
        Command::Team(c) => cmd::team::run(&ctx, c),
        Command::Export(a) => cmd::backup::export(&ctx, a),
        Command::ImportBackup(a) => cmd::backup::import(&ctx, a),
        Command::ExportStaff(a) => cmd::backup::export_staff(&ctx, a),
    }
}
