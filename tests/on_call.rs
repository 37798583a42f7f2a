//! On-call rotas with a fixed clock: a calendar feed whose events say who
//! is on call for a role, read by the calendar sync. The person on call
//! comes first — after hours too — across a handover, their own absence
//! still applies, a cancelled shift is nobody's, and a rota that ends or
//! names nobody now says so. On SQLite, and on PostgreSQL in the suite's
//! PostgreSQL run.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use vaihde::directory::{Stamp, absences, companies, feeds, people, roles};
use vaihde::model::{AbsenceKind, Company, Id, Language, NewAbsence, OpeningSpan, Person, Phone, PhoneKind, Role};
use vaihde::presence::on_call::OnCallWarning;
use vaihde::presence::{GroupKind, PhoneStates, Route, Via, route_group};
use vaihde::store::Store;
use vaihde::sync::{FetchOptions, Fetcher, Outcome};
use vaihde::words::Describe as _;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

const ROTA: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Koivu//Päivystys//FI\r\n\
BEGIN:VEVENT\r\nUID:shift-1\r\nDTSTART;TZID=Europe/Helsinki:20261207T080000\r\nDTEND;TZID=Europe/Helsinki:20261214T080000\r\n\
SUMMARY:Päivystys: Jussi Heikkinen\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:shift-2\r\nDTSTART;TZID=Europe/Helsinki:20261214T080000\r\nDTEND;TZID=Europe/Helsinki:20261221T080000\r\n\
SUMMARY:Päivystys: Liisa Lehtonen\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:shift-3\r\nDTSTART;TZID=Europe/Helsinki:20261221T080000\r\nDTEND;TZID=Europe/Helsinki:20261228T080000\r\n\
SUMMARY:Päivystys: Kari Nieminen\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

struct World {
    store: Store,
    company: Id,
    jussi: Id,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = Stamp::new(t("2026-12-01T08:00:00Z"), None);
    let mut company = Company::new("koivu", "Koivu Oy", Language::Fi, "Europe/Helsinki");
    let span = |weekday| OpeningSpan {
        weekday,
        opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
    };
    company.opening_hours = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].map(span).to_vec();
    company.fallback = "Vaihde 100: ota viesti".into();
    let company = companies::insert(store.conn(), &company, &stamp, false).unwrap();
    let person = |given: &str, family: &str, ext: &str| {
        let mut p = Person::new(company, given, family);
        p.phones.push(Phone { kind: PhoneKind::Extension, number: ext.into(), label: String::new() });
        people::insert(store.conn(), &p, &stamp, false).unwrap()
    };
    let jussi = person("Jussi", "Heikkinen", "2001");
    person("Liisa", "Lehtonen", "2002");
    let kari = person("Kari", "Nieminen", "2003");
    let role = Role {
        id: 0,
        company_id: company,
        name: "päivystys".into(),
        aliases: vec!["huolto".into()],
        holders: vec![kari],
    };
    roles::set(store.conn(), &role, &stamp, false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paivystys.ics");
    std::fs::write(&file, ROTA).unwrap();
    store
        .write(|tx| {
            let id = feeds::add(tx, company, None, file.to_str().unwrap(), "Päivystysvuorot", &stamp)?;
            vaihde::presence::on_call::set_rota(tx, id, "Päivystys")
        })
        .unwrap();
    let fetcher = Fetcher::new(FetchOptions::default()).unwrap();
    let reports = vaihde::sync::sync(&mut store, None, t("2026-12-05T08:00:00Z"), &fetcher, 2).await.unwrap();
    assert_eq!(reports[0].outcome, Outcome::Updated, "{:?}", reports[0].error);
    World { store, company, jussi, _dir: dir }
}

fn route(w: &World, at: &str) -> Route {
    route_group(w.store.conn(), w.company, GroupKind::Role, "päivystys", t(at), &PhoneStates::unknown())
        .unwrap()
        .expect("a route")
}

