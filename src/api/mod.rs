//! The desktop app's contract: every command the UI may call, its request
//! and response types, and the handlers that answer them from the core.
//!
//! Commands are declared once, in the `commands!` list below. From that one
//! list come the dispatcher the Tauri shell calls ([`dispatch`]) and, with
//! the `ts` feature, the TypeScript functions and types the front end
//! imports ([`typescript`]), so a command cannot exist on one side only.
//! The handlers are thin too: they call the directory, search and presence
//! modules and shape the answer. No Tauri in here.

mod edits;
pub mod figures;
mod first_run;
mod handlers;
pub mod line;
pub mod live;
mod messages;
mod scripts;
mod session;
pub mod shifts;
mod types;

pub use messages::{
    CallbackRow, CloseCallArgs, FinishCallbackArgs, MarkMessageArgs, MessageArgs, MessageFormArgs, MessageRow,
    MessagesArgs, StartCallArgs, TakeMessageArgs,
};
pub use session::{Clock, Session};
pub use types::*;

/// The search the desktop app runs, for the CLI's `vaihde search` too.
pub fn search_rows(session: &mut Session, args: SearchArgs) -> Result<Vec<SearchRow>, ApiError> {
    handlers::search(session, args)
}

/// Nobody here, somebody elsewhere: for the CLI's `vaihde search` too.
pub fn search_elsewhere(session: &mut Session, args: SearchArgs) -> Result<Elsewhere, ApiError> {
    handlers::search_elsewhere(session, args)
}

use serde::Serialize;

/// What kind of error: the window words it (`error…` messages) and puts
/// the core's detail after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    NotFound,
    Ambiguous,
    Invalid,
    InvalidTime,
    Store,
    Corrupt,
    BadRequest,
    /// Not the core's: the window could not reach it (or it broke).
    Internal,
}

/// An error as the UI receives it: a kind to branch on and word, and, when
/// the directory refused, why, as a catalog phrase the window words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApiError {
    pub kind: ErrorKind,
    /// Why, in the operator's words (a refusal, a store failure, a staff
    /// file's line); `None` only for failures with nothing to word, whose
    /// detail is `message`.
    pub said: Option<crate::words::Phrase>,
    /// The detail in English, for logs and technical failures.
    pub message: String,
    /// The form field the error is about ("until", "on", "given_name"), so
    /// the window can mark it; `None` when it is not about one field.
    pub field: Option<crate::model::Field>,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::BadRequest, message)
    }

    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ApiError {
        ApiError { kind, said: None, message: message.into(), field: None }
    }

    /// The same error, in the operator's words.
    pub fn saying(mut self, said: crate::words::Phrase) -> ApiError {
        self.said = Some(said);
        self
    }

    /// The same error, about one field of the form.
    pub fn at(mut self, field: crate::model::Field) -> ApiError {
        self.field = Some(field);
        self
    }

    /// A date or time field the operator filled in that could not be read:
    /// kind "invalid_time", so the window can name the accepted forms in
    /// the operator's language.
    pub fn time(e: crate::time_words::TypedTimeError) -> ApiError {
        ApiError::new(ErrorKind::InvalidTime, e.to_string()).saying(e.phrase())
    }
}

impl From<crate::directory::DirectoryError> for ApiError {
    fn from(e: crate::directory::DirectoryError) -> Self {
        use crate::directory::DirectoryError as D;
        use crate::model::Refusal;
        let kind = match &e {
            D::Refused(Refusal::NotFound { .. }) => ErrorKind::NotFound,
            D::Refused(Refusal::Ambiguous { .. }) => ErrorKind::Ambiguous,
            D::Refused(_) => ErrorKind::Invalid,
            D::Store(_) | D::Sql(_) => ErrorKind::Store,
            D::Corrupt(_) => ErrorKind::Corrupt,
        };
        let mut out = ApiError::new(kind, e.to_string());
        // A refusal or a store failure, in the operator's words.
        out.said = Some(e.phrase());
        if let D::Refused(r) = &e {
            out.field = r.field();
        }
        if let D::Sql(crate::store::db::Error::CopyOnly { .. }) = &e {
            // Not a failure: the desk is on its copy while the team database is away.
            out.kind = ErrorKind::Invalid;
            out.said = Some(crate::words::Phrase::new(crate::msg!("refuseTeamAway")));
        }
        out
    }
}

