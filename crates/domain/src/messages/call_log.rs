//! The call log: every call handled (an incoming `vaihde://call`, `vaihde
//! call`, or one the operator starts by hand), whom the caller asked for,
//! and how it ended. Caller-ID lookup reads it back as the caller's
//! history ("called 3 times this week; last yesterday 14:02 asking for
//! Maija Virtanen → message #12, sent").

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::model::Status;
use crate::directory::changes::{get_utc, utc_text};
use crate::directory::{DirectoryError, Result};
use crate::model::{Id, Thing};
use crate::params;
use crate::phone::number_key;
use crate::store::db::{Connection, Row};

/// A call still open after this long was forgotten: it is closed as "no outcome".
pub const OPEN_AT_MOST: Duration = Duration::minutes(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Still on the line.
    Open,
    /// Put through (to `outcome_name` on `outcome_number`).
    Transferred,
    /// A message was taken (`message_id`).
    Message,
    /// The caller was told what they needed.
    Information,
    /// Closed without one (left open too long, or the caller hung up).
    NoOutcome,
}

impl CallOutcome {
    pub fn code(self) -> &'static str {
        match self {
            CallOutcome::Open => "open",
            CallOutcome::Transferred => "transferred",
            CallOutcome::Message => "message",
            CallOutcome::Information => "information",
            CallOutcome::NoOutcome => "no_outcome",
        }
    }

    pub fn parse(code: &str) -> Option<CallOutcome> {
        [
            CallOutcome::Open,
            CallOutcome::Transferred,
            CallOutcome::Message,
            CallOutcome::Information,
            CallOutcome::NoOutcome,
        ]
        .into_iter()
        .find(|o| o.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Call {
    pub id: Id,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    /// The zone the company keeps time in ("UTC" when the number answered none).
    pub zone: String,
    pub started_at: DateTime<Utc>,
    pub caller_number: String,
    pub asked_for: String,
    pub person_id: Option<Id>,
    pub outcome: CallOutcome,
    pub outcome_name: String,
    pub outcome_number: String,
    pub message_id: Option<Id>,
    /// The status of the message taken, when one was.
    pub message_status: Option<Status>,
    pub closed_at: Option<DateTime<Utc>>,
    pub operator: String,
    /// When the call rang at the desk and when it was answered, for calls
    /// that came through the desk's own phone line (else `None`).
    pub rang_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl Call {
    /// How long the caller waited for the operator (line calls only).
    pub fn answer_time(&self) -> Option<Duration> {
        Some(self.answered_at? - self.rang_at?)
    }

    /// How long the operator handled the call, from the answer to its close.
    pub fn handle_time(&self) -> Option<Duration> {
        Some(self.closed_at? - self.answered_at?)
    }
}

const COLUMNS: &str = "k.id, k.company_id, c.name, k.started_at, k.caller_number, k.asked_for, k.person_id, k.outcome,
     k.outcome_name, k.outcome_number, k.message_id, m.status, k.closed_at, k.operator, c.timezone,
     k.rang_at, k.answered_at";

fn read(r: &Row) -> crate::store::db::Result<Call> {
    let outcome: String = r.get(7)?;
    let status: Option<String> = r.get(11)?;
    Ok(Call {
        id: r.get(0)?,
        company_id: r.get(1)?,
        company_name: r.get(2)?,
        zone: r.get::<_, Option<String>>(14)?.unwrap_or_else(|| "UTC".into()),
        started_at: get_utc(r, 3)?,
        caller_number: r.get(4)?,
        asked_for: r.get(5)?,
        person_id: r.get(6)?,
        outcome: CallOutcome::parse(&outcome).unwrap_or(CallOutcome::NoOutcome),
        outcome_name: r.get(8)?,
        outcome_number: r.get(9)?,
        message_id: r.get(10)?,
        message_status: status.as_deref().and_then(Status::parse),
        closed_at: optional_utc(r, 12)?,
        operator: r.get(13)?,
        rang_at: optional_utc(r, 15)?,
        answered_at: optional_utc(r, 16)?,
    })
}

fn optional_utc(r: &Row, i: usize) -> crate::store::db::Result<Option<DateTime<Utc>>> {
    match r.get::<_, Option<String>>(i)? {
        Some(_) => Ok(Some(get_utc(r, i)?)),
        None => Ok(None),
    }
}

fn query(conn: &Connection, filter: &str, params: impl crate::store::db::Params) -> Result<Vec<Call>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM calls k LEFT JOIN companies c ON c.id = k.company_id
         LEFT JOIN messages m ON m.id = k.message_id WHERE {filter}"
    );
    let mut st = conn.prepare(&sql)?;
    Ok(st.query_map(params, read)?.collect::<crate::store::db::Result<Vec<_>>>()?)
}

pub fn get(conn: &Connection, id: Id) -> Result<Call> {
    query(conn, "k.id = ?1", [id])?
        .into_iter()
        .next()
        .ok_or_else(|| DirectoryError::not_found(Thing::Call, format!("#{id}")))
}

/// Starts a call in the log (it is open until closed).
pub fn start(
    conn: &Connection,
    company_id: Option<Id>,
    caller_number: &str,
    at: DateTime<Utc>,
    operator: &str,
) -> Result<Id> {
    let number =
        crate::text::clean::bounded(crate::text::clean::Kind::Phone, crate::model::Field::CallerNumber, caller_number)?;
    Ok(conn.query_row(
        "INSERT INTO calls (company_id, started_at, caller_number, caller_key, operator) VALUES (?1, ?2, ?3, ?4, ?5)
         RETURNING id",
        params![company_id, utc_text(at), number, number_key(&number), operator],
        |r| r.get(0),
    )?)
}

/// Whom the caller asked for (as they said it, and the person when known).
pub fn asked_for(conn: &Connection, id: Id, words: &str, person_id: Option<Id>) -> Result<()> {
    let words = crate::text::clean::bounded(crate::text::clean::Kind::Line, crate::model::Field::AskedFor, words)?;
    conn.execute("UPDATE calls SET asked_for = ?2, person_id = ?3 WHERE id = ?1", params![id, words, person_id])?;
    Ok(())
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Close {
    /// Put through to whom, as said; and on which number.
    pub name: String,
    pub number: String,
    pub message_id: Option<Id>,
    /// The person the caller asked for, when the operator chose one (the
    /// window's row). Without it the person `name` names is linked when
    /// the call's company has exactly one ([`person_named`]).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub person_id: Option<Id>,
}

/// Closes a call with its outcome (a closed call is closed again with the
/// new one). The person asked for is kept for the search's namesake order
/// ([`asked_for_since`]): the one chosen, else the one already known (a
/// message's), else the one the name names.
pub fn close(conn: &Connection, id: Id, outcome: CallOutcome, how: &Close, at: DateTime<Utc>) -> Result<Call> {
    let call = get(conn, id)?;
    let person_id = match (how.person_id, call.person_id, call.company_id) {
        (Some(p), _, _) => Some(p),
        (None, Some(p), _) => Some(p),
        (None, None, Some(company)) => person_named(conn, company, &how.name, &how.number)?,
        (None, None, None) => None,
    };
    conn.execute(
        "UPDATE calls SET outcome = ?2, outcome_name = ?3, outcome_number = ?4, message_id = ?5, closed_at = ?6,
         person_id = ?7 WHERE id = ?1",
        params![id, outcome.code(), how.name, how.number, how.message_id, utc_text(at), person_id],
    )?;
    get(conn, id)
}

/// The person of `company` whom `name` names: the only current one with
/// that full name (folded, so "pekka koistinen" is Pekka Koistinen); of
/// namesakes, the one with `number`; otherwise nobody (the typed words are
/// kept, and a guess would teach the search the wrong namesake).
pub fn person_named(conn: &Connection, company: Id, name: &str, number: &str) -> Result<Option<Id>> {
    let key = crate::search::fold(name);
    if key.is_empty() {
        return Ok(None);
    }
    let named: Vec<_> = crate::directory::people::list(conn, company)?
        .into_iter()
        .filter(|p| !p.has_left() && crate::search::fold(&p.full_name()) == key)
        .collect();
    if let [one] = named.as_slice() {
        return Ok(Some(one.id));
    }
    let digits = number_key(number);
    if digits.is_empty() {
        return Ok(None);
    }
    let mut by_number = named.iter().filter(|p| p.phones.iter().any(|ph| number_key(&ph.number) == digits));
    Ok(match (by_number.next(), by_number.next()) {
        (Some(p), None) => Some(p.id),
        _ => None,
    })
}

/// The calls between [`crate::search::prefer::WINDOW_DAYS`] before `at`
/// and `at` that name the person asked for: what orders namesakes in the
/// search ([`crate::search::Preference::from_calls`]).
pub fn asked_for_since(conn: &Connection, at: DateTime<Utc>) -> Result<Vec<crate::search::AskedFor>> {
    let since = at - Duration::days(crate::search::prefer::WINDOW_DAYS);
    let mut st = conn.prepare(
        "SELECT person_id, started_at, caller_key FROM calls
         WHERE person_id IS NOT NULL AND started_at >= ?1 AND started_at <= ?2",
    )?;
    let rows = st.query_map(params![utc_text(since), utc_text(at)], |r| {
        Ok(crate::search::AskedFor { person_id: r.get(0)?, at: get_utc(r, 1)?, caller_key: r.get(2)? })
    })?;
    Ok(rows.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// Closes as "no outcome" the calls left open longer than [`OPEN_AT_MOST`].
pub fn close_forgotten(conn: &Connection, at: DateTime<Utc>) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE calls SET outcome = 'no_outcome', closed_at = ?1 WHERE outcome = 'open' AND started_at < ?2",
        params![utc_text(at), utc_text(at - OPEN_AT_MOST)],
    )?)
}

/// Calls, newest first: of one number (by its digits), since a moment, at most `limit`.
pub fn list(conn: &Connection, number: Option<&str>, since: Option<DateTime<Utc>>, limit: usize) -> Result<Vec<Call>> {
    let key = number.map(number_key).filter(|k| !k.is_empty());
    query(
        conn,
        &format!(
            "(CAST(?1 AS TEXT) IS NULL OR k.caller_key = ?1) AND (CAST(?2 AS TEXT) IS NULL OR k.started_at >= ?2)
             ORDER BY k.started_at DESC, k.id DESC LIMIT {limit}"
        ),
        params![key, since.map(utc_text)],
    )
}

/// What the desk says about a number that calls: how often this week, and the last time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallerHistory {
    /// Calls from the number in the last 7 days (the one ringing now not counted).
    pub this_week: u32,
    /// The one before this.
    pub last: Option<Call>,
}

