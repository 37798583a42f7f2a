//! The right namesake first: misheard names over a generated directory of
//! 10,000 people in 50 companies, with eight weeks of calls before the
//! moment of the query, and a held-out ninth week of calls as the queries.
//!
//! The calls are a model of a switchboard's, stated here so the figure can
//! be judged:
//! - in each company a few people get most calls: the staff in a random
//!   order, the n-th asked for with weight 1/n^1.1 (Zipf);
//! - 40% of calls come from regular callers, each with a usual person whom
//!   they ask for four times in five; the rest from one-off callers;
//! - the operator renders the name as heard: the full name (30%), the
//!   family name alone (25%; the full name when others share it), the full name misheard or misspelt (30%), or
//!   the given name with the family name half typed (15%).
//!
//! The figure is how often the person asked for is first in the company's
//! results: without the desk's knowledge (ties by id), and with it
//! ([`Preference`]: this caller's history, then everyone's). The ranking
//! step only orders equal matches, so with it the first hit's score is
//! never lower than without it.

use std::collections::HashMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use vaihde::demo::population;
use vaihde::demo::rng::Rng;
use vaihde::model::{Id, Person, PersonKind};
use vaihde::search::{AskedFor, Preference, Scope};

#[path = "support/mishear.rs"]
mod mishear;

const PEOPLE: usize = 10_000;
const COMPANIES: usize = 50;
const CALLS_PER_COMPANY_DAY: u64 = 20;
const WEEKS: i64 = 8;
const QUERIES: usize = 400;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
}

/// Who is asked for in one company, and by whom.
struct Switchboard<'a> {
    /// Staff with their cumulative weights, for drawing by popularity.
    staff: Vec<(&'a Person, f64)>,
    /// Regular callers: (number, usual person).
    regulars: Vec<(String, Id)>,
}

impl<'a> Switchboard<'a> {
    fn new(rng: &mut Rng, mut staff: Vec<&'a Person>, company: Id) -> Switchboard<'a> {
        // A random order: who is popular has nothing to do with their id.
        for i in (1..staff.len()).rev() {
            staff.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut total = 0.0;
        let staff: Vec<(&Person, f64)> = staff
            .into_iter()
            .enumerate()
            .map(|(n, p)| {
                total += 1.0 / ((n + 1) as f64).powf(1.1);
                (p, total)
            })
            .collect();
        let mut board = Switchboard { staff, regulars: Vec::new() };
        board.regulars = (0..30).map(|i| (format!("0405{company:03}{i:03}"), board.popular(rng))).collect::<Vec<_>>();
        board
    }

    fn popular(&self, rng: &mut Rng) -> Id {
        let total = self.staff.last().map_or(1.0, |s| s.1);
        let u = rng.below(1_000_000) as f64 / 1_000_000.0 * total;
        self.staff.iter().find(|s| s.1 >= u).or(self.staff.last()).map_or(0, |s| s.0.id)
    }

    /// One call: (caller's number, person asked for).
    fn call(&self, rng: &mut Rng) -> (String, Id) {
        if rng.chance(40) {
            let (number, usual) = &self.regulars[rng.below(self.regulars.len() as u64) as usize];
            let person = if rng.chance(80) { *usual } else { self.popular(rng) };
            (number.clone(), person)
        } else {
            (format!("050{:07}", rng.below(10_000_000)), self.popular(rng))
        }
    }
}

/// The name as the operator types it. A family name that several in the
/// company share is never typed alone: the operator asks "which one?" and
/// types the given name too, as at any switchboard.
fn rendered(rng: &mut Rng, p: &Person, family_shared: bool) -> String {
    let roll = rng.below(100);
    if roll < 30 || (roll < 55 && family_shared) {
        p.full_name()
    } else if roll < 55 {
        p.family_name.to_lowercase()
    } else if roll < 85 {
        let heard = mishear::heard(&p.family_name)
            .or_else(|| mishear::spelling_variant(&p.family_name))
            .unwrap_or_else(|| mishear::typo(rng, &p.family_name, "dropped"));
        format!("{} {heard}", p.given_name)
    } else {
        let half: String = p.family_name.chars().take(4).collect();
        format!("{} {half}", p.given_name.to_lowercase())
    }
}

#[test]
fn the_namesake_callers_ask_for_comes_first_in_97_percent() {
    let pop = population::generate(PEOPLE, COMPANIES, 2027).expect("the population fixtures load");
    let index = pop.index();
    let mut rng = Rng::new(35);
    let mut by_company: HashMap<Id, Vec<&Person>> = HashMap::new();
    for p in pop.people.iter().filter(|p| p.kind == PersonKind::Staff && !p.has_left()) {
        by_company.entry(p.company_id).or_default().push(p);
    }
    let mut companies: Vec<Id> = by_company.keys().copied().collect();
    companies.sort();
    let boards: HashMap<Id, Switchboard> =
        companies.iter().map(|c| (*c, Switchboard::new(&mut rng, by_company[c].clone(), *c))).collect();
    let people: HashMap<Id, &Person> = pop.people.iter().map(|p| (p.id, p)).collect();

    // Eight weeks of weekdays' calls before the moment of the queries.
    let mut log = Vec::new();
    for day in 1..=WEEKS * 7 {
        let date = at() - Duration::days(day);
        if matches!(chrono::Datelike::weekday(&date), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            continue;
        }
        for c in &companies {
            for _ in 0..CALLS_PER_COMPANY_DAY {
                let (number, person_id) = boards[c].call(&mut rng);
                let when = date + Duration::minutes(rng.below(480) as i64);
                log.push(AskedFor { person_id, at: when, caller_key: number });
            }
        }
    }

    // The ninth week: the queries.
    let (mut plain, mut known, mut ties) = (0usize, 0usize, 0usize);
    let mut misses = String::new();
    for _ in 0..QUERIES {
        let company = companies[rng.below(companies.len() as u64) as usize];
        let (number, person_id) = boards[&company].call(&mut rng);
        let person = people[&person_id];
        let shared = by_company[&company].iter().filter(|q| q.family_name == person.family_name).count() > 1;
        let query = rendered(&mut rng, person, shared);
        let scope = Scope::Company(company);
        let before = index.search(&query, scope, 5);
        let prefer = Preference::from_calls(&log, Some(&number), at());
        let after = index.search_with(&query, scope, 5, &prefer);
        if let (Some(b), Some(a)) = (before.first(), after.first()) {
            assert_eq!(a.score, b.score, "{query}: the desk's knowledge lifted a worse match");
        }
        ties += usize::from(before.len() > 1 && before[0].score == before[1].score);
        plain += usize::from(before.first().map(|h| h.person_id) == Some(person_id));
        let first = after.first().map(|h| h.person_id) == Some(person_id);
        known += usize::from(first);
        if !first {
            let got: Vec<String> = after.iter().take(3).map(|h| people[&h.person_id].full_name()).collect();
            misses.push_str(&format!("  {query:<28} want {} got {got:?}\n", person.full_name()));
        }
    }
    let pct = |n: usize| n as f64 * 100.0 / QUERIES as f64;
    println!(
        "{QUERIES} queries, {} calls in the log; a tie at the top in {:.1}%\nfirst without the call log {:.1}%, with it {:.1}%\nnot first:\n{misses}",
        log.len(),
        pct(ties),
        pct(plain),
        pct(known)
    );
    assert!(known >= plain, "the call log made it worse: {} < {}", pct(known), pct(plain));
    assert!(pct(known) >= 97.0, "first with the call log in {:.1}% (< 97%)\n{misses}", pct(known));
}
