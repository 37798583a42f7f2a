//! Editing from the desk: add or edit a person, mark someone as left with
//! where their calls go, set who covers for them, add a note. Every edit is
//! one transaction through the directory, so it lands in the change log
//! with the operator's name, and the search index is refreshed at once.
//!
//! Forms arrive as the operator typed them (lists as comma-separated text);
//! turning them into a [`Person`] happens here, not in the front end.

use super::{ApiError, DelegatesArgs, LeaveArgs, NoteArgs, PersonForm, Session};
use crate::directory::{Stamp, delegates, people};
use crate::model::{Departure, Id, Person, PersonKind, Phone, PhoneKind, Redirect};
use crate::text::split_keywords;

type Result<T> = std::result::Result<T, ApiError>;

fn stamp(session: &Session) -> Stamp {
    Stamp::new(session.now(), session.actor.clone())
}

/// Adds a person (`id` null) or stores the form over an existing one.
/// Phone kinds the form does not show (other, fax) are kept as they were.
pub fn save_person(session: &mut Session, form: PersonForm) -> Result<Id> {
    let stamp = stamp(session);
    let mut p = match form.id {
        Some(id) => people::get(session.directory.conn(), id)?,
        None => {
            let mut p = Person::new(form.company_id, "", "");
            if form.outsider {
                p.kind = PersonKind::Outsider;
            }
            p
        }
    };
    p.given_name = form.given_name.trim().to_string();
    p.family_name = form.family_name.trim().to_string();
    p.title = form.title.trim().to_string();
    p.department = form.department.trim().to_string();
    p.aliases = split_keywords(&form.aliases);
    p.topics = split_keywords(&form.topics);
    p.emails = split_keywords(&form.emails).into_iter().map(|e| e.to_lowercase()).collect();
    p.notes = form.notes.trim().to_string();
    let mut phones: Vec<Phone> = Vec::new();
    for (kind, number) in
        [(PhoneKind::Extension, &form.extension), (PhoneKind::Direct, &form.direct), (PhoneKind::Mobile, &form.mobile)]
    {
        if !number.trim().is_empty() {
            let label = p.phone(kind).map(|old| old.label.clone()).unwrap_or_default();
            phones.push(Phone { kind, number: number.trim().to_string(), label });
        }
    }
    phones.extend(p.phones.iter().filter(|ph| ph.kind == PhoneKind::Other).cloned());
    p.phones = phones;
    // The directory normalises and checks on write; a refusal names the form's field.
    // A colleague's save since the form opened is refused, not overwritten.
    let id = session.directory.write(|tx| match form.id {
        Some(id) => {
            people::check_version(tx, id, form.seen_version, stamp.at)?;
            people::update(tx, &p, &stamp).map(|_| id)
        }
        None => people::insert(tx, &p, &stamp, false),
    })?;
    session.changed_people(&[id]);
    Ok(id)
}

/// Marks a person as having left on a date, with where their calls go now:
/// a colleague, or a sentence for the operator ("the customer service line").
pub fn mark_left(session: &mut Session, args: LeaveArgs) -> Result<()> {
    let stamp = stamp(session);
    let person = people::get(session.directory.conn(), args.person_id)?;
    let zone = crate::directory::companies::get(session.directory.conn(), person.company_id)?.tz();
    let on = crate::time_words::parse_typed_date(&args.on, session.now(), zone)
        .map_err(|e| ApiError::time(e).at(crate::model::Field::On))?;
    // Whether the colleague may take the calls is the directory's rule.
    let calls_to = match (args.calls_to_person, args.calls_to_text.trim()) {
        (Some(id), _) => Some(Redirect::Person(id)),
        (None, "") => None,
        (None, text) => Some(Redirect::Text(text.to_string())),
    };
    let reason = Some(args.reason.trim().to_string()).filter(|r| !r.is_empty());
    session.directory.write(|tx| {
        people::check_version(tx, person.id, args.seen_version, stamp.at)?;
        people::leave(tx, person.id, Departure { on, reason }, calls_to, &stamp)
    })?;
    session.changed_people(&[person.id]);
    Ok(())
}

/// Replaces who covers for a person, in order (first asked first).
pub fn set_delegates(session: &mut Session, args: DelegatesArgs) -> Result<()> {
    let stamp = stamp(session);
    // A kept colleague keeps their dates and topic: the directory's rule.
    // Who covers is not searched: the index stays.
    session.directory.write(|tx| {
        people::check_version(tx, args.person_id, args.seen_version, stamp.at)?;
        delegates::reorder(tx, args.person_id, &args.delegate_ids, &stamp)
    })?;
    Ok(())
}

