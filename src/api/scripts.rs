//! The call scripts' editor in the window: a company's scripts with each
//! shown in the form it is typed in, saved (added or over one) and
//! removed. The forms and their rules are the core's (`scripts::form`),
//! the same as `vaihde script add` reads.

use serde::{Deserialize, Serialize};

use super::{ApiError, CompanyArgs, Session};
use crate::model::Id;
use crate::scripts::{self, Script, form::Form};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScriptRow {
    pub script: Script,
    /// The script as the form shows it.
    pub form: Form,
    /// When it applies, on one line ("mon-fri 16:00-08:00", "*").
    pub when: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveScriptArgs {
    pub company_id: Id,
    /// The script saved over; `null` adds one.
    pub id: Option<Id>,
    pub form: Form,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScriptArgs {
    pub id: Id,
}

pub fn scripts_of(session: &mut Session, a: CompanyArgs) -> Result<Vec<ScriptRow>, ApiError> {
    Ok(scripts::list(session.directory.conn(), a.company_id)?
        .into_iter()
        .map(|s| ScriptRow { form: Form::of(&s), when: scripts::form::when_summary(&s.when), script: s })
        .collect())
}

pub fn save_script(session: &mut Session, a: SaveScriptArgs) -> Result<Script, ApiError> {
    let script = a.form.read(a.company_id)?;
    let id = session.directory.write(|tx| match a.id {
        Some(id) => scripts::update(tx, id, &script).map(|()| id),
        None => scripts::add(tx, &script, false),
    })?;
    Ok(scripts::get(session.directory.conn(), id)?)
}

pub fn remove_script(session: &mut Session, a: ScriptArgs) -> Result<(), ApiError> {
    Ok(session.directory.write(|tx| scripts::remove(tx, a.id))?)
}