/// The history of `number` before `at`, not counting the call `now` (open now).
pub fn history(conn: &Connection, number: &str, at: DateTime<Utc>, now: Option<Id>) -> Result<CallerHistory> {
    let mut calls = list(conn, Some(number), Some(at - Duration::days(7)), 50)?;
    calls.retain(|c| Some(c.id) != now && c.started_at <= at);
    Ok(CallerHistory { this_week: calls.len() as u32, last: calls.into_iter().next() })
}

/// An incoming call answered: what the desk shows (company, greeting,
/// caller) with the caller's history, and the call's line in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answered {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub incoming: crate::calls::IncomingCall,
    pub call_id: Id,
    /// The number's earlier calls (none when it is withheld).
    pub history: Option<CallerHistory>,
}

/// Answers a call: looks it up and starts its line in the log, in the
/// caller's transaction.
pub fn answer(conn: &Connection, args: &crate::calls::CallArgs, at: DateTime<Utc>, operator: &str) -> Result<Answered> {
    let incoming = crate::calls::incoming(conn, args)?;
    log_answered(conn, incoming, at, operator)
}

/// A call answered at the desk's own phone line: logged as [`answer`]
/// does, with when it rang and when it was answered (`at`).
pub fn answer_on_line(
    conn: &Connection,
    args: &crate::calls::CallArgs,
    rang_at: DateTime<Utc>,
    at: DateTime<Utc>,
    operator: &str,
) -> Result<Answered> {
    let answered = answer(conn, args, at, operator)?;
    conn.execute(
        "UPDATE calls SET rang_at = ?2, answered_at = ?3, started_at = ?2 WHERE id = ?1",
        params![answered.call_id, utc_text(rang_at), utc_text(at)],
    )?;
    Ok(answered)
}

