//! What a running app holds: the open directory, the search index built
//! from it, and the clock. The desktop shell keeps one behind a mutex;
//! tests make one over an in-memory directory with a fixed clock.

use chrono::{DateTime, Utc};

use crate::Directory;
use crate::directory::Result;
use crate::search::Index;

/// Where "now" comes from: the system clock, or a fixed moment (tests,
/// `--at`, `VAIHDE_AT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at,
        }
    }

    /// The moment for what runs in real time (the phone line: calls ring,
    /// wait and are held as the seconds pass): a fixed clock starts at its
    /// moment and runs on from `started`.
    pub fn running(self, started: std::time::Instant) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at + chrono::Duration::from_std(started.elapsed()).unwrap_or_default(),
        }
    }
}

pub struct Session {
    pub directory: Directory,
    pub clock: Clock,
    /// Who is at the desk, for the change log.
    pub actor: Option<String>,
    /// A call the app was opened for (`vaihde://call?...`), until the UI takes it.
    pub pending_call: Option<crate::calls::CallArgs>,
    /// Background sync as the app runs it (the CLI leaves it off).
    pub sync: super::SyncStatus,
    /// Wakes the app's sync thread for a round now.
    pub sync_trigger: Option<std::sync::mpsc::Sender<()>>,
    /// Wakes the app's delivery thread (a message was just taken).
    pub delivery_trigger: Option<std::sync::mpsc::Sender<()>>,
    /// When the app process started (Unix ms, the wall clock), to measure
    /// start-up; not a business time, so not from `clock`.
    pub launched_at_ms: Option<u64>,
    /// The directory's folder on disk (the app's; `None` in memory): the
    /// sync thread opens it each round, and "try the demo" moves it.
    pub data_dir: Option<std::path::PathBuf>,
    /// Where the directory itself is kept: the data directory, or a team's
    /// PostgreSQL database. Background work opens its own connection here.
    pub location: Option<crate::store::Location>,
    /// While the team database cannot be reached (see [`Session::go_offline`]).
    pub offline: Option<super::Offline>,
    /// The desk's phone line, when it has one; the app's line thread steps it.
    pub line: Option<std::sync::Arc<std::sync::Mutex<crate::line::console::Console>>>,
    /// When the session began: the line's clock runs on from here ([`Clock::running`]).
    pub started: std::time::Instant,
    index: Option<Index>,
    /// Index only this company (a one-off query scoped to it: the CLI).
    index_only: Option<crate::model::Id>,
    /// Bumped by every edit, so an index built meanwhile is known stale.
    edits: u64,
    /// Whom callers asked for, as read from the call log, for the
    /// namesakes' order ([`Session::search`]).
    asked: Option<Asked>,
}

/// The call log's "asked for" lines as last read, and the preference they
/// give for the current caller.
struct Asked {
    read_at: DateTime<Utc>,
    calls: Vec<crate::search::AskedFor>,
    caller: Option<String>,
    preference: crate::search::Preference,
}

/// The "asked for" lines are read again after this long (another desk's
/// calls count too, but a few minutes late changes no namesake's order).
const ASKED_FRESH_FOR: chrono::Duration = chrono::Duration::minutes(5);

