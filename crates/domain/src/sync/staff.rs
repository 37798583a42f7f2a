//! Staff feeds synced the way a careful person would apply a client's own
//! staff list: new people are added; the fields the source owns (names,
//! title, department, numbers, e-mail, topics) are updated; what the
//! switchboard owns (aliases, notes, languages, delegates, roles, "calls go
//! to") is never touched; a person the source stops listing is flagged
//! "no longer listed in <source>" — never deleted, the operator decides.
//! Matching is the re-import's: e-mail, then name, so two feeds of one
//! company, or a feed and manual edits, meet on the same person.
//!
//! A source that fails, cannot be read, or suddenly lists nobody (or under
//! half of whom it listed last time) is refused in words: the last good
//! sync's people and flags stay as they are.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Outcome;
use super::carddav;
use super::fetch::{FetchError, Fetched, Fetcher};
use crate::directory::changes::{self, Entry};
use crate::directory::learn::{self, Lesson};
use crate::directory::staff_feeds::{self, StaffFeed};
use crate::directory::{DirectoryError, Result, Stamp, people};
use crate::import::{self, ImportError, PersonRef, ReadOptions, StaffRecord};
use crate::model::{ChangeValue, Id, Problem};
use crate::store::Store;
use crate::store::db::Connection;

/// Under this many people listed last time, a drop is not judged sudden.
const SUDDEN_FROM: i64 = 4;

/// How one staff feed's sync went.
#[derive(Debug, Clone, Serialize)]
pub struct StaffReport {
    pub feed_id: Id,
    pub company_id: Id,
    /// The source as named to a person (its label, else its address).
    pub feed: String,
    pub outcome: Outcome,
    /// Why it failed, as a value the faces word (`Words::staff_problem`).
    pub problem: Option<Problem>,
    /// The same in English, after the source's address, for logs.
    pub error: Option<String>,
    pub added: Vec<PersonRef>,
    pub updated: Vec<PersonRef>,
    /// People this sync found no longer listed.
    pub gone: Vec<PersonRef>,
    /// People listed again after being gone.
    pub back: Vec<PersonRef>,
    /// How many people the source lists.
    pub listed: usize,
    /// What the import had to say (unmapped columns, cards skipped).
    pub warnings: Vec<crate::words::Phrase>,
}

impl StaffReport {
    fn new(feed: &StaffFeed) -> StaffReport {
        StaffReport {
            feed_id: feed.id,
            company_id: feed.company_id,
            feed: feed.name().to_string(),
            outcome: Outcome::Failed,
            problem: None,
            error: None,
            added: Vec::new(),
            updated: Vec::new(),
            gone: Vec::new(),
            back: Vec::new(),
            listed: 0,
            warnings: Vec::new(),
        }
    }
}

/// Fetches and applies the staff feeds (of one company, or all) one by
/// one — staff lists are few and small beside calendars: every one, or in
/// a scheduled round those no desk fetched within most of `every`. Called
/// by the team round ([`super::team_round`]), under its lock.
pub async fn sync(
    store: &mut Store,
    company_id: Option<Id>,
    at: DateTime<Utc>,
    fetcher: &Fetcher,
    every: Option<chrono::Duration>,
) -> Result<Vec<StaffReport>> {
    let mut reports = Vec::new();
    // One CardDAV client for the round: setting one up (TLS, certificates)
    // costs more than asking a server what changed.
    let mut dav: Option<std::result::Result<carddav::Client, carddav::DavError>> = None;
    for feed in staff_feeds::list_to_fetch(store.conn(), company_id)? {
        if every.is_some_and(|every| !super::due(feed.last_attempt_at, at, every)) {
            continue;
        }
        if feed.format == Some(staff_feeds::FormatCode::Carddav) {
            // Read once: their ETags tell the server what we hold, and the
            // cards themselves make the whole book the delta applies to.
            let cards = staff_feeds::cards(store.conn(), feed.id)?;
            let known: HashMap<String, String> =
                cards.iter().map(|(href, (etag, _))| (href.clone(), etag.clone())).collect();
            let delta = match dav.get_or_insert_with(carddav::Client::new) {
                Ok(client) => client.sync(&feed.url, &feed.collection, feed.sync_token.as_deref(), &known).await,
                Err(e) => Err(e.clone()),
            };
            reports.push(apply_carddav(store, &feed, cards, delta, at)?);
            continue;
        }
        let fetched = fetcher.fetch(&feed.url, feed.etag.as_deref(), feed.last_modified.as_deref()).await;
        reports.push(apply(store, &feed, fetched, at)?);
    }
    Ok(reports)
}

