//! Large generated directories for the search benchmarks and the search
//! quality test: `n` people across `m` client companies with Finnish and
//! Finland-Swedish names, the same every time for the same size and seed.
//!
//! This is not the demo an operator sees (that is [`super::load`]): these
//! people have no absences, roles or delegates, only what search reads.
//! Names follow a skewed distribution (a few very common, a long tail), and
//! a share of family names is built from stems and endings the way real
//! ones are (Koivu + mäki, Sjö + berg), so the vocabulary grows with the
//! directory as it does in life.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;

use super::DemoError;
use super::rng::Rng;
use crate::model::{Company, Departure, Id, Language, Person, PersonKind, Phone, PhoneKind};

const NAMES_JSON: &str = include_str!("../../../../fixtures/population/names.json");

/// Companies and people with their ids already set (1, 2, 3, ...).
#[derive(Debug, Clone)]
pub struct Population {
    pub companies: Vec<Company>,
    pub people: Vec<Person>,
}

impl Population {
    /// Everyone generated, indexed for search (holding no roles): the
    /// directory of the search benchmarks and quality suites.
    pub fn index(&self) -> crate::search::Index {
        let mut b = crate::search::IndexBuilder::new();
        for c in &self.companies {
            b.company(c.id, &c.name);
        }
        for p in &self.people {
            b.person(p, &[]);
        }
        b.finish()
    }
}

#[derive(Deserialize)]
struct Pool {
    given: Vec<String>,
    family: Vec<String>,
    stems: Vec<String>,
    endings_back: Vec<String>,
    endings_front: Vec<String>,
    nicknames: BTreeMap<String, Vec<String>>,
    departments: Vec<Department>,
    company_words: Vec<String>,
    company_trades: Vec<String>,
    company_form: String,
}

#[derive(Deserialize)]
struct Department {
    name: String,
    weight: u32,
    titles: Vec<String>,
    topics: Vec<String>,
}

/// `people` people across `companies` companies (at least one each).
pub fn generate(people: usize, companies: usize, seed: u64) -> Result<Population, DemoError> {
    let pools: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(NAMES_JSON).map_err(|e| DemoError::Fixture(e.to_string()))?;
    let pool = |key: &str| -> Result<Pool, DemoError> {
        let value = pools.get(key).cloned().ok_or_else(|| DemoError::Fixture(format!("no name pool {key:?}")))?;
        let pool: Pool = serde_json::from_value(value).map_err(|e| DemoError::Fixture(format!("{key}: {e}")))?;
        if pool.given.is_empty()
            || pool.family.is_empty()
            || pool.stems.is_empty()
            || pool.endings_back.is_empty()
            || pool.endings_front.is_empty()
            || pool.departments.iter().any(|d| d.titles.is_empty() || d.topics.is_empty())
            || pool.company_words.is_empty()
            || pool.company_trades.is_empty()
        {
            return Err(DemoError::Fixture(format!("name pool {key:?} has an empty list")));
        }
        Ok(pool)
    };
    let (fi, sv) = (pool("fi")?, pool("sv")?);
    let companies = companies.max(1);
    let mut rng = Rng::new(seed);
    let mut out = Population { companies: Vec::with_capacity(companies), people: Vec::with_capacity(people) };
    for c in 0..companies {
        // About one client in four is Swedish-speaking, as on the coast.
        let swedish = rng.chance(25);
        let p = if swedish { &sv } else { &fi };
        let word = rng.pick(&p.company_words).clone();
        let trade = rng.pick(&p.company_trades).clone();
        let slug = format!("c{:04}-{}", c + 1, slug_part(&word));
        let (language, zone) = match (swedish, rng.chance(20)) {
            (true, true) => (Language::Sv, "Europe/Mariehamn"),
            (true, false) => (Language::Sv, "Europe/Helsinki"),
            _ => (Language::Fi, "Europe/Helsinki"),
        };
        let mut company = Company::new(&slug, &format!("{word} {trade} {}", p.company_form), language, zone);
        company.id = c as Id + 1;
        let size = people / companies + usize::from(c < people % companies);
        let domain = format!("{slug}.example");
        let mut emails = HashSet::new();
        for i in 0..size {
            let id = out.people.len() as Id + 1;
            out.people.push(person(&mut rng, p, company.id, id, i, &domain, &mut emails));
        }
        out.companies.push(company);
    }
    Ok(out)
}

