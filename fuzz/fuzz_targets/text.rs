//! Any bytes (as lossy UTF-8) through the text door: it never panics, it is
//! idempotent for every kind of field, what it keeps has no control or
//! invisible formatting characters (tab and line breaks only in notes), and
//! the folded search key of stored text is the key of what was typed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vaihde::text::clean::{Kind, bounded, clipped, excerpt, normalise};

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    for kind in [Kind::Name, Kind::Line, Kind::Notes, Kind::Phone, Kind::Email] {
        let once = normalise(kind, &raw);
        assert_eq!(normalise(kind, &once), once, "{kind:?} is idempotent");
        for c in once.chars() {
            let allowed_control = kind == Kind::Notes && (c == '\n' || c == '\t');
            assert!(!c.is_control() || allowed_control, "{kind:?} kept control {c:?}");
            assert!(!matches!(c, '\u{200B}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'), "{kind:?} kept {c:?}");
        }
        if kind != Kind::Notes {
            assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "), "{kind:?} spaces");
        }
        let clip = clipped(kind, &raw);
        assert!(clip.chars().count() <= kind.limit(), "{kind:?} clipped to its limit");
        match bounded(kind, vaihde::model::Field::Title, &raw) {
            Ok(v) => assert_eq!(v, once),
            Err(e) => assert!(e.to_string().len() < 400, "errors quote an excerpt only"),
        }
    }
    assert!(excerpt(&raw).chars().count() <= 41);
    let name = normalise(Kind::Name, &raw);
    assert_eq!(vaihde::search::fold(&name), vaihde::search::fold(&normalise(Kind::Name, &name)));
});
