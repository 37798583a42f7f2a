//! Who is at which desk. An operator signs in at the start of a shift
//! with a name and the languages they speak, and signs out at its end; the
//! claims, messages, calls and figures of the shift then name the agent,
//! not the machine's login. A desk has at most one open shift: signing in
//! at a desk ends the shift left open there. Every desk of a team sees who
//! is signed in where (the shifts are in the shared directory and told to
//! the other desks live), and the shifts stay as the record of who worked
//! when.
//!
//! Who acts at a desk is decided once here, for both faces: a name given
//! for the one command or session (`--operator`, `VAIHDE_OPERATOR`) first,
//! then whoever is signed in at the desk, else nobody (the shared name
//! "desk", [`crate::model::operator`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::directory::changes::{get_utc, utc_text};
use crate::directory::{DirectoryError, Result};
use crate::model::{Field, Id, Language, Refusal};
use crate::store::db::{Connection, OptionalExtension as _, Row, params};
use crate::text::clean::{Kind, bounded};

/// One operator's shift at one desk (`OperatorShift` in the window's
/// contract, beside the on-call rota's shifts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "OperatorShift"))]
pub struct Shift {
    pub id: Id,
    pub operator: String,
    /// The languages they serve callers in, as they gave them.
    pub languages: Vec<Language>,
    pub desk: String,
    pub signed_in_at: DateTime<Utc>,
    pub signed_out_at: Option<DateTime<Utc>>,
}

/// This machine's desk name: `VAIHDE_DESK`, else the host's name (the same
/// name `vaihde team status` shows a desk's connection by).
pub fn this_desk() -> String {
    std::env::var("VAIHDE_DESK")
        .ok()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(crate::team::host_name)
}

/// The name the environment gives every command or window of this
/// session: `VAIHDE_OPERATOR`, or its older name `VAIHDE_ACTOR`. The
/// machine's login is not asked: an agent signs in.
pub fn given_by_environment() -> Option<String> {
    ["VAIHDE_OPERATOR", "VAIHDE_ACTOR"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()))
}

const COLUMNS: &str = "id, operator, languages, desk, signed_in_at, signed_out_at";

fn row(r: &Row) -> crate::store::db::Result<Shift> {
    let languages: String = r.get(2)?;
    let signed_out: Option<String> = r.get(5)?;
    Ok(Shift {
        id: r.get(0)?,
        operator: r.get(1)?,
        languages: languages.split(',').filter_map(|code| code.parse().ok()).collect(),
        desk: r.get(3)?,
        signed_in_at: get_utc(r, 4)?,
        signed_out_at: match signed_out {
            Some(_) => Some(get_utc(r, 5)?),
            None => None,
        },
    })
}

/// Signs `operator` in at `desk`: the desk's open shift, if any, ends now.
pub fn sign_in(
    conn: &Connection,
    operator: &str,
    languages: &[Language],
    desk: &str,
    at: DateTime<Utc>,
) -> Result<Shift> {
    let name = bounded(Kind::Name, Field::GivenName, operator).map_err(|e| DirectoryError::Refused(e.refusal()))?;
    if name.is_empty() {
        return Err(Refusal::NoOperatorName.into());
    }
    sign_out(conn, desk, at)?;
    let mut codes: Vec<&str> = Vec::new();
    for l in languages {
        if !codes.contains(&l.code()) {
            codes.push(l.code());
        }
    }
    conn.execute(
        "INSERT INTO shifts (operator, languages, desk, signed_in_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, codes.join(","), desk, utc_text(at)],
    )?;
    current(conn, desk)?.ok_or_else(|| Refusal::NoOperatorName.into())
}

/// Ends the open shift at `desk`; the shift ended, or `None` when nobody was signed in.
pub fn sign_out(conn: &Connection, desk: &str, at: DateTime<Utc>) -> Result<Option<Shift>> {
    let Some(open) = current(conn, desk)? else { return Ok(None) };
    conn.execute(
        "UPDATE shifts SET signed_out_at = ?2 WHERE id = ?1 AND signed_out_at IS NULL",
        params![open.id, utc_text(at)],
    )?;
    Ok(Some(Shift { signed_out_at: Some(at), ..open }))
}

/// Who is signed in at `desk` now.
pub fn current(conn: &Connection, desk: &str) -> Result<Option<Shift>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM shifts WHERE desk = ?1 AND signed_out_at IS NULL"),
            params![desk],
            row,
        )
        .optional()?)
}

/// Everyone signed in now, at every desk of the directory, by desk.
pub fn signed_in(conn: &Connection) -> Result<Vec<Shift>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM shifts WHERE signed_out_at IS NULL ORDER BY desk"))?;
    Ok(st.query_map([], row)?.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// A company's language that the operator at a desk did not list, and who
/// signed in at another desk speaks it (to hand the call to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageHelp {
    pub language: Language,
    pub speakers: Vec<Shift>,
}

