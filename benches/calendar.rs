//! Reading and expanding a 5,000-event calendar (one in ten recurring)
//! over a 430-day window: `cargo bench --bench calendar`.

use chrono::{Duration, NaiveDate};
use chrono_tz::Europe::Helsinki;
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn parse_and_expand_5000_events(bencher: Bencher) {
    let ics = vaihde::calendar::sample::calendar(5000, &[]);
    let from = vaihde::time::start_of_day(NaiveDate::from_ymd_opt(2025, 12, 1).unwrap_or_default(), Helsinki);
    let to = from + Duration::days(430);
    bencher.counter(ItemsCount::new(5000usize)).bench(|| {
        let mut warnings = Vec::new();
        let list = vaihde::calendar::occurrences(black_box(ics.as_bytes()), "bench", Helsinki, from, to, &mut warnings);
        assert!(list.map(|l| l.len()).unwrap_or(0) > 9000);
    });
}

#[divan::bench(sample_count = 20)]
fn parse_only_5000_events(bencher: Bencher) {
    let ics = vaihde::calendar::sample::calendar(5000, &[]);
    bencher
        .counter(ItemsCount::new(5000usize))
        .bench(|| vaihde::calendar::parse(black_box(ics.as_bytes()), "bench").map(|c| c.events.len()));
}