fn person(
    rng: &mut Rng,
    p: &Pool,
    company_id: Id,
    id: Id,
    index: usize,
    domain: &str,
    emails: &mut HashSet<String>,
) -> Person {
    let given = skewed(rng, &p.given).clone();
    let family = if rng.chance(60) {
        skewed(rng, &p.family).clone()
    } else {
        let stem = rng.pick(&p.stems);
        let front = stem.chars().any(|c| matches!(c, 'ä' | 'ö' | 'y'));
        let ending = rng.pick(if front { &p.endings_front } else { &p.endings_back });
        compose(stem, ending)
    };
    let mut person = Person::new(company_id, &given, &family);
    person.id = id;
    if let Some(nicks) = p.nicknames.get(&given)
        && rng.chance(50)
    {
        person.aliases.push(rng.pick(nicks).clone());
    }
    let total: u32 = p.departments.iter().map(|d| d.weight).sum();
    let mut roll = rng.below(u64::from(total.max(1))) as u32;
    let department = p
        .departments
        .iter()
        .find(|d| {
            let hit = roll < d.weight;
            roll = roll.saturating_sub(d.weight);
            hit
        })
        .unwrap_or(&p.departments[0]);
    person.department = department.name.clone();
    person.title = rng.pick(&department.titles).clone();
    person.topics.push(rng.pick(&department.topics).clone());
    // Extensions are per company; mobiles are unique across the directory
    // (a scrambled serial number), so a caller ID names one person.
    let extension = 2000 + index as u64;
    let serial = (id as u64).wrapping_mul(7_368_787) % 10_000_000;
    let prefix = ["040", "050", "044", "045"][(id as usize) % 4];
    person.phones = vec![
        Phone { kind: PhoneKind::Extension, number: extension.to_string(), label: String::new() },
        Phone {
            kind: PhoneKind::Mobile,
            number: format!("{prefix} {:03} {:04}", serial / 10_000, serial % 10_000),
            label: String::new(),
        },
    ];
    person.emails = vec![super::unique_email(&given, &family, domain, emails)];
    match rng.below(100) {
        0..=2 => {
            person.left =
                Some(Departure { on: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default(), reason: None });
        }
        3 => person.kind = PersonKind::Outsider,
        _ => {}
    }
    person
}

/// People per generated company when only the head count is given.
pub const PEOPLE_PER_COMPANY: usize = 200;

/// How many companies `people` generated people are spread over.
pub fn companies_for(people: usize) -> usize {
    people.div_ceil(PEOPLE_PER_COMPANY).max(1)
}

/// Adds a generated population to the directory (beside the demo): for
/// trying the app at scale (`vaihde demo --population 100000`). Run inside
/// one transaction. Returns how many people were added.
pub fn load(
    conn: &crate::store::db::Connection,
    people: usize,
    seed: u64,
    stamp: &crate::directory::Stamp,
) -> Result<usize, DemoError> {
    let population = generate(people, companies_for(people), seed)?;
    let mut ids = std::collections::HashMap::new();
    for c in &population.companies {
        let id = crate::directory::companies::insert(conn, c, stamp, false)?;
        ids.insert(c.id, id);
    }
    for p in &population.people {
        let mut p = p.clone();
        p.company_id = ids.get(&p.company_id).copied().unwrap_or(p.company_id);
        crate::directory::people::insert(conn, &p, stamp, false)?;
    }
    Ok(population.people.len())
}

/// A pick favouring the front of the list: lists are in order of frequency.
fn skewed<'a>(rng: &mut Rng, items: &'a [String]) -> &'a String {
    let u = rng.below(1_000_000) as f64 / 1_000_000.0;
    let i = ((items.len() as f64) * u.powf(1.8)) as usize;
    &items[i.min(items.len() - 1)]
}

/// "Koivu" + "mäki" = "Koivumäki", "Koivu" + "aho" = "Koivuaho", but
/// "Ranta" + "aho" = "Rantaho": no tripled or doubled vowel at the seam.
fn compose(stem: &str, ending: &str) -> String {
    let mut name = stem.to_string();
    if name.chars().last().is_some_and(|c| "aeiouyäö".contains(c)) && name.chars().last() == ending.chars().next() {
        name.pop();
    }
    name.push_str(ending);
    name
}

fn slug_part(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_people() {
        let a = generate(2_000, 10, 7).unwrap();
        let b = generate(2_000, 10, 7).unwrap();
        assert_eq!(a.people.len(), 2_000);
        assert_eq!(a.companies.len(), 10);
        assert_eq!(a.people, b.people);
        assert_eq!(a.people[1999].id, 2000);
    }

    #[test]
    fn mobiles_are_unique_and_names_varied() {
        let pop = generate(20_000, 100, 1).unwrap();
        let mobiles: HashSet<_> = pop.people.iter().map(|p| p.phones[1].number.clone()).collect();
        assert_eq!(mobiles.len(), 20_000);
        let families: HashSet<_> = pop.people.iter().map(|p| p.family_name.clone()).collect();
        assert!(families.len() > 500, "{} family names", families.len());
        assert!(pop.companies.iter().any(|c| c.language == Language::Sv));
        assert!(pop.people.iter().any(|p| p.has_left()) && pop.people.iter().any(|p| p.kind == PersonKind::Outsider));
    }
}
