//! Calendar sync: fetch each feed, read it, match its events to people, and
//! replace the feed's absences in one transaction. A feed that fails (any
//! way at all) keeps the absences of its last good sync and records the
//! failure in words.
//!
//! The only async code in the core: fetching many feeds at once with
//! bounded concurrency. Reading and storing stay synchronous.

pub mod carddav;
pub mod fetch;
pub mod matcher;
pub mod read;
pub mod staff;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use serde::Serialize;

use crate::calendar;
use crate::directory::feeds::{self, CalendarAbsence, CalendarUnmatched};
use crate::directory::{Result, companies, people};
pub use crate::model::Problem;
use crate::model::{Feed, FeedNote, Id, redact};
use crate::store::Store;
pub use fetch::{FetchError, FetchOptions, Fetched, Fetcher};

/// Absences are kept for this window around the moment of the sync.
pub const DAYS_BACK: i64 = 30;
pub const DAYS_AHEAD: i64 = 400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Updated,
    Unchanged,
    Failed,
}

/// How one feed's sync went.
#[derive(Debug, Clone, Serialize)]
pub struct FeedReport {
    pub feed_id: Id,
    pub address: String,
    pub label: String,
    pub outcome: Outcome,
    /// The failure in English words, when it failed (for logs; faces word
    /// `problem`). Not in `--json`, which carries values only.
    #[serde(skip_serializing)]
    pub error: Option<String>,
    pub problem: Option<Problem>,
    pub absences: usize,
    pub unmatched: usize,
    /// What the reader had to say (skipped events, unknown zones), as values.
    pub warnings: Vec<FeedNote>,
}

/// Reads a fetched calendar and stores its absences, all in one
/// transaction; on any failure records it and leaves the last good data.
pub fn apply(
    store: &mut Store,
    feed: &Feed,
    fetched: std::result::Result<Fetched, FetchError>,
    at: DateTime<Utc>,
) -> Result<FeedReport> {
    let address = redact(&feed.url);
    let mut report = FeedReport {
        feed_id: feed.id,
        address: address.clone(),
        label: feed.label.clone(),
        outcome: Outcome::Failed,
        error: None,
        problem: None,
        absences: 0,
        unmatched: 0,
        warnings: Vec::new(),
    };
    let fail = |store: &mut Store, report: &mut FeedReport, problem: Problem, permanent: bool| -> Result<()> {
        store.write(|tx| feeds::record_failure(tx, feed.id, at, &problem, permanent))?;
        report.error = Some(problem.english());
        report.problem = Some(problem);
        Ok(())
    };
    let (bytes, etag, last_modified) = match fetched {
        Err(e) => {
            fail(store, &mut report, e.problem, e.permanent)?;
            return Ok(report);
        }
        Ok(Fetched::NotModified) => {
            store.write(|tx| feeds::record_unchanged(tx, feed.id, at))?;
            report.outcome = Outcome::Unchanged;
            report.absences = usize::try_from(feed.occurrences).unwrap_or(0);
            return Ok(report);
        }
        Ok(Fetched::Body { bytes, etag, last_modified }) => (bytes, etag, last_modified),
    };
    let company = companies::get(store.conn(), feed.company_id)?;
    let from = at - Duration::days(DAYS_BACK);
    let to = at + Duration::days(DAYS_AHEAD);
    let cal = match calendar::parse(&bytes, &address) {
        Ok(c) => c,
        Err(e) => {
            fail(store, &mut report, e.problem(), true)?;
            return Ok(report);
        }
    };
    report.warnings.extend(cal.skipped.iter().map(calendar::CalendarError::note));
    let staff = people::list(store.conn(), company.id)?;
    let matcher = matcher::Matcher::new(&staff);
    let decisions = feeds::decisions(store.conn(), feed.id)?;
    let read = read::read(
        &cal.events,
        feed,
        &matcher,
        &decisions,
        company.tz(),
        (from, to),
        at,
        &address,
        &mut report.warnings,
    );
    let read::Read { absences, unmatched, .. } = match read {
        Ok(r) => r,
        Err(e) => {
            fail(store, &mut report, e.problem(), true)?;
            return Ok(report);
        }
    };
    // A suggestion still names one of our people.
    let suggested = unmatched.iter().filter(|u| u.suggested.is_some()).count();
    let naming_nobody: usize = unmatched.iter().filter(|u| u.suggested.is_none()).map(|u| u.occurrences as usize).sum();
    let foreign = match foreign_calendar(feed, &company.name, absences.len() + suggested, naming_nobody) {
        Some(m) => Some(m),
        None => someone_elses_calendar(store.conn(), feed, &cal.events)?,
    };
    if let Some(problem) = foreign {
        fail(store, &mut report, problem, true)?;
        return Ok(report);
    }
    if !feed.on_call.is_empty() {
        // An on-call rota: its events are shifts, not absences.
        store.write(|tx| {
            crate::presence::on_call::replace(tx, feed.id, &absences)?;
            let content = feeds::FeedContent { absences: &[], unmatched: &unmatched, warnings: &report.warnings };
            feeds::replace(tx, feed.id, at, (etag.as_deref(), last_modified.as_deref()), &content)
        })?;
        report.outcome = Outcome::Updated;
        report.absences = absences.len();
        report.unmatched = unmatched.len();
        return Ok(report);
    }
    // Only a shared calendar synced before can have news.
    let before = if feed.person_id.is_none() && feed.last_success_at.is_some() {
        Some(feeds::stored(store.conn(), feed.id)?)
    } else {
        None
    };
    store.write(|tx| {
        if let Some(before) = &before {
            say_what_changed(tx, feed, before, &absences, &unmatched, at)?;
        }
        let content = feeds::FeedContent { absences: &absences, unmatched: &unmatched, warnings: &report.warnings };
        feeds::replace(tx, feed.id, at, (etag.as_deref(), last_modified.as_deref()), &content)
    })?;
    report.outcome = Outcome::Updated;
    report.absences = absences.len();
    report.unmatched = unmatched.len();
    Ok(report)
}