/// Applies what was fetched for `feed`, all in one transaction; on any
/// failure records it and keeps the last good sync.
pub fn apply(
    store: &mut Store,
    feed: &StaffFeed,
    fetched: std::result::Result<Fetched, FetchError>,
    at: DateTime<Utc>,
) -> Result<StaffReport> {
    let mut report = StaffReport::new(feed);
    let bytes = match fetched {
        Err(e) => return failed(store, feed, report, e.problem, at),
        Ok(Fetched::NotModified) => {
            store.write(|tx| staff_feeds::record_unchanged(tx, feed.id, at))?;
            report.outcome = Outcome::Unchanged;
            report.listed = usize::try_from(feed.listed).unwrap_or(0);
            return Ok(report);
        }
        Ok(Fetched::Body { bytes, etag, last_modified }) => (bytes, etag, last_modified),
    };
    let (bytes, etag, last_modified) = bytes;
    let finish = |tx: &Connection, listed: usize| {
        staff_feeds::record_success(tx, feed.id, at, (etag.as_deref(), last_modified.as_deref()), listed)
    };
    apply_bytes(store, feed, &bytes, at, report, finish)
}

/// A CardDAV book's changes since the last sync, on top of the cards we
/// hold (`cards`, as `staff_feeds::cards` read them): the whole book is
/// then applied like a file, and the cards and the new sync token are
/// stored in the same transaction (a refused or failed sync keeps the old
/// token, so the next one sees the same changes).
pub fn apply_carddav(
    store: &mut Store,
    feed: &StaffFeed,
    mut cards: std::collections::BTreeMap<String, (String, String)>,
    delta: std::result::Result<carddav::Delta, carddav::DavError>,
    at: DateTime<Utc>,
) -> Result<StaffReport> {
    let report = StaffReport::new(feed);
    let delta = match delta {
        Ok(d) => d,
        // The CardDAV server's answer, worded like any feed's.
        Err(e) => return failed(store, feed, report, e.0, at),
    };
    if delta.changed.is_empty() && delta.removed.is_empty() && feed.last_success_at.is_some() {
        // Nothing changed in the book (the CardDAV form of a 304): the
        // people stay as the last sync left them; only the token moves.
        store.write(|tx| {
            staff_feeds::store_cards(tx, feed.id, &[], &[], &delta.collection, delta.token.as_deref())?;
            staff_feeds::record_unchanged(tx, feed.id, at)
        })?;
        let mut report = report;
        report.outcome = Outcome::Unchanged;
        report.listed = usize::try_from(feed.listed).unwrap_or(0);
        return Ok(report);
    }
    for href in &delta.removed {
        cards.remove(href);
    }
    for c in &delta.changed {
        cards.insert(c.href.clone(), (c.etag.clone(), c.data.clone()));
    }
    let mut book = String::new();
    for (_, data) in cards.values() {
        book.push_str(data.trim_end());
        book.push_str("\r\n");
    }
    let changed: Vec<(String, String, String)> =
        delta.changed.iter().map(|c| (c.href.clone(), c.etag.clone(), c.data.clone())).collect();
    let finish = |tx: &Connection, listed: usize| {
        staff_feeds::store_cards(tx, feed.id, &changed, &delta.removed, &delta.collection, delta.token.as_deref())?;
        staff_feeds::record_success(tx, feed.id, at, (None, None), listed)
    };
    apply_bytes(store, feed, book.as_bytes(), at, report, finish)
}

