//! What more than one benchmark builds: the demo directory with 100,000
//! generated people, in memory.

/// The demo plus 100,000 generated people in an in-memory directory.
pub fn directory_100k() -> vaihde::Directory {
    use chrono::TimeZone;
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().expect("time");
    let mut dir = vaihde::Directory::open_in_memory().expect("directory");
    let stamp = vaihde::directory::Stamp::new(at, None);
    dir.store_mut()
        .write(|tx| {
            vaihde::demo::load(tx, at, false)?;
            vaihde::demo::population::load(tx, 100_000, 2026, &stamp)
        })
        .expect("load");
    dir
}
