//! Argument errors in the operator's language: clap parses, and when the
//! arguments are wrong its error is read as values (which option, which
//! value, what it takes) and worded from the catalogs. `--help` is worded
//! in `help.rs`.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use vaihde::words::{Arg, Words};

/// A value an option does not take, and those it does, in `words` (the
/// same sentence as clap's own refusals).
pub fn bad_value(words: &Words, arg: &str, value: &str, values: &str) -> anyhow::Error {
    anyhow::anyhow!("{}", invalid_value(words, arg, value, Some(values)))
}

/// "”x” is not a value --kind takes; it takes: a, b" (without what it
/// takes when that is not known).
fn invalid_value(words: &Words, arg: &str, value: &str, values: Option<&str>) -> String {
    let said = words.with("cliArgInvalidValue", &[("value", Arg::Text(value)), ("arg", Arg::Text(arg))]);
    match values.filter(|v| !v.is_empty()) {
        Some(values) => format!("{said}; {}", words.with("cliArgValidValues", &[("values", Arg::Text(values))])),
        None => said,
    }
}

/// A language code as typed (`--language`, a greeting's "fi:").
pub fn language(words: &Words, text: &str) -> anyhow::Result<vaihde::model::Language> {
    text.parse().map_err(|_| anyhow::anyhow!("{}", words.with("cliUnknownLanguage", &[("lang", Arg::Text(text))])))
}

/// The process's arguments as text (lossily: only `--lang` is read from them).
pub fn raw() -> Vec<String> {
    std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect()
}

/// The `--lang` of the raw arguments (`--lang fi` or `--lang=fi`), read
/// before parsing, since parsing is what failed.
pub fn lang_in(args: &[String]) -> Option<&str> {
    args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).map(String::as_str),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    })
}

/// What is wrong with the arguments, in `words`; `None` when clap should
/// print it itself (help, version).
pub fn said(e: &clap::Error, words: &Words) -> Option<String> {
    let text = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let suggestion = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .map(|s| words.with("cliArgSuggest", &[("suggestion", Arg::Owned(s))]));
    let said = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        ErrorKind::UnknownArgument => {
            words.with("cliArgUnknown", &[("arg", Arg::Owned(text(ContextKind::InvalidArg).unwrap_or_default()))])
        }
        ErrorKind::InvalidSubcommand => words.with(
            "cliArgUnknownCommand",
            &[("command", Arg::Owned(text(ContextKind::InvalidSubcommand).unwrap_or_default()))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
            if text(ContextKind::InvalidValue).unwrap_or_default().is_empty() =>
        {
            words.with("cliArgNeedsValue", &[("arg", Arg::Owned(text(ContextKind::InvalidArg).unwrap_or_default()))])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => invalid_value(
            words,
            &text(ContextKind::InvalidArg).unwrap_or_default(),
            &text(ContextKind::InvalidValue).unwrap_or_default(),
            text(ContextKind::ValidValue).as_deref(),
        ),
        ErrorKind::MissingRequiredArgument => {
            words.with("cliArgMissing", &[("args", Arg::Owned(text(ContextKind::InvalidArg).unwrap_or_default()))])
        }
        ErrorKind::MissingSubcommand => words.text("cliArgMissingCommand"),
        ErrorKind::ArgumentConflict => words.with(
            "cliArgConflict",
            &[
                ("arg", Arg::Owned(text(ContextKind::InvalidArg).unwrap_or_default())),
                ("other", Arg::Owned(text(ContextKind::PriorArg).unwrap_or_default())),
            ],
        ),
        _ => {
            // Clap's own first line, without its "error: " heading.
            let own = e.kind().as_str().unwrap_or("").to_string();
            words.with("cliArgInvalid", &[("detail", Arg::Owned(own))])
        }
    };
    Some(match suggestion {
        Some(tip) => format!("{said} ({tip})"),
        None => said,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_before_parsing() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(lang_in(&args(&["vaihde", "--lang", "fi", "who"])), Some("fi"));
        assert_eq!(lang_in(&args(&["vaihde", "who", "--lang=sv"])), Some("sv"));
        assert_eq!(lang_in(&args(&["vaihde", "who"])), None);
    }
}