/// Adds a dated line to the person's operator notes, newest first.
pub fn add_note(session: &mut Session, args: NoteArgs) -> Result<()> {
    let stamp = stamp(session);
    // Notes are not searched: the index stays.
    session.directory.write(|tx| people::add_note(tx, args.person_id, &args.text, &stamp))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::dispatch;
    use super::*;
    use serde_json::json;

    /// The demo session with an operator at the desk, and Rakennus-Koivu's id.
    fn session() -> (Session, Id) {
        let mut s = super::super::handlers::tests::session();
        let c = crate::directory::companies::find_by_slug(s.directory.conn(), "rakennus").unwrap().unwrap().id;
        s.actor = Some("Operaattori".into());
        (s, c)
    }

    fn find(s: &mut Session, company: Id, name: &str) -> serde_json::Value {
        let rows =
            dispatch(s, "search", json!({"query": name, "company_id": company, "all": false, "limit": 1})).unwrap();
        rows[0]["person"].clone()
    }

    fn form(company: Id) -> serde_json::Value {
        json!({"id": null, "company_id": company, "outsider": false, "given_name": "Outi", "family_name": "Uusi",
               "title": "Palkkasihteeri", "department": "Henkilöstö", "aliases": "", "topics": "palkat, lomat",
               "emails": "Outi.Uusi@rakennus-koivu.fi", "extension": "2199", "direct": "", "mobile": "040 555 0101",
               "notes": ""})
    }

    #[test]
    fn a_new_person_is_searchable_at_once_and_logged() {
        let (mut s, c) = session();
        let id = dispatch(&mut s, "save_person", form(c)).unwrap();
        let found = find(&mut s, c, "outi uusi");
        assert_eq!(found["id"], id);
        let card = dispatch(&mut s, "person_card", json!({"person_id": id})).unwrap();
        assert_eq!(card["person"]["topics"], json!(["palkat", "lomat"]));
        assert_eq!(card["person"]["emails"], json!(["outi.uusi@rakennus-koivu.fi"]));
        let changes = dispatch(&mut s, "changes", json!({"company_id": c, "days": 1})).unwrap();
        assert_eq!(changes[0]["subject"], "Outi Uusi");
        assert_eq!(changes[0]["actor"], "Operaattori");
    }

    #[test]
    fn editing_keeps_the_id_and_rejects_an_empty_name() {
        let (mut s, c) = session();
        let id = dispatch(&mut s, "save_person", form(c)).unwrap();
        let mut edited = form(c);
        edited["id"] = id.clone();
        edited["title"] = json!("HR-asiantuntija");
        assert_eq!(dispatch(&mut s, "save_person", edited.clone()).unwrap(), id);
        assert_eq!(find(&mut s, c, "outi uusi")["title"], "HR-asiantuntija");
        edited["given_name"] = json!(" ");
        edited["family_name"] = json!("");
        assert_eq!(dispatch(&mut s, "save_person", edited).unwrap_err().kind, crate::api::ErrorKind::Invalid);
    }

    #[test]
    fn leaving_sends_calls_to_a_colleague() {
        let (mut s, c) = session();
        let anne = find(&mut s, c, "Anne Korhonen");
        let liisa = find(&mut s, c, "Liisa Lehtonen");
        let args = json!({"person_id": anne["id"], "on": "2026-11-20", "reason": "eläkkeelle",
                          "calls_to_person": liisa["id"], "calls_to_text": ""});
        dispatch(&mut s, "mark_left", args).unwrap();
        let rows =
            dispatch(&mut s, "search", json!({"query": "anne korhonen", "company_id": c, "all": false, "limit": 1}))
                .unwrap();
        assert_eq!(rows[0]["kind"], "former");
        let route = dispatch(&mut s, "route", json!({"person_id": anne["id"], "topic": null})).unwrap();
        assert_eq!(route["transfer_to"]["person"]["name"], "Liisa Lehtonen");
        let bad =
            json!({"person_id": anne["id"], "on": "soon", "reason": "", "calls_to_person": null, "calls_to_text": ""});
        let e = dispatch(&mut s, "mark_left", bad).unwrap_err();
        assert_eq!(e.kind, crate::api::ErrorKind::InvalidTime);
        assert!(e.message.contains("27.11."), "{}", e.message);
    }

    #[test]
    fn delegates_set_in_order_change_the_chain() {
        let (mut s, c) = session();
        let maija = find(&mut s, c, "Maija Virtanen");
        let anne = find(&mut s, c, "Anne Korhonen");
        dispatch(&mut s, "set_delegates", json!({"person_id": maija["id"], "delegate_ids": [anne["id"]]})).unwrap();
        let route = dispatch(&mut s, "route", json!({"person_id": maija["id"], "topic": null})).unwrap();
        assert_eq!(route["chain"][1]["person"]["name"], "Anne Korhonen");
        let own = json!({"person_id": maija["id"], "delegate_ids": [maija["id"]]});
        assert_eq!(dispatch(&mut s, "set_delegates", own).unwrap_err().kind, crate::api::ErrorKind::Invalid);
    }

    #[test]
    fn notes_are_dated_newest_first() {
        let (mut s, c) = session();
        let liisa = find(&mut s, c, "Liisa Lehtonen");
        dispatch(&mut s, "add_note", json!({"person_id": liisa["id"], "text": "Prefers e-mail"})).unwrap();
        dispatch(&mut s, "add_note", json!({"person_id": liisa["id"], "text": "Back from training"})).unwrap();
        let card = dispatch(&mut s, "person_card", json!({"person_id": liisa["id"]})).unwrap();
        let notes = card["person"]["notes"].as_str().unwrap();
        assert!(
            notes.starts_with(
                "23.11.2026 10:00 (Operaattori): Back from training\n23.11.2026 10:00 (Operaattori): Prefers e-mail"
            ),
            "{notes}"
        );
        assert!(dispatch(&mut s, "add_note", json!({"person_id": liisa["id"], "text": " "})).is_err());
    }

    /// Two operators, one person: the second save from a card opened before
    /// the first is refused with who and when, never silently written over.
    #[test]
    fn a_save_from_a_stale_card_is_refused_with_who_and_when() {
        let (mut s, c) = session();
        let en = crate::words::Words::of(crate::model::Language::En);
        let maija = find(&mut s, c, "Maija Virtanen");
        let card = dispatch(&mut s, "person_card", json!({"person_id": maija["id"]})).unwrap();
        let opened = card["version"].clone();
        // Jenny, at another desk, saves a new title 20 seconds later.
        let mut jenny = form(c);
        jenny["id"] = maija["id"].clone();
        jenny["seen_version"] = opened.clone();
        jenny["given_name"] = json!("Maija");
        jenny["family_name"] = json!("Virtanen");
        jenny["title"] = json!("Henkilöstöjohtaja");
        let at = s.now();
        s.actor = Some("Jenny".into());
        s.clock = crate::api::Clock::Fixed(at + chrono::Duration::seconds(20));
        dispatch(&mut s, "save_person", jenny.clone()).unwrap();
        // This desk saves from the card it opened before: refused, in words.
        s.actor = Some("Operaattori".into());
        s.clock = crate::api::Clock::Fixed(at + chrono::Duration::seconds(40));
        let mut mine = jenny.clone();
        mine["title"] = json!("HR-päällikkö");
        let e = dispatch(&mut s, "save_person", mine.clone()).unwrap_err();
        assert_eq!(
            en.phrase(&e.said.clone().expect("worded")),
            "Maija Virtanen was changed by Jenny 20 seconds ago — reload and try again"
        );
        assert_eq!(find(&mut s, c, "maija virtanen")["title"], "Henkilöstöjohtaja", "Jenny's edit stands");
        for (cmd, args) in [
            ("set_delegates", json!({"person_id": maija["id"], "delegate_ids": [], "seen_version": opened})),
            (
                "mark_left",
                json!({"person_id": maija["id"], "seen_version": opened, "on": "2026-11-30", "reason": "",
                       "calls_to_person": null, "calls_to_text": ""}),
            ),
        ] {
            let e = dispatch(&mut s, cmd, args).unwrap_err();
            assert!(e.said.is_some_and(|p| p.id == "refuseChangedMeanwhileBy"), "{cmd}");
        }
        // Reloaded, the save goes through.
        let card = dispatch(&mut s, "person_card", json!({"person_id": maija["id"]})).unwrap();
        mine["seen_version"] = card["version"].clone();
        dispatch(&mut s, "save_person", mine).unwrap();
        assert_eq!(find(&mut s, c, "maija virtanen")["title"], "HR-päällikkö");
    }

    /// The same refusals as the CLI's (tests/cli.rs), worded from the same phrase.
    #[test]
    fn refusals_come_from_the_directory_with_the_clis_sentences() {
        let (mut s, c) = session();
        let fi = crate::words::Words::of(crate::model::Language::Fi);
        let said = |e: ApiError| fi.phrase(&e.said.expect("a refusal is worded"));
        let maija = find(&mut s, c, "Maija Virtanen");
        let kirsi = find(&mut s, c, "Kirsi Laine");
        let mut empty = form(c);
        empty["given_name"] = json!(" ");
        empty["family_name"] = json!("");
        let e = dispatch(&mut s, "save_person", empty).unwrap_err();
        assert_eq!(e.field, Some(crate::model::Field::GivenName));
        assert_eq!(said(e), "henkilöllä on oltava nimi: täytä etu- tai sukunimi");
        let to_former = json!({"person_id": maija["id"], "on": "2026-11-30", "reason": "",
                               "calls_to_person": kirsi["id"], "calls_to_text": ""});
        assert_eq!(
            said(dispatch(&mut s, "mark_left", to_former).unwrap_err()),
            "myös Kirsi Laine on lopettanut: valitse nykyinen kollega"
        );
        let former = json!({"person_id": maija["id"], "delegate_ids": [kirsi["id"]]});
        assert_eq!(
            said(dispatch(&mut s, "set_delegates", former).unwrap_err()),
            "Kirsi Laine on lopettanut eikä voi olla sijainen"
        );
        let note = json!({"person_id": maija["id"], "text": " "});
        assert_eq!(said(dispatch(&mut s, "add_note", note).unwrap_err()), "huomio on tyhjä");
    }
}
