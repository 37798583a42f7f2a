//! `vaihde --help` in the operator's language. Clap's derive gives the
//! shape of the command line (commands, options, which take a value); the
//! words come from the CLI's own catalogs, `cli/locales/*.ftl`, which only
//! this face shows. Every command's line, option's help, placeholder and
//! heading is looked up there by the command's path (`help-person-add`,
//! `help-person-add--given`), so the code carries no sentence of its own.

use std::io::IsTerminal as _;

use clap::{Arg, ArgAction, Command};
use vaihde::model::Language;
use vaihde::words::{Catalogs, Words};

const CATALOGS: [(Language, &str); 3] = [
    (Language::Fi, include_str!("../locales/fi.ftl")),
    (Language::Sv, include_str!("../locales/sv.ftl")),
    (Language::En, include_str!("../locales/en.ftl")),
];

/// The help catalog of `lang`, built once.
pub fn words(lang: Language) -> &'static Words {
    static HELP: Catalogs = Catalogs::new(CATALOGS);
    HELP.of(lang)
}

/// `cmd` (the derive's, without words) with every command, option and
/// heading worded in `lang`.
pub fn worded(cmd: Command, lang: Language) -> Command {
    let w = words(lang);
    let cmd = word_command(cmd, w, "help");
    // The version flag is the top command's only; clap's own is English.
    cmd.disable_version_flag(true).arg(flag(w, "version", 'V', ArgAction::Version, "helpVersionFlag"))
}

/// `--help` or `--version`, worded (clap's own are English).
fn flag(w: &Words, name: &'static str, short: char, action: ArgAction, help: &str) -> Arg {
    Arg::new(name).short(short).long(name).action(action).help(w.text(help)).help_heading(w.text("helpOptions"))
}

fn word_command(cmd: Command, w: &Words, id: &str) -> Command {
    let mut positionals = 0;
    let template = format!("{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}", w.text("helpUsage"));
    let mut cmd = cmd
        .about(w.text(id))
        .long_about(None)
        .help_template(template)
        .subcommand_help_heading(w.text("helpCommands"))
        .subcommand_value_name(w.text("helpCommandTag"))
        // `vaihde help person` is clap's, in English; `--help` is ours.
        .disable_help_subcommand(true)
        .mut_args(|a| {
            // Positionals listed in the order they are given, not by name.
            let a = if a.is_positional() {
                positionals += 1;
                a.display_order(positionals)
            } else {
                a
            };
            word_arg(a, w, id)
        })
        .disable_help_flag(true)
        .arg(flag(w, "help", 'h', ArgAction::Help, "helpFlag"));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |s| word_command(s, w, &format!("{id}-{name}")));
    }
    cmd
}

/// One option: its help (the command's own words, else what the option
/// means in every command), its placeholder, its default and variable.
fn word_arg(a: Arg, w: &Words, command: &str) -> Arg {
    let id = a.get_id().as_str().to_string();
    let own = format!("{command}--{id}");
    let mut help = if w.has(&own) { w.text(&own) } else { w.text(&format!("helpArg-{id}")) };
    let takes_values = a.get_action().takes_values();
    let defaults: Vec<String> =
        a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).filter(|v| !v.is_empty()).collect();
    if takes_values && !defaults.is_empty() {
        help.push_str(&format!(" [{}: {}]", w.text("helpDefault"), defaults.join(", ")));
    }
    if let Some(var) = a.get_env() {
        help.push_str(&format!(" [{}: {}]", w.text("helpEnv"), var.to_string_lossy()));
    }
    // The options every command takes come last, under their own heading,
    // so a command's own options are read first.
    let heading = if a.is_positional() {
        w.text("helpArguments")
    } else if a.is_global_set() {
        w.text("helpGlobalOptions")
    } else {
        w.text("helpOptions")
    };
    let names: Option<Vec<String>> = a
        .get_value_names()
        .filter(|_| takes_values)
        .map(|names| names.iter().map(|n| w.text(&format!("helpValue-{}", value_id(n.as_str())))).collect());
    let a = a.help(help).long_help(None).help_heading(heading).hide_env(true);
    // Clap words these itself, in English; they are in `help` above.
    match names {
        Some(names) => a.hide_default_value(true).hide_possible_values(true).value_names(names),
        None => a,
    }
}

/// A placeholder's catalog key: "HEADER=FIELD" → "header_field".
fn value_id(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out
}

