//! Presence and routing, table-driven with a fixed clock: who is in, when
//! they are back, who covers, and where the call goes.

use chrono::{DateTime, NaiveTime, TimeZone, Utc, Weekday};
use vaihde::directory::{Stamp, absences, companies, delegates, people, roles};
use vaihde::model::{
    AbsenceKind, CallsTo, Company, Delegate, Departure, Id, Language, NewAbsence, OpeningSpan, Person, Phone,
    PhoneKind, Redirect, Role,
};
use vaihde::presence::{
    PhoneStates, Presence, RouteNote, State, Via, route_person, route_role, route_topic, status_at,
};
use vaihde::store::Store;
use vaihde::words::Describe as _;
use vaihde::words::Words;

/// When someone is back (or the company opens), in English words.
fn back(p: &Presence) -> Option<String> {
    p.until.map(|u| Words::of(Language::En).moment(u, p.zone.parse().unwrap()))
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

struct World {
    store: Store,
    company: Id,
}

fn stamp() -> Stamp {
    Stamp::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(), None)
}

fn company(slug: &str, zone: &str, mobile: bool) -> Company {
    let span = |weekday| OpeningSpan {
        weekday,
        opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
    };
    let mut c = Company::new(slug, &format!("{slug} Oy"), Language::Fi, zone);
    c.opening_hours = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].map(span).to_vec();
    c.allow_mobile_transfer = mobile;
    c.fallback = "Vaihde 100: ota viesti".into();
    c
}

impl World {
    fn new() -> World {
        World::in_zone("Europe/Helsinki", false)
    }

    fn in_zone(zone: &str, mobile: bool) -> World {
        let store = Store::open_in_memory().unwrap();
        let company = companies::insert(store.conn(), &company("testi", zone, mobile), &stamp(), false).unwrap();
        World { store, company }
    }

    fn person(&self, name: &str, ext: Option<&str>) -> Id {
        let mut p = Person::new(self.company, name, "Testinen");
        if let Some(e) = ext {
            p.phones.push(Phone { kind: PhoneKind::Extension, number: e.into(), label: String::new() });
        }
        p.phones.push(Phone { kind: PhoneKind::Mobile, number: "040 1".into(), label: String::new() });
        people::insert(self.store.conn(), &p, &stamp(), false).unwrap()
    }

    fn delegates(&self, person: Id, list: &[Id]) {
        let list: Vec<Delegate> = list
            .iter()
            .map(|&d| Delegate { delegate_id: d, position: 0, from: None, until: None, topic: None })
            .collect();
        delegates::set(self.store.conn(), person, &list, &stamp()).unwrap();
    }

    fn away(&self, person: Id, kind: AbsenceKind, from: &str, until: &str) {
        let a = NewAbsence { person_id: person, starts_at: t(from), ends_at: t(until), kind, reason: String::new() };
        absences::add_manual(self.store.conn(), &a, &stamp()).unwrap();
    }

    fn target(&self, person: Id, at: &str) -> Option<String> {
        let r = route_person(self.store.conn(), person, t(at), None, &PhoneStates::unknown()).unwrap();
        r.transfer_to.map(|x| x.person.map(|p| p.name).or(x.words).unwrap_or_default())
    }

    fn chain(&self, person: Id, at: &str) -> Vec<(String, &'static str)> {
        route_person(self.store.conn(), person, t(at), None, &PhoneStates::unknown())
            .unwrap()
            .chain
            .into_iter()
            .map(|s| (s.person.name, s.status.state.code()))
            .collect()
    }
}

// Monday 23 November 2026, 10:00 in Helsinki.
const MON_10: &str = "2026-11-23T10:00:00+02:00";

#[test]
fn in_person_takes_the_call_on_their_extension() {
    let w = World::new();
    let a = w.person("Anna", Some("2001"));
    let r = route_person(w.store.conn(), a, t(MON_10), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::In);
    assert_eq!(r.caller_sentence, None, "nothing to explain when they answer themselves");
    let to = r.transfer_to.unwrap();
    assert_eq!((to.number.as_deref(), to.phone), (Some("2001"), Some(PhoneKind::Extension)));
}