/// When the operator signed in at `desk` gave their languages and
/// `language` is not one of them: who signed in elsewhere speaks it. An
/// operator who gave none is not second-guessed.
pub fn language_help(conn: &Connection, desk: &str, language: Language) -> Result<Option<LanguageHelp>> {
    let Some(me) = current(conn, desk)? else { return Ok(None) };
    if me.languages.is_empty() || me.languages.contains(&language) {
        return Ok(None);
    }
    let speakers = signed_in(conn)?.into_iter().filter(|s| s.desk != desk && s.languages.contains(&language)).collect();
    Ok(Some(LanguageHelp { language, speakers }))
}

/// Who acts at `desk`: `given` (the one command's or session's own name)
/// when it is not blank, else whoever is signed in there, else nobody.
pub fn who_acts(conn: &Connection, given: Option<&str>, desk: &str) -> Result<Option<String>> {
    if let Some(name) = given.map(str::trim).filter(|n| !n.is_empty()) {
        return Ok(Some(name.to_string()));
    }
    Ok(current(conn, desk)?.map(|s| s.operator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::{Duration, TimeZone};

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap()
    }

    #[test]
    fn a_desk_has_one_shift_open_and_every_desk_sees_who_is_where() {
        let mut store = Store::open_in_memory().unwrap();
        let anna = store
            .write(|c| sign_in(c, "  Anna  Virtanen ", &[Language::Fi, Language::Sv, Language::Fi], "desk-1", at()))
            .unwrap();
        assert_eq!(
            (anna.operator.as_str(), anna.languages.as_slice()),
            ("Anna Virtanen", [Language::Fi, Language::Sv].as_slice())
        );
        store.write(|c| sign_in(c, "Ville", &[Language::En], "desk-2", at())).unwrap();
        // Bo takes over desk 1: Anna's shift there ends.
        let later = at() + Duration::hours(8);
        store.write(|c| sign_in(c, "Bo", &[Language::Sv], "desk-1", later)).unwrap();
        let now: Vec<(String, String)> =
            signed_in(store.conn()).unwrap().into_iter().map(|s| (s.desk, s.operator)).collect();
        assert_eq!(now, [("desk-1".to_string(), "Bo".to_string()), ("desk-2".to_string(), "Ville".to_string())]);
        let ended = store.write(|c| sign_out(c, "desk-2", later)).unwrap().unwrap();
        assert_eq!((ended.operator.as_str(), ended.signed_out_at), ("Ville", Some(later)));
        assert_eq!(store.write(|c| sign_out(c, "desk-2", later)).unwrap(), None, "nobody left to sign out");
        let kept: i64 = store.conn().query_row("SELECT COUNT(*) FROM shifts", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, 3, "the shifts stay as the record of who worked when");
    }

    #[test]
    fn who_acts_is_the_given_name_then_the_signed_in_one_then_nobody() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(who_acts(store.conn(), None, "desk-1").unwrap(), None);
        store.write(|c| sign_in(c, "Anna", &[], "desk-1", at())).unwrap();
        assert_eq!(who_acts(store.conn(), None, "desk-1").unwrap().as_deref(), Some("Anna"));
        assert_eq!(who_acts(store.conn(), Some(" "), "desk-1").unwrap().as_deref(), Some("Anna"));
        assert_eq!(who_acts(store.conn(), Some("Ville"), "desk-1").unwrap().as_deref(), Some("Ville"));
        assert_eq!(who_acts(store.conn(), None, "desk-2").unwrap(), None);
    }

    #[test]
    fn a_language_the_operator_did_not_list_names_who_speaks_it() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(language_help(store.conn(), "desk-1", Language::Sv).unwrap(), None, "nobody signed in");
        store.write(|c| sign_in(c, "Anna", &[Language::Fi, Language::En], "desk-1", at())).unwrap();
        store.write(|c| sign_in(c, "Bo", &[Language::Sv], "desk-2", at())).unwrap();
        store.write(|c| sign_in(c, "Ville", &[], "desk-3", at())).unwrap();
        assert_eq!(language_help(store.conn(), "desk-1", Language::Fi).unwrap(), None, "her own language");
        let help = language_help(store.conn(), "desk-1", Language::Sv).unwrap().unwrap();
        assert_eq!(help.speakers.iter().map(|s| s.operator.as_str()).collect::<Vec<_>>(), ["Bo"]);
        assert_eq!(language_help(store.conn(), "desk-2", Language::En).unwrap().unwrap().speakers[0].operator, "Anna");
        assert_eq!(language_help(store.conn(), "desk-3", Language::Sv).unwrap(), None, "gave no languages");
    }

    #[test]
    fn a_blank_name_is_refused_in_words() {
        let mut store = Store::open_in_memory().unwrap();
        let e = store.write(|c| sign_in(c, " \u{200b} ", &[], "desk-1", at())).unwrap_err();
        assert!(matches!(e, DirectoryError::Refused(Refusal::NoOperatorName)), "{e:?}");
        assert!(signed_in(store.conn()).unwrap().is_empty());
    }
}
