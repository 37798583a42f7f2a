//! Who is at the desk, for the window: the operator signed in here (whose
//! name the desk's messages, calls and figures carry), everyone signed in
//! at the team's desks, and signing in and out (Ctrl+O). The rules are the
//! core's (`shifts`).

use serde::{Deserialize, Serialize};

use super::{ApiError, CompanyArgs, Empty, Session};
use crate::model::Language;
use crate::shifts::{self, Shift};

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignInArgs {
    pub name: String,
    pub languages: Vec<Language>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperatorState {
    /// This desk's name (`VAIHDE_DESK`, else the machine's).
    pub desk: String,
    /// Who is signed in here, if anyone.
    pub me: Option<Shift>,
    /// Everyone signed in at every desk, by desk.
    pub everyone: Vec<Shift>,
}

fn state(session: &Session) -> Result<OperatorState, ApiError> {
    let desk = shifts::this_desk();
    let conn = session.directory.conn();
    Ok(OperatorState { me: shifts::current(conn, &desk)?, everyone: shifts::signed_in(conn)?, desk })
}

pub fn operator_state(session: &mut Session, _: Empty) -> Result<OperatorState, ApiError> {
    state(session)
}

/// The company's language when the operator here does not speak it, and
/// who signed in elsewhere does.
pub fn language_help(session: &mut Session, a: CompanyArgs) -> Result<Option<shifts::LanguageHelp>, ApiError> {
    let conn = session.directory.conn();
    let language = crate::directory::companies::get(conn, a.company_id)?.language;
    Ok(shifts::language_help(conn, &shifts::this_desk(), language)?)
}

/// Signs in here; what the desk does from now on carries this name.
pub fn sign_in(session: &mut Session, a: SignInArgs) -> Result<OperatorState, ApiError> {
    let at = session.now();
    let desk = shifts::this_desk();
    let shift = session.directory.write(|c| shifts::sign_in(c, &a.name, &a.languages, &desk, at))?;
    session.actor = Some(shift.operator);
    tell_line(session);
    state(session)
}

/// Signs out here; the desk goes back to the name its environment gives, or none.
pub fn sign_out(session: &mut Session, _: Empty) -> Result<OperatorState, ApiError> {
    let at = session.now();
    let desk = shifts::this_desk();
    session.directory.write(|c| shifts::sign_out(c, &desk, at))?;
    session.actor = shifts::given_by_environment();
    tell_line(session);
    state(session)
}

/// The desk's line logs its calls under the operator's name too.
fn tell_line(session: &Session) {
    if let Some(line) = &session.line
        && let Ok(mut console) = line.lock()
    {
        console.set_operator(session.actor.as_deref().unwrap_or_default());
    }
}