impl From<crate::model::Refusal> for ApiError {
    fn from(r: crate::model::Refusal) -> Self {
        ApiError::from(crate::directory::DirectoryError::Refused(r))
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::new(ErrorKind::Store, e.to_string()).saying(e.phrase())
    }
}

macro_rules! commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $req:ty ) -> $resp:ty; )*) => {
        /// Names of all commands, in declaration order.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Runs the command `name` with its JSON arguments.
        pub fn dispatch(session: &mut Session, name: &str, args: serde_json::Value) -> Result<serde_json::Value, ApiError> {
            match name {
                $(stringify!($name) => {
                    let request: $req = serde_json::from_value(args)
                        .map_err(|e| ApiError::bad_request(format!("{}: {e}", stringify!($name))))?;
                    let response: $resp = handlers::$name(session, request)?;
                    serde_json::to_value(response).map_err(|e| ApiError::bad_request(e.to_string()))
                })*
                other => Err(ApiError::bad_request(format!("unknown command {other:?}"))),
            }
        }

        /// The TypeScript functions, one per command.
        #[cfg(feature = "ts")]
        fn typescript_functions(cfg: &ts_rs::Config) -> String {
            use ts_rs::TS;
            let mut out = String::new();
            $(
                out.push_str(&format!(
                    "{}export function {}(args: {}): Promise<{}> {{\n  return call(\"{}\", args);\n}}\n\n",
                    [$(concat!("/**", $doc, " */\n")),*].concat(),
                    camel(stringify!($name)),
                    <$req as TS>::name(cfg),
                    <$resp as TS>::name(cfg),
                    stringify!($name),
                ));
            )*
            out
        }
    };
}

