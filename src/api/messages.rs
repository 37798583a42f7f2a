//! The desk's messages, callbacks and call log: the contract's commands
//! over `crate::messages`, so the window fills the message form from the
//! chain, takes it, and follows its delivery, the callbacks list and the
//! call log. Delivery itself runs on the app's delivery thread.

use serde::{Deserialize, Serialize};

use super::{ApiError, Session};
use crate::messages::call_log::{self, Answered, Call, CallOutcome};
use crate::messages::recipients::Prefill;
use crate::messages::take::Draft;
use crate::messages::{self, CallbackOutcome, Mark, Message, callbacks};
use crate::model::Id;

type Result<T> = std::result::Result<T, ApiError>;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageFormArgs {
    pub company_id: Id,
    /// Whom the caller asked for, as typed or as the card names them.
    pub query: String,
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TakeMessageArgs {
    /// The form; its `recipients` are the ones the form was filled with
    /// (the prefill's), which `to` and `cc` are read against.
    pub draft: Draft,
    /// The form's "To" field as the operator left it.
    pub to: String,
    /// The form's "Cc" field as the operator left it.
    pub cc: String,
    /// The call this message ends (the incoming call's log line).
    pub call_id: Option<Id>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageArgs {
    pub message_id: Id,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarkMessageArgs {
    pub message_id: Id,
    pub mark: Mark,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessagesArgs {
    /// One company's, or every company's (`null`).
    pub company_id: Option<Id>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FinishCallbackArgs {
    pub message_id: Id,
    pub outcome: CallbackOutcome,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartCallArgs {
    pub company_id: Id,
    /// The caller's number, as they give it (empty or `null`: withheld).
    pub from: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CloseCallArgs {
    pub call_id: Id,
    pub outcome: CallOutcome,
    #[serde(flatten)]
    pub how: call_log::Close,
}

/// A callback on the work list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallbackRow {
    pub message: Message,
    pub overdue: bool,
    /// The company's zone, to show the times in.
    pub zone: String,
}

/// A message as the Messages panel lists it, with its company's zone.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageRow {
    pub message: Message,
    pub zone: String,
}

fn zone_of(session: &Session, company_id: Id) -> Result<String> {
    Ok(crate::directory::companies::get(session.directory.conn(), company_id)?.timezone)
}

/// Who is at the desk ([`crate::model::operator`]).
fn operator(session: &Session) -> String {
    crate::model::operator(session.actor.as_deref()).to_string()
}

pub fn message_form(session: &mut Session, a: MessageFormArgs) -> Result<Prefill> {
    let now = session.now();
    Ok(crate::messages::recipients::suggest(session.directory.conn(), a.company_id, &a.query, now, a.topic.as_deref())?)
}

/// Stores the message (and ends its call), then wakes the delivery thread:
/// the window follows the message until it is sent or says why not.
pub fn take_message(session: &mut Session, a: TakeMessageArgs) -> Result<Message> {
    let at = session.now();
    let who = operator(session);
    let mut draft = a.draft;
    draft.recipients = crate::messages::recipients::from_fields(&a.to, &a.cc, &draft.recipients);
    let m =
        session.directory.write(|conn| crate::messages::take::take_during_call(conn, draft, a.call_id, at, &who))?;
    if a.call_id.is_some() {
        session.calls_changed();
    }
    if let Some(t) = &session.delivery_trigger {
        let _ = t.send(());
    }
    Ok(m)
}

pub fn message(session: &mut Session, a: MessageArgs) -> Result<Message> {
    Ok(messages::get(session.directory.conn(), a.message_id)?)
}

/// Today's messages (since midnight in each company's zone, at most a day back), newest first.
pub fn messages_today(session: &mut Session, a: MessagesArgs) -> Result<Vec<MessageRow>> {
    let since = session.now() - chrono::Duration::hours(24);
    let list = messages::list(
        session.directory.conn(),
        &messages::List { company_id: a.company_id, since: Some(since), limit: Some(200), ..Default::default() },
    )?;
    list.into_iter().map(|m| Ok(MessageRow { zone: zone_of(session, m.company_id)?, message: m })).collect()
}

pub fn mark_message(session: &mut Session, a: MarkMessageArgs) -> Result<Message> {
    let at = session.now();
    let who = operator(session);
    Ok(session.directory.write(|c| messages::mark(c, a.message_id, a.mark, at, &who))?)
}

pub fn callbacks(session: &mut Session, a: MessagesArgs) -> Result<Vec<CallbackRow>> {
    let now = session.now();
    let list = callbacks::open(session.directory.conn(), a.company_id)?;
    list.into_iter()
        .map(|m| {
            Ok(CallbackRow {
                overdue: m.callback.as_ref().is_some_and(|c| c.is_overdue(now)),
                zone: zone_of(session, m.company_id)?,
                message: m,
            })
        })
        .collect()
}

pub fn alarms(session: &mut Session, a: MessagesArgs) -> Result<Vec<crate::messages::escalation::Alarm>> {
    let mut list = crate::messages::escalation::alarms(session.directory.conn(), session.now())?;
    list.retain(|alarm| a.company_id.is_none_or(|c| alarm.message.company_id == c));
    Ok(list)
}

pub fn claim_callback(session: &mut Session, a: MessageArgs) -> Result<Message> {
    let at = session.now();
    let who = operator(session);
    Ok(session.directory.write(|c| callbacks::claim(c, a.message_id, &who, at))?)
}

pub fn release_callback(session: &mut Session, a: MessageArgs) -> Result<Message> {
    let at = session.now();
    let who = operator(session);
    let m = session.directory.write(|c| callbacks::release(c, a.message_id, &who, at))?;
    super::line::callback_done(session, a.message_id);
    Ok(m)
}

pub fn finish_callback(session: &mut Session, a: FinishCallbackArgs) -> Result<Message> {
    let at = session.now();
    let who = operator(session);
    let m = session.directory.write(|c| callbacks::finish(c, a.message_id, a.outcome, &who, at))?;
    super::line::callback_done(session, a.message_id);
    Ok(m)
}

/// An incoming call answered: logged, with the caller's history.
pub fn answer_call(session: &mut Session, a: crate::calls::CallArgs) -> Result<Answered> {
    let at = session.now();
    let who = operator(session);
    Ok(session.directory.write(|c| call_log::answer(c, &a, at, &who))?)
}

/// A call the operator starts by hand for the company on screen.
pub fn start_call(session: &mut Session, a: StartCallArgs) -> Result<Answered> {
    let at = session.now();
    let who = operator(session);
    Ok(session.directory.write(|c| call_log::answer_by_hand(c, a.company_id, a.from, at, &who))?)
}

pub fn close_call(session: &mut Session, a: CloseCallArgs) -> Result<Call> {
    let at = session.now();
    let call = session.directory.write(|c| call_log::close(c, a.call_id, a.outcome, &a.how, at))?;
    session.calls_changed();
    Ok(call)
}

/// The calls from one number, newest first (the current call's caller).
pub fn calls_of(session: &mut Session, a: super::NumberArgs) -> Result<Vec<Call>> {
    Ok(call_log::list(session.directory.conn(), Some(&a.number), None, 20)?)
}
