//! The roles a team needs: desks on a database role that may read and
//! change the whole directory except the feeds' full addresses (which may
//! carry tokens), and a sync worker's role that may read those too. A desk
//! on its role shows the feeds panel, cards, `team status` and keeps its
//! own copy; only fetching needs the worker's role. Runs on the suite's
//! PostgreSQL run (`scripts/with-postgres`).

use chrono::TimeZone;
use vaihde::directory::{Stamp, companies, feeds, people};
use vaihde::store::Location;
use vaihde::{Directory, Store};

const SECRET: &str = "https://cal.example.org/private/s3cr3t-token/basic.ics";

#[test]
fn a_desk_on_its_own_role_works_without_reading_feed_secrets() {
    let Some(server) = std::env::var("VAIHDE_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) else { return };
    let pid = std::process::id();
    let schema = format!("roles{pid}");
    let worker_url = vaihde::store::postgres::schema_url(&server, &schema).expect("schema");
    let at = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap();
    let stamp = Stamp::new(at, Some("admin".into()));
    let mut worker = Store::open_postgres(&worker_url).expect("the worker's connection");
    worker.write(|tx| vaihde::demo::load(tx, at, false).map(|_| ())).expect("demo");
    let company = companies::find_by_slug(worker.conn(), "rakennus").expect("q").expect("rakennus").id;
    let maija = people::resolve(worker.conn(), Some(company), "Maija Virtanen").expect("maija").id;
    worker.write(|tx| feeds::add(tx, company, Some(maija), SECRET, "", &stamp)).expect("feed");
    let staff_list = vaihde::directory::staff_feeds::NewStaffFeed {
        url: "https://hr.example.org/export/t0k3n/staff.csv".into(),
        label: "HR".into(),
        ..Default::default()
    };
    worker.write(|tx| vaihde::directory::staff_feeds::add(tx, company, &staff_list, &stamp)).expect("staff feed");

    // The desks' role, as the README's Team section grants it.
    let desk = format!("desk_{pid}");
    worker
        .conn()
        .execute_batch(&format!(
            "DROP ROLE IF EXISTS {desk};
             CREATE ROLE {desk} LOGIN;
             GRANT USAGE ON SCHEMA {schema} TO {desk};
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {desk};
             GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {desk};
             REVOKE SELECT ON {schema}.feeds FROM {desk};
             GRANT SELECT (id, company_id, person_id, label, etag, last_modified, last_attempt_at, last_success_at,
                           last_error, error_permanent, occurrences, warnings, last_problem, address, on_call)
                 ON {schema}.feeds TO {desk};
             REVOKE SELECT ON {schema}.staff_feeds FROM {desk};
             GRANT SELECT (id, company_id, address, label, format, sheet, mapping, etag, last_modified,
                           last_attempt_at, last_success_at, last_error, listed, created_at, collection, sync_token,
                           last_problem)
                 ON {schema}.staff_feeds TO {desk};"
        ))
        .expect("the desks' role");
    let desk_url = worker_url.replacen("vaihde@", &format!("{desk}@"), 1);
    assert_ne!(desk_url, worker_url);
    let mut store = Store::open_postgres(&desk_url).expect("a desk connects on its role");

    // The full address is out of its reach...
    assert!(store.conn().query_row("SELECT url FROM feeds", [], |r| r.get::<_, String>(0)).is_err());
    // ...and it needs it for nothing it shows.
    let shown = feeds::list(store.conn(), Some(company)).expect("feeds to show");
    let feed = shown.iter().find(|f| f.person_id == Some(maija)).expect("maija's feed");
    let view = feeds::view(store.conn(), feed).expect("the panel's view");
    assert!(!view.address.contains("s3cr3t") && view.address.contains("cal.example.org"), "{}", view.address);
    let staff = vaihde::directory::staff_feeds::list(store.conn(), Some(company)).expect("staff feeds to show");
    assert!(staff[0].address.contains("hr.example.org") && !staff[0].address.contains("t0k3n"), "{:?}", staff[0]);
    let card = vaihde::card::person_card(store.conn(), maija, at).expect("maija's card");
    assert_eq!(card.person.id, maija);
    let status = vaihde::team::status(&store, &Location::Postgres(desk_url.clone())).expect("team status");
    assert!(status.people > 100);
    store
        .write(|tx| people::add_note(tx, maija, "soittaa takaisin", &Stamp::new(at, Some("Jenny".into()))))
        .expect("edits");
    let dir = tempfile::tempdir().expect("data dir");
    let copied = vaihde::team::refresh_local_copy(&store, &Location::Postgres(desk_url.clone()), dir.path())
        .expect("team")
        .expect("the desk keeps its copy");
    assert!(copied > 100);
    let copy = Store::open_copy(&vaihde::team::local_copy_path(dir.path(), &desk_url)).expect("the copy");
    let url: String =
        copy.conn().query_row("SELECT url FROM feeds WHERE person_id = ?1", [maija], |r| r.get(0)).expect("row");
    assert_eq!(url, "", "the copy on the desk's disk holds no secret");
    assert!(Directory::new(copy).person(maija).is_ok());

    // Fetching is the worker's: its role reads the address.
    assert!(feeds::list_to_fetch(store.conn(), None).is_err(), "a desk's role cannot fetch");
    assert!(vaihde::directory::staff_feeds::list_to_fetch(store.conn(), None).is_err());
    let to_fetch = feeds::list_to_fetch(worker.conn(), None).expect("the worker fetches");
    assert!(to_fetch.iter().any(|f| f.url == SECRET));
    drop(store);
    let _ = worker.conn().execute_batch(&format!("DROP OWNED BY {desk}; DROP ROLE {desk};"));
}