commands! {
    /// All client companies with their local time and whether they are open.
    companies(Empty) -> Vec<CompanyView>;
    /// The company that answers a dialled number, if any.
    company_for_number(NumberArgs) -> Option<CompanyView>;
    /// People matching what the operator typed, best first.
    search(SearchArgs) -> Vec<SearchRow>;
    /// When the call's company has nobody by that query: the other
    /// companies that do, and how many (asked only after an empty answer).
    search_elsewhere(SearchArgs) -> Elsewhere;
    /// Current colleagues in the company matching what was typed: who can
    /// cover for someone or take a leaver's calls (the dialogs' pickers).
    colleagues(ColleagueArgs) -> Vec<SearchRow>;
    /// Companies matching what was typed, best first (Ctrl+K), folded as the search folds.
    find_companies(QueryArgs) -> Vec<crate::model::Id>;
    /// One person's card.
    person_card(PersonArgs) -> crate::card::PersonCard;
    /// Status, covering chain and transfer target for a person now.
    route(RouteArgs) -> crate::presence::Route;
    /// The same for a role or topic of a company (a search's first row when it names one).
    route_group(GroupHit) -> crate::presence::Route;
    /// Confirms or dismisses a calendar event that names a colleague only by a lone name.
    decide_match(DecideMatchArgs) -> ();
    /// Everyone away (or busy) in a company now.
    absent(CompanyArgs) -> Vec<crate::presence::AbsentRow>;
    /// The company's calendar feeds: last good sync, error in words, unmatched events.
    feeds(CompanyArgs) -> Vec<FeedRow>;
    /// The company's staff feeds: last good sync, how many listed, who no longer, why failing.
    staff_feeds(CompanyArgs) -> Vec<StaffFeedRow>;
    /// Marks a person away from now until the given time; returns the absence id.
    add_absence(AddAbsenceArgs) -> crate::model::Id;
    /// An incoming call: the company answering the dialled number and who is calling.
    incoming_call(crate::calls::CallArgs) -> crate::calls::IncomingCall;
    /// The call the app was opened for, once (then `null`).
    take_pending_call(Empty) -> Option<crate::calls::CallArgs>;
    /// What changed recently, newest first.
    changes(ChangesArgs) -> Vec<crate::model::Change>;
    /// What the client's staff lists changed that this operator has not seen ("since your last shift"), management first.
    learned(LearnedArgs) -> Vec<crate::directory::learn::Learned>;
    /// Marks items of that list seen (the ones given, or all of one person's); how many were new.
    mark_learned(MarkLearnedArgs) -> usize;
    /// Adds a person (no id) or saves the form over one; returns the id.
    save_person(PersonForm) -> crate::model::Id;
    /// Marks a person as having left, with where calls go now.
    mark_left(LeaveArgs) -> ();
    /// Replaces who covers for a person, in order.
    set_delegates(DelegatesArgs) -> ();
    /// Adds a dated line to a person's notes.
    add_note(NoteArgs) -> ();
    /// Where background calendar sync is.
    sync_status(Empty) -> SyncStatus;
    /// Starts a sync round now (if none is running); returns the status.
    sync_now(Empty) -> SyncStatus;
    /// Makes the company a favourite (Ctrl+1…9) or stops it being one.
    toggle_favourite(CompanyArgs) -> Option<u8>;
    /// The app's version and start time.
    app_info(Empty) -> AppInfo;
    /// Whether the desk is on a team database and can reach it now.
    team_state(Empty) -> TeamState;
    /// Whether the directory is empty: then the window offers the demo or a staff file.
    first_run(Empty) -> FirstRun;
    /// Works on the demo, kept in a directory of its own beside the real one.
    try_demo(Empty) -> ();
    /// The first company, with its staff from a CSV, Excel (.xlsx) or vCard file.
    start_with_file(StartArgs) -> StartReport;
    /// Joins a team's PostgreSQL database: this desk works on it from now on (remembered).
    join_team(JoinTeamArgs) -> ();
    /// The message form filled from the chain: for whom, recipients (cc the cover), what was said.
    message_form(MessageFormArgs) -> crate::messages::recipients::Prefill;
    /// Stores a message (ending its call) and has it delivered in the background.
    take_message(TakeMessageArgs) -> crate::messages::Message;
    /// One message as it is now (delivered or not, and why).
    message(MessageArgs) -> crate::messages::Message;
    /// The last day's messages, newest first (one company's, or all).
    messages_today(MessagesArgs) -> Vec<MessageRow>;
    /// The recipient has it, or it is dealt with (a message never goes back).
    mark_message(MarkMessageArgs) -> crate::messages::Message;
    /// Open callbacks, the most pressing first (one company's, or the agent's list of all).
    callbacks(MessagesArgs) -> Vec<CallbackRow>;
    /// The company's call scripts that apply to a call now, the most specific first.
    scripts_now(ScriptsArgs) -> Vec<crate::scripts::Script>;
    /// Urgent messages nobody acknowledged after the last recipient: every desk's alarm.
    alarms(MessagesArgs) -> Vec<crate::messages::escalation::Alarm>;
    /// Today's, this week's or this month's figures per company and agent, with the charts (F12).
    figures(figures::FiguresArgs) -> figures::FiguresView;
    /// A company's call scripts, each in the form it is edited in.
    scripts_of(CompanyArgs) -> Vec<scripts::ScriptRow>;
    /// Adds a call script, or saves over one; refused part by part in the operator's words.
    save_script(scripts::SaveScriptArgs) -> crate::scripts::Script;
    /// Removes a call script.
    remove_script(scripts::ScriptArgs) -> ();
    /// Who is signed in at this desk and at every desk.
    operator_state(Empty) -> shifts::OperatorState;
    /// Signs the operator in at this desk (Ctrl+O): the desk's work carries their name.
    sign_in(shifts::SignInArgs) -> shifts::OperatorState;
    /// Signs the operator out at this desk.
    sign_out(Empty) -> shifts::OperatorState;
    /// The company's language when the operator here does not speak it, and who signed in elsewhere does.
    language_help(CompanyArgs) -> Option<crate::shifts::LanguageHelp>;
    /// "I'll take it": refused with who has it when another agent was first.
    claim_callback(MessageArgs) -> crate::messages::Message;
    /// Back on the list for anyone.
    release_callback(MessageArgs) -> crate::messages::Message;
    /// How the callback went.
    finish_callback(FinishCallbackArgs) -> crate::messages::Message;
    /// An incoming call, logged, with the caller's earlier calls.
    answer_call(crate::calls::CallArgs) -> crate::messages::call_log::Answered;
    /// A call the operator starts by hand (no phone-system link), logged with the caller's history.
    start_call(StartCallArgs) -> crate::messages::call_log::Answered;
    /// Ends a call with its outcome.
    close_call(CloseCallArgs) -> crate::messages::call_log::Call;
    /// The calls from a number, newest first.
    calls_of(NumberArgs) -> Vec<crate::messages::call_log::Call>;
    /// The desk's phone line: its state, the calls at the desk longest waiting first, and what to announce.
    line_panel(Empty) -> crate::line::console::LinePanel;
    /// Answers, holds, hangs up, transfers, consults or connects a call at the desk; the panel after it.
    line_act(line::LineActArgs) -> crate::line::console::LinePanel;
    /// Watches the line state (on the phone, ringing) of the company's extensions: the company on screen.
    line_watch(CompanyArgs) -> ();
    /// The desk's line as its settings show it (never the password).
    line_settings(Empty) -> line::LineSettings;
    /// Saves the desk's line and registers it; the panel after it.
    line_set(line::LineSetArgs) -> crate::line::console::LinePanel;
    /// The sound cards this machine has, for the headset's choice.
    line_devices(Empty) -> Vec<line::SoundDevice>;
    /// Removes the desk's line; the window works as without one.
    line_remove(Empty) -> crate::line::console::LinePanel;
    /// Calls a number back from the desk's line (a callback, claimed for this operator first); the panel after it.
    line_dial(line::LineDialArgs) -> crate::line::console::LinePanel;
}

