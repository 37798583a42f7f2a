//! End to end in the real window: every word in the operator's language.
//! The window is switched to Finnish, then Swedish (F4), and the card, the
//! chain, the result rows and the side panel are read: no word that only
//! the English catalog has may remain (names and directory data excepted),
//! dates and weekdays included. The side panel fits its chips at 1280×800
//! in all three languages. Run with `scripts/e2e`, like `e2e.rs`.

mod common;

use std::collections::BTreeSet;

use common::page::*;
use common::screenshot;
use fantoccini::Client;

/// The words of a catalog's messages (their text, not ids or variables).
fn catalog_words(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with('#') {
            continue;
        }
        // "id = value", or a select variant "[key] value".
        let value = match (line.split_once(" = "), line.strip_prefix('[').or(line.strip_prefix("*["))) {
            (Some((_, v)), _) => v,
            (None, Some(rest)) => rest.split_once("] ").map_or("", |(_, v)| v),
            _ => continue,
        };
        let mut rest = value.to_string();
        // Placeables are not words.
        while let (Some(a), Some(b)) = (rest.find('{'), rest.find('}')) {
            if b < a {
                break;
            }
            rest.replace_range(a..=b, " ");
        }
        for w in rest.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 3 {
                out.insert(w.to_lowercase());
            }
        }
    }
    out
}

/// English words a Finnish or Swedish screen must not show: in en.ftl and
/// in neither other catalog.
fn english_only() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).expect("catalog");
    let en = catalog_words(&read("en.ftl"));
    let others: BTreeSet<String> =
        catalog_words(&read("fi.ftl")).union(&catalog_words(&read("sv.ftl"))).cloned().collect();
    en.difference(&others).cloned().collect()
}

async fn screen_text(client: &Client) -> String {
    let v = client.execute("return document.body.innerText;", vec![]).await.expect("text");
    v.as_str().unwrap_or("").to_string()
}

async fn english_left(client: &Client) -> Vec<String> {
    let english = english_only();
    let text = screen_text(client).await;
    let mut found: BTreeSet<String> = BTreeSet::new();
    for w in text.split(|c: char| !c.is_alphabetic()) {
        let w = w.to_lowercase();
        if english.contains(&w) {
            found.insert(w);
        }
    }
    found.into_iter().collect()
}

