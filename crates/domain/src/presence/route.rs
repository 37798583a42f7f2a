//! Who covers, and where to transfer: walks from the person asked for
//! through their delegates (and theirs), then the roles they hold, then the
//! company's fallback, and explains every step so the operator can tell the
//! caller why.
//!
//! Order of the walk: the person; their applicable delegates in their order;
//! then the delegates of those who could not take the call, in the order
//! they were met (breadth first, so a person's own second choice comes
//! before their first choice's deputy); then the holders of the person's
//! roles. Nobody is asked twice, which also ends delegate loops.

use std::collections::{HashSet, VecDeque};

use crate::store::db::Connection;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::phones::{ColleagueState, PhoneStates};
use super::status::{Presence, State, status_at};
use crate::directory::{Result, companies, delegates, people, roles};
use crate::model::{CallsTo, Company, Delegate, Id, Person, PhoneKind, Redirect, Role};
use crate::search::fold;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonBrief {
    pub id: Id,
    pub name: String,
    pub title: String,
    pub department: String,
}

impl PersonBrief {
    pub(crate) fn of(p: &Person) -> PersonBrief {
        PersonBrief { id: p.id, name: p.full_name(), title: p.title.clone(), department: p.department.clone() }
    }
}

/// How the walk got to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Via {
    /// The person the caller asked for.
    AskedFor,
    /// A delegate of `name`.
    DelegateOf { name: String },
    /// A holder of the role `name`.
    Role { name: String },
    /// Someone who lists the topic `name`.
    Topic { name: String },
    /// Where the calls of `name` (who left, or an outsider) go.
    CallsOf { name: String },
    /// On call now in the rota `name`.
    OnCall { name: String },
}

/// Why the call does not go to a step's person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// Their status says why: away, busy, outside hours, left, not an employee.
    NotTakingCalls,
    /// In, but no number the operator may transfer to.
    NoNumber,
    /// In, but the PBX says their phone is on a call now.
    OnThePhone,
}

/// One person the walk looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Step {
    pub person: PersonBrief,
    #[serde(flatten)]
    pub status: Presence,
    pub via: Via,
    /// Why the call does not go here; `None` for the step that takes it.
    pub why_skipped: Option<Skip>,
    /// Their extension, whose line state the window shows as it changes.
    pub extension: Option<String>,
    /// Their phone as the PBX reported it when the walk passed (unknown without a line).
    pub line: Option<ColleagueState>,
}

/// Why the transfer target is what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransferWhy {
    /// The person asked for takes calls now.
    TakesCalls,
    /// Someone further on the chain takes calls now; `via` says how they were reached.
    Covering { via: Via },
    /// The record's "calls go to" words (someone who left, an outsider).
    Redirected,
    /// Nobody on the chain can take the call: the company's fallback.
    Nobody,
}

/// Where to put the call through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Transfer {
    pub person: Option<PersonBrief>,
    /// The number to dial; `None` when the target is words (a message, another company).
    pub number: Option<String>,
    /// Which of the person's numbers `number` is.
    pub phone: Option<PhoneKind>,
    /// `number` as a softphone dials it ([`crate::phone::dial_string`]).
    pub dial: Option<String>,
    /// What to do instead, as the directory says it (the company's fallback,
    /// a record's "calls go to" text); `None` with a number.
    pub words: Option<String>,
    pub why: TransferWhy,
}