/// A call the operator starts by hand for a company, logged the same way.
pub fn answer_by_hand(
    conn: &Connection,
    company_id: Id,
    from: Option<String>,
    at: DateTime<Utc>,
    operator: &str,
) -> Result<Answered> {
    let incoming = crate::calls::by_hand(conn, company_id, from)?;
    log_answered(conn, incoming, at, operator)
}

fn log_answered(
    conn: &Connection,
    incoming: crate::calls::IncomingCall,
    at: DateTime<Utc>,
    operator: &str,
) -> Result<Answered> {
    let number = incoming.from.clone().unwrap_or_default();
    let number = number.as_str();
    let history = if number_key(number).is_empty() { None } else { Some(history(conn, number, at, None)?) };
    close_forgotten(conn, at)?;
    let call_id = start(conn, incoming.company_id, number, at, operator)?;
    Ok(Answered { incoming, call_id, history })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Stamp, people};
    use crate::store::Store;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    /// The demo with a second Pekka Koistinen (extension 2499).
    fn namesakes() -> (Store, Id, Id, Id) {
        let mut store = Store::open_in_memory().unwrap();
        store.write(|tx| crate::demo::load(tx, at(), false)).unwrap();
        let company = crate::directory::companies::find_by_slug(store.conn(), "rakennus").unwrap().unwrap().id;
        let director = people::resolve(store.conn(), Some(company), "Pekka Koistinen").unwrap().id;
        let mut storeman = people::tests::person(company, "Pekka", "Koistinen");
        storeman.phones = vec![crate::model::Phone {
            kind: crate::model::PhoneKind::Extension,
            number: "2499".into(),
            label: String::new(),
        }];
        let stamp = Stamp::new(at(), None);
        let storeman = store.write(|tx| people::insert(tx, &storeman, &stamp, false)).unwrap();
        (store, company, director, storeman)
    }

    fn closed(store: &mut Store, company: Id, how: Close, when: DateTime<Utc>) -> Option<Id> {
        let id = store.write(|tx| start(tx, Some(company), "040 1", when, "desk")).unwrap();
        store.write(|tx| close(tx, id, CallOutcome::Transferred, &how, when)).unwrap().person_id
    }

    #[test]
    fn closing_links_the_person_chosen_else_the_one_the_name_and_number_name() {
        let (mut store, company, director, storeman) = namesakes();
        let named = |name: &str, number: &str| Close { name: name.into(), number: number.into(), ..Close::default() };
        let cases = [
            (
                "the window's choice",
                Close { person_id: Some(storeman), ..named("Pekka Koistinen", "") },
                Some(storeman),
            ),
            ("namesakes told apart by the number", named("pekka koistinen", "2499"), Some(storeman)),
            ("namesakes and no number: no guess", named("Pekka Koistinen", ""), None),
            ("namesakes and a number neither has", named("Pekka Koistinen", "9999"), None),
            (
                "a name only one has",
                named("Maija Virtanen", ""),
                people::resolve(store.conn(), Some(company), "Maija Virtanen").ok().map(|p| p.id),
            ),
            ("nobody by that name", named("Ville Vallaton", "2400"), None),
            ("put through to a number alone", named("", "2400"), None),
        ];
        for (why, how, want) in cases {
            assert_eq!(closed(&mut store, company, how, at()), want, "{why}");
        }
        // A call a message already named keeps its person when closed again by name.
        let id = store.write(|tx| start(tx, Some(company), "040 2", at(), "desk")).unwrap();
        store.write(|tx| asked_for(tx, id, "Pekka", Some(director))).unwrap();
        let how = Close { name: "Pekka Koistinen".into(), number: "2499".into(), ..Close::default() };
        let call = store.write(|tx| close(tx, id, CallOutcome::Transferred, &how, at())).unwrap();
        assert_eq!(call.person_id, Some(director));
    }

    #[test]
    fn the_asked_for_lines_are_twelve_weeks_up_to_the_moment() {
        let (mut store, company, director, _) = namesakes();
        let ask = Close { person_id: Some(director), ..Close::default() };
        for days in [-1, 0, 30, 84, 85] {
            closed(&mut store, company, ask.clone(), at() - Duration::days(days));
        }
        closed(&mut store, company, Close::default(), at());
        let lines = asked_for_since(store.conn(), at()).unwrap();
        let mut ages: Vec<i64> = lines.iter().map(|l| (at() - l.at).num_days()).collect();
        ages.sort();
        assert_eq!(ages, [0, 30, 84], "not tomorrow's, not older than twelve weeks, not a call naming nobody");
        assert!(lines.iter().all(|l| l.person_id == director && l.caller_key == "0401"));
    }
}