/// Prints clap's help or version answer with the one tag clap writes
/// itself ("[OPTIONS]" in the usage line) in `lang`; styled when the
/// answer goes to a terminal. Returns the exit code clap would use.
pub fn print(e: &clap::Error, lang: Language) -> std::process::ExitCode {
    let tag = format!("[{}]", words(lang).text("helpOptionsTag"));
    let to_stdout = !e.use_stderr();
    let styled = e.render();
    let terminal = if to_stdout { std::io::stdout().is_terminal() } else { std::io::stderr().is_terminal() };
    let text = if terminal { styled.ansi().to_string() } else { styled.to_string() };
    let text = text.replace("[OPTIONS]", &tag);
    if to_stdout {
        let _ = outln!("{}", text.trim_end());
    } else {
        eprintln!("{}", text.trim_end());
    }
    std::process::ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    const LANGS: [Language; 3] = [Language::Fi, Language::Sv, Language::En];

    /// Every id a command line of `vaihde` looks up, with where it is used.
    fn looked_up(cmd: &Command, id: &str, out: &mut Vec<(String, String)>) {
        out.push((id.to_string(), id.to_string()));
        for a in cmd.get_arguments() {
            let arg = a.get_id().as_str();
            let own = format!("{id}--{arg}");
            let shared = format!("helpArg-{arg}");
            let en = words(Language::En);
            let key = if en.has(&own) { own.clone() } else { shared };
            out.push((key, own.clone()));
            if a.get_action().takes_values()
                && let Some(names) = a.get_value_names()
            {
                for n in names {
                    out.push((format!("helpValue-{}", value_id(n.as_str())), own.clone()));
                }
            }
        }
        for s in cmd.get_subcommands() {
            looked_up(s, &format!("{id}-{}", s.get_name()), out);
        }
    }

    fn ids(text: &str) -> Vec<String> {
        let mut ids: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with([' ', '#']) && l.contains(" = "))
            .filter_map(|l| l.split(" = ").next())
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_command_and_option_has_words_in_every_language() {
        let mut wanted = Vec::new();
        looked_up(&crate::Cli::command(), "help", &mut wanted);
        for lang in LANGS {
            let missing: Vec<String> = wanted
                .iter()
                .filter(|(key, _)| !words(lang).has(key))
                .map(|(key, at)| format!("{key} (for {at})"))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:#?}");
        }
    }

    #[test]
    fn the_catalogs_have_the_same_ids_and_none_unused() {
        let en = ids(CATALOGS[2].1);
        let mut once = en.clone();
        once.dedup();
        assert_eq!(once, en, "an id is defined twice");
        for (lang, text) in CATALOGS {
            assert_eq!(ids(text), en, "{lang:?} and en differ");
        }
        let mut wanted = Vec::new();
        looked_up(&crate::Cli::command(), "help", &mut wanted);
        let unused: Vec<&String> = en
            .iter()
            .filter(|id| {
                id.starts_with("help-")
                    || id.starts_with("help--")
                    || *id == "help"
                    || id.contains("Arg-")
                    || id.contains("Value-")
            })
            .filter(|id| !wanted.iter().any(|(key, _)| key == *id))
            .collect();
        assert!(unused.is_empty(), "unused: {unused:#?}");
    }

    #[test]
    fn the_code_carries_no_help_of_its_own() {
        // The derive's words would be English whatever the language; the
        // catalogs replace them all, so the code should have none to give.
        fn walk(cmd: &Command, path: &str, out: &mut Vec<String>) {
            if cmd.get_about().is_some() {
                out.push(path.to_string());
            }
            for a in cmd.get_arguments().filter(|a| a.get_help().is_some()) {
                out.push(format!("{path} --{}", a.get_id()));
            }
            for s in cmd.get_subcommands() {
                walk(s, &format!("{path} {}", s.get_name()), out);
            }
        }
        let mut found = Vec::new();
        walk(&crate::Cli::command(), "vaihde", &mut found);
        assert!(found.is_empty(), "doc comments still word these: {found:#?}");
    }

    #[test]
    fn the_worded_command_line_is_valid_in_every_language() {
        for lang in LANGS {
            worded(crate::Cli::command(), lang).debug_assert();
        }
    }

    #[test]
    fn placeholders_are_keys() {
        assert_eq!(value_id("HEADER=FIELD"), "header_field");
        assert_eq!(value_id("ROLE OR TOPIC"), "role_or_topic");
        assert_eq!(value_id("CALLS_TO_PERSON"), "calls_to_person");
    }
}
