//! The built-in demo directory: three fictional client companies (Finnish,
//! Swedish-speaking, English) described in `fixtures/demo/`, their staff
//! generated from name pools with a fixed seed, and absences generated
//! relative to the given moment so the demo looks alive on any day.
//!
//! The same `at` gives the same data, byte for byte; the staff never depend
//! on `at`, only the absences and the dates in the change log do.

pub mod calendars;
pub mod population;
pub mod rng;
mod spec;

use std::collections::{BTreeMap, HashSet};

use crate::store::db::Connection;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::directory::{DirectoryError, Stamp, absences, companies, delegates, people, roles};
use crate::model::{
    Absence, AbsenceKind, AbsenceSource, Delegate, Departure, Id, Person, PersonKind, Phone, PhoneKind, Redirect, Role,
};
use crate::time::start_of_day;
use rng::Rng;
use spec::{CompanySpec, DemoSpec, PersonSpec, RedirectSpec};

const COMPANIES_JSON: &str = include_str!("../../../../fixtures/demo/companies.json");
const NAMES_JSON: &str = include_str!("../../../../fixtures/demo/names.json");
/// Who the demo's change log says made the edits.
const ACTOR: &str = "demo";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo fixtures are broken ({0}); this is a bug in Vaihde")]
    Fixture(String),
    #[error("the demo companies are already loaded; use --replace to load them afresh")]
    AlreadyLoaded,
    #[error(transparent)]
    Directory(#[from] DirectoryError),
}