/// What to tell the operator besides the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RouteNote {
    /// Left the company on `on`; their calls go to `calls_to`.
    Left { on: chrono::NaiveDate, calls_to: CallsTo },
    /// Not an employee; their calls go to `calls_to`.
    NotEmployee { calls_to: CallsTo },
    /// The record's own note (an outsider: "our auditor; put through to finance").
    Notes { text: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Route {
    /// Who was asked for (`None` for a role or topic).
    pub person: Option<PersonBrief>,
    /// Their status at the moment (for a role: the first holder's).
    #[serde(flatten)]
    pub status: Presence,
    pub chain: Vec<Step>,
    pub transfer_to: Option<Transfer>,
    pub note: Option<RouteNote>,
    /// What the operator can say to the caller, in the company's language
    /// (only when the person asked for cannot take the call).
    pub caller_sentence: Option<super::sentence::CallerSentence>,
    /// For a role or topic with an on-call rota: who is on call now and
    /// next, and whether the rota is running out.
    pub on_call: Option<super::on_call::OnCall>,
}

struct Walk<'a> {
    conn: &'a Connection,
    phones: &'a PhoneStates,
    company: Company,
    at: DateTime<Utc>,
    topic: Option<String>,
    asked: HashSet<Id>,
    chain: Vec<Step>,
    /// Walking the on-call step: the rota says they take calls when the
    /// company is closed (that is what being on call is for).
    on_call_hours: bool,
}

impl<'a> Walk<'a> {
    fn new(
        conn: &'a Connection,
        company: Company,
        at: DateTime<Utc>,
        topic: Option<&str>,
        phones: &'a PhoneStates,
    ) -> Walk<'a> {
        Walk {
            conn,
            phones,
            company,
            at,
            topic: topic.map(fold).filter(|t| !t.is_empty()),
            asked: HashSet::new(),
            chain: Vec::new(),
            on_call_hours: false,
        }
    }

    /// The number the operator may transfer to: extension, else direct line,
    /// else mobile when the company allows it.
    fn number(&self, p: &Person) -> Option<(String, PhoneKind)> {
        let mut kinds = vec![PhoneKind::Extension, PhoneKind::Direct];
        if self.company.allow_mobile_transfer {
            kinds.push(PhoneKind::Mobile);
        }
        kinds.into_iter().find_map(|k| p.phone(k).map(|ph| (ph.number.clone(), k)))
    }

    fn delegates_of(&self, person_id: Id) -> Result<Vec<Delegate>> {
        let today = self.at.with_timezone(&self.company.tz()).date_naive();
        Ok(delegates::get(self.conn, person_id)?
            .into_iter()
            .filter(|d| d.from.is_none_or(|f| f <= today) && d.until.is_none_or(|u| today <= u))
            .filter(|d| match (&d.topic, &self.topic) {
                (None, _) => true,
                (Some(t), Some(asked)) => fold(t) == *asked,
                (Some(_), None) => false,
            })
            .collect())
    }

    /// Tries `candidates` breadth first; returns the transfer if someone can take the call.
    fn walk(&mut self, mut queue: VecDeque<(Id, Via)>, follow_delegates: bool) -> Result<Option<Transfer>> {
        while let Some((id, via)) = queue.pop_front() {
            if !self.asked.insert(id) {
                continue;
            }
            let p = people::get(self.conn, id)?;
            let status = status_at(self.conn, &p, &self.company, self.at)?;
            let number = self.number(&p);
            let takes_calls = status.state.takes_calls() || (self.on_call_hours && status.state == State::OutsideHours);
            let extension = p.phone(PhoneKind::Extension).map(|ph| ph.number.clone());
            let line = extension.as_deref().and_then(|e| self.phones.of(e));
            // A colleague on a call is skipped like one in a meeting: the
            // transfer would ring a busy phone and bounce the caller.
            let why_skipped = if !takes_calls {
                Some(Skip::NotTakingCalls)
            } else if number.is_none() {
                Some(Skip::NoNumber)
            } else if line == Some(ColleagueState::Busy) {
                Some(Skip::OnThePhone)
            } else {
                None
            };
            let name = p.full_name();
            self.chain.push(Step {
                person: PersonBrief::of(&p),
                status: status.clone(),
                via: via.clone(),
                why_skipped,
                extension,
                line,
            });
            if let (None, Some((number, phone))) = (why_skipped, number) {
                let why = if self.chain.len() == 1 { TransferWhy::TakesCalls } else { TransferWhy::Covering { via } };
                return Ok(Some(Transfer {
                    person: Some(PersonBrief::of(&p)),
                    dial: crate::phone::dial_string(&number),
                    number: Some(number),
                    phone: Some(phone),
                    words: None,
                    why,
                }));
            }
            if follow_delegates && status.state != State::OutsideHours {
                for d in self.delegates_of(id)? {
                    queue.push_back((d.delegate_id, Via::DelegateOf { name: name.clone() }));
                }
            }
        }
        Ok(None)
    }

    /// The person on call now comes first. When they cannot take the call
    /// (away, no number), the role's own chain follows, not their personal
    /// delegates: a rota covers the role, not the person.
    fn on_call_first(&mut self, rota: Option<&super::on_call::OnCall>) -> Result<Option<Transfer>> {
        let Some((id, name)) = rota.and_then(|r| r.now.as_ref().map(|s| (s.person.id, r.rota.clone()))) else {
            return Ok(None);
        };
        self.on_call_hours = true;
        let found = self.walk(VecDeque::from([(id, Via::OnCall { name })]), false);
        self.on_call_hours = false;
        found
    }

    fn role_queue(&self, role: &Role) -> VecDeque<(Id, Via)> {
        role.holders.iter().map(|&h| (h, Via::Role { name: role.name.clone() })).collect()
    }

    fn fallback(&self) -> Option<Transfer> {
        let text = self.company.fallback.trim();
        if text.is_empty() {
            return None;
        }
        Some(Transfer {
            person: None,
            number: None,
            phone: None,
            dial: None,
            words: Some(text.to_string()),
            why: TransferWhy::Nobody,
        })
    }
}

