//! Call scripts: per client company, the types of call it asked its
//! answering service to handle its own way ("Tarjouspyyntö", "Vikailmoitus
//! virka-ajan ulkopuolella"): when each applies ([`when`]), what to say (per
//! language), the questions to ask, where the call or message goes, and
//! whether its messages are urgent. The most specific script that applies
//! now wins; the others that apply follow, for the operator to switch to.
//!
//! Stored in the directory (so a team's desks share them, and backups
//! carry them), written only through [`add`] and [`remove`].

pub mod form;
pub mod when;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::directory::{DirectoryError, Result, companies, refuse};
use crate::model::{Id, Language, Refusal, ScriptPart, Thing};
use crate::params;
use crate::store::db::{Connection, Row};
pub use when::{Day, When};

/// What an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Name,
    Number,
    Address,
    Text,
    /// One of `choices`.
    Choice,
}

/// A question the operator asks the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    pub label: String,
    pub kind: AnswerKind,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

/// Where the call (or its message) goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GoesTo {
    /// A person of the company, by name as the directory resolves it.
    Person { name: String },
    /// A role or topic of the company.
    Role { name: String },
    /// Whoever is on call on the company's rota.
    OnCall,
    /// An e-mail address.
    Address { address: String },
}

/// One call type of a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Script {
    pub id: Id,
    pub company_id: Id,
    /// The call type, as the client names it.
    pub name: String,
    pub when: When,
    /// What to say, per language; the company's language first when shown.
    pub say: BTreeMap<Language, String>,
    pub questions: Vec<Question>,
    pub goes_to: Option<GoesTo>,
    /// Its messages are urgent (acknowledged or sent on, see `escalation`).
    pub urgent: bool,
}

impl Script {
    /// What to say, the company's language first (the caller's usual
    /// one), then the others the script has.
    pub fn say_in_order(&self, company: Language) -> Vec<(Language, &str)> {
        let mut out: Vec<(Language, &str)> = self.say.iter().map(|(l, t)| (*l, t.as_str())).collect();
        out.sort_by_key(|(l, _)| *l != company);
        out
    }
}

/// "choice:Vian laatu:vesi|sähkö|muu:required", "name:Nimi", "text:Mitä tapahtui:required".
pub fn parse_question(text: &str) -> Result<Question> {
    let bad = || DirectoryError::from(Refusal::ScriptPart { part: ScriptPart::Question, text: text.to_string() });
    let mut parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let required = parts.last() == Some(&"required");
    if required {
        parts.pop();
    }
    let kind = match parts.first().copied() {
        Some("name") => AnswerKind::Name,
        Some("number") => AnswerKind::Number,
        Some("address") => AnswerKind::Address,
        Some("text") => AnswerKind::Text,
        Some("choice") => AnswerKind::Choice,
        _ => return Err(bad()),
    };
    let label = parts.get(1).filter(|l| !l.is_empty()).ok_or_else(bad)?.to_string();
    let choices: Vec<String> = match (kind, parts.get(2)) {
        (AnswerKind::Choice, Some(c)) => {
            c.split('|').map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
        }
        (AnswerKind::Choice, None) => return Err(bad()),
        (_, Some(_)) => return Err(bad()),
        (_, None) => Vec::new(),
    };
    if kind == AnswerKind::Choice && choices.len() < 2 || parts.len() > 3 {
        return Err(bad());
    }
    let label = crate::text::bounded(crate::text::Kind::Name, crate::model::Field::Label, &label)?;
    Ok(Question { label, kind, choices, required })
}

/// "person:Maija Virtanen", "role:Huolto", "on-call", "address:huolto@x.fi".
pub fn parse_goes_to(text: &str) -> Result<GoesTo> {
    let bad = || DirectoryError::from(Refusal::ScriptPart { part: ScriptPart::GoesTo, text: text.to_string() });
    let (kind, value) = text.split_once(':').map_or((text.trim(), ""), |(k, v)| (k.trim(), v.trim()));
    Ok(match (kind, value) {
        ("on-call", "") => GoesTo::OnCall,
        ("person", name) if !name.is_empty() => GoesTo::Person { name: name.to_string() },
        ("role", name) if !name.is_empty() => GoesTo::Role { name: name.to_string() },
        ("address", a) if crate::text::looks_like_email(a) => GoesTo::Address { address: a.to_string() },
        _ => return Err(bad()),
    })
}

/// "fi:Hyvää iltaa, …" → the language and the words.
pub fn parse_say(text: &str) -> Result<(Language, String)> {
    let bad = || DirectoryError::from(Refusal::ScriptPart { part: ScriptPart::Say, text: text.to_string() });
    let (code, words) = text.split_once(':').ok_or_else(bad)?;
    let language = Language::ALL.into_iter().find(|l| l.code() == code.trim()).ok_or_else(bad)?;
    let words = crate::text::bounded(crate::text::Kind::Notes, crate::model::Field::Greeting, words.trim())?;
    if words.is_empty() {
        return Err(bad());
    }
    Ok((language, words))
}

const COLUMNS: &str = "id, company_id, name, when_json, say_json, questions_json, goes_to_json, urgent";

