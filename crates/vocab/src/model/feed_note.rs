//! What the calendar reader has to say about one part of a feed, as a value:
//! an event it skipped and why, a zone it did not know, a rule it cut. The
//! faces word it in the operator's language (`note…` and `unreadable…`
//! messages of the catalogs); stored with the feed as JSON. Technical bits
//! (the line as written, a rule, a zone's name) are data, quoted as they
//! are.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedNote {
    /// An event, with the rest of its series, was skipped.
    Skipped { line: u32, why: Unreadable },
    /// A TZID no lookup or definition knows: its times were taken in the company's zone.
    UnknownZone { line: u32, zone: String },
    /// DTEND before DTSTART: read as a moment at its start.
    EndBeforeStart { line: u32 },
    /// A sub-daily rule (FREQ=SECONDLY …): not an absence, skipped.
    TooFineGrained { line: u32, freq: String },
    /// A rule that makes more occurrences in the window than are used.
    TooManyOccurrences { line: u32, max: u32 },
    /// The feed made more absences than a feed keeps: the earliest are kept.
    Capped { max: u32, days: u32, until: NaiveDate, dropped: u32 },
    /// Stored as a sentence before notes were values.
    Said { text: String },
}

/// Why a part of a calendar cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unreadable {
    /// A line that is not `NAME;PARAMS:VALUE`.
    Line {
        text: String,
    },
    /// A value that is not what its property needs (a date, a date-time,
    /// a duration, a period).
    Value {
        property: String,
        value: String,
    },
    NoStart,
    StartTwice,
    /// An RRULE of no known FREQ.
    UnknownFreq {
        rule: String,
    },
    /// A local time the clocks skip (a daylight-saving gap).
    DstGap {
        property: String,
    },
    /// A rule the recurrence library cannot expand.
    Rule {
        rule: String,
    },
    /// Another part of the same series (UID) cannot be read.
    Series {
        uid: String,
    },
    /// Components nested deeper than any calendar program writes.
    TooDeep {
        max: u32,
    },
    /// END:x that closes BEGIN:y.
    EndMismatch {
        end: String,
        begin: String,
        begin_line: u32,
    },
    EndWithoutBegin {
        name: String,
    },
    /// BEGIN:x never closed: the file looks truncated.
    NeverClosed {
        name: String,
    },
}

impl FeedNote {
    /// Reads a stored note: a value, or a sentence stored before notes were values.
    pub fn from_stored(v: serde_json::Value) -> FeedNote {
        match v {
            serde_json::Value::String(text) => FeedNote::Said { text },
            other => {
                serde_json::from_value(other.clone()).unwrap_or_else(|_| FeedNote::Said { text: other.to_string() })
            }
        }
    }
}

/// A line number as a note keeps it.
pub fn line_no(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// In English, for logs and the developer's `calendar inspect`.
impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::words::Words::of(super::Language::En).unreadable(self))
    }
}

/// In English, for logs.
impl std::fmt::Display for FeedNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::words::Words::of(super::Language::En).feed_note(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::words::Words;

    #[test]
    fn stored_notes_read_back_and_old_sentences_stay_sentences() {
        let note = FeedNote::Skipped { line: 12, why: Unreadable::DstGap { property: "DTSTART".into() } };
        let stored = serde_json::to_value(&note).unwrap_or_default();
        assert_eq!(FeedNote::from_stored(stored), note);
        let old = serde_json::Value::String("x.ics, line 3: unknown time zone".into());
        assert_eq!(FeedNote::from_stored(old), FeedNote::Said { text: "x.ics, line 3: unknown time zone".into() });
    }

    #[test]
    fn every_note_is_worded_in_every_language_without_english_left() {
        let date = NaiveDate::from_ymd_opt(2027, 3, 9).unwrap_or_default();
        let notes = [
            FeedNote::Skipped { line: 1234, why: Unreadable::Value { property: "DTEND".into(), value: "2027".into() } },
            FeedNote::UnknownZone { line: 5, zone: "Mars/Olympus".into() },
            FeedNote::EndBeforeStart { line: 5 },
            FeedNote::TooFineGrained { line: 5, freq: "SECONDLY".into() },
            FeedNote::TooManyOccurrences { line: 5, max: 5000 },
            FeedNote::Capped { max: 50_000, days: 430, until: date, dropped: 7 },
        ];
        for note in &notes {
            let en = Words::of(Language::En).feed_note(note);
            for lang in [Language::Fi, Language::Sv] {
                let said = Words::of(lang).feed_note(note);
                assert_ne!(said, en, "{lang:?}");
                for english in ["line", "skipped", "zone", "window", "absences", "kept"] {
                    assert!(!said.split(|c: char| !c.is_alphanumeric()).any(|w| w == english), "{said}");
                }
            }
        }
        // A line number is never grouped as a quantity would be.
        assert!(Words::of(Language::Fi).feed_note(&notes[0]).starts_with("rivi 1234:"));
        assert!(Words::of(Language::Sv).feed_note(&notes[5]).contains("(till 9.3.2027)"));
        assert!(Words::of(Language::En).feed_note(&notes[5]).contains("(up to 9 Mar 2027)"));
    }
}
