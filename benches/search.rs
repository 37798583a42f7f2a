//! Search at scale: `cargo bench --bench search`.
//!
//! A generated directory of 100,000 people in 500 companies (and 1,000,000
//! in 5,000 for stress) is indexed; then 200 people's names are typed one
//! keystroke at a time ("m", "ma", "mai", ... up to 12 characters), each
//! prefix being one query, as the desktop app sends them. Divan times each
//! query length; after it, every one of the 2,400 keystroke queries is
//! timed once more on its own for the latency distribution (median, p99,
//! worst), and the index's memory is counted by a counting allocator.
//!
//! Beside it runs what the index replaces: a plain linear scan of every
//! full name with fuzzy-matcher (and with nucleo-matcher, which the search
//! issue asked to compare), keeping the best ten.

#[path = "support/mod.rs"]
mod support;
use support::directory_100k;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use divan::Bencher;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use vaihde::demo::population::{self, Population};
use vaihde::search::{Index, Scope};

/// Counts the bytes currently allocated, to weigh the index.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// Counts the index's memory for the README; forwards every call to the system allocator.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const LIMIT: usize = 10;
const TYPED: usize = 200;
const MAX_LEN: usize = 12;

struct Fixture {
    population: Population,
    index: Index,
    /// Bytes the index holds.
    bytes: isize,
    build: Duration,
    /// (company of the person, query) for every keystroke.
    keystrokes: Vec<Vec<(i64, String)>>,
    names: Vec<String>,
}

fn fixture(people: usize, companies: usize) -> Fixture {
    let population = population::generate(people, companies, 2026).expect("population");
    let before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let index = build(&population);
    let build = started.elapsed();
    let bytes = LIVE.load(Ordering::Relaxed) - before;
    let step = population.people.len() / TYPED;
    let mut keystrokes = vec![Vec::new(); MAX_LEN + 1];
    for p in population.people.iter().step_by(step.max(1)).take(TYPED) {
        let name = format!("{} {}", p.given_name, p.family_name).to_lowercase();
        for (len, queries) in keystrokes.iter_mut().enumerate().skip(1) {
            let typed: String = name.chars().take(len).collect();
            queries.push((p.company_id, typed.trim_end().to_string()));
        }
    }
    let names = population.people.iter().map(|p| p.full_name()).collect();
    Fixture { population, index, bytes, build, keystrokes, names }
}

fn build(population: &Population) -> Index {
    population.index()
}

static K100: LazyLock<Fixture> = LazyLock::new(|| fixture(100_000, 500));
static M1: LazyLock<Fixture> = LazyLock::new(|| fixture(1_000_000, 5_000));

const LENGTHS: [usize; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

fn main() {
    divan::main();
    report("100k", &K100, true);
    report("1M", &M1, false);
    for (label, f) in [("100k", &*K100), ("1M", &*M1)] {
        println!("{label}: the index on disk is {:.1} MB", f.index.to_bytes([0; 4]).len() as f64 / 1e6);
    }
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn build_index_100k(bencher: Bencher) {
    let population = &K100.population;
    bencher.bench(|| build(population));
}

/// What the app does at start: read everyone from SQLite, then index.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_index_from_sqlite_100k(bencher: Bencher) {
    let dir = directory_100k();
    bencher.bench_local(|| Index::build(dir.conn()).expect("index"));
}

/// Reading everyone from SQLite alone (the part of the above before indexing).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_people_from_sqlite_100k(bencher: Bencher) {
    let dir = directory_100k();
    bencher.bench_local(|| vaihde::directory::people::all(dir.conn()).expect("people"));
}

/// A desk's start or a cold `search --all` with the index kept on disk:
/// the file read and checked back into an index (instead of a build).
#[divan::bench(args = ["100k", "1M"], sample_count = 5, sample_size = 1)]
fn read_index_from_disk(bencher: Bencher, size: &str) {
    let f = if size == "1M" { &*M1 } else { &*K100 };
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("search-index");
    std::fs::write(&file, f.index.to_bytes([1, 2, 3, 4])).expect("index written");
    bencher.bench_local(|| Index::from_bytes(&std::fs::read(&file).expect("read")).expect("index"));
}

/// Each iteration is the next of the 200 names typed to `len` characters,
/// in the caller's company or across all companies (the call's first).
fn bench_keystrokes(bencher: Bencher, f: &Fixture, len: usize, company_scope: bool) {
    let mut i = 0;
    bencher.bench_local(|| {
        let (company, q) = &f.keystrokes[len][i % TYPED];
        i += 1;
        f.index.search(q, scope(*company, company_scope), LIMIT)
    });
}

fn scope(company: i64, company_scope: bool) -> Scope {
    if company_scope { Scope::Company(company) } else { Scope::All(Some(company)) }
}

/// One keystroke query in the caller's company (the operator's default).
#[divan::bench(args = LENGTHS)]
fn keystroke_company_100k(bencher: Bencher, len: usize) {
    bench_keystrokes(bencher, &K100, len, true);
}