/// Whether the side panel's content fits its width (nothing cut at the right edge).
async fn side_fits(client: &Client) -> bool {
    let v = client
        .execute(
            "const s = document.getElementById('side'); \
             const r = s.getBoundingClientRect(); \
             return [...s.querySelectorAll('.chip, li, span')].every(e => e.getBoundingClientRect().right <= r.right + 1) \
                    && s.scrollWidth <= s.clientWidth + 1;",
            vec![],
        )
        .await
        .expect("measure");
    v.as_bool().unwrap_or(false)
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and WebKitWebDriver: scripts/e2e"]
async fn no_english_word_is_left_on_a_finnish_or_swedish_screen() {
    let data = demo_dir();
    // Calendars with something to say, so their words are read too: a
    // file that is gone, and one with an unreadable event and an unknown zone.
    let missing = data.path().join("gone/poissaolot.ics");
    let shared = |path: &std::path::Path, label: &str| {
        let path = path.to_str().expect("utf-8");
        vaihde_cli(data.path(), &["feed", "add", path, "--company", "rakennus", "--shared", "--label", label]);
    };
    shared(&missing, "Rikki");
    let half = data.path().join("half.ics");
    std::fs::write(
        &half,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n\
         BEGIN:VEVENT\r\nUID:g\r\nSUMMARY:Lehtonen loma\r\nDTSTART;VALUE=DATE:20261201\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:z\r\nSUMMARY:Palaveri\r\nDTSTART;TZID=Mars/Base:20261202T100000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Korhonen loma\r\nDTSTART;VALUE=DATE:20261345\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .expect("write calendar");
    shared(&half, "Puolikas");
    let client = open_app(data.path()).await;
    switch_company(&client, "rak", "Rakennus-Koivu Oy").await;
    // The start-up sync has read them when the panel shows the notes.
    client
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(fantoccini::Locator::Css("#feeds .feed-warnings"))
        .await
        .expect("the calendar's notes are shown");
    let notes = text_of(&client, "#feeds .feed-warnings").await;
    assert!(notes.contains("line 9: unknown time zone “Mars/Base”") && notes.contains("line 14"), "{notes}");
    // Only the catalogs' words count (directory data such as names and
    // titles is not in them); the English screen must show many of them,
    // or finding none later would prove nothing.
    open_card(&client, "maija virtanen", "Maija Virtanen").await;
    assert!(side_fits(&client).await, "the side panel fits in English");
    let english_screen = screen_text(&client).await;
    let english = english_only();
    let chrome: BTreeSet<String> = english_screen
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| english.contains(w))
        .collect();
    assert!(chrome.len() > 10, "the English screen shows our words: {chrome:?}");

    for (lang, sample) in [("fi", "takaisin"), ("sv", "tillbaka")] {
        press(&client, "\u{E034}").await; // F4: the next language
        client
            .wait()
            .at_most(std::time::Duration::from_secs(10))
            .for_element(fantoccini::Locator::XPath(&format!(
                "//*[@id='card']//*[contains(@class,'chip')][contains(text(),'{sample}')]"
            )))
            .await
            .unwrap_or_else(|e| panic!("{lang}: the card in the new language: {e}"));
        // The side panel re-renders from the core: wait for its lists in the new words.
        let changes_title =
            if lang == "fi" { "Muutokset 30 päivän ajalta" } else { "Ändringar de senaste 30 dagarna" };
        wait_text(&client, "changes-title", changes_title, 10, "the changes title").await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let left = english_left(&client).await;
        assert!(left.is_empty(), "{lang}: English left on the screen: {left:?}\n{}", screen_text(&client).await);
        let chip = text_of(&client, "#card .status-line .chip").await;
        let expected = if lang == "fi" {
            "poissa (loma) · takaisin ma 30.11. klo 8.00"
        } else {
            "borta (semester) · tillbaka mån 30.11. kl. 08.00"
        };
        assert_eq!(chip, expected, "{lang}: the chip, weekday and time in the language");
        // The calendar's notes and failure in the language, with the line and the zone as data.
        let notes = text_of(&client, "#feeds .feed-warnings").await;
        let (line, gone) = if lang == "fi" {
            ("rivi 9: tuntematon aikavyöhyke ”Mars/Base”", "kalenteritiedostoa ei ole")
        } else {
            ("rad 9: okänd tidszon ”Mars/Base”", "kalenderfilen finns inte")
        };
        assert!(notes.contains(line), "{lang}: {notes}");
        let failing = text_of(&client, "#feeds li.failing .feed-error").await;
        assert!(failing.contains(gone), "{lang}: {failing}");
        let via = text_of(&client, "#chain li:nth-child(2) .step-via").await;
        assert_eq!(via, if lang == "fi" { "sijainen: Maija Virtanen" } else { "ersättare för Maija Virtanen" });
        assert!(side_fits(&client).await, "{lang}: the side panel fits its chips at 1280×800");
        screenshot(&client, &format!("words-{lang}")).await;
        // A person who left, in the language too.
        open_card(&client, "kari nieminen", "Kari Nieminen").await;
        let left = english_left(&client).await;
        assert!(left.is_empty(), "{lang}: English left on a former employee's card: {left:?}");
        // A refusal from the directory is said in the language too (F2: edit).
        press(&client, "\u{E032}").await;
        let given = client.wait().for_element(fantoccini::Locator::Id("person-given_name")).await.expect("form");
        given.clear().await.expect("clear");
        client.find(fantoccini::Locator::Id("person-family_name")).await.expect("family").clear().await.expect("clear");
        given.send_keys("\u{E007}").await.expect("enter");
        let refusal = text_of(&client, "#person-dialog .dialog-note.error").await;
        let expected = if lang == "fi" { "henkilöllä on oltava nimi" } else { "en person behöver ett namn" };
        assert!(refusal.contains(expected), "{lang}: {refusal}");
        let left = english_left(&client).await;
        assert!(left.is_empty(), "{lang}: English left in the refused form: {left:?}");
        given.send_keys("\u{E00C}").await.expect("esc");
        open_card(&client, "maija virtanen", "Maija Virtanen").await;
    }
    client.client.clone().close().await.expect("close");
}
