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
mod help;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

// The help of every command and option is in `cli/locales/*.ftl`, under
// the command's path (`help-person-add--given`): see `help.rs`.
#[derive(Parser)]
#[command(name = "vaihde", version)]
struct Cli {
    #[arg(long, global = true, env = "VAIHDE_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[arg(long, global = true, env = "VAIHDE_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    database: Option<String>,
    #[arg(long, global = true, value_name = "TIME")]
    at: Option<String>,
    #[arg(long = "operator", visible_alias = "actor", global = true, value_name = "NAME")]
    actor: Option<String>,
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Demo(cmd::demo::Args),
    #[command(subcommand)]
    Company(cmd::company::Command),
    Import(cmd::import::Args),
    #[command(subcommand)]
    Person(cmd::person::Command),
    #[command(subcommand)]
    Delegate(cmd::delegate::Command),
    #[command(subcommand)]
    Role(cmd::role::Command),
    #[command(subcommand)]
    Script(cmd::script::Command),
    #[command(subcommand)]
    Operator(cmd::operator::Command),
    #[command(subcommand)]
    Absence(cmd::absence::Command),
    Who(cmd::who::WhoArgs),
    Absent(cmd::who::AbsentArgs),
    Search(cmd::search::Args),
    Call(cmd::call::Args),
    #[command(subcommand)]
    Message(cmd::message::Command),
    Outbox(cmd::message::OutboxArgs),
    Callbacks(cmd::message::CallbacksArgs),
    #[command(subcommand)]
    Callback(cmd::message::CallbackCommand),
    Calls(cmd::message::CallsArgs),
    ForgetCaller(cmd::message::ForgetArgs),
    Report(cmd::report::ReportArgs),
    #[command(subcommand)]
    Mail(cmd::message::MailCommand),
    Messaging(cmd::message::MessagingArgs),
    #[command(subcommand)]
    Feed(cmd::feed::Command),
    Sync(cmd::feed::SyncArgs),
    #[command(subcommand)]
    Team(cmd::team::Command),
    #[command(subcommand)]
    Line(cmd::line::Command),
    #[command(subcommand)]
    Calendar(cmd::calendar::Command),
    Changes(cmd::changes::Args),
    Export(cmd::backup::ExportArgs),
    ImportBackup(cmd::backup::ImportArgs),
    ExportStaff(cmd::backup::ExportStaffArgs),
}

fn main() -> ExitCode {
    // `--lang` is read before parsing: the help and the argument errors
    // are worded in it. Read lossily: a path that is not UTF-8 must not
    // stop the words.
    let lang = context::words(args::lang_in(&args::raw())).lang();
    let parsed =
        help::worded(Cli::command(), lang).try_get_matches().and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => match args::said(&e, vaihde::words::Words::of(lang)) {
            Some(said) => {
                eprintln!("vaihde: {said}");
                return ExitCode::from(2);
            }
            // Help and version.
            None => return help::print(&e, lang),
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
    vaihde::store::postgres::set_desk_name(&vaihde::team::connection_name("cli", ctx.given()));
    match cli.command {
        Command::Demo(a) => cmd::demo::run(&ctx, a),
        Command::Company(c) => cmd::company::run(&ctx, c),
        Command::Import(a) => cmd::import::run(&ctx, a),
        Command::Person(c) => cmd::person::run(&ctx, c),
        Command::Delegate(c) => cmd::delegate::run(&ctx, c),
        Command::Role(c) => cmd::role::run(&ctx, c),
        Command::Script(c) => cmd::script::run(&ctx, c),
        Command::Operator(c) => cmd::operator::run(&ctx, c),
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
        Command::Report(a) => cmd::report::run(&ctx, a),
        Command::Mail(c) => cmd::message::mail(&ctx, c),
        Command::Messaging(a) => cmd::message::messaging(&ctx, a),
        Command::Call(a) => cmd::call::run(&ctx, a),
        Command::Sync(a) => cmd::feed::sync(&ctx, a),
        Command::Team(c) => cmd::team::run(&ctx, c),
        Command::Line(c) => cmd::line::run(&ctx, c),
        Command::Export(a) => cmd::backup::export(&ctx, a),
        Command::ImportBackup(a) => cmd::backup::import(&ctx, a),
        Command::ExportStaff(a) => cmd::backup::export_staff(&ctx, a),
    }
}
