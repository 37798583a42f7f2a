//! Search quality over a generated directory of 100,000 people in 500
//! companies: a fixed corpus of (what the operator typed or heard → the
//! person meant) pairs in `fixtures/search/quality.tsv`. The intended
//! person must come first in at least 90% of the queries and in the top
//! five in at least 98%.
//!
//! The corpus was written once by `write_corpus` below (run it with
//! `cargo test --test search_quality -- --ignored write_corpus` after a
//! change to the generator) and then read through; it is committed so the
//! target does not move with the code under test.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use vaihde::demo::population::{self, Population};
use vaihde::demo::rng::Rng;
use vaihde::model::{Person, PersonKind, PhoneKind};
use vaihde::search::{Index, Scope};

#[path = "support/mishear.rs"]
mod mishear;
use mishear::{ascii, has_double, heard, heard_given, spelling_variant, typo, undouble};

const CORPUS: &str = "fixtures/search/quality.tsv";
const PEOPLE: usize = 100_000;
const COMPANIES: usize = 500;
const SEED: u64 = 2026;

fn directory() -> (Population, Index) {
    let pop = population::generate(PEOPLE, COMPANIES, SEED).expect("the population fixtures load");
    let index = pop.index();
    (pop, index)
}

#[test]
fn intended_person_first_in_90_percent_and_top_five_in_98() {
    let (pop, index) = directory();
    let by_email: HashMap<&str, &Person> = pop.people.iter().map(|p| (p.emails[0].as_str(), p)).collect();
    let slugs: HashMap<&str, i64> = pop.companies.iter().map(|c| (c.slug.as_str(), c.id)).collect();
    let text = std::fs::read_to_string(CORPUS).expect("corpus present");
    // category -> (queries, first, top five)
    let mut stats: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let mut misses = String::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "{CORPUS}:{}: expected 5 tab-separated columns", n + 1);
        let (category, slug, scope, query, email) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
        let company = slugs[slug];
        let person = by_email.get(email).unwrap_or_else(|| panic!("{CORPUS}:{}: no person {email}", n + 1));
        let scope = if scope == "all" { Scope::All(Some(company)) } else { Scope::Company(company) };
        let hits = index.search(query, scope, 5);
        let rank = hits.iter().position(|h| h.person_id == person.id);
        let s = stats.entry(category.to_string()).or_default();
        s.0 += 1;
        s.1 += u32::from(rank == Some(0));
        s.2 += u32::from(rank.is_some());
        if rank != Some(0) {
            let got: Vec<String> =
                hits.iter().take(3).map(|h| pop.people[(h.person_id - 1) as usize].full_name()).collect();
            let _ =
                writeln!(misses, "  {category:<12} {query:<28} want {} at {rank:?}, got {got:?}", person.full_name());
        }
    }
    let total = stats.values().fold((0, 0, 0), |a, s| (a.0 + s.0, a.1 + s.1, a.2 + s.2));
    let mut report = String::from("category        queries  first  top-5\n");
    for (c, s) in &stats {
        let _ = writeln!(report, "{c:<14} {:>8} {:>6} {:>6}", s.0, s.1, s.2);
    }
    let first = f64::from(total.1) / f64::from(total.0) * 100.0;
    let top5 = f64::from(total.2) / f64::from(total.0) * 100.0;
    let _ = writeln!(report, "all            {:>8} {first:>5.1}% {top5:>5.1}%", total.0);
    println!("{report}\nnot first:\n{misses}");
    assert!(total.0 >= 200, "the corpus must hold at least 200 queries");
    assert!(first >= 90.0, "first in {first:.1}% (< 90%)\n{report}\n{misses}");
    assert!(top5 >= 98.0, "top five in {top5:.1}% (< 98%)\n{report}\n{misses}");
}