impl Session {
    pub fn new(directory: Directory, clock: Clock) -> Session {
        Session {
            directory,
            clock,
            actor: None,
            pending_call: None,
            sync: super::SyncStatus::default(),
            sync_trigger: None,
            delivery_trigger: None,
            launched_at_ms: None,
            data_dir: None,
            location: None,
            offline: None,
            line: None,
            started: std::time::Instant::now(),
            index: None,
            index_only: None,
            edits: 0,
            asked: None,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// What the PBX says about colleagues' phones now: unknown without a
    /// line (or when its thread has failed; the panel says so).
    pub fn phones(&self) -> crate::presence::PhoneStates {
        self.line.as_ref().and_then(|console| console.lock().ok().map(|c| c.phones())).unwrap_or_default()
    }

    /// The search index, built on first use (and again when [`Session::changed_people`] had to give up on it).
    pub fn index(&mut self) -> Result<&Index> {
        let index = match self.index.take() {
            Some(index) => index,
            None => match self.index_only {
                Some(company) => Index::build_company(self.directory.conn(), company)?,
                None => crate::search::on_disk::open_or_build(self.directory.conn(), self.index_file().as_deref())?,
            },
        };
        Ok(self.index.insert(index))
    }

    /// Where the index of everyone is kept on disk for this session's store
    /// (`None` without a data directory: built in memory each time).
    pub fn index_file(&self) -> Option<std::path::PathBuf> {
        Some(crate::search::on_disk::file_for(self.location.as_ref()?, self.data_dir.as_deref()?))
    }

    /// The index's hits for `query`, namesakes ordered by whom callers (and
    /// `caller`, the digits of the current caller's number) asked for.
    pub fn search(
        &mut self,
        query: &str,
        scope: crate::search::Scope,
        limit: usize,
        caller: Option<&str>,
    ) -> Result<Vec<crate::search::Hit>> {
        self.index()?;
        let at = self.now();
        let fresh = self.asked.as_ref().is_some_and(|a| (at - a.read_at).abs() < ASKED_FRESH_FOR);
        if !fresh {
            let calls = crate::messages::call_log::asked_for_since(self.directory.conn(), at)?;
            let preference = crate::search::Preference::from_calls(&calls, None, at);
            self.asked = Some(Asked { read_at: at, calls, caller: None, preference });
        }
        let (Some(index), Some(asked)) = (self.index.as_ref(), self.asked.as_mut()) else { return Ok(Vec::new()) };
        if asked.caller.as_deref() != caller {
            asked.preference = crate::search::Preference::from_calls(&asked.calls, caller, asked.read_at);
            asked.caller = caller.map(str::to_string);
        }
        Ok(index.search_with(query, scope, limit, &asked.preference))
    }

    /// A call was closed here: whom it asked for counts from the next search.
    pub fn calls_changed(&mut self) {
        self.asked = None;
    }

    /// This session only searches `company` (a CLI command scoped to the
    /// call's company): its index holds that company alone.
    pub fn index_only(&mut self, company: crate::model::Id) {
        self.index_only = Some(company);
        self.index = None;
    }

    /// Searches everyone again after [`Session::index_only`] (nobody found
    /// in the one company: who else has them).
    pub fn index_everyone(&mut self) {
        if self.index_only.take().is_some() {
            self.index = None;
        }
    }

    /// Works on another directory from now on (the first-run screen's
    /// demo): the index is built again for it.
    pub fn switch_directory(&mut self, directory: Directory, data_dir: std::path::PathBuf) {
        self.directory = directory;
        self.location = Some(crate::store::Location::Dir(data_dir.clone()));
        self.data_dir = Some(data_dir);
        self.index = None;
        self.edits += 1;
        self.asked = None;
    }

    /// The team database is out of reach: from now on the session reads
    /// the desk's read-only `copy` (when it has one; else the lost
    /// connection, whose reads fail) and every edit is refused. The search
    /// index stays: it is the directory as last seen.
    /// (`None` keeps the directory: the copy itself when the desk started on it).
    pub fn go_offline(&mut self, since: DateTime<Utc>, copy: Option<crate::Store>) {
        let copied_at = copy.as_ref().map_or(self.directory.store().copied_at(), crate::Store::copied_at);
        if let Some(copy) = copy {
            self.directory = Directory::new(copy);
        }
        self.offline = Some(super::Offline { since, copied_at });
    }

    /// The team database is back, on `store`: the session works on it
    /// again. What changed meanwhile arrives through the live watch.
    pub fn go_online(&mut self, store: crate::Store) {
        self.directory = Directory::new(store);
        self.offline = None;
    }

    /// Works on a team's database from now on (joined from the first-run
    /// screen); the data directory stays for the desk's copy of it.
    pub fn join_team(&mut self, directory: Directory, url: &str) {
        self.directory = directory;
        self.location = Some(crate::store::Location::Postgres(url.to_string()));
        self.offline = None;
        self.index = None;
        self.edits += 1;
        self.asked = None;
    }

    /// Drops the index after a change too large to index person by person.
    pub fn forget_index(&mut self) {
        self.index = None;
        self.edits += 1;
    }

    /// Call after editing these people's searchable fields (names, titles,
    /// having left, ...): they are indexed again on their own. Edits that
    /// touch no searchable field (absences, delegates, notes) need nothing.
    pub fn changed_people(&mut self, ids: &[crate::model::Id]) {
        self.edits += 1;
        // Past a few hundred edits a fresh build is cheaper to search.
        const REBUILD_AFTER: usize = 500;
        let refreshed = match self.index.as_mut() {
            Some(index) if index.replaced() < REBUILD_AFTER => index.refresh_people(self.directory.conn(), ids).is_ok(),
            _ => false,
        };
        if !refreshed {
            self.index = None;
        }
    }

    /// A mark to pass to [`Session::install_index`] for an index built
    /// elsewhere (the app builds it off the window's path at start).
    pub fn edit_mark(&self) -> u64 {
        self.edits
    }

    /// Installs an index built from the directory as of `mark`, unless an
    /// edit came in since (then the next search builds a fresh one).
    pub fn install_index(&mut self, index: Index, mark: u64) -> bool {
        if mark != self.edits {
            return false;
        }
        self.index = Some(index);
        true
    }
}