/// An event that named nobody last time and names someone now (a new
/// colleague, an added alias), or the other way round, changes someone's
/// status without anyone touching them: the change log and the feeds panel
/// say so. Events new to the feed are not news; their absences show.
fn say_what_changed(
    conn: &crate::store::db::Connection,
    feed: &Feed,
    before: &feeds::Stored,
    absences: &[CalendarAbsence],
    unmatched: &[CalendarUnmatched],
    at: DateTime<Utc>,
) -> Result<()> {
    let stamp = crate::directory::Stamp::new(at, Some("calendar sync".into()));
    let mut told = std::collections::HashSet::new();
    let matched_now: std::collections::HashSet<&str> = absences.iter().map(|a| a.uid.as_str()).collect();
    for a in absences {
        if before.unmatched.contains(&a.uid) && !before.matched.contains_key(&a.uid) && told.insert(&a.uid) {
            feeds::record_match_news(conn, feed, a.person_id, &a.reason, true, &stamp)?;
        }
    }
    for u in unmatched {
        if let Some(&person) = before.matched.get(&u.uid)
            && !matched_now.contains(u.uid.as_str())
            && told.insert(&u.uid)
        {
            feeds::record_match_news(conn, feed, person, &u.summary, false, &stamp)?;
        }
    }
    Ok(())
}

/// A shared calendar that named our people last time and now names none of
/// them, though it is full of absences, has most likely been swapped for
/// someone else's (a reused link, a calendar moved between customers).
/// Storing it would silently clear everyone's absences, so it is refused
/// like a broken feed and the last good data stays. Personal calendars are
/// bound to their person and are not checked this way.
fn foreign_calendar(feed: &Feed, company: &str, matched: usize, unmatched: usize) -> Option<Problem> {
    const ENOUGH: usize = 5;
    (feed.person_id.is_none() && feed.occurrences > 0 && matched == 0 && unmatched >= ENOUGH).then(|| {
        Problem::NamesNobodyHere {
            company: company.to_string(),
            absences: u32::try_from(unmatched).unwrap_or(u32::MAX),
        }
    })
}