#[test]
fn a_colleague_on_the_phone_is_skipped_like_one_in_a_meeting() {
    use vaihde::presence::{ColleagueState, Skip};
    let w = World::new();
    let (a, b, c) = (w.person("Anna", Some("2001")), w.person("Bertta", Some("2002")), w.person("Cecilia", None));
    w.delegates(a, &[b, c]);
    let phones: PhoneStates =
        [("2001".to_string(), ColleagueState::Busy), ("2002".to_string(), ColleagueState::Ringing)]
            .into_iter()
            .collect();
    let r = route_person(w.store.conn(), a, t(MON_10), None, &phones).unwrap();
    assert_eq!(r.status.state, State::In, "their status is still in: the line is what is busy");
    assert_eq!(r.chain[0].why_skipped, Some(Skip::OnThePhone));
    assert_eq!((r.chain[0].extension.as_deref(), r.chain[0].line), (Some("2001"), Some(ColleagueState::Busy)));
    // Ringing is not yet a call: Bertta may well answer the transfer.
    assert_eq!(r.chain[1].why_skipped, None);
    assert_eq!(r.chain[1].line, Some(ColleagueState::Ringing));
    let to = r.transfer_to.unwrap();
    assert_eq!((to.person.unwrap().name.as_str(), to.number.as_deref()), ("Bertta Testinen", Some("2002")));
    let en = Words::of(Language::En);
    assert_eq!(en.skip(Skip::OnThePhone, &r.chain[0].status), "on another call: the transfer would not be answered");
    // The caller hears why, and not a time: a call has no end the directory knows.
    let said = r.caller_sentence.expect("a sentence for the caller").words();
    assert!(said.starts_with("Anna Testinen puhuu juuri toista puhelua."), "{said}");
    assert!(said.contains("Bertta Testinen"), "{said}");
    // Without line state the same walk puts the call through to Anna.
    assert_eq!(w.target(a, MON_10).as_deref(), Some("Anna Testinen"));
}

