//! A catalog message's id, checked against the catalogs when the code is
//! compiled: `msg!("refuseNoName")` does not build if `locales/en.ftl`
//! has no such message (the three catalogs have the same ids, a test
//! keeps them so). In the desktop contract it is the window's
//! `MessageId`, the union of the catalogs' ids, so a phrase the window
//! could not word fails to compile on both sides.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The English catalog, which the check reads at compile time.
const CATALOG: &str = include_str!("../../../../locales/en.ftl");

/// A message id of `locales/*.ftl`. Made by [`msg!`](crate::msg) from a
/// literal (checked when compiling) or by [`MessageId::derived`] from a
/// code the catalogs word in full (a state, a field: tests go through
/// every value). Stored phrases read back with whatever id they had.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(Cow<'static, str>);

impl MessageId {
    /// A literal id; use [`msg!`](crate::msg), which checks it first.
    #[doc(hidden)]
    pub const fn checked(id: &'static str) -> MessageId {
        MessageId(Cow::Borrowed(id))
    }

    /// An id made from a prefix and a value's code ("field" + "given_name"
    /// → "fieldGivenName"), for closed sets whose every value a test words.
    pub fn derived(prefix: &str, code: &str) -> MessageId {
        MessageId(Cow::Owned(super::message_id(prefix, code)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for MessageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for MessageId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Whether the catalogs have a message `id`: a line that starts with it,
/// then " =" (or "="). A `const fn`, so [`msg!`](crate::msg) runs it
/// while compiling.
pub const fn is_message(id: &str) -> bool {
    let cat = CATALOG.as_bytes();
    let id = id.as_bytes();
    if id.is_empty() {
        return false;
    }
    let mut i = 0;
    while i + id.len() < cat.len() {
        if i == 0 || cat[i - 1] == b'\n' {
            let mut j = 0;
            while j < id.len() && cat[i + j] == id[j] {
                j += 1;
            }
            if j == id.len() && (cat[i + j] == b' ' || cat[i + j] == b'=') {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// A catalog message id from a literal, checked while compiling:
/// `msg!("refuseNoName")`. A typo is a build error naming the id.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {{
        const {
            assert!($crate::words::is_message($id), concat!("no message ", $id, " in locales/en.ftl"));
        }
        $crate::words::MessageId::checked($id)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_reads_whole_ids_at_line_starts() {
        assert!(is_message("refuseNoName"));
        assert!(!is_message("refuseNoNam"), "a prefix is not the id");
        assert!(!is_message("NoName"), "nor is a suffix");
        assert!(!is_message(""));
        assert_eq!(crate::msg!("refuseNoName").as_str(), "refuseNoName");
    }
}