/// A personal calendar whose events are organised or attended by people of
/// another client company, and never by its own person, now serves someone
/// else's calendar (a link pasted into the wrong person, or reused). Only
/// addresses known to the directory count, so a calendar without e-mail
/// addresses (most absence exports) is never judged this way.
fn someone_elses_calendar(
    conn: &crate::store::db::Connection,
    feed: &Feed,
    events: &[calendar::Event],
) -> Result<Option<Problem>> {
    const ENOUGH: usize = 3;
    let Some(person_id) = feed.person_id else { return Ok(None) };
    let person = people::get(conn, person_id)?;
    let own: Vec<String> = person.emails.iter().map(|e| crate::text::email_key(e)).collect();
    let mut known: HashMap<String, Option<Id>> = HashMap::new();
    let mut by_company: HashMap<Id, usize> = HashMap::new();
    for o in events {
        let keys: Vec<String> = o.emails.iter().map(|e| crate::text::email_key(e)).collect();
        if keys.iter().any(|k| own.contains(k)) {
            return Ok(None);
        }
        let mut companies_here: Vec<Id> = Vec::new();
        for k in keys {
            let company = match known.get(&k) {
                Some(c) => *c,
                None => {
                    let c = people::company_of_email(conn, &k)?;
                    known.insert(k, c);
                    c
                }
            };
            if let Some(c) = company.filter(|c| *c != feed.company_id && !companies_here.contains(c)) {
                companies_here.push(c);
            }
        }
        for c in companies_here {
            *by_company.entry(c).or_default() += 1;
        }
    }
    let Some((other, events)) = by_company.into_iter().max_by_key(|(_, n)| *n).filter(|(_, n)| *n >= ENOUGH) else {
        return Ok(None);
    };
    let other = companies::get(conn, other)?.name;
    Ok(Some(Problem::SomeoneElses {
        events: u32::try_from(events).unwrap_or(u32::MAX),
        other,
        person: person.full_name(),
    }))
}

/// Syncs the feeds of one company (or all), fetching up to `concurrency`
/// at a time; reports per feed, in feed order. One desk's round, without
/// the team's lock ([`team_round`] takes it).
pub async fn sync(
    store: &mut Store,
    company_id: Option<Id>,
    at: DateTime<Utc>,
    fetcher: &Fetcher,
    concurrency: usize,
) -> Result<Vec<FeedReport>> {
    let list = feeds::list_to_fetch(store.conn(), company_id)?;
    sync_feeds(store, list, at, fetcher, concurrency, &mut |_| {}).await
}

/// How far a sync round is: `fetched` of `total` feeds answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub fetched: usize,
    pub total: usize,
}

/// A round of the team's calendar sync, which one desk does at a time.
#[derive(Debug)]
pub enum TeamRound {
    /// This desk did it: a report per calendar feed and per staff feed it
    /// fetched (none when none was due).
    Ran(Vec<FeedReport>, Vec<staff::StaffReport>),
    /// Another desk is doing it now (its name, when the server says).
    OtherDesk { desk: Option<String> },
}

/// Whether a feed is due in a round that comes every `every`: not fetched
/// (by any desk) within most of an interval. The tenth left over lets a
/// desk whose timer runs a little early still fetch, so a feed is not left
/// for a second interval.
pub fn is_due(feed: &Feed, at: DateTime<Utc>, every: Duration) -> bool {
    due(feed.last_attempt_at, at, every)
}

/// The rule of [`is_due`] for any feed's last attempt (staff feeds too).
pub(crate) fn due(last_attempt_at: Option<DateTime<Utc>>, at: DateTime<Utc>, every: Duration) -> bool {
    last_attempt_at.is_none_or(|last| at - last >= every * 9 / 10)
}

