//! The team database goes away mid-use and comes back: the desk keeps
//! searching and opening cards from its own read-only copy, refuses edits
//! with a sentence (nothing half-written), and goes back to the team
//! database by itself when it can reach it again — the same steps the app's
//! live thread takes (`Watch::step`, then `keep_connected`).
//!
//! Runs on the suite's PostgreSQL run (`scripts/with-postgres`), with a
//! server of the test's own, since it stops it.

#[path = "support/pg_server.rs"]
mod pg_server;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use vaihde::api::live::{Watch, keep_connected};
use vaihde::api::{Clock, Session, TeamState, dispatch};
use vaihde::store::Location;
use vaihde::{Directory, Store};

fn at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").expect("at").to_utc()
}

/// Steps the watch as the app's live thread does until the team state changes.
fn until_state_changes(watch: &mut Watch, session: &Arc<Mutex<Session>>) -> TeamState {
    let started = Instant::now();
    loop {
        watch.wait(Duration::from_millis(100));
        let reached = watch.step(session).is_ok();
        if let Some(state) = keep_connected(session, reached) {
            return state;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the desk never noticed");
    }
}

#[test]
fn a_desk_reads_its_copy_while_the_team_database_is_away_and_comes_back_by_itself() {
    if std::env::var("VAIHDE_TEST_PG_BIN").is_err() {
        return; // not the PostgreSQL run
    }
    let Some(server) = pg_server::PgServer::start() else { return };
    let url = server.url();
    let location = Location::Postgres(url.clone());
    let mut team = Store::open_postgres(&url).expect("team database");
    team.write(|tx| vaihde::demo::load(tx, at(), false).map(|_| ())).expect("demo");
    let data_dir = tempfile::tempdir().expect("data dir");
    let people = vaihde::team::refresh_local_copy(&team, &location, data_dir.path()).expect("team").expect("copy");
    assert!(people > 100);
    drop(team);

    let mut s = Session::new(Directory::new(Store::open_postgres(&url).expect("desk")), Clock::Fixed(at()));
    s.location = Some(location.clone());
    s.data_dir = Some(data_dir.path().to_path_buf());
    let session = Arc::new(Mutex::new(s));
    let mut watch = Watch::open(&location).expect("watch");
    let search = |session: &Arc<Mutex<Session>>| {
        let mut s = session.lock().expect("session");
        dispatch(&mut s, "search", json!({"query": "maija virtanen", "company_id": null, "all": true, "limit": 5}))
    };
    let rows = search(&session).expect("search");
    let maija = rows[0]["person"]["id"].as_i64().expect("an id");
    assert_eq!(keep_connected(&session, watch.step(&session).is_ok()), None, "online: nothing to change");

    server.stop();
    let state = until_state_changes(&mut watch, &session);
    let offline = state.offline.expect("offline");
    assert!(offline.copied_at.is_some(), "showing the copy");

    // Searching and cards go on from the copy.
    let rows = search(&session).expect("search while away");
    assert_eq!(rows[0]["person"]["id"].as_i64(), Some(maija));
    {
        let mut s = session.lock().expect("session");
        let card = dispatch(&mut s, "person_card", json!({"person_id": maija})).expect("card from the copy");
        assert_eq!(card["person"]["given_name"], "Maija");
        let route = dispatch(&mut s, "route", json!({"person_id": maija, "topic": null}));
        assert!(route.is_ok(), "{route:?}");
        // An edit is refused with a sentence, and nothing is written.
        let refused =
            dispatch(&mut s, "add_note", json!({"person_id": maija, "text": "soittaa takaisin"})).expect_err("refused");
        assert_eq!(refused.said.as_ref().map(|p| p.id.as_str()), Some("refuseTeamAway"), "{refused:?}");
        let state = dispatch(&mut s, "team_state", json!({})).expect("state");
        assert!(state["offline"]["copied_at"].is_string(), "{state}");
    }

    server.start_again();
    let state = until_state_changes(&mut watch, &session);
    assert_eq!(state.offline, None, "back on the team database");
    let mut s = session.lock().expect("session");
    dispatch(&mut s, "add_note", json!({"person_id": maija, "text": "soittaa takaisin"})).expect("edits work again");
    drop(s);
    let team = Store::open_postgres(&url).expect("team database");
    let notes = vaihde::directory::people::get(team.conn(), maija).expect("maija").notes;
    assert!(notes.contains("soittaa takaisin"), "{notes}");
}