#[test]
fn chain_of_three_with_the_middle_one_away() {
    let w = World::new();
    let (a, b, c) = (w.person("Anna", Some("1")), w.person("Bertta", Some("2")), w.person("Cecilia", Some("3")));
    w.delegates(a, &[b]);
    w.delegates(b, &[c]);
    w.away(a, AbsenceKind::Holiday, "2026-11-20T00:00:00+02:00", "2026-11-28T00:00:00+02:00");
    w.away(b, AbsenceKind::Sick, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    assert_eq!(w.target(a, MON_10).as_deref(), Some("Cecilia Testinen"));
    assert_eq!(
        w.chain(a, MON_10),
        vec![("Anna Testinen".into(), "away"), ("Bertta Testinen".into(), "away"), ("Cecilia Testinen".into(), "in")]
    );
    let r = route_person(w.store.conn(), a, t(MON_10), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.chain[1].via, Via::DelegateOf { name: "Anna Testinen".into() });
    assert_eq!(r.chain[2].via, Via::DelegateOf { name: "Bertta Testinen".into() });
    let en = Words::of(Language::En);
    assert!(
        en.skip(r.chain[0].why_skipped.unwrap(), &r.chain[0].status)
            .starts_with("away (holiday) · back Mon 30 Nov 08:00"),
        "{:?}",
        r.chain[0]
    );
}

#[test]
fn own_second_choice_comes_before_the_first_choices_deputy() {
    let w = World::new();
    let (a, b, x, c) =
        (w.person("A", Some("1")), w.person("B", Some("2")), w.person("X", Some("4")), w.person("C", Some("3")));
    w.delegates(a, &[b, x]);
    w.delegates(b, &[c]);
    w.away(a, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    w.away(b, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    assert_eq!(w.target(a, MON_10).as_deref(), Some("X Testinen"));
}

#[test]
fn delegate_loop_ends_at_the_company_fallback() {
    let w = World::new();
    let (a, b) = (w.person("Anna", Some("1")), w.person("Bertta", Some("2")));
    w.delegates(a, &[b]);
    w.delegates(b, &[a]);
    w.away(a, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    w.away(b, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    assert_eq!(w.target(a, MON_10).as_deref(), Some("Vaihde 100: ota viesti"));
    assert_eq!(w.chain(a, MON_10).len(), 2, "each asked once");
}

#[test]
fn delegate_away_only_in_the_afternoon() {
    let w = World::new();
    let (a, b, c) = (w.person("Anna", Some("1")), w.person("Bertta", Some("2")), w.person("Cecilia", Some("3")));
    w.delegates(a, &[b, c]);
    w.away(a, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    w.away(b, AbsenceKind::Meeting, "2026-11-23T13:00:00+02:00", "2026-11-23T15:00:00+02:00");
    assert_eq!(w.target(a, MON_10).as_deref(), Some("Bertta Testinen"));
    assert_eq!(w.target(a, "2026-11-23T14:00:00+02:00").as_deref(), Some("Cecilia Testinen"));
    let s = status_at(
        w.store.conn(),
        &people::get(w.store.conn(), b).unwrap(),
        &companies::get(w.store.conn(), w.company).unwrap(),
        t("2026-11-23T14:00:00+02:00"),
    )
    .unwrap();
    assert_eq!(s.state, State::Busy);
    assert_eq!(back(&s).as_deref(), Some("Mon 23 Nov 15:00"));
}

#[test]
fn holiday_ending_friday_is_back_monday_morning() {
    let w = World::new();
    let a = w.person("Anna", Some("1"));
    // Holiday through Friday 27.11 (ends at Saturday's midnight); the weekend is closed.
    w.away(a, AbsenceKind::Holiday, "2026-11-16T00:00:00+02:00", "2026-11-28T00:00:00+02:00");
    let r = route_person(w.store.conn(), a, t("2026-11-25T11:00:00+02:00"), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::Away);
    assert_eq!(r.status.until, Some(t("2026-11-30T08:00:00+02:00")));
    assert_eq!(back(&r.status).as_deref(), Some("Mon 30 Nov 08:00"));
    assert_eq!(r.status.since, Some(t("2026-11-16T00:00:00+02:00")));
}

#[test]
fn back_to_back_and_overlapping_absences_merge() {
    let w = World::new();
    let a = w.person("Anna", Some("1"));
    w.away(a, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-25T00:00:00+02:00");
    w.away(a, AbsenceKind::Training, "2026-11-25T00:00:00+02:00", "2026-11-26T12:00:00+02:00");
    w.away(a, AbsenceKind::Meeting, "2026-11-26T11:00:00+02:00", "2026-11-26T13:30:00+02:00");
    w.away(a, AbsenceKind::Meeting, "2026-11-26T15:00:00+02:00", "2026-11-26T15:30:00+02:00");
    let r = route_person(w.store.conn(), a, t(MON_10), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.until, Some(t("2026-11-26T13:30:00+02:00")), "the 15:00 meeting leaves a gap");
    assert_eq!(r.status.reason, Some(AbsenceKind::Holiday));
}

#[test]
fn all_day_absence_in_another_companys_zone() {
    let w = World::in_zone("Europe/London", false);
    let a = w.person("Alice", Some("101"));
    // A whole London day: midnight to midnight London time.
    w.away(a, AbsenceKind::Sick, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z");
    // 01:30 in Helsinki on Tuesday is still 23:30 on Monday in London.
    let r = route_person(w.store.conn(), a, t("2026-11-24T01:30:00+02:00"), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::Away);
    assert_eq!(r.status.until, Some(t("2026-11-24T08:00:00Z")), "back when London opens");
    assert_eq!(back(&r.status).as_deref(), Some("Tue 24 Nov 08:00"));
    let r = route_person(w.store.conn(), a, t("2026-11-24T10:30:00+02:00"), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::In);
}

#[test]
fn outside_opening_hours() {
    let w = World::new();
    let a = w.person("Anna", Some("1"));
    let r = route_person(w.store.conn(), a, t("2026-11-28T12:00:00+02:00"), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::OutsideHours);
    assert_eq!(back(&r.status).as_deref(), Some("Mon 30 Nov 08:00"));
    assert_eq!(r.transfer_to.unwrap().words.as_deref(), Some("Vaihde 100: ota viesti"));
}

#[test]
fn tentative_is_shown_but_still_takes_calls() {
    let w = World::new();
    let a = w.person("Anna", Some("1"));
    w.away(a, AbsenceKind::Tentative, "2026-11-23T09:00:00+02:00", "2026-11-23T11:00:00+02:00");
    let r = route_person(w.store.conn(), a, t(MON_10), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::Tentative);
    assert_eq!(r.transfer_to.unwrap().number.as_deref(), Some("1"));
}

#[test]
fn former_employee_whose_successor_is_away() {
    let w = World::new();
    let (old, heir, deputy) = (w.person("Olli", Some("9")), w.person("Heikki", Some("1")), w.person("Dora", Some("2")));
    w.delegates(heir, &[deputy]);
    w.away(heir, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    let departure = Departure { on: "2025-03-31".parse().unwrap(), reason: Some("retired".into()) };
    people::leave(w.store.conn(), old, departure, Some(Redirect::Person(heir)), &stamp()).unwrap();
    let r = route_person(w.store.conn(), old, t(MON_10), None, &PhoneStates::unknown()).unwrap();
    assert_eq!(r.status.state, State::Left);
    assert_eq!(
        r.caller_sentence.as_ref().map(|c| c.words()).as_deref(),
        Some("Olli Testinen ei enää työskentele meillä. Dora Testinen hoitaa nyt hänen asiansa – yhdistänkö?")
    );
    let note = r.note.as_ref().map(|n| Words::of(Language::En).route_note(n));
    assert_eq!(note.as_deref(), Some("Left 31 Mar 2025; calls go to Heikki Testinen"));
    assert_eq!(r.transfer_to.unwrap().person.unwrap().name, "Dora Testinen");
    let states: Vec<_> = r.chain.iter().map(|s| s.status.state.code()).collect();
    assert_eq!(states, ["left", "away", "in"]);
}

/// Where a former employee's calls go is a value, worded in the operator's
/// language: the core once made "role HR" in English, which a Finnish
/// screen showed as it was.
#[test]
fn a_former_employee_redirected_to_a_role_is_said_in_each_language() {
    let w = World::new();
    let (old, holder) = (w.person("Olli", Some("9")), w.person("Anna", Some("1")));
    let role = Role { id: 0, company_id: w.company, name: "HR".into(), aliases: vec![], holders: vec![holder] };
    let role = roles::set(w.store.conn(), &role, &stamp(), false).unwrap();
    let departure = Departure { on: "2025-03-31".parse().unwrap(), reason: None };
    people::leave(w.store.conn(), old, departure, Some(Redirect::Role(role)), &stamp()).unwrap();
    let r = route_person(w.store.conn(), old, t(MON_10), None, &PhoneStates::unknown()).unwrap();
    let note = r.note.as_ref().expect("a note");
    assert!(matches!(note, RouteNote::Left { calls_to: CallsTo::Role { name }, .. } if name == "HR"), "{note:?}");
    assert_eq!(Words::of(Language::Fi).route_note(note), "Lopetti 31.3.2025; puhelut ohjataan: rooli HR");
    assert_eq!(Words::of(Language::Sv).route_note(note), "Slutade 31.3.2025; samtal går till roll HR");
    assert_eq!(Words::of(Language::En).route_note(note), "Left 31 Mar 2025; calls go to role HR");
}

#[test]
fn role_with_all_holders_away_falls_back() {
    let w = World::new();
    let (a, b) = (w.person("Anna", Some("1")), w.person("Bertta", Some("2")));
    let role = Role { id: 0, company_id: w.company, name: "HR".into(), aliases: vec![], holders: vec![a, b] };
    let id = roles::set(w.store.conn(), &role, &stamp(), false).unwrap();
    let role = roles::get(w.store.conn(), id).unwrap();
    assert_eq!(
        route_role(w.store.conn(), &role, t(MON_10), &PhoneStates::unknown())
            .unwrap()
            .transfer_to
            .unwrap()
            .person
            .unwrap()
            .name,
        "Anna Testinen"
    );
    w.away(a, AbsenceKind::Holiday, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    assert_eq!(
        route_role(w.store.conn(), &role, t(MON_10), &PhoneStates::unknown())
            .unwrap()
            .transfer_to
            .unwrap()
            .person
            .unwrap()
            .name,
        "Bertta Testinen"
    );
    w.away(b, AbsenceKind::Sick, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    let r = route_role(w.store.conn(), &role, t(MON_10), &PhoneStates::unknown()).unwrap();
    let to = r.transfer_to.unwrap();
    assert!(to.person.is_none() && to.words.as_deref().is_some_and(|w| w.starts_with("Vaihde 100")), "{to:?}");
    assert_eq!(r.chain.len(), 2);
}

#[test]
fn topic_and_date_limited_delegates_apply_only_then() {
    let w = World::new();
    let (a, payroll, summer, general) = (
        w.person("Anna", Some("1")),
        w.person("Palkka", Some("2")),
        w.person("Kesä", Some("3")),
        w.person("Yleinen", Some("4")),
    );
    let d = |id, from: Option<&str>, until: Option<&str>, topic: Option<&str>| Delegate {
        delegate_id: id,
        position: 0,
        from: from.map(|s| s.parse().unwrap()),
        until: until.map(|s| s.parse().unwrap()),
        topic: topic.map(String::from),
    };
    delegates::set(
        w.store.conn(),
        a,
        &[
            d(payroll, None, None, Some("palkat")),
            d(summer, Some("2026-07-01"), Some("2026-07-31"), None),
            d(general, None, None, None),
        ],
        &stamp(),
    )
    .unwrap();
    w.away(a, AbsenceKind::Holiday, "2026-01-01T00:00:00+02:00", "2027-01-01T00:00:00+02:00");
    let to = |at: &str, topic: Option<&str>| {
        route_person(w.store.conn(), a, t(at), topic, &PhoneStates::unknown())
            .unwrap()
            .transfer_to
            .unwrap()
            .person
            .unwrap()
            .name
    };
    assert_eq!(to(MON_10, None), "Yleinen Testinen");
    assert_eq!(to(MON_10, Some("Palkat")), "Palkka Testinen");
    assert_eq!(to("2026-07-15T10:00:00+03:00", None), "Kesä Testinen");
}

#[test]
fn mobile_only_when_the_company_allows() {
    let w = World::new();
    let a = w.person("Anna", None);
    assert_eq!(w.target(a, MON_10).as_deref(), Some("Vaihde 100: ota viesti"), "no extension, no mobile transfers");
    let w = World::in_zone("Europe/Helsinki", true);
    let a = w.person("Anna", None);
    let to = route_person(w.store.conn(), a, t(MON_10), None, &PhoneStates::unknown()).unwrap().transfer_to.unwrap();
    assert_eq!((to.number.as_deref(), to.phone), (Some("040 1"), Some(PhoneKind::Mobile)));
}

#[test]
fn topics_route_to_the_people_who_handle_them() {
    let w = World::new();
    let a = w.person("Anna", Some("1"));
    let mut p = people::get(w.store.conn(), a).unwrap();
    p.topics = vec!["Palkat".into()];
    people::update(w.store.conn(), &p, &stamp()).unwrap();
    let r = route_topic(w.store.conn(), w.company, "palkat", t(MON_10), &PhoneStates::unknown()).unwrap().unwrap();
    assert_eq!(r.transfer_to.unwrap().person.unwrap().name, "Anna Testinen");
    assert!(route_topic(w.store.conn(), w.company, "golf", t(MON_10), &PhoneStates::unknown()).unwrap().is_none());
}

/// Regression (the "laskutus" case): the role's holder is away and their
/// stand-in sick, but a colleague who lists the role's name as a topic is
/// in: the call goes to them, not to "take a message".
#[test]
fn a_role_whose_holders_are_away_reaches_whoever_handles_the_topic() {
    use vaihde::presence::{GroupKind, route_group};
    let w = World::new();
    let (jussi, stand_in, paula) =
        (w.person("Jussi", Some("1")), w.person("Sijainen", Some("2")), w.person("Paula", Some("3")));
    w.delegates(jussi, &[stand_in]);
    for id in [jussi, paula] {
        let mut p = people::get(w.store.conn(), id).unwrap();
        p.topics = vec!["laskutus".into()];
        people::update(w.store.conn(), &p, &stamp()).unwrap();
    }
    let role = Role {
        id: 0,
        company_id: w.company,
        name: "laskutus / invoicing".into(),
        aliases: vec!["laskutus".into()],
        holders: vec![jussi],
    };
    roles::set(w.store.conn(), &role, &stamp(), false).unwrap();
    w.away(jussi, AbsenceKind::Training, "2026-11-23T00:00:00+02:00", "2026-11-25T00:00:00+02:00");
    w.away(stand_in, AbsenceKind::Sick, "2026-11-23T00:00:00+02:00", "2026-11-24T00:00:00+02:00");
    let r = route_group(w.store.conn(), w.company, GroupKind::Role, "Laskutus", t(MON_10), &PhoneStates::unknown())
        .unwrap()
        .unwrap();
    assert_eq!(r.transfer_to.unwrap().person.unwrap().name, "Paula Testinen");
    let asked: Vec<String> = r.chain.iter().map(|s| s.person.name.clone()).collect();
    assert_eq!(
        asked,
        ["Jussi Testinen", "Sijainen Testinen", "Paula Testinen"],
        "holder, their stand-in, then the topic"
    );
    // A topic nobody lists and no role: nothing to route.
    assert!(
        route_group(w.store.conn(), w.company, GroupKind::Topic, "golf", t(MON_10), &PhoneStates::unknown())
            .unwrap()
            .is_none()
    );
}