/// One round of calendar and staff sync for the whole team: taken by this desk only
/// if no other desk is in a round (the team database's advisory lock), and
/// then fetching only the feeds no desk has fetched within `every` — or
/// every feed when `every` is `None` (the operator asked: F5, `vaihde sync`). Twenty desks
/// thus fetch each feed once per interval between them, and when the desk
/// that fetched last is gone, the next desk's round finds the feeds due.
pub async fn team_round(
    store: &mut Store,
    company_id: Option<Id>,
    at: DateTime<Utc>,
    fetcher: &Fetcher,
    concurrency: usize,
    every: Option<std::time::Duration>,
    progress: &mut dyn FnMut(Progress),
) -> Result<TeamRound> {
    use crate::store::jobs::{self, Job};
    let every = every.map(|e| Duration::from_std(e).unwrap_or(Duration::MAX));
    if !jobs::try_take(store.conn(), Job::CalendarSync)? {
        let desk = jobs::holder(store.conn(), Job::CalendarSync)?;
        return Ok(TeamRound::OtherDesk { desk });
    }
    let round = async {
        // Read under the lock: what the desk before us fetched is recorded.
        let mut list = feeds::list_to_fetch(store.conn(), company_id)?;
        if let Some(every) = every {
            list.retain(|f| is_due(f, at, every));
        }
        let calendars = sync_feeds(store, list, at, fetcher, concurrency, progress).await?;
        // Staff lists under the same lock: two desks merging one list at
        // once could each add the same new person.
        let staff = staff::sync(store, company_id, at, fetcher, every).await?;
        Ok::<_, crate::directory::DirectoryError>((calendars, staff))
    }
    .await;
    jobs::let_go(store.conn(), Job::CalendarSync);
    round.map(|(calendars, staff)| TeamRound::Ran(calendars, staff))
}

async fn sync_feeds(
    store: &mut Store,
    list: Vec<Feed>,
    at: DateTime<Utc>,
    fetcher: &Fetcher,
    concurrency: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<FeedReport>> {
    let total = list.len();
    progress(Progress { fetched: 0, total });
    let mut stream = futures_util::stream::iter(list.iter().enumerate())
        .map(|(i, f)| async move { (i, fetcher.fetch(&f.url, f.etag.as_deref(), f.last_modified.as_deref()).await) })
        .buffer_unordered(concurrency.max(1));
    let mut fetched = Vec::with_capacity(total);
    while let Some(done) = stream.next().await {
        fetched.push(done);
        progress(Progress { fetched: fetched.len(), total });
    }
    drop(stream);
    // Fetches finish in any order; store them in feed order.
    fetched.sort_by_key(|(i, _)| *i);
    let mut reports = Vec::with_capacity(list.len());
    for (feed, (_, result)) in list.iter().zip(fetched) {
        reports.push(apply(store, feed, result, at)?);
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(last_attempt_at: Option<DateTime<Utc>>) -> Feed {
        Feed {
            id: 1,
            company_id: 1,
            person_id: None,
            url: "https://example.org/cal.ics".into(),
            address: "https://example.org/cal.ics".into(),
            label: String::new(),
            etag: None,
            last_modified: None,
            last_attempt_at,
            last_success_at: None,
            problem: None,
            error_permanent: false,
            occurrences: 0,
            on_call: String::new(),
        }
    }

    #[test]
    fn a_feed_is_due_when_no_desk_fetched_it_within_most_of_an_interval() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap();
        let every = Duration::minutes(5);
        assert!(is_due(&feed(None), at, every), "never fetched");
        assert!(!is_due(&feed(Some(at - Duration::minutes(2))), at, every), "another desk fetched it 2 min ago");
        assert!(is_due(&feed(Some(at - Duration::seconds(280))), at, every), "a timer a little early still fetches");
        assert!(is_due(&feed(Some(at - Duration::minutes(7))), at, every));
    }
}