/// Reads a staff list and applies it in one transaction, with `finish`
/// (the feed's bookkeeping) in that same transaction.
fn apply_bytes(
    store: &mut Store,
    feed: &StaffFeed,
    bytes: &[u8],
    at: DateTime<Utc>,
    report: StaffReport,
    finish: impl FnOnce(&Connection, usize) -> Result<()>,
) -> Result<StaffReport> {
    // Errors name the source as the operator knows it: its shown address.
    let path = Path::new(&feed.address);
    let mut file = match import::read_bytes(path, bytes, &options(feed)) {
        Ok(f) => f,
        Err(e) => return failed(store, feed, report, import_problem(&e), at),
    };
    if let Some(why) = sudden_drop(feed, file.records.len()) {
        return failed(store, feed, report, why, at);
    }
    for r in &mut file.records {
        switchboard_owned_left_alone(r);
    }
    let stamp = Stamp::new(at, Some(feed.name().to_string()));
    let applied = store.write(|tx| -> std::result::Result<StaffReport, ImportError> {
        let log_before = changes::last_id(tx)?;
        let merged = import::merge(tx, feed.company_id, path, &file, false, &stamp)?;
        let mut report = StaffReport::new(feed);
        for (record, &person_id) in file.records.iter().zip(&merged.listed) {
            if staff_feeds::seen(tx, feed, person_id, &fields_of(record), at)? {
                let p = people::get(tx, person_id)?;
                log(tx, &stamp, feed, &p, ChangeValue::ListedAgain { source: feed.name().to_string() })?;
                report.back.push(PersonRef { id: p.id, name: p.full_name(), line: Some(record.line) });
            }
        }
        for source in staff_feeds::sources_in(tx, feed.id)? {
            if source.gone_since.is_some() || merged.listed.contains(&source.person_id) {
                continue;
            }
            staff_feeds::flag_gone(tx, feed.id, source.person_id, at)?;
            let p = people::get(tx, source.person_id)?;
            log(tx, &stamp, feed, &p, ChangeValue::GoneFrom { source: feed.name().to_string() })?;
            report.gone.push(PersonRef { id: p.id, name: p.full_name(), line: None });
        }
        // The first good sync sets the baseline: a new company's whole
        // list is not news. After it, the desk is told what changed.
        if feed.last_success_at.is_some() {
            teach(tx, feed, log_before, &merged.added, &report.gone, at)?;
        }
        finish(tx, merged.listed.len())?;
        report.outcome = Outcome::Updated;
        report.listed = merged.listed.len();
        report.added = merged.added;
        report.updated = merged.updated;
        report.warnings = merged.warnings;
        Ok(report)
    });
    match applied {
        Ok(r) => Ok(r),
        // A duplicate row, a refused value: the transaction is rolled back whole.
        Err(ImportError::Directory(e @ (DirectoryError::Sql(_) | DirectoryError::Store(_)))) => Err(e),
        Err(e) => {
            let report = StaffReport::new(feed);
            failed(store, feed, report, import_problem(&e), at)
        }
    }
}

/// Why a staff list was refused, as the import says it.
fn import_problem(e: &ImportError) -> Problem {
    Problem::StaffFile { why: e.phrase() }
}

fn failed(
    store: &mut Store,
    feed: &StaffFeed,
    mut report: StaffReport,
    problem: Problem,
    at: DateTime<Utc>,
) -> Result<StaffReport> {
    store.write(|tx| staff_feeds::record_failure(tx, feed.id, at, &problem))?;
    let english = crate::words::Words::of(crate::model::Language::En).staff_problem(&problem);
    report.error = Some(format!("{}: {english}", feed.address));
    report.problem = Some(problem);
    Ok(report)
}