/// One keystroke query across all companies (`/` in the app, `--all`).
#[divan::bench(args = LENGTHS)]
fn keystroke_all_100k(bencher: Bencher, len: usize) {
    bench_keystrokes(bencher, &K100, len, false);
}

#[divan::bench(args = [1, 4, 8, 12])]
fn keystroke_all_1m(bencher: Bencher, len: usize) {
    bench_keystrokes(bencher, &M1, len, false);
}

/// The whole desktop `search` command (index, then each row's person,
/// company and status from SQLite), over the demo plus 100,000 generated
/// people: what the window waits for, before IPC and painting.
#[divan::bench(args = [1, 4, 8, 12], sample_count = 50)]
fn desktop_search_command_100k(bencher: Bencher, len: usize) {
    use chrono::TimeZone;
    use vaihde::api::{Clock, SearchArgs, Session};
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().expect("time");
    let mut session = Session::new(directory_100k(), Clock::Fixed(at));
    let queries: Vec<String> = K100.keystrokes[len].iter().map(|(_, q)| q.clone()).collect();
    let mut i = 0;
    let _ = session.index().expect("index");
    bencher.bench_local(|| {
        let query = queries[i % queries.len()].clone();
        i += 1;
        vaihde::api::search_rows(
            &mut session,
            SearchArgs { query, company_id: None, all: true, limit: 15, ..Default::default() },
        )
    });
}

/// What the index replaces: every full name through fuzzy-matcher.
#[divan::bench(args = [1, 4, 8, 12], sample_count = 20)]
fn linear_fuzzy_matcher_100k(bencher: Bencher, len: usize) {
    let f = &*K100;
    let matcher = SkimMatcherV2::default();
    let mut i = 0;
    bencher.bench_local(|| {
        let (_, q) = &f.keystrokes[len][i % TYPED];
        i += 1;
        top(f.names.iter().enumerate().filter_map(|(n, name)| matcher.fuzzy_match(name, q).map(|s| (s, n))))
    });
}

/// The same scan with nucleo-matcher.
#[divan::bench(args = [1, 4, 8, 12], sample_count = 20)]
fn linear_nucleo_100k(bencher: Bencher, len: usize) {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};
    let f = &*K100;
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut i = 0;
    bencher.bench_local(|| {
        let (_, q) = &f.keystrokes[len][i % TYPED];
        i += 1;
        let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
        let scored = f.names.iter().enumerate().filter_map(|(n, name)| {
            pattern.score(Utf32Str::new(name, &mut buf), &mut matcher).map(|s| (i64::from(s), n))
        });
        top(scored.collect::<Vec<_>>().into_iter())
    });
}

fn top(scored: impl Iterator<Item = (i64, usize)>) -> Vec<(i64, usize)> {
    let mut all: Vec<(i64, usize)> = scored.collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.truncate(LIMIT);
    all
}

/// Times every keystroke query once and prints the distribution.
fn report(label: &str, f: &Fixture, with_company: bool) {
    println!(
        "\n{label}: {} people, {} words indexed, built in {:.0} ms, index holds {:.1} MB",
        f.population.people.len(),
        f.index.vocabulary(),
        f.build.as_secs_f64() * 1e3,
        f.bytes as f64 / 1e6
    );
    let scopes: &[(&str, bool)] = if with_company { &[("company", true), ("all", false)] } else { &[("all", false)] };
    for &(name, company_scope) in scopes {
        let mut times: Vec<Duration> = Vec::new();
        for len in 1..=MAX_LEN {
            for (company, q) in &f.keystrokes[len] {
                let started = Instant::now();
                let hits = f.index.search(q, scope(*company, company_scope), LIMIT);
                times.push(started.elapsed());
                std::hint::black_box(hits);
            }
        }
        // Per length and the slowest queries, to see where the tail is.
        let mut by_len: Vec<(Duration, usize, String)> = Vec::new();
        let mut k = 0;
        for len in 1..=MAX_LEN {
            for (_, q) in &f.keystrokes[len] {
                by_len.push((times[k], len, q.clone()));
                k += 1;
            }
        }
        for len in 1..=MAX_LEN {
            let mut t: Vec<Duration> = by_len.iter().filter(|b| b.1 == len).map(|b| b.0).collect();
            t.sort();
            println!(
                "    {len:>2} letters: median {:.3} ms, p99 {:.3} ms",
                t[t.len() / 2].as_secs_f64() * 1e3,
                t[(t.len() * 99 / 100).min(t.len() - 1)].as_secs_f64() * 1e3
            );
        }
        by_len.sort_by_key(|b| std::cmp::Reverse(b.0));
        let slowest: Vec<String> =
            by_len.iter().take(8).map(|(t, _, q)| format!("{q:?} {:.1} ms", t.as_secs_f64() * 1e3)).collect();
        println!("    slowest: {}", slowest.join(", "));
        times.sort();
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "  {name:<8} {} keystroke queries: median {:.3} ms, p99 {:.3} ms, worst {:.3} ms",
            times.len(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    }
}