/// Where a call for `person_id` goes at `at`. `topic` is what the call is
/// about, when known (delegates limited to a topic apply only then);
/// `phones` is what the PBX says about colleagues' lines now.
pub fn route_person(
    conn: &Connection,
    person_id: Id,
    at: DateTime<Utc>,
    topic: Option<&str>,
    phones: &PhoneStates,
) -> Result<Route> {
    let person = people::get(conn, person_id)?;
    let company = companies::get(conn, person.company_id)?;
    let mut w = Walk::new(conn, company, at, topic, phones);
    let status = status_at(conn, &person, &w.company, at)?;
    let mut note = None;
    let transfer = if let Some(redirect) = person.calls_to.clone().filter(|_| !status.state.takes_calls()) {
        // Former employees and outsiders: their calls go where the record says.
        w.asked.insert(person.id);
        w.chain.push(Step {
            person: PersonBrief::of(&person),
            status: status.clone(),
            via: Via::AskedFor,
            why_skipped: Some(Skip::NotTakingCalls),
            extension: None,
            line: None,
        });
        let calls_to = people::calls_to(conn, &redirect)?;
        note = Some(match (&person.left, person.notes.trim()) {
            (Some(left), _) => RouteNote::Left { on: left.on, calls_to },
            (None, "") => RouteNote::NotEmployee { calls_to },
            (None, notes) => RouteNote::Notes { text: notes.to_string() },
        });
        match redirect {
            Redirect::Person(id) => w.walk(VecDeque::from([(id, Via::CallsOf { name: person.full_name() })]), true)?,
            Redirect::Role(id) => {
                let role = roles::get(conn, id)?;
                let q = w.role_queue(&role);
                w.walk(q, true)?
            }
            Redirect::Text(text) => Some(Transfer {
                person: None,
                number: None,
                phone: None,
                dial: None,
                words: Some(text),
                why: TransferWhy::Redirected,
            }),
        }
    } else {
        if person.kind == crate::model::PersonKind::Outsider && !person.notes.is_empty() {
            note = Some(RouteNote::Notes { text: person.notes.clone() });
        }
        let mut t = w.walk(VecDeque::from([(person.id, Via::AskedFor)]), true)?;
        if t.is_none() {
            for role in roles::held_by(conn, person.id)? {
                let q = w.role_queue(&role);
                t = w.walk(q, false)?;
                if t.is_some() {
                    break;
                }
            }
        }
        t
    };
    let transfer_to = transfer.or_else(|| w.fallback());
    let mut route = Route {
        person: Some(PersonBrief::of(&person)),
        status,
        chain: w.chain,
        transfer_to,
        note,
        caller_sentence: None,
        on_call: None,
    };
    route.caller_sentence = super::sentence::caller_sentence(&route, w.company.language);
    Ok(route)
}