/// Writes the corpus. Each query is derived from a real person of the
/// generated directory the way an operator gets it wrong.
#[test]
#[ignore = "writes fixtures/search/quality.tsv; run by hand after changing the generator"]
fn write_corpus() {
    let (pop, _) = directory();
    let mut rng = Rng::new(99);
    let slug: HashMap<i64, &str> = pop.companies.iter().map(|c| (c.id, c.slug.as_str())).collect();
    // Full names, family names and given name + department that name one
    // person in their company: only those make fair questions.
    let mut count: HashMap<(i64, String), u32> = HashMap::new();
    for p in &pop.people {
        *count.entry((p.company_id, p.full_name().to_lowercase())).or_default() += 1;
        *count.entry((p.company_id, format!("family:{}", p.family_name.to_lowercase()))).or_default() += 1;
        *count.entry((p.company_id, format!("gd:{} {}", p.given_name, p.department).to_lowercase())).or_default() += 1;
    }
    let unique = |p: &Person, key: String| count.get(&(p.company_id, key)).copied() == Some(1);
    let staff: Vec<&Person> =
        pop.people.iter().filter(|p| p.kind == PersonKind::Staff && unique(p, p.full_name().to_lowercase())).collect();
    let mut out = String::from(
        "# category\tcompany\tscope\tquery\tintended person (e-mail)\n# Written by tests/search_quality.rs write_corpus; see there.\n",
    );
    let mut push = |category: &str, p: &Person, scope: &str, query: String| {
        let _ = writeln!(out, "{category}\t{}\t{scope}\t{query}\t{}", slug[&p.company_id], p.emails[0]);
    };
    let pick = |rng: &mut Rng, want: &dyn Fn(&Person) -> bool| -> &Person {
        loop {
            let p = staff[rng.below(staff.len() as u64) as usize];
            if want(p) {
                return p;
            }
        }
    };
    let any = |_: &Person| true;
    for _ in 0..10 {
        let p = pick(&mut rng, &any);
        push("exact", p, "company", p.full_name());
    }
    for _ in 0..20 {
        let p = pick(&mut rng, &|p: &Person| p.full_name().contains(['ä', 'ö', 'å', 'é']));
        push("diacritics", p, "company", ascii(&p.full_name()).to_lowercase());
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &|p: &Person| p.full_name().contains(['v', 'V', 'w', 'W']));
        let q: String = p
            .full_name()
            .chars()
            .map(|c| match c {
                'v' => 'w',
                'V' => 'W',
                'w' => 'v',
                'W' => 'V',
                c => c,
            })
            .collect();
        push("w-v", p, "company", q);
    }
    for _ in 0..15 {
        let p = pick(&mut rng, &|p: &Person| has_double(&p.family_name));
        push("double", p, "company", format!("{} {}", p.given_name, undouble(&p.family_name)));
    }
    for _ in 0..15 {
        let p = pick(&mut rng, &|p: &Person| spelling_variant(&p.full_name()).is_some());
        push("spelling", p, "company", spelling_variant(&p.full_name()).unwrap_or_default());
    }
    for _ in 0..20 {
        let p = pick(&mut rng, &|p: &Person| heard(&p.family_name).is_some());
        push("heard", p, "company", format!("{} {}", p.given_name, heard(&p.family_name).unwrap_or_default()));
    }
    for (category, n) in [("dropped", 20), ("doubled", 15), ("swapped", 20), ("wrong", 10)] {
        for _ in 0..n {
            let p = pick(&mut rng, &|p: &Person| p.family_name.chars().count() >= 5);
            let family = typo(&mut rng, &p.family_name, category);
            push(category, p, "company", format!("{} {family}", p.given_name));
        }
    }
    for _ in 0..15 {
        // Still typing, and already a wrong letter in it.
        let p = pick(&mut rng, &|p: &Person| p.family_name.chars().count() >= 7);
        let start: String = p.family_name.chars().take(6).collect();
        push("typing+typo", p, "company", format!("{} {}", p.given_name, typo(&mut rng, &start, "wrong")));
    }
    for _ in 0..15 {
        let p =
            pick(&mut rng, &|p: &Person| p.family_name.contains(['ä', 'ö', 'å']) && p.family_name.chars().count() >= 6);
        let family = typo(&mut rng, &ascii(&p.family_name), "dropped");
        push("ascii+typo", p, "company", format!("{} {family}", ascii(&p.given_name).to_lowercase()));
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &|p: &Person| heard_given(&p.given_name).is_some());
        push(
            "heard-given",
            p,
            "company",
            format!("{} {}", heard_given(&p.given_name).unwrap_or_default(), p.family_name),
        );
    }
    for _ in 0..20 {
        let p = pick(&mut rng, &|p: &Person| unique(p, format!("gd:{} {}", p.given_name, p.department).to_lowercase()));
        push("given+dept", p, "company", format!("{} {}", p.given_name.to_lowercase(), p.department.to_lowercase()));
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &any);
        push("reversed", p, "company", format!("{} {}", p.family_name, p.given_name));
    }
    for _ in 0..15 {
        let p = pick(&mut rng, &|p: &Person| p.family_name.chars().count() >= 6);
        let cut: String = p.family_name.chars().take(4).collect();
        push("typing", p, "company", format!("{} {cut}", p.given_name.to_lowercase()));
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &|p: &Person| unique(p, format!("family:{}", p.family_name.to_lowercase())));
        push("family", p, "company", p.family_name.to_lowercase());
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &|p: &Person| !p.aliases.is_empty());
        push("nickname", p, "company", format!("{} {}", p.aliases[0], p.family_name));
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &any);
        let ext = p.phone(PhoneKind::Extension).map(|x| x.number.clone()).unwrap_or_default();
        push("extension", p, "company", ext);
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &any);
        let mobile = p.phone(PhoneKind::Mobile).map(|x| x.number.replace(' ', "")).unwrap_or_default();
        push("caller-id", p, "all", format!("+358{}", &mobile[1..]));
    }
    for _ in 0..10 {
        let p = pick(&mut rng, &any);
        let mobile = p.phone(PhoneKind::Mobile).map(|x| x.number.clone()).unwrap_or_default();
        push("phone-tail", p, "all", mobile[4..].to_string());
    }
    std::fs::write(CORPUS, out).expect("write corpus");
}
