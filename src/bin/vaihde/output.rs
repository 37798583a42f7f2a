//! Printing: `--json` gives stable machine-readable documents, otherwise
//! short human text. Untrusted text is printed as is, never interpreted.

use serde::Serialize;

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
