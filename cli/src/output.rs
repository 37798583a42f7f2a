//! Printing: `--json` gives stable machine-readable documents, otherwise
//! short human text. Untrusted text is printed as is, never interpreted.

use serde::Serialize;
use vaihde::directory::DirectoryError;
use vaihde::model::{Refusal, Thing};
use vaihde::words::Words;

/// An error for stderr: what the directory refused in the operator's words
/// (with the command that lists what there is, when nothing matched), the
/// rest as the error chain says it.
pub fn error(e: &anyhow::Error, words: &Words) -> String {
    let mut parts = Vec::new();
    for cause in e.chain() {
        if let Some(DirectoryError::Refused(r)) = cause.downcast_ref::<DirectoryError>() {
            let mut said = words.phrase(&r.phrase());
            let hint = match r {
                Refusal::NotFound { what: Thing::Company, .. } => Some("cliHintCompanies"),
                Refusal::NotFound { what: Thing::Role, .. } => Some("cliHintRoles"),
                Refusal::NotFound { what: Thing::Feed, .. } => Some("cliHintFeeds"),
                _ => None,
            };
            if let Some(id) = hint {
                said = format!("{said}. {}", words.text(id));
            }
            parts.push(said);
            // Its sources are the same refusal, told again.
            break;
        }
        // An error of the core that knows its words (a store that failed
        // and what to do, a staff file's line, a time that cannot be read):
        // they say it all, so its sources are not told again.
        if let Some(said) = said(cause) {
            parts.push(words.phrase(&said));
            break;
        }
        // A cause already told in what its wrapper said is not told again
        // (a store error says its database error's words).
        let text = cause.to_string();
        if !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// The phrase of a core error that has one.
fn said(cause: &(dyn std::error::Error + 'static)) -> Option<vaihde::words::Phrase> {
    use vaihde::words::Said;
    macro_rules! try_each {
        ($($t:ty),* $(,)?) => {
            $(if let Some(e) = cause.downcast_ref::<$t>() {
                return Some(e.phrase());
            })*
        };
    }
    try_each!(
        DirectoryError,
        vaihde::line::LineError,
        vaihde::store::StoreError,
        vaihde::import::ImportError,
        vaihde::time::TimeError,
        vaihde::backup::BackupError,
        vaihde::export::ExportError,
        vaihde::store::copy::CopyError,
        vaihde::demo::DemoError,
        vaihde::paths::NoDataDir,
        vaihde::messages::mail::ComposeError,
    );
    None
}

/// A label as it starts a line: "kieli" → "Kieli".
pub fn label(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An error the desktop contract answered (the CLI's search runs the
/// window's): its refusal worded, else the technical detail.
pub fn api_error(e: &vaihde::api::ApiError, words: &Words) -> String {
    match &e.said {
        Some(p) => words.phrase(p),
        None => e.message.clone(),
    }
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?)?;
    Ok(())
}

/// One compact JSON object per line (for lists).
pub fn json_lines<T: Serialize>(items: &[T]) -> anyhow::Result<()> {
    for item in items {
        outln!("{}", serde_json::to_string(item)?)?;
    }
    Ok(())
}