impl From<crate::store::db::Error> for DemoError {
    fn from(e: crate::store::db::Error) -> Self {
        DemoError::Directory(e.into())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub companies: Vec<DemoCompany>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoCompany {
    pub slug: String,
    pub name: String,
    pub people: usize,
    pub absences: usize,
}

#[derive(Deserialize)]
struct NamePool {
    given: Vec<String>,
    family: Vec<String>,
}

/// Loads the demo into the directory as of `at`. Run inside one transaction.
/// With `replace`, demo companies already there are removed first; other
/// companies are never touched.
pub fn load(conn: &Connection, at: DateTime<Utc>, replace: bool) -> Result<DemoSummary, DemoError> {
    let spec: DemoSpec = serde_json::from_str(COMPANIES_JSON).map_err(|e| DemoError::Fixture(e.to_string()))?;
    let pools: BTreeMap<String, NamePool> =
        serde_json::from_str(NAMES_JSON).map_err(|e| DemoError::Fixture(e.to_string()))?;
    for c in &spec.companies {
        if let Some(existing) = companies::find_by_slug(conn, &c.company.slug)? {
            if !replace {
                return Err(DemoError::AlreadyLoaded);
            }
            conn.execute("DELETE FROM changes WHERE company_id = ?1", [existing.id])?;
            conn.execute("DELETE FROM companies WHERE id = ?1", [existing.id])?;
        }
    }
    let mut summary = DemoSummary { companies: Vec::new() };
    for (index, c) in spec.companies.iter().enumerate() {
        let pool = pools.get(&c.names).ok_or_else(|| DemoError::Fixture(format!("no name pool {:?}", c.names)))?;
        if pool.given.is_empty() || pool.family.is_empty() || c.departments.iter().any(|d| d.titles.is_empty()) {
            return Err(DemoError::Fixture(format!("{}: empty name pool or department titles", c.company.slug)));
        }
        let seed = spec.seed.wrapping_add(index as u64 * 1_000_003);
        summary.companies.push(load_company(conn, c, pool, seed, at)?);
    }
    Ok(summary)
}

/// Names of the demo companies, for tests and the README.
/// The demo line's callers (`vaihde-desktop --demo-line`): the client
/// number each dials, the caller's number and the name the network gives.
/// Fictional, like everyone in the demo.
pub const LINE_CALLERS: &[(&str, &str, &str)] = &[
    ("094321000", "0401234567", "Matti Virtanen"),
    ("01812300", "0709876543", "Eva Lindgren"),
    ("094321050", "0451112223", ""),
    ("+442079460100", "+447700900123", "James Walker"),
];

pub fn company_slugs() -> Vec<String> {
    serde_json::from_str::<DemoSpec>(COMPANIES_JSON)
        .map(|s| s.companies.into_iter().map(|c| c.company.slug).collect())
        .unwrap_or_default()
}

fn load_company(
    conn: &Connection,
    c: &CompanySpec,
    pool: &NamePool,
    seed: u64,
    at: DateTime<Utc>,
) -> Result<DemoCompany, DemoError> {
    let tz: Tz = c.company.tz();
    // The directory was set up two years ago; later edits carry their own dates.
    let created = Stamp::new(at - Duration::days(730), Some(ACTOR.into()));
    let company_id = companies::insert(conn, &c.company, &created, false)?;
    let mut rng = Rng::new(seed);
    let mut ids: BTreeMap<String, Id> = BTreeMap::new();
    let mut emails_taken: HashSet<String> = HashSet::new();
    let mut extension = c.extension_base;
    let mut next_phones = |rng: &mut Rng| {
        extension += 1;
        let ext = extension.to_string();
        let mobile = mobile_number(rng, &c.mobile_templates);
        vec![
            Phone { kind: PhoneKind::Extension, number: ext.clone(), label: String::new() },
            Phone { kind: PhoneKind::Direct, number: format!("{}{ext}", c.direct_prefix), label: String::new() },
            Phone { kind: PhoneKind::Mobile, number: mobile, label: String::new() },
        ]
    };

    // Hand-written people first: the CEO's successor arrives later, below.
    let newcomer = c.ceo_change.as_ref().map(|ch| ch.new.as_str());
    for p in &c.people {
        let name = format!("{} {}", p.given_name, p.family_name);
        if Some(name.as_str()) == newcomer {
            continue;
        }
        let person = person_from_spec(company_id, p, next_phones(&mut rng), c, &mut emails_taken);
        ids.insert(name, people::insert(conn, &person, &created, false)?);
    }

    // Generated staff, spread over departments by weight.
    let total_weight: u32 = c.departments.iter().map(|d| d.weight).sum();
    let mut taken_names: HashSet<String> =
        c.people.iter().map(|p| format!("{} {}", p.given_name, p.family_name)).collect();
    let mut by_department: BTreeMap<String, Vec<Id>> = BTreeMap::new();
    let generated = c.staff_count.saturating_sub(c.people.len());
    let mut generated_ids = Vec::new();
    // The last one was hired two days ago: "what changed this week" shows them.
    let hired = Stamp::new(at - Duration::days(2), Some(ACTOR.into()));
    for n in 0..generated {
        let is_new_hire = n + 1 == generated;
        let (given, family) = loop {
            let g = rng.pick(&pool.given).clone();
            let f = rng.pick(&pool.family).clone();
            if taken_names.insert(format!("{g} {f}")) {
                break (g, f);
            }
        };
        let mut ticket = rng.below(u64::from(total_weight.max(1))) as u32;
        let dept = c
            .departments
            .iter()
            .find(|d| {
                if ticket < d.weight {
                    true
                } else {
                    ticket -= d.weight;
                    false
                }
            })
            .ok_or_else(|| DemoError::Fixture("departments have no weight".into()))?;
        let mut person = Person::new(company_id, &given, &family);
        person.title = rng.pick(&dept.titles).clone();
        person.department = dept.name.clone();
        if rng.chance(60) {
            person.topics = dept.topics.clone();
        }
        person.phones = next_phones(&mut rng);
        person.emails = vec![unique_email(&given, &family, &c.email_domain, &mut emails_taken)];
        person.languages = match c.company.language.code() {
            "fi" if rng.chance(30) => vec!["fi".into(), "en".into()],
            "sv" => vec!["sv".into(), "fi".into()],
            code => vec![code.into()],
        };
        if is_new_hire {
            person.notes = "Aloitti juuri / just started".into();
            generated_ids.push(people::insert(conn, &person, &hired, false)?);
            continue;
        }
        let id = people::insert(conn, &person, &created, false)?;
        by_department.entry(dept.name.clone()).or_default().push(id);
        generated_ids.push(id);
    }

    // Delegates among generated staff: the next colleague in the department, then the one after.
    for members in by_department.values() {
        for (i, &id) in members.iter().enumerate() {
            if members.len() < 2 || !rng.chance(75) {
                continue;
            }
            let mut list = vec![delegate(members[(i + 1) % members.len()])];
            if members.len() > 2 && rng.chance(50) {
                list.push(delegate(members[(i + 2) % members.len()]));
            }
            delegates::set(conn, id, &list, &created)?;
        }
    }

    for r in &c.roles {
        let holders = r.holders.iter().map(|h| lookup(&ids, h)).collect::<Result<Vec<_>, _>>()?;
        roles::set(
            conn,
            &Role { id: 0, company_id, name: r.name.clone(), aliases: r.aliases.clone(), holders },
            &created,
            false,
        )?;
    }

    // Outsiders callers keep asking for.
    for o in &c.outsiders {
        let mut person = Person::new(company_id, &o.given_name, &o.family_name);
        person.kind = PersonKind::Outsider;
        person.title = o.title.clone();
        person.notes = o.notes.clone();
        person.calls_to = o.calls_to.as_ref().map(|r| redirect(conn, company_id, r, &ids)).transpose()?;
        people::insert(conn, &person, &created, false)?;
    }

    // Former employees, each on their own day.
    for f in &c.former {
        let when = Stamp::new(at - Duration::days(f.left_days_ago), Some(ACTOR.into()));
        let departure = Departure { on: when.at.with_timezone(&tz).date_naive(), reason: Some(f.reason.clone()) };
        let to = redirect(conn, company_id, &f.calls_to, &ids)?;
        people::leave(conn, lookup(&ids, &f.person)?, departure, Some(to), &when)?;
    }

    // The CEO changed last month: the new one arrives, the old one retires, the role moves.
    if let Some(ch) = &c.ceo_change {
        let when = Stamp::new(at - Duration::days(ch.days_ago), Some(ACTOR.into()));
        let spec = c
            .people
            .iter()
            .find(|p| format!("{} {}", p.given_name, p.family_name) == ch.new)
            .ok_or_else(|| DemoError::Fixture(format!("ceo_change.new {:?} is not in people", ch.new)))?;
        let person = person_from_spec(company_id, spec, next_phones(&mut rng), c, &mut emails_taken);
        let new_id = people::insert(conn, &person, &when, false)?;
        ids.insert(ch.new.clone(), new_id);
        let departure = Departure { on: when.at.with_timezone(&tz).date_naive(), reason: Some(ch.reason.clone()) };
        people::leave(conn, lookup(&ids, &ch.old)?, departure, Some(Redirect::Person(new_id)), &when)?;
        let mut role = roles::find(conn, company_id, &ch.role)?
            .ok_or_else(|| DemoError::Fixture(format!("ceo_change.role {:?} is not in roles", ch.role)))?;
        role.holders = vec![new_id];
        roles::set(conn, &role, &when, false)?;
    }

    // The lists as they were set while everyone still worked there: one
    // names someone who has left since (the route passes over them).
    for d in &c.delegates {
        let list = d.delegates.iter().map(|n| lookup(&ids, n).map(delegate)).collect::<Result<Vec<_>, _>>()?;
        delegates::set_as_given(conn, lookup(&ids, &d.person)?, &list, &created)?;
    }

    // Yesterday an operator updated someone's mobile number.
    if let [.., changed, _hired] = generated_ids.as_slice() {
        let mut p = people::get(conn, *changed)?;
        if let Some(m) = p.phones.iter_mut().find(|ph| ph.kind == PhoneKind::Mobile) {
            m.number = mobile_number(&mut rng, &c.mobile_templates);
        }
        people::update(conn, &p, &Stamp::new(at - Duration::days(1), Some("Jenny".into())))?;
    }

    // Absences: the hand-written story, then random ones that depend on the day.
    let today = at.with_timezone(&tz).date_naive();
    let mut absence_count = 0;
    // Stored like synced calendar data: not operator edits, so not in the change log.
    let store_absence = |person_id: Id, kind: AbsenceKind, starts_at, ends_at, reason: String| {
        absences::insert(
            conn,
            &Absence {
                id: 0,
                person_id,
                starts_at,
                ends_at,
                kind,
                reason,
                source: AbsenceSource::Manual,
                feed_id: None,
            },
            false,
        )
    };
    for a in &c.absences {
        let (starts_at, ends_at) = match (a.start_day, a.end_day, a.start_hours, a.end_hours) {
            (Some(s), Some(e), _, _) => (day(today, s, tz), day(today, e, tz)),
            (_, _, Some(s), Some(e)) => (half_hour(at) + Duration::hours(s), half_hour(at) + Duration::hours(e)),
            _ => return Err(DemoError::Fixture(format!("absence of {} needs start/end days or hours", a.person))),
        };
        let person_id = lookup(&ids, &a.person)?;
        store_absence(person_id, a.kind, starts_at, ends_at, a.reason.clone())?;
        absence_count += 1;
    }
    let mut day_rng = Rng::new(seed ^ (u64::from(today.num_days_from_ce() as u32)).wrapping_mul(0x9E37_79B9));
    for &id in &generated_ids {
        let Some((kind, starts_at, ends_at)) = random_absence(&mut day_rng, today, at, tz) else { continue };
        let reason = reason_text(kind, c.company.language.code()).to_string();
        store_absence(id, kind, starts_at, ends_at, reason)?;
        absence_count += 1;
    }

    Ok(DemoCompany {
        slug: c.company.slug.clone(),
        name: c.company.name.clone(),
        people: people::list(conn, company_id)?.len(),
        absences: absence_count,
    })
}

fn person_from_spec(
    company_id: Id,
    p: &PersonSpec,
    phones: Vec<Phone>,
    c: &CompanySpec,
    taken: &mut HashSet<String>,
) -> Person {
    let mut person = Person::new(company_id, &p.given_name, &p.family_name);
    person.aliases = p.aliases.clone();
    person.title = p.title.clone();
    person.department = p.department.clone();
    person.topics = p.topics.clone();
    person.languages = p.languages.clone();
    person.notes = p.notes.clone();
    person.phones = phones;
    person.emails = vec![unique_email(&p.given_name, &p.family_name, &c.email_domain, taken)];
    person
}

fn mobile_number(rng: &mut Rng, templates: &[String]) -> String {
    let Some(template) = templates.get(rng.below(templates.len() as u64) as usize) else { return String::new() };
    template.chars().map(|c| if c == '#' { char::from(b'0' + rng.below(10) as u8) } else { c }).collect()
}

fn lookup(ids: &BTreeMap<String, Id>, name: &str) -> Result<Id, DemoError> {
    ids.get(name).copied().ok_or_else(|| DemoError::Fixture(format!("unknown person {name:?}")))
}

fn delegate(id: Id) -> Delegate {
    Delegate { delegate_id: id, position: 0, from: None, until: None, topic: None }
}

fn redirect(
    conn: &Connection,
    company_id: Id,
    r: &RedirectSpec,
    ids: &BTreeMap<String, Id>,
) -> Result<Redirect, DemoError> {
    Ok(match r {
        RedirectSpec::Person(name) => Redirect::Person(lookup(ids, name)?),
        RedirectSpec::Role(name) => Redirect::Role(
            roles::find(conn, company_id, name)?
                .ok_or_else(|| DemoError::Fixture(format!("unknown role {name:?}")))?
                .id,
        ),
        RedirectSpec::Text(t) => Redirect::Text(t.clone()),
    })
}

/// "maija.virtanen@…", with Nordic letters folded and a number on clashes.
pub(crate) fn unique_email(given: &str, family: &str, domain: &str, taken: &mut HashSet<String>) -> String {
    let fold = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .filter_map(|c| match c {
                'ä' | 'å' | 'á' => Some('a'),
                'ö' | 'ø' => Some('o'),
                'é' => Some('e'),
                'ü' => Some('u'),
                ' ' => Some('-'),
                '\'' => None,
                c => Some(c),
            })
            .collect()
    };
    let base = format!("{}.{}", fold(given), fold(family));
    let mut candidate = format!("{base}@{domain}");
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}{n}@{domain}");
        n += 1;
    }
    candidate
}

