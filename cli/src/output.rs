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
        // A store that failed: what to do about it, in their words.
        if let Some(e) = cause.downcast_ref::<DirectoryError>().filter(|e| !matches!(e, DirectoryError::Refused(_))) {
            parts.push(words.phrase(&e.phrase()));
            break;
        }
        if let Some(e) = cause.downcast_ref::<vaihde::store::StoreError>() {
            parts.push(words.phrase(&e.phrase()));
            break;
        }
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
        // A time, day or zone that could not be read: the forms that work.
        if let Some(e) = cause.downcast_ref::<vaihde::time::TimeError>() {
            parts.push(words.phrase(&e.phrase()));
            break;
        }
        // What is wrong with a staff file: where and why, in their words.
        if let Some(e) = cause.downcast_ref::<vaihde::import::ImportError>() {
            parts.push(words.phrase(&e.phrase()));
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
