//! Copying a directory into an empty team database (`vaihde team init`):
//! the copy holds the same directory as its source, a desk on the copy
//! follows its live changes from the end, and a second copy is refused.
//! (In the root crate's tests because it needs the demo, the backup and
//! the directory's live feed, which sit above the store.)

use vaihde::store::Store;
use vaihde::store::copy::{CopyError, Secrets, TABLES, copy_directory};

#[test]
fn a_copy_holds_the_same_directory_and_a_second_is_refused() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").expect("at").to_utc();
    let mut from = Store::open_in_memory().expect("from");
    from.write(|tx| vaihde::demo::load(tx, at, false).map(|_| ())).expect("demo");
    let mut to = Store::open_in_memory().expect("to");
    let counts = to.write(|tx| copy_directory(from.conn(), tx, Secrets::Copy)).expect("copy");
    assert_eq!(counts.len(), TABLES.len());
    assert!(counts.iter().any(|c| c.table == "people" && c.rows > 100), "{counts:?}");
    let a = vaihde::backup::export(from.conn(), at).expect("export");
    let b = vaihde::backup::export(to.conn(), at).expect("export");
    assert_eq!(a, b);
    // A desk starting now follows from the end, and the next edit is
    // told row by row, not as "re-read everything".
    let mut seq = vaihde::directory::live::last_seq(to.conn()).expect("the feed's end");
    // New rows get ids after the copied ones.
    to.conn()
        .execute("INSERT INTO companies (slug, name, language, timezone) VALUES ('uusi', 'Uusi', 'fi', 'UTC')", [])
        .expect("insert");
    let changed = vaihde::directory::live::since(to.conn(), &mut seq).expect("since");
    assert!(!changed.everything && !changed.is_empty(), "{changed:?}");
    let again = to.write(|tx| copy_directory(from.conn(), tx, Secrets::Copy));
    assert!(matches!(again, Err(CopyError::NotEmpty { companies, .. }) if companies == a.companies.len() as u64 + 1));
}