fn day(today: NaiveDate, offset: i64, tz: Tz) -> DateTime<Utc> {
    start_of_day(today + Duration::days(offset), tz)
}

fn half_hour(at: DateTime<Utc>) -> DateTime<Utc> {
    let minute = if at.minute() >= 30 { 30 } else { 0 };
    at.with_minute(minute).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(at)
}

/// Some staff are away on any given day: holidays, sick days, courses,
/// meetings around now, and holidays booked for the coming weeks.
fn random_absence(
    rng: &mut Rng,
    today: NaiveDate,
    at: DateTime<Utc>,
    tz: Tz,
) -> Option<(AbsenceKind, DateTime<Utc>, DateTime<Utc>)> {
    let roll = rng.below(1000);
    Some(match roll {
        0..=59 => {
            let start = -rng.between(0, 6);
            (AbsenceKind::Holiday, day(today, start, tz), day(today, start + rng.between(3, 14), tz))
        }
        60..=79 => (AbsenceKind::Sick, day(today, 0, tz), day(today, rng.between(1, 3), tz)),
        80..=99 => (AbsenceKind::Training, day(today, 0, tz), day(today, 1, tz)),
        100..=139 => {
            let start = half_hour(at) - Duration::minutes(30 * rng.between(0, 3));
            (AbsenceKind::Meeting, start, start + Duration::minutes(30 * rng.between(2, 6)))
        }
        140..=219 => {
            let start = rng.between(7, 60);
            (AbsenceKind::Holiday, day(today, start, tz), day(today, start + rng.between(5, 21), tz))
        }
        _ => return None,
    })
}

