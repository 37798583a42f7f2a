use chrono::TimeZone;

use super::*;

#[test]
fn the_three_catalogs_parse_and_have_the_same_messages() {
    let (en, errors) = shape(CATALOGS[2].1);
    assert!(errors.is_empty(), "en.ftl: {errors:?}");
    for (lang, text) in CATALOGS {
        let (s, errors) = shape(text);
        assert!(errors.is_empty(), "{lang}.ftl: {errors:?}");
        let missing: Vec<&String> = en.keys().filter(|id| !s.contains_key(*id)).collect();
        let extra: Vec<&String> = s.keys().filter(|id| !en.contains_key(*id)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}.ftl: missing {missing:?}, not in en.ftl {extra:?}");
    }
}

#[test]
fn every_message_formats_in_every_language_without_errors() {
    let all = union();
    for lang in Language::ALL {
        let w = Words::of(lang);
        for (id, vars) in &all {
            let pattern = w.bundle.get_message(id).and_then(|m| m.value());
            let Some(pattern) = pattern else { panic!("{lang}: {id} has no value") };
            let mut fargs = FluentArgs::new();
            for v in vars {
                fargs.set(v.as_str(), "x");
            }
            let mut errors = Vec::new();
            let text = w.bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            assert!(errors.is_empty(), "{lang}: {id}: {errors:?}");
            assert!(!text.trim().is_empty(), "{lang}: {id} is empty");
        }
    }
}

#[test]
fn moments_read_as_each_language_writes_them() {
    let at = chrono::Utc.with_ymd_and_hms(2026, 12, 8, 6, 0, 0).single().expect("valid");
    let zone: Tz = "Europe/Helsinki".parse().expect("zone");
    assert_eq!(Words::of(Language::Fi).moment(at, zone), "ti 8.12. klo 8.00");
    assert_eq!(Words::of(Language::Sv).moment(at, zone), "tis 8.12. kl. 08.00");
    assert_eq!(Words::of(Language::En).moment(at, zone), "Tue 8 Dec 08:00");
    let d = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    assert_eq!(Words::of(Language::Fi).day(d), "ma 30.11.");
    assert_eq!(Words::of(Language::En).day(d), "Mon 30 Nov");
    assert_eq!(Words::of(Language::Sv).date(d), "30.11.2026");
    assert_eq!(Words::of(Language::En).date(d), "30 Nov 2026");
}

#[test]
fn a_missing_id_comes_back_as_itself_and_no_isolation_marks_are_added() {
    let w = Words::of(Language::En);
    assert_eq!(w.text("noSuchMessage"), "noSuchMessage");
    assert_eq!(w.with("viaDelegateOf", &[("name", "Maija Virtanen".into())]), "delegate of Maija Virtanen");
}

#[test]
fn the_locale_picks_the_language() {
    assert_eq!(language_from_locale("fi_FI.UTF-8"), Some(Language::Fi));
    assert_eq!(language_from_locale("sv_SE"), Some(Language::Sv));
    assert_eq!(language_from_locale("C.UTF-8"), None);
    assert_eq!(language_from_locale("en_GB.utf8"), Some(Language::En));
}

#[test]
fn every_refusal_is_worded_in_every_language_without_gaps() {
    use crate::model::Refusal;
    for r in Refusal::samples() {
        let phrase = r.phrase();
        for (lang, _) in super::CATALOGS {
            let said = Words::of(lang).phrase(&phrase);
            assert!(!said.is_empty() && said != phrase.id.as_str(), "{lang:?}: {phrase:?} has no message");
            assert!(!said.contains("{$") && !said.contains("Unknown"), "{lang:?}: {said}");
            for arg in &phrase.args {
                if let crate::words::PhraseValue::Word { id } = &arg.value {
                    assert_ne!(Words::of(lang).text(id.as_str()), id.as_str(), "{lang:?}: no message {id}");
                }
            }
        }
    }
    let fi = Words::of(crate::model::Language::Fi);
    let too_long =
        Refusal::TooLong { field: crate::model::Field::FamilyName, len: 201, limit: 200, excerpt: "VV".into() };
    assert_eq!(fi.phrase(&too_long.phrase()), "sukunimi: 201 merkkiä (”VV”); enintään 200 mahtuu: lyhennä");
    assert_eq!(
        Refusal::DatesReversed {
            from: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            until: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        }
        .english(),
        "the dates 8 Dec 2026 – 1 Dec 2026 end before they start"
    );
}

#[test]
fn every_text_field_id_has_a_name_in_every_language() {
    for field in crate::model::Field::ALL {
        let message = field.word();
        for (lang, _) in super::CATALOGS {
            assert_ne!(Words::of(lang).text(message.as_str()), message.as_str(), "{lang:?}: {message}");
        }
    }
}

/// The company's time of day in the context bar and a company's opening
/// hours are each language's own: the core used to send "14:05" ready-made.
#[test]
fn a_time_of_day_in_each_language() {
    assert_eq!(Words::of(Language::Fi).clock(8, 5), "8.05");
    assert_eq!(Words::of(Language::Sv).clock(8, 5), "08.05");
    assert_eq!(Words::of(Language::En).clock(8, 5), "08:05");
}

/// Regression: reversed opening hours were refused with an English weekday
/// and "17:00" times in every language.
#[test]
fn reversed_hours_are_refused_in_the_operators_words() {
    let r = crate::model::Refusal::HoursReversed {
        weekday: chrono::Weekday::Mon,
        opens: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        closes: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
    };
    assert_eq!(
        Words::of(Language::Fi).phrase(&r.phrase()),
        "aukioloaika (ma): sulkeutuminen 8.00 ei ole avautumisen 17.00 jälkeen"
    );
    assert_eq!(
        Words::of(Language::Sv).phrase(&r.phrase()),
        "öppettider (mån): stängning 08.00 är inte efter öppning 17.00"
    );
}

/// Regression: a message defined twice (an id added again at the end of a
/// catalog) passed every test while the bundle dropped the second.
#[test]
fn a_message_defined_twice_is_an_error() {
    let (_, errors) = shape("cliNote = Note\ncliNote = note\n");
    assert_eq!(errors, ["message cliNote is defined twice"]);
}

#[test]
fn quantities_are_grouped_as_each_language_writes_them_and_as_the_window_does() {
    let capped = |lang| {
        Words::of(lang).with("noteTooManyOccurrences", &[("line", Arg::Owned("1234".into())), ("max", Arg::Num(12345))])
    };
    // A line number is a place, passed as text: never grouped.
    assert!(
        capped(Language::Fi).contains("1234") && capped(Language::Fi).contains("12\u{a0}345"),
        "{}",
        capped(Language::Fi)
    );
    assert!(capped(Language::Sv).contains("12\u{a0}345"), "{}", capped(Language::Sv));
    assert!(capped(Language::En).contains("12,345"), "{}", capped(Language::En));
    let n = |v: f64| super::grouped(&FluentValue::from(v), ",", "-");
    assert_eq!(n(999.0).as_deref(), Some("999"));
    assert_eq!(n(1000.0).as_deref(), Some("1,000"));
    assert_eq!(n(1_234_567.0).as_deref(), Some("1,234,567"));
    assert_eq!(n(-4000.0).as_deref(), Some("-4,000"));
    assert_eq!(n(2.5), None, "a fraction is Fluent's to format");
}