/// Where a call for a role ("HR", "toimitusjohtaja") goes: its holders in
/// order, the first who can take it first, then their delegates.
pub fn route_role(conn: &Connection, role: &Role, at: DateTime<Utc>, phones: &PhoneStates) -> Result<Route> {
    let company = companies::get(conn, role.company_id)?;
    let mut keys = vec![fold(&role.name)];
    keys.extend(role.aliases.iter().map(|a| fold(a)));
    let rota = super::on_call::for_keys(conn, role.company_id, &keys, at)?;
    let mut w = Walk::new(conn, company, at, Some(&role.name), phones);
    let mut transfer = w.on_call_first(rota.as_ref())?;
    if transfer.is_none() {
        let q = w.role_queue(role);
        transfer = w.walk(q, true)?;
    }
    finish_group(w, transfer, rota)
}

/// Where a call about a topic ("palkat") goes: the people who list it among
/// their responsibilities, in directory order.
pub fn route_topic(
    conn: &Connection,
    company_id: Id,
    topic: &str,
    at: DateTime<Utc>,
    phones: &PhoneStates,
) -> Result<Option<Route>> {
    let key = fold(topic);
    let holders: Vec<Person> = people::list(conn, company_id)?
        .into_iter()
        .filter(|p| p.is_current_staff() && p.topics.iter().any(|t| fold(t) == key))
        .collect();
    let rota = super::on_call::for_keys(conn, company_id, std::slice::from_ref(&key), at)?;
    if holders.is_empty() && rota.is_none() {
        return Ok(None);
    }
    let company = companies::get(conn, company_id)?;
    let mut w = Walk::new(conn, company, at, Some(topic), phones);
    let mut transfer = w.on_call_first(rota.as_ref())?;
    if transfer.is_none() {
        let q = holders.iter().map(|p| (p.id, Via::Topic { name: topic.to_string() })).collect();
        transfer = w.walk(q, true)?;
    }
    finish_group(w, transfer, rota).map(Some)
}

/// A route for a role or topic: its status is the first holder's.
fn finish_group(w: Walk<'_>, transfer: Option<Transfer>, on_call: Option<super::on_call::OnCall>) -> Result<Route> {
    let status = match (w.chain.first(), &on_call) {
        (Some(step), _) => step.status.clone(),
        // A rota with nobody on call now and nobody holding the role: the
        // company's fallback, with the rota's warning — not a refusal.
        (None, Some(_)) => super::status::Presence::simple(super::State::Away, &w.company),
        (None, None) => return Err(crate::model::Refusal::NobodyHoldsRole.into()),
    };
    let transfer_to = transfer.or_else(|| w.fallback());
    Ok(Route { person: None, status, chain: w.chain, transfer_to, note: None, caller_sentence: None, on_call })
}

/// A role or a topic, as a search result and a thing to route to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Role,
    Topic,
}