fn options(feed: &StaffFeed) -> ReadOptions {
    ReadOptions {
        format: feed.format.map(|f| f.format()),
        delimiter: None,
        // Checked when the feed was added.
        mapping: feed.mapping.iter().filter_map(|m| import::parse_mapping(m).ok()).collect(),
        sheet: (!feed.sheet.is_empty()).then(|| feed.sheet.clone()),
    }
}

/// A source that lists nobody, or under half of whom it listed last time,
/// is far more likely broken (an export cut short, the wrong sheet) than a
/// company that lost half its staff overnight.
fn sudden_drop(feed: &StaffFeed, listed: usize) -> Option<Problem> {
    let listed = i64::try_from(listed).unwrap_or(i64::MAX);
    if listed == 0 {
        return Some(Problem::ListsNobody);
    }
    (feed.listed >= SUDDEN_FROM && listed * 2 < feed.listed).then(|| Problem::SuddenDrop {
        listed: u64::try_from(listed).unwrap_or(0),
        before: u64::try_from(feed.listed).unwrap_or(0),
    })
}

/// The switchboard's own knowledge is not the source's to change.
fn switchboard_owned_left_alone(r: &mut StaffRecord) {
    r.aliases = None;
    r.notes = None;
    r.languages = None;
}

/// The fields whose values this source gave the person.
fn fields_of(r: &StaffRecord) -> Vec<&'static str> {
    let mut out = vec!["name"];
    for (field, has) in [
        ("title", r.title.is_some()),
        ("department", r.department.is_some()),
        ("email", r.emails.is_some()),
        ("phones", r.phones.is_some()),
        ("topics", r.topics.is_some()),
    ] {
        if has {
            out.push(field);
        }
    }
    out
}

/// Puts what this sync changed on every operator's to-read list
/// ([`learn`]): the people it added, the titles it changed (read back from
/// the change log entries it wrote after `log_before`), who it no longer
/// lists.
fn teach(
    tx: &Connection,
    feed: &StaffFeed,
    log_before: Id,
    added: &[PersonRef],
    gone: &[PersonRef],
    at: DateTime<Utc>,
) -> Result<()> {
    let name = feed.name();
    for a in added {
        let p = people::get(tx, a.id)?;
        learn::record(tx, feed.company_id, p.id, &p.full_name(), name, &Lesson::Added { title: p.title.clone() }, at)?;
    }
    for c in changes::after(tx, log_before)? {
        let (Some(person_id), true) = (
            c.entity_id,
            c.entity == crate::model::ChangeEntity::Person && c.field == crate::model::ChangeField::Title,
        ) else {
            continue;
        };
        if c.actor.as_deref() != Some(name) || c.company_id != Some(feed.company_id) {
            continue;
        }
        if added.iter().any(|a| a.id == person_id) {
            continue;
        }
        let text = |v: &Option<ChangeValue>| v.as_ref().and_then(ChangeValue::as_text).unwrap_or_default().to_string();
        let lesson = Lesson::Title { old: text(&c.old), new: text(&c.new) };
        learn::record(tx, feed.company_id, person_id, &c.subject, name, &lesson, at)?;
    }
    for g in gone {
        learn::record(tx, feed.company_id, g.id, &g.name, name, &Lesson::Gone, at)?;
    }
    Ok(())
}

fn log(
    conn: &crate::store::db::Connection,
    stamp: &Stamp,
    feed: &StaffFeed,
    person: &crate::model::Person,
    value: ChangeValue,
) -> Result<()> {
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(feed.company_id),
            entity: crate::model::ChangeEntity::Person,
            entity_id: Some(person.id),
            subject: &person.full_name(),
            field: crate::model::ChangeField::Whole,
            old: None,
            new: Some(value),
        },
    )
}