#[cfg(feature = "ts")]
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The whole `ui/src/bindings.ts`: types and one function per command.
#[cfg(feature = "ts")]
pub fn typescript() -> String {
    use crate::card::{CalendarWarning, CompanyRef, DelegateView, PersonCard, RedirectTo, RedirectView};
    use crate::model::*;
    use crate::search::{FieldKind, HitKind};
    use ts_rs::TS;
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        ApiError::decl(&cfg),
        Empty::decl(&cfg),
        MessageFormArgs::decl(&cfg),
        TakeMessageArgs::decl(&cfg),
        MessageArgs::decl(&cfg),
        MarkMessageArgs::decl(&cfg),
        LearnedArgs::decl(&cfg),
        FeedRow::decl(&cfg),
        StaffFeedRow::decl(&cfg),
        MarkLearnedArgs::decl(&cfg),
        crate::directory::learn::Learned::decl(&cfg),
        crate::directory::learn::Lesson::decl(&cfg),
        MessagesArgs::decl(&cfg),
        FinishCallbackArgs::decl(&cfg),
        CloseCallArgs::decl(&cfg),
        StartCallArgs::decl(&cfg),
        CallbackRow::decl(&cfg),
        crate::messages::escalation::Alarm::decl(&cfg),
        figures::FiguresArgs::decl(&cfg),
        shifts::SignInArgs::decl(&cfg),
        scripts::ScriptRow::decl(&cfg),
        scripts::SaveScriptArgs::decl(&cfg),
        scripts::ScriptArgs::decl(&cfg),
        crate::scripts::form::Form::decl(&cfg),
        shifts::OperatorState::decl(&cfg),
        crate::shifts::Shift::decl(&cfg),
        crate::shifts::LanguageHelp::decl(&cfg),
        figures::FiguresView::decl(&cfg),
        figures::ChartView::decl(&cfg),
        crate::messages::figures::Figures::decl(&cfg),
        crate::messages::figures::Row::decl(&cfg),
        crate::messages::figures::Hour::decl(&cfg),
        crate::messages::figures::Bucket::decl(&cfg),
        crate::messages::figures::Period::decl(&cfg),
        ScriptsArgs::decl(&cfg),
        crate::scripts::Script::decl(&cfg),
        crate::scripts::When::decl(&cfg),
        crate::scripts::Day::decl(&cfg),
        crate::scripts::Question::decl(&cfg),
        crate::scripts::AnswerKind::decl(&cfg),
        crate::scripts::GoesTo::decl(&cfg),
        MessageRow::decl(&cfg),
        crate::messages::recipients::Prefill::decl(&cfg),
        crate::messages::take::Draft::decl(&cfg),
        crate::messages::Message::decl(&cfg),
        crate::messages::Answer::decl(&cfg),
        crate::messages::Recipient::decl(&cfg),
        crate::messages::RecipientKind::decl(&cfg),
        crate::messages::RecipientWhy::decl(&cfg),
        crate::messages::Status::decl(&cfg),
        crate::messages::Mark::decl(&cfg),
        crate::messages::Callback::decl(&cfg),
        crate::messages::CallbackOutcome::decl(&cfg),
        crate::messages::call_log::Answered::decl(&cfg),
        crate::messages::call_log::Call::decl(&cfg),
        crate::messages::call_log::CallOutcome::decl(&cfg),
        crate::messages::call_log::CallerHistory::decl(&cfg),
        crate::messages::call_log::Close::decl(&cfg),
        NumberArgs::decl(&cfg),
        SearchArgs::decl(&cfg),
        PersonArgs::decl(&cfg),
        ChangesArgs::decl(&cfg),
        CompanyArgs::decl(&cfg),
        RouteArgs::decl(&cfg),
        AddAbsenceArgs::decl(&cfg),
        crate::calls::CallArgs::decl(&cfg),
        crate::calls::IncomingCall::decl(&cfg),
        crate::calls::Caller::decl(&cfg),
        crate::presence::Route::decl(&cfg),
        crate::presence::Step::decl(&cfg),
        crate::presence::Transfer::decl(&cfg),
        crate::presence::PersonBrief::decl(&cfg),
        crate::presence::AbsentRow::decl(&cfg),
        crate::presence::Presence::decl(&cfg),
        crate::presence::State::decl(&cfg),
        CompanyView::decl(&cfg),
        SearchRow::decl(&cfg),
        Elsewhere::decl(&cfg),
        ElsewhereCompany::decl(&cfg),
        ColleagueArgs::decl(&cfg),
        QueryArgs::decl(&cfg),
        PersonForm::decl(&cfg),
        LeaveArgs::decl(&cfg),
        DelegatesArgs::decl(&cfg),
        NoteArgs::decl(&cfg),
        SyncStatus::decl(&cfg),
        SyncTrouble::decl(&cfg),
        AppInfo::decl(&cfg),
        TeamState::decl(&cfg),
        Offline::decl(&cfg),
        FirstRun::decl(&cfg),
        StartArgs::decl(&cfg),
        JoinTeamArgs::decl(&cfg),
        StartReport::decl(&cfg),
        HitPerson::decl(&cfg),
        HitKind::decl(&cfg),
        FieldKind::decl(&cfg),
        PersonCard::decl(&cfg),
        crate::card::PhoneView::decl(&cfg),
        CompanyRef::decl(&cfg),
        DelegateView::decl(&cfg),
        RedirectView::decl(&cfg),
        Person::decl(&cfg),
        PersonKind::decl(&cfg),
        Phone::decl(&cfg),
        PhoneKind::decl(&cfg),
        Departure::decl(&cfg),
        Redirect::decl(&cfg),
        CallsTo::decl(&cfg),
        Absence::decl(&cfg),
        AbsenceKind::decl(&cfg),
        AbsenceSource::decl(&cfg),
        Change::decl(&cfg),
        crate::model::ChangeValue::decl(&cfg),
        crate::model::ChangeEntity::decl(&cfg),
        crate::model::ChangeField::decl(&cfg),
        CompanyNumber::decl(&cfg),
        FeedView::decl(&cfg),
        Suggestion::decl(&cfg),
        MatchNews::decl(&cfg),
        GroupHit::decl(&cfg),
        DecideMatchArgs::decl(&cfg),
        crate::presence::GroupKind::decl(&cfg),
        Unmatched::decl(&cfg),
        Language::decl(&cfg),
        ErrorKind::decl(&cfg),
        crate::model::Field::decl(&cfg),
        RecordKind::decl(&cfg),
        RedirectTo::decl(&cfg),
        CalendarWarning::decl(&cfg),
        crate::card::GoneFrom::decl(&cfg),
        crate::presence::on_call::OnCall::decl(&cfg),
        crate::presence::on_call::Shift::decl(&cfg),
        crate::presence::on_call::OnCallWarning::decl(&cfg),
        Problem::decl(&cfg),
        FeedNote::decl(&cfg),
        Unreadable::decl(&cfg),
        FeedKind::decl(&cfg),
        crate::presence::Via::decl(&cfg),
        crate::presence::Skip::decl(&cfg),
        crate::presence::TransferWhy::decl(&cfg),
        crate::presence::RouteNote::decl(&cfg),
        crate::presence::CallerSentence::decl(&cfg),
        crate::words::Phrase::decl(&cfg),
        crate::words::PhraseArg::decl(&cfg),
        crate::words::PhraseValue::decl(&cfg),
        crate::directory::live::Changed::decl(&cfg),
        crate::directory::live::Topic::decl(&cfg),
        line::LineActArgs::decl(&cfg),
        line::LineDialArgs::decl(&cfg),
        line::LineSettings::decl(&cfg),
        line::LineSetArgs::decl(&cfg),
        line::SoundDevice::decl(&cfg),
        crate::line::console::CallbackEnded::decl(&cfg),
        crate::line::console::LineAction::decl(&cfg),
        crate::line::console::LinePanel::decl(&cfg),
        crate::line::console::LineState::decl(&cfg),
        crate::line::console::PanelCall::decl(&cfg),
        crate::line::console::PanelState::decl(&cfg),
        crate::line::console::News::decl(&cfg),
        crate::line::console::ColleagueLine::decl(&cfg),
        crate::line::console::ColleagueState::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src/api/mod.rs by `cargo run -p vaihde-desktop --example gen-bindings`. Do not edit.\n\
         import { call } from \"./ipc\";\n\
         import type { MessageId } from \"./messages\";\n\n",
    );
    out.push_str(&format!(
        "/** The event that says what changed in the directory (payload: Changed). */\nexport const DIRECTORY_CHANGED = \"{}\";\n\n",
        live::EVENT
    ));
    out.push_str(&format!(
        "/** The event that says the team database was lost or is back (payload: TeamState). */\nexport const TEAM_STATE = \"{}\";\n\n",
        live::TEAM_EVENT
    ));
    out.push_str(&format!(
        "/** The event that says the calls panel changed (payload: its serial). */\nexport const LINE_CHANGED = \"{}\";\n\n",
        line::LINE_EVENT
    ));
    out.push_str(&format!(
        "/** The kinds an operator marks by hand, in the order offered (AbsenceKind::BY_HAND). */\nexport const ABSENCE_KINDS_BY_HAND: readonly AbsenceKind[] = [{}];\n\n",
        AbsenceKind::BY_HAND.map(|k| format!("\"{}\"", k.code())).join(", ")
    ));
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&typescript_functions(&cfg));
    out
}