fn reason_text(kind: AbsenceKind, language: &str) -> &'static str {
    match (kind, language) {
        (AbsenceKind::Holiday, "fi") => "loma",
        (AbsenceKind::Holiday, "sv") => "semester",
        (AbsenceKind::Holiday, _) => "annual leave",
        (AbsenceKind::Sick, _) => "",
        (AbsenceKind::Training, "fi") => "koulutus",
        (AbsenceKind::Training, "sv") => "utbildning",
        (AbsenceKind::Training, _) => "training course",
        (AbsenceKind::Meeting, "fi") => "palaveri",
        (AbsenceKind::Meeting, "sv") => "möte",
        (AbsenceKind::Meeting, _) => "meeting",
        _ => "",
    }
}

impl crate::words::Said for DemoError {
    fn phrase(&self) -> crate::words::Phrase {
        use crate::words::Phrase;
        match self {
            DemoError::Fixture(detail) => Phrase::new(crate::msg!("demoBroken")).text("detail", detail),
            DemoError::AlreadyLoaded => Phrase::new(crate::msg!("demoAlreadyLoaded")),
            DemoError::Directory(e) => e.phrase(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::TimeZone;

    fn loaded(at: DateTime<Utc>) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store.write(|tx| load(tx, at, false)).unwrap();
        store
    }

    #[test]
    fn three_companies_of_the_promised_sizes() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let store = loaded(at);
        let list = companies::list(store.conn()).unwrap();
        assert_eq!(list.len(), 3);
        let staff = |slug: &str| {
            let c = companies::find_by_slug(store.conn(), slug).unwrap().unwrap();
            people::list(store.conn(), c.id).unwrap().into_iter().filter(|p| p.kind == PersonKind::Staff).count()
        };
        // Staff counts include the CEO's successor on top of the specified total.
        assert!((300..=302).contains(&staff("rakennus")), "{}", staff("rakennus"));
        assert!((80..=82).contains(&staff("skargard")));
        assert!((40..=42).contains(&staff("northwind")));
    }

    #[test]
    fn same_moment_same_data_and_absences_follow_the_day() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let dump = |s: &Store| serde_json::to_string(&crate::backup::export(s.conn(), at).unwrap()).unwrap();
        assert_eq!(dump(&loaded(at)), dump(&loaded(at)));
        let later = at + Duration::days(200);
        let store = loaded(later);
        let c = companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap();
        let now = absences::overlapping(store.conn(), c.id, later, later + Duration::minutes(1)).unwrap();
        assert!(now.len() > 10, "people are away on the day the demo is loaded: {}", now.len());
    }