/// Where a call for a role or topic of the company goes, when `name` is
/// one (folded; a role's aliases included): the role's holders in order
/// with their delegates, then everyone who lists it (or one of the role's
/// names) as a topic, then the fallback. So "laskutus" reaches the
/// colleague who handles invoicing and is in, even when the role's own
/// holder and their stand-in are away. The same answer for `vaihde who`
/// and the desk's search.
pub fn route_group(
    conn: &Connection,
    company_id: Id,
    kind: GroupKind,
    name: &str,
    at: DateTime<Utc>,
    phones: &PhoneStates,
) -> Result<Option<Route>> {
    let role = match kind {
        GroupKind::Role => roles::find(conn, company_id, name)?,
        GroupKind::Topic => None,
    };
    let mut keys: Vec<String> = vec![fold(name)];
    if let Some(r) = &role {
        keys.push(fold(&r.name));
        keys.extend(r.aliases.iter().map(|a| fold(a)));
    }
    let topic_holders: Vec<Person> = people::list(conn, company_id)?
        .into_iter()
        .filter(|p| p.is_current_staff() && p.topics.iter().any(|t| keys.contains(&fold(t))))
        .collect();
    let has_holders = role.as_ref().is_some_and(|r| !r.holders.is_empty());
    let rota = super::on_call::for_keys(conn, company_id, &keys, at)?;
    if !has_holders && topic_holders.is_empty() && rota.is_none() {
        return Ok(None);
    }
    let company = companies::get(conn, company_id)?;
    let mut w = Walk::new(conn, company, at, Some(role.as_ref().map_or(name, |r| r.name.as_str())), phones);
    let mut transfer = w.on_call_first(rota.as_ref())?;
    if transfer.is_none()
        && let Some(r) = &role
    {
        let q = w.role_queue(r);
        transfer = w.walk(q, true)?;
    }
    if transfer.is_none() {
        let q = topic_holders.iter().map(|p| (p.id, Via::Topic { name: name.to_string() })).collect();
        transfer = w.walk(q, true)?;
    }
    finish_group(w, transfer, rota).map(Some)
}

/// Resolves what an operator typed the way they mean it, and routes it: an
/// exact person (id, e-mail, name, alias) first, then a role, then a topic,
/// then the best fuzzy match. `None` when nothing matches at all.
pub fn route_query(
    conn: &Connection,
    company_id: Id,
    query: &str,
    at: DateTime<Utc>,
    topic: Option<&str>,
    phones: &PhoneStates,
) -> Result<Option<Route>> {
    if let Ok(p) = people::resolve(conn, Some(company_id), query) {
        return route_person(conn, p.id, at, topic, phones).map(Some);
    }
    if roles::find(conn, company_id, query)?.is_some()
        && let Some(route) = route_group(conn, company_id, GroupKind::Role, query, at, phones)?
    {
        return Ok(Some(route));
    }
    if let Some(route) = route_group(conn, company_id, GroupKind::Topic, query, at, phones)? {
        return Ok(Some(route));
    }
    let index = crate::search::Index::build_company(conn, company_id)?;
    match index.search(query, crate::search::Scope::Company(company_id), 1).first() {
        Some(hit) => route_person(conn, hit.person_id, at, topic, phones).map(Some),
        None => Ok(None),
    }
}

/// One line of the morning list: someone away (or busy, or maybe away) now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AbsentRow {
    pub person: PersonBrief,
    #[serde(flatten)]
    pub status: Presence,
}

/// Everyone of the company's current staff who is away, busy or maybe away
/// at `at`, by name.
pub fn absent_at(conn: &Connection, company_id: Id, at: DateTime<Utc>) -> Result<Vec<AbsentRow>> {
    let company = companies::get(conn, company_id)?;
    let now = crate::directory::absences::overlapping(conn, company_id, at, at + chrono::Duration::seconds(1))?;
    let mut ids: Vec<Id> = now.iter().map(|a| a.person_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut rows = Vec::new();
    for id in ids {
        let p = people::get(conn, id)?;
        if !p.is_current_staff() {
            continue;
        }
        let status = status_at(conn, &p, &company, at)?;
        if matches!(status.state, State::Away | State::Busy | State::Tentative) {
            rows.push(AbsentRow { person: PersonBrief::of(&p), status });
        }
    }
    rows.sort_by(|a, b| a.person.name.cmp(&b.person.name));
    Ok(rows)
}
