//! Request and response types of the desktop contract. Field names are the
//! JSON the front end sees.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CompanyNumber, Id, Language};
use crate::search::{FieldKind, HitKind};

/// For commands without arguments.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Empty {}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NumberArgs {
    pub number: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchArgs {
    pub query: String,
    /// The company of the call; with `all`, its people rank first.
    pub company_id: Option<Id>,
    /// Search every company, not just `company_id`.
    pub all: bool,
    pub limit: u32,
    /// The call being answered: its caller's history orders namesakes.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub call_id: Option<Id>,
    /// Or the caller's number itself (the CLI's `--from`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub from: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColleagueArgs {
    pub query: String,
    pub company_id: Id,
    pub limit: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QueryArgs {
    pub query: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonArgs {
    pub person_id: Id,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangesArgs {
    pub company_id: Option<Id>,
    pub days: u32,
}

/// A calendar feed as the calendars panel lists it; a rota with who is on
/// call and its warning (nobody now, ends within seven days).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedRow {
    #[serde(flatten)]
    pub feed: crate::model::FeedView,
    pub on_call: Option<crate::presence::on_call::OnCall>,
}

/// A staff feed as the calendars panel lists it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffFeedRow {
    pub id: Id,
    /// The source as named to a person (its label, else its address).
    pub name: String,
    pub last_success_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the last try failed (worded with `staffProblem…`, else `problem…`).
    pub problem: Option<crate::model::Problem>,
    /// How many people the last good sync listed.
    pub listed: i64,
    /// Current people it no longer lists (the operator decides).
    pub gone: usize,
}

/// The to-read list of one company (or of all, `null`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LearnedArgs {
    pub company_id: Option<Id>,
}

/// Which items of the operator's to-read list to mark seen: the ones
/// listed, or all of one person's.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarkLearnedArgs {
    pub ids: Vec<Id>,
    pub person_id: Option<Id>,
}

/// A company as the context bar shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyView {
    pub id: Id,
    pub slug: String,
    pub name: String,
    pub language: Language,
    pub timezone: String,
    /// The greeting in the company's language.
    pub greeting: String,
    /// The app's clock now (tests fix it), worded as the company's time
    /// of day in `timezone` by the window.
    pub now: DateTime<Utc>,
    /// The company's date now, "2026-11-23" (the app's clock, which tests fix).
    pub local_date: String,
    pub open_now: bool,
    pub numbers: Vec<CompanyNumber>,
    pub notes: String,
    /// Its favourite number (Ctrl+1…9), if it is one.
    pub favourite: Option<u8>,
}

/// One search result row: who, how found, and their status at the moment
/// of the search. The same shape is `vaihde search --json`.
/// Nobody found in the call's company, but some in others the desk
/// serves: which, and how many in each (most first, at most three).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Elsewhere {
    pub companies: Vec<ElsewhereCompany>,
    /// "Nobody found at Skärgårdens Bygg Ab. Found at Rakennus-Koivu Oy: 2";
    /// each face adds its own way to search them all (`/`, `--all`).
    pub said: Option<crate::words::Phrase>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ElsewhereCompany {
    pub company_id: Id,
    pub name: String,
    /// How many match there (counted up to 200).
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchRow {
    pub person: HitPerson,
    pub kind: HitKind,
    /// Which field matched best.
    pub matched: FieldKind,
    pub score: i64,
    /// Former employees and outsiders: where their calls go now.
    pub calls_to: Option<crate::model::CallsTo>,
    /// Outsiders: the first line of their note ("our auditor; put through to finance").
    pub note: Option<String>,
    /// The role or topic itself, when the query names one exactly: then
    /// `person` is the holder the call goes to (the first available) and
    /// `presence` is theirs. The card routes it with `route_group`.
    pub group: Option<GroupHit>,
    /// What the client's staff list changed about them that this operator
    /// has not seen yet (the first, management titles first): the row's "new" mark.
    pub learned: Option<crate::directory::learn::Learned>,
    /// The person's status (flattened: `status`, `reason`, `until`, ...).
    #[serde(flatten)]
    pub presence: crate::presence::Presence,
}

/// A role or topic found by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupHit {
    pub kind: crate::presence::GroupKind,
    /// As the directory spells it ("Laskutus", "HR").
    pub name: String,
    pub company_id: Id,
}

/// The operator's decision on a calendar event that names a colleague only
/// by a lone name.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecideMatchArgs {
    pub feed_id: Id,
    pub uid: String,
    /// `true`: it is about them (they are away for it); `false`: it is not.
    pub confirmed: bool,
}

/// The person of a search hit, with their company.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HitPerson {
    pub id: Id,
    pub name: String,
    pub title: String,
    pub department: String,
    pub company: String,
    pub company_id: Id,
    /// Their extension while they work there: the row shows its line state
    /// (on the phone, ringing) when the desk has a line.
    pub extension: Option<String>,
}