fn to(r: &Route) -> String {
    r.transfer_to
        .as_ref()
        .map(|x| x.person.as_ref().map(|p| p.name.clone()).or(x.words.clone()).unwrap_or_default())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_person_on_call_comes_first_across_a_handover_and_after_hours() {
    let w = world().await;
    // Wednesday noon: Jussi's week.
    let r = route(&w, "2026-12-09T12:00:00+02:00");
    assert_eq!(to(&r), "Jussi Heikkinen");
    assert_eq!(r.chain[0].via, Via::OnCall { name: "Päivystysvuorot".into() });
    let rota = r.on_call.as_ref().unwrap();
    assert_eq!(rota.now.as_ref().unwrap().ends_at, t("2026-12-14T08:00:00+02:00"));
    assert_eq!(rota.next.as_ref().unwrap().person.name, "Liisa Lehtonen");
    assert_eq!(rota.warning, None, "the rota reaches more than seven days ahead");
    // A rota's shift is not an absence: Jussi is in for his own calls.
    let own = vaihde::presence::route_person(
        w.store.conn(),
        w.jussi,
        t("2026-12-09T12:00:00+02:00"),
        None,
        &PhoneStates::unknown(),
    )
    .unwrap();
    assert_eq!(own.status.state, vaihde::presence::State::In);
    // Saturday night, the company closed: on call is for that.
    assert_eq!(to(&route(&w, "2026-12-12T22:00:00+02:00")), "Jussi Heikkinen");
    // The handover, to the minute; an alias of the role finds the rota too.
    assert_eq!(to(&route(&w, "2026-12-14T07:59:00+02:00")), "Jussi Heikkinen");
    assert_eq!(to(&route(&w, "2026-12-14T08:00:00+02:00")), "Liisa Lehtonen");
    let by_alias = route_group(
        w.store.conn(),
        w.company,
        GroupKind::Role,
        "huolto",
        t("2026-12-15T10:00:00+02:00"),
        &PhoneStates::unknown(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(to(&by_alias), "Liisa Lehtonen");
}

#[tokio::test]
async fn the_on_call_persons_absence_applies_and_the_role_follows() {
    let w = world().await;
    let a = NewAbsence {
        person_id: w.jussi,
        starts_at: t("2026-12-09T00:00:00+02:00"),
        ends_at: t("2026-12-10T00:00:00+02:00"),
        kind: AbsenceKind::Sick,
        reason: String::new(),
    };
    absences::add_manual(w.store.conn(), &a, &Stamp::new(t("2026-12-09T07:00:00Z"), None)).unwrap();
    let r = route(&w, "2026-12-09T12:00:00+02:00");
    assert!(r.chain[0].why_skipped.is_some(), "Jussi is sick");
    assert_eq!(to(&r), "Kari Nieminen", "the role's holder, not Jussi's own delegates");
    // After hours the role's holder is off too: the company's fallback.
    assert_eq!(to(&route(&w, "2026-12-09T22:00:00+02:00")), "Vaihde 100: ota viesti");
}

#[tokio::test]
async fn a_rota_that_ends_or_names_nobody_now_says_so() {
    let w = world().await;
    // Liisa's week is the last one (Kari's is cancelled): it ends within seven days.
    let r = route(&w, "2026-12-15T10:00:00+02:00");
    assert_eq!(
        r.on_call.as_ref().unwrap().warning,
        Some(OnCallWarning::EndsSoon { ends_at: t("2026-12-21T08:00:00+02:00") })
    );
    // After it: nobody on call, and the role's holder takes the call in hours.
    let r = route(&w, "2026-12-22T10:00:00+02:00");
    assert_eq!(r.on_call.as_ref().unwrap().warning, Some(OnCallWarning::NobodyNow));
    assert_eq!(to(&r), "Kari Nieminen");
    let words = vaihde::words::Words::of(Language::En).on_call(r.on_call.as_ref().unwrap());
    assert_eq!(words, ["The on-call calendar Päivystysvuorot names nobody for now: ask the client who is on call"]);
    let fi = vaihde::words::Words::of(Language::Fi)
        .on_call(route(&w, "2026-12-10T10:00:00+02:00").on_call.as_ref().unwrap());
    assert_eq!(
        fi,
        [
            "Päivystää nyt: Jussi Heikkinen ma 14.12. klo 8.00 asti; seuraavaksi Liisa Lehtonen ma 14.12. klo 8.00 alkaen"
        ]
    );
}

#[tokio::test]
async fn a_rota_for_a_role_nobody_holds_gives_the_fallback_and_its_warning_and_the_panel_says_so() {
    let mut w = world().await;
    // A night rota of its own, for a role nobody holds by day.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("yo.ics");
    std::fs::write(&file, ROTA.replace("Päivystys", "Yöpäivystys").replace("shift-", "night-")).unwrap();
    let stamp = Stamp::new(t("2026-12-01T08:00:00Z"), None);
    let night = Role { id: 0, company_id: w.company, name: "yöpäivystys".into(), aliases: vec![], holders: vec![] };
    w.store
        .write(|tx| {
            roles::set(tx, &night, &stamp, false)?;
            let id = feeds::add(tx, w.company, None, file.to_str().unwrap(), "Yövuorot", &stamp)?;
            vaihde::presence::on_call::set_rota(tx, id, "yöpäivystys")
        })
        .unwrap();
    let fetcher = Fetcher::new(FetchOptions::default()).unwrap();
    vaihde::sync::sync(&mut w.store, None, t("2026-12-05T08:00:00Z"), &fetcher, 2).await.unwrap();
    let at = t("2026-12-22T10:00:00+02:00");
    let r = route_group(w.store.conn(), w.company, GroupKind::Role, "yöpäivystys", at, &PhoneStates::unknown())
        .unwrap()
        .expect("a route");
    assert!(r.chain.is_empty());
    assert_eq!(to(&r), "Vaihde 100: ota viesti", "nobody on call, nobody holds it: the company's fallback");
    assert_eq!(r.on_call.as_ref().unwrap().warning, Some(OnCallWarning::NobodyNow));

    // The calendars panel lists each rota with its warning, and the staff feeds.
    let company = w.company;
    let mut session = vaihde::api::Session::new(vaihde::Directory::new(w.store), vaihde::api::Clock::Fixed(at));
    let rows = vaihde::api::dispatch(&mut session, "feeds", serde_json::json!({ "company_id": company })).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(row["on_call"]["warning"]["kind"], "nobody_now", "{row}");
    }
    assert_eq!(rows[0]["label"], "Päivystysvuorot");
    let staff =
        vaihde::api::dispatch(&mut session, "staff_feeds", serde_json::json!({ "company_id": company })).unwrap();
    assert_eq!(staff, serde_json::json!([]));
}