    #[test]
    fn the_story_is_there() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let store = loaded(at);
        let conn = store.conn();
        let c = companies::find_by_slug(conn, "rakennus").unwrap().unwrap();
        let old = people::resolve(conn, Some(c.id), "Kari Nieminen").unwrap();
        let new = people::resolve(conn, Some(c.id), "Pekka Koistinen").unwrap();
        assert!(old.has_left());
        assert_eq!(old.calls_to, Some(Redirect::Person(new.id)));
        let ceo = roles::find(conn, c.id, "CEO").unwrap().unwrap();
        assert_eq!(ceo.holders, vec![new.id]);
        let maija = people::resolve(conn, Some(c.id), "Maija Virtanen").unwrap();
        assert_eq!(delegates::get(conn, maija.id).unwrap().len(), 2);
        assert!(!absences::of_person(conn, maija.id, at, at + Duration::minutes(1)).unwrap().is_empty());
        let recent = crate::directory::changes::since(conn, Some(c.id), at - Duration::days(30)).unwrap();
        assert!(
            recent.iter().any(|e| e.subject == "Pekka Koistinen" && e.new == Some(crate::model::ChangeValue::Added))
        );
        assert!(matches!(store_reload_error(conn, at), DemoError::AlreadyLoaded));
    }

    fn store_reload_error(conn: &Connection, at: DateTime<Utc>) -> DemoError {
        load(conn, at, false).unwrap_err()
    }
}