impl HitPerson {
    pub fn of(p: crate::model::Person, company: String) -> HitPerson {
        HitPerson {
            extension: p
                .left
                .is_none()
                .then(|| p.phone(crate::model::PhoneKind::Extension).map(|ph| ph.number.clone()))
                .flatten(),
            id: p.id,
            name: p.full_name(),
            company_id: p.company_id,
            title: p.title,
            department: p.department,
            company,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyArgs {
    pub company_id: Id,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RouteArgs {
    pub person_id: Id,
    /// What the call is about, when the operator knows.
    pub topic: Option<String>,
}

/// An operator marks someone away from now ("sick today", "at a customer until 14:00").
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddAbsenceArgs {
    pub person_id: Id,
    pub kind: crate::model::AbsenceKind,
    /// Back at: a date ("2026-11-24" = its midnight) or a time, in the company's zone.
    pub until: String,
    pub reason: String,
}

/// The person form of the desktop app, as typed: lists are comma-separated.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonForm {
    /// `null` adds a new person.
    pub id: Option<Id>,
    /// The card's `version` the form was opened from (edits only).
    #[serde(default)]
    pub seen_version: Option<i64>,
    pub company_id: Id,
    /// For a new person: an outsider (a frequently asked-for non-employee).
    pub outsider: bool,
    pub given_name: String,
    pub family_name: String,
    pub title: String,
    pub department: String,
    pub aliases: String,
    pub topics: String,
    pub emails: String,
    pub extension: String,
    pub direct: String,
    pub mobile: String,
    pub notes: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeaveArgs {
    pub person_id: Id,
    /// The card's `version` the dialog was opened from.
    #[serde(default)]
    pub seen_version: Option<i64>,
    /// The last day, "2026-11-30".
    pub on: String,
    pub reason: String,
    /// A colleague who takes the calls...
    pub calls_to_person: Option<Id>,
    /// ...or what the operator should do instead.
    pub calls_to_text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DelegatesArgs {
    pub person_id: Id,
    /// The card's `version` the dialog was opened from.
    #[serde(default)]
    pub seen_version: Option<i64>,
    /// In order: the first is asked first.
    pub delegate_ids: Vec<Id>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteArgs {
    pub person_id: Id,
    pub text: String,
}

/// Where background calendar sync is; the feeds panel shows it.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStatus {
    /// Whether this app syncs in the background at all (the CLI does not).
    pub enabled: bool,
    pub running: bool,
    /// Feeds answered so far in this round, of `total`.
    pub fetched: u32,
    pub total: u32,
    /// When the last round ended.
    pub last_round_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Feeds that failed in the last round (their errors are on the feeds).
    pub failed: u32,
    /// When syncing itself is in trouble (not one feed: the whole round).
    pub trouble: Option<SyncTrouble>,
    /// On a team database: the desk that was in its round when this desk's
    /// came ("" when the server does not say), so this desk left it be.
    pub other_desk: Option<String>,
}

/// Why calendar sync is not doing its job, for the window to say with a next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncTrouble {
    /// The last round could not run (the directory could not be opened, a
    /// query failed); the next round tries again. `said` is why, worded
    /// by the catalogs.
    RoundFailed { said: crate::words::Phrase },
    /// The sync thread has stopped: no more rounds until the app restarts.
    Stopped { detail: String },
}

/// Whether this desk works on a team database, and whether it can reach
/// it now; the window shows a banner while it cannot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamState {
    /// The directory is a team's PostgreSQL database (not this desk's own).
    pub team: bool,
    /// Set while the team database cannot be reached.
    pub offline: Option<Offline>,
}

/// The team database is out of reach: the desk shows its own read-only
/// copy (when it has one), refuses edits, and reconnects by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Offline {
    /// When the desk lost it.
    pub since: chrono::DateTime<chrono::Utc>,
    /// When the copy shown was made; `None` when the desk has no copy yet
    /// (then search works from memory, but cards cannot be opened).
    pub copied_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// About the running app.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    pub version: String,
    /// When the process started (Unix ms), for the start-up measurement.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub launched_at_ms: Option<u64>,
}

/// Whether this is the first run (the directory has no companies yet), and
/// where "try the demo" keeps the demo.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FirstRun {
    pub empty: bool,
    pub demo_dir: Option<String>,
}

/// A team's database to join from the first-run screen.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinTeamArgs {
    /// `postgres://user@host/db?sslmode=require`.
    pub address: String,
}

/// The first client company and the staff file to read its people from.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartArgs {
    pub company_name: String,
    pub language: Language,
    pub timezone: String,
    /// A CSV, Excel (.xlsx) or vCard file's path, or, with `content`, the
    /// name of the file chosen in the window's file dialog.
    pub file: String,
    /// The chosen file's bytes, read by the window (a webview's file
    /// dialog gives the content, not the path). At most [`MAX_STAFF_FILE`].
    #[serde(default)]
    pub content: Option<Vec<u8>>,
}

/// The largest staff file the window sends (a staff list of 100,000
/// people as CSV is about 10 MB).
pub const MAX_STAFF_FILE: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartReport {
    pub company_id: Id,
    pub added: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScriptsArgs {
    pub company_id: Id,
    /// The number the caller dialled, when known (a line's own script).
    pub dialled: Option<String>,
}