fn read(r: &Row) -> crate::store::db::Result<Script> {
    // The JSON columns hold the domain's own types, written by `add`.
    fn json<T: serde::de::DeserializeOwned>(r: &Row, i: usize, column: &'static str) -> crate::store::db::Result<T> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text).map_err(|e| crate::store::db::Error::conversion(column, e.to_string()))
    }
    let goes_to: Option<String> = r.get(6)?;
    Ok(Script {
        id: r.get(0)?,
        company_id: r.get(1)?,
        name: r.get(2)?,
        when: json(r, 3, "call_scripts.when_json")?,
        say: json(r, 4, "call_scripts.say_json")?,
        questions: json(r, 5, "call_scripts.questions_json")?,
        goes_to: match goes_to.filter(|g| !g.is_empty()) {
            Some(g) => Some(
                serde_json::from_str(&g)
                    .map_err(|e| crate::store::db::Error::conversion("call_scripts.goes_to_json", e.to_string()))?,
            ),
            None => None,
        },
        urgent: r.get(7)?,
    })
}

/// A company's scripts, in the order they were added.
pub fn list(conn: &Connection, company_id: Id) -> Result<Vec<Script>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM call_scripts WHERE company_id = ?1 ORDER BY id"))?;
    Ok(st.query_map([company_id], read)?.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// Every company's scripts (for backups).
pub fn all(conn: &Connection) -> Result<Vec<Script>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM call_scripts ORDER BY id"))?;
    Ok(st.query_map([], read)?.collect::<crate::store::db::Result<Vec<_>>>()?)
}

pub fn get(conn: &Connection, id: Id) -> Result<Script> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM call_scripts WHERE id = ?1"))?;
    st.query_map([id], read)?
        .next()
        .transpose()?
        .ok_or_else(|| DirectoryError::not_found(Thing::Script, format!("#{id}")))
}

/// Adds a script (its `id` is ignored, unless `keep_id` as a backup's
/// restore asks); returns its id.
pub fn add(conn: &Connection, s: &Script, keep_id: bool) -> Result<Id> {
    companies::get(conn, s.company_id)?;
    let name = crate::text::bounded(crate::text::Kind::Name, crate::model::Field::Label, &s.name)?;
    if name.is_empty() {
        return refuse(Refusal::ScriptPart { part: ScriptPart::Name, text: String::new() });
    }
    let json = |v: serde_json::Result<String>| v.unwrap_or_default();
    let id = keep_id.then_some(s.id);
    Ok(conn.query_row(
        "INSERT INTO call_scripts (id, company_id, name, when_json, say_json, questions_json, goes_to_json, urgent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![
            id,
            s.company_id,
            name,
            json(serde_json::to_string(&s.when)),
            json(serde_json::to_string(&s.say)),
            json(serde_json::to_string(&s.questions)),
            s.goes_to.as_ref().map(|g| json(serde_json::to_string(g))),
            s.urgent
        ],
        |r| r.get(0),
    )?)
}

/// Saves `s` over the script `id` (its company stays the script's own).
pub fn update(conn: &Connection, id: Id, s: &Script) -> Result<()> {
    let before = get(conn, id)?;
    let name = crate::text::bounded(crate::text::Kind::Name, crate::model::Field::ScriptName, &s.name)?;
    if name.is_empty() {
        return refuse(Refusal::ScriptPart { part: ScriptPart::Name, text: String::new() });
    }
    let json = |v: serde_json::Result<String>| v.unwrap_or_default();
    conn.execute(
        "UPDATE call_scripts SET name = ?2, when_json = ?3, say_json = ?4, questions_json = ?5, goes_to_json = ?6,
         urgent = ?7 WHERE id = ?1 AND company_id = ?8",
        params![
            id,
            name,
            json(serde_json::to_string(&s.when)),
            json(serde_json::to_string(&s.say)),
            json(serde_json::to_string(&s.questions)),
            s.goes_to.as_ref().map(|g| json(serde_json::to_string(g))),
            s.urgent,
            before.company_id
        ],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, id: Id) -> Result<()> {
    get(conn, id)?;
    conn.execute("DELETE FROM call_scripts WHERE id = ?1", [id])?;
    Ok(())
}

/// The company's scripts that apply to a call at `at` to `dialled`, the
/// most specific first (the one to show), then the others that apply.
pub fn applying(conn: &Connection, company_id: Id, dialled: Option<&str>, at: DateTime<Utc>) -> Result<Vec<Script>> {
    let company = companies::get(conn, company_id)?;
    let local = at.with_timezone(&company.tz()).naive_local();
    let mut found: Vec<Script> =
        list(conn, company_id)?.into_iter().filter(|s| s.when.applies(local, dialled)).collect();
    // Stable: equal ones keep the order they were added in.
    found.sort_by_key(|s| std::cmp::Reverse(s.when.specificity()));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_and_targets_are_read_from_their_forms() {
        let q = parse_question("choice:Vian laatu:vesi|sähkö|muu:required").unwrap();
        assert_eq!(
            (q.kind, q.label.as_str(), q.choices.len(), q.required),
            (AnswerKind::Choice, "Vian laatu", 3, true)
        );
        let q = parse_question("number:Takaisinsoittonumero").unwrap();
        assert_eq!((q.kind, q.required), (AnswerKind::Number, false));
        for bad in ["", "colour:Väri", "choice:Laatu", "choice:Laatu:vain", "name:", "name:Nimi:extra:required"] {
            assert!(parse_question(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_goes_to("on-call").unwrap(), GoesTo::OnCall);
        assert_eq!(parse_goes_to("role: Huolto").unwrap(), GoesTo::Role { name: "Huolto".into() });
        for bad in ["somewhere", "address:not-an-address", "person:", "on-call:x"] {
            assert!(parse_goes_to(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_say("sv: God kväll").unwrap(), (Language::Sv, "God kväll".into()));
        for bad in ["de:Guten Abend", "fi:", "Hyvää iltaa"] {
            assert!(parse_say(bad).is_err(), "{bad}");
        }
    }
}
