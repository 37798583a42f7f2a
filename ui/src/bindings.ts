// Generated from src/api/mod.rs by `cargo run -p vaihde-desktop --example gen-bindings`. Do not edit.
import { call } from "./ipc";
import type { MessageId } from "./messages";

/** The event that says what changed in the directory (payload: Changed). */
export const DIRECTORY_CHANGED = "directory-changed";

/** The event that says the team database was lost or is back (payload: TeamState). */
export const TEAM_STATE = "team-state";

/** The event that says the calls panel changed (payload: its serial). */
export const LINE_CHANGED = "line-changed";

/** The kinds an operator marks by hand, in the order offered (AbsenceKind::BY_HAND). */
export const ABSENCE_KINDS_BY_HAND: readonly AbsenceKind[] = ["sick", "holiday", "out_of_office", "training", "meeting", "other"];

export type ApiError = { kind: ErrorKind, 
/**
 * Why, in the operator's words (a refusal, a store failure, a staff
 * file's line); `None` only for failures with nothing to word, whose
 * detail is `message`.
 */
said: Phrase | null, 
/**
 * The detail in English, for logs and technical failures.
 */
message: string, 
/**
 * The form field the error is about ("until", "on", "given_name"), so
 * the window can mark it; `None` when it is not about one field.
 */
field: Field | null, };

export type Empty = Record<symbol, never>;

export type MessageFormArgs = { company_id: number, 
/**
 * Whom the caller asked for, as typed or as the card names them.
 */
query: string, topic: string | null, };

export type TakeMessageArgs = { 
/**
 * The form; its `recipients` are the ones the form was filled with
 * (the prefill's), which `to` and `cc` are read against.
 */
draft: Draft, 
/**
 * The form's "To" field as the operator left it.
 */
to: string, 
/**
 * The form's "Cc" field as the operator left it.
 */
cc: string, 
/**
 * The call this message ends (the incoming call's log line).
 */
call_id: number | null, };

export type MessageArgs = { message_id: number, };

export type MarkMessageArgs = { message_id: number, mark: Mark, };

export type LearnedArgs = { company_id: number | null, };

export type FeedRow = { on_call: OnCall | null, id: number, company_id: number, person_id: number | null, kind: FeedKind, address: string, label: string, last_attempt_at: string | null, last_success_at: string | null, problem: Problem | null, occurrences: number, unmatched: Array<Unmatched>, 
/**
 * Events that name someone only by a lone family or given name: the
 * operator confirms or dismisses each (one per event UID).
 */
suggestions: Array<Suggestion>, 
/**
 * Events that started or stopped naming someone in recent syncs (a new
 * colleague, a changed alias), newest first.
 */
news: Array<MatchNews>, 
/**
 * What the last good sync had to say: skipped events, unknown zones.
 */
warnings: Array<FeedNote>, };

export type StaffFeedRow = { id: number, 
/**
 * The source as named to a person (its label, else its address).
 */
name: string, last_success_at: string | null, 
/**
 * Why the last try failed (worded with `staffProblem…`, else `problem…`).
 */
problem: Problem | null, 
/**
 * How many people the last good sync listed.
 */
listed: number, 
/**
 * Current people it no longer lists (the operator decides).
 */
gone: number, };

export type MarkLearnedArgs = { ids: Array<number>, person_id: number | null, };

export type Learned = { id: number, company_id: number, person_id: number, 
/**
 * The person's name when it was learned.
 */
name: string, 
/**
 * The staff source, as named to a person.
 */
feed: string, lesson: Lesson, 
/**
 * A management title: listed first.
 */
pinned: boolean, at: string, 
/**
 * The day it was learned, in the company's zone ("since Tue 1.12.").
 */
day: string, 
/**
 * The company's zone.
 */
zone: string, };

export type Lesson = { "kind": "added", title: string, } | { "kind": "title", old: string, new: string, } | { "kind": "gone" };

export type MessagesArgs = { 
/**
 * One company's, or every company's (`null`).
 */
company_id: number | null, };

export type FinishCallbackArgs = { message_id: number, outcome: CallbackOutcome, };

export type CloseCallArgs = { call_id: number, outcome: CallOutcome, 
/**
 * Put through to whom, as said; and on which number.
 */
name: string, number: string, message_id: number | null, 
/**
 * The person the caller asked for, when the operator chose one (the
 * window's row). Without it the person `name` names is linked when
 * the call's company has exactly one ([`person_named`]).
 */
person_id?: number | null, };

export type StartCallArgs = { company_id: number, 
/**
 * The caller's number, as they give it (empty or `null`: withheld).
 */
from: string | null, };

export type CallbackRow = { message: Message, overdue: boolean, 
/**
 * The company's zone, to show the times in.
 */
zone: string, };

export type Alarm = { message: Message, 
/**
 * Minutes since it was taken, at the moment asked.
 */
minutes: number, 
/**
 * "urgent message #12 for Maija Virtanen not acknowledged in 30 min:
 * call them or the client", for the faces to word.
 */
said: Phrase, };

export type FiguresArgs = { 
/**
 * One company's, or every company's (`null`).
 */
company_id: number | null, period: Period, 
/**
 * The operator's language, for the charts' words.
 */
language: Language, };

export type SignInArgs = { name: string, languages: Array<Language>, };

export type ScriptRow = { script: Script, 
/**
 * The script as the form shows it.
 */
form: ScriptForm, 
/**
 * When it applies, on one line ("mon-fri 16:00-08:00", "*").
 */
when: string, };

export type SaveScriptArgs = { company_id: number, 
/**
 * The script saved over; `null` adds one.
 */
id: number | null, form: ScriptForm, };

export type ScriptArgs = { id: number, };

export type ScriptForm = { name: string, days: string, hours: string, dates: string, number: string, 
/**
 * What to say, per language; an empty text is none in that language.
 */
say: { [key in Language]?: string }, 
/**
 * One question a line.
 */
questions: string, goes_to: string, urgent: boolean, };

export type OperatorState = { 
/**
 * This desk's name (`VAIHDE_DESK`, else the machine's).
 */
desk: string, 
/**
 * Who is signed in here, if anyone.
 */
me: OperatorShift | null, 
/**
 * Everyone signed in at every desk, by desk.
 */
everyone: Array<OperatorShift>, };

export type OperatorShift = { id: number, operator: string, 
/**
 * The languages they serve callers in, as they gave them.
 */
languages: Array<Language>, desk: string, signed_in_at: string, signed_out_at: string | null, };

export type LanguageHelp = { language: Language, speakers: Array<OperatorShift>, };

export type FiguresView = { figures: Figures, 
/**
 * The zone the period's days are counted in.
 */
zone: string, calls: ChartView, 
/**
 * Only when calls were answered on the desk's line.
 */
answers: ChartView | null, };

export type ChartView = { title: string, said: string, 
/**
 * An SVG document, shown as an image (never put into the page as markup).
 */
svg: string, };

export type Figures = { since: string, until: string, companies: Array<Row>, agents: Array<Row>, by_hour: Array<Hour>, answer_times: Array<Bucket>, };

export type Row = { 
/**
 * The company's name or the agent's.
 */
name: string, calls: number, transferred: number, messages: number, information: number, 
/**
 * Closed without an outcome, or still open.
 */
no_outcome: number, 
/**
 * Ringing to answered, calls on the desk's line only (seconds).
 */
answer_median_s: number | null, answer_p90_s: number | null, 
/**
 * Answered to closed (seconds).
 */
handle_median_s: number | null, messages_taken: number, urgent: number, urgent_acknowledged: number, 
/**
 * Taken to acknowledged, urgent messages (minutes).
 */
ack_median_min: number | null, 
/**
 * Urgent messages sent on because nobody acknowledged them in time.
 */
escalated: number, 
/**
 * Urgent messages that ran out of recipients.
 */
alarms: number, callbacks: number, callbacks_done: number, 
/**
 * Taken to called back (minutes).
 */
callback_wait_median_min: number | null, };

export type Hour = { hour: number, transferred: number, messages: number, information: number, no_outcome: number, };

export type Bucket = { from_s: number, to_s: number | null, calls: number, };

export type Period = "day" | "week" | "month";

export type ScriptsArgs = { company_id: number, 
/**
 * The number the caller dialled, when known (a line's own script).
 */
dialled: string | null, };

export type Script = { id: number, company_id: number, 
/**
 * The call type, as the client names it.
 */
name: string, when: When, 
/**
 * What to say, per language; the company's language first when shown.
 */
say: { [key in Language]?: string }, questions: Array<Question>, goes_to: GoesTo | null, 
/**
 * Its messages are urgent (acknowledged or sent on, see `escalation`).
 */
urgent: boolean, };

export type When = { 
/**
 * Days of the week; empty: every day.
 */
days: Array<Day>, 
/**
 * From this time of day…
 */
from: string | null, 
/**
 * …until this one (earlier than `from`: past midnight, and the
 * early hours count to the day the span began).
 */
until: string | null, 
/**
 * First and last date (inclusive), such as a holiday.
 */
first_date: string | null, last_date: string | null, 
/**
 * Only calls to this number of the company (as digits compare).
 */
number: string | null, };

export type Day = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export type Question = { label: string, kind: AnswerKind, choices: Array<string>, required: boolean, };

export type AnswerKind = "name" | "number" | "address" | "text" | "choice";

export type GoesTo = { "kind": "person", name: string, } | { "kind": "role", name: string, } | { "kind": "on_call" } | { "kind": "address", address: string, };

export type MessageRow = { message: Message, zone: string, };

export type Prefill = { for_person_id: number | null, 
/**
 * Whom, as shown: the person's name, or what was asked for.
 */
for_words: string, recipients: Array<Recipient>, 
/**
 * The addressees as the form's "To" field shows them ([`field_text`]).
 */
to: string, 
/**
 * The copies as the form's "Cc" field shows them.
 */
cc: string, 
/**
 * What to tell the caller (the card's sentence), in the company's language.
 */
said: string, };

export type Draft = { company_id: number, for_person_id: number | null, 
/**
 * Whom it is for, as the form shows it.
 */
for_words: string, topic: string, caller_name: string, caller_org: string, caller_number: string, caller_email: string, body: string, urgent: boolean, callback: boolean, 
/**
 * By when the caller wants the call back.
 */
callback_by: string | null, 
/**
 * The caller's own words for when suits them.
 */
callback_when: string, 
/**
 * What the operator told the caller.
 */
said: string, recipients: Array<Recipient>, 
/**
 * The call script it is taken under: its required questions must be
 * answered, and an urgent script makes the message urgent.
 */
script_id?: number | null, 
/**
 * The caller's answers to the script's questions.
 */
answers: Array<Answer>, };

export type Message = { id: number, company_id: number, company_name: string, 
/**
 * The person it is for, when it is for a person of the directory.
 */
for_person_id: number | null, 
/**
 * Whom it is for, as shown: the person's name, a role, or the operator's words.
 */
for_words: string, topic: string, caller_name: string, caller_org: string, caller_number: string, caller_email: string, body: string, urgent: boolean, 
/**
 * What the operator told the caller.
 */
said: string, taken_by: string, taken_at: string, 
/**
 * The e-mail's Message-ID (the same on every try).
 */
mail_id: string, status: Status, status_at: string, attempts: number, 
/**
 * When the next delivery try is due (queued only).
 */
next_try_at: string | null, 
/**
 * Why the last try did not go through, for "not sent yet: …" (Vaihde's
 * words, or a server's as data); `None` once it went through.
 */
last_error: Phrase | null, recipients: Array<Recipient>, callback: Callback | null, 
/**
 * An urgent message: by when it must be acknowledged (the current
 * rung's time; see `escalation`).
 */
ack_due_at: string | null, 
/**
 * Recipients it was sent on to because nobody acknowledged it.
 */
escalations: number, 
/**
 * When it ran out of recipients and raised the alarm.
 */
alarm_at: string | null, 
/**
 * The call script it was taken under (the call type), or empty.
 */
script: string, 
/**
 * The caller's answers to the script's questions.
 */
answers: Array<Answer>, };

export type Answer = { label: string, value: string, };

export type Recipient = { kind: RecipientKind, name: string, address: string, person_id: number | null, why: RecipientWhy, };

export type RecipientKind = "to" | "cc";

export type RecipientWhy = "asked_for" | "covering" | "role_holder" | "calls_of" | "company_address" | "on_call" | "typed";

export type Status = "queued" | "sent" | "failed" | "acknowledged" | "done";

export type Mark = "acknowledged" | "done";

export type Callback = { 
/**
 * By when the caller wants the call (orders the work list).
 */
by: string | null, 
/**
 * The caller's own words for when suits them ("after two").
 */
when: string, claimed_by: string | null, claimed_at: string | null, 
/**
 * How it ended; `None` while it is on the list.
 */
outcome: CallbackOutcome | null, done_at: string | null, 
/**
 * Calls tried that nobody answered.
 */
tries: number, };

export type CallbackOutcome = "reached" | "no_answer" | "left_message";

export type Answered = { call_id: number, 
/**
 * The number's earlier calls (none when it is withheld).
 */
history: CallerHistory | null, to: string, from: string | null, 
/**
 * The company answering the dialled number; `None` when no company has it.
 */
company_id: number | null, company_name: string | null, greeting: string | null, 
/**
 * Who is calling, if their number is in the directory.
 */
caller: Caller | null, };

export type Call = { id: number, company_id: number | null, company_name: string | null, 
/**
 * The zone the company keeps time in ("UTC" when the number answered none).
 */
zone: string, started_at: string, caller_number: string, asked_for: string, person_id: number | null, outcome: CallOutcome, outcome_name: string, outcome_number: string, message_id: number | null, 
/**
 * The status of the message taken, when one was.
 */
message_status: Status | null, closed_at: string | null, operator: string, 
/**
 * When the call rang at the desk and when it was answered, for calls
 * that came through the desk's own phone line (else `None`).
 */
rang_at: string | null, answered_at: string | null, };

export type CallOutcome = "open" | "transferred" | "message" | "information" | "no_outcome";

export type CallerHistory = { 
/**
 * Calls from the number in the last 7 days (the one ringing now not counted).
 */
this_week: number, 
/**
 * The one before this.
 */
last: Call | null, };

export type Close = { 
/**
 * Put through to whom, as said; and on which number.
 */
name: string, number: string, message_id: number | null, 
/**
 * The person the caller asked for, when the operator chose one (the
 * window's row). Without it the person `name` names is linked when
 * the call's company has exactly one ([`person_named`]).
 */
person_id?: number | null, };

export type NumberArgs = { number: string, };

export type SearchArgs = { query: string, 
/**
 * The company of the call; with `all`, its people rank first.
 */
company_id: number | null, 
/**
 * Search every company, not just `company_id`.
 */
all: boolean, limit: number, 
/**
 * The call being answered: its caller's history orders namesakes.
 */
call_id?: number | null, 
/**
 * Or the caller's number itself (the CLI's `--from`).
 */
from?: string | null, };

export type PersonArgs = { person_id: number, };

export type ChangesArgs = { company_id: number | null, days: number, };

export type CompanyArgs = { company_id: number, };

export type RouteArgs = { person_id: number, 
/**
 * What the call is about, when the operator knows.
 */
topic: string | null, };

export type AddAbsenceArgs = { person_id: number, kind: AbsenceKind, 
/**
 * Back at: a date ("2026-11-24" = its midnight) or a time, in the company's zone.
 */
until: string, reason: string, };

export type CallArgs = { 
/**
 * The number the caller dialled.
 */
to: string, 
/**
 * The caller's number, when the phone system tells.
 */
from: string | null, };

export type IncomingCall = { to: string, from: string | null, 
/**
 * The company answering the dialled number; `None` when no company has it.
 */
company_id: number | null, company_name: string | null, greeting: string | null, 
/**
 * Who is calling, if their number is in the directory.
 */
caller: Caller | null, };

export type Caller = { person_id: number, name: string, title: string, company_id: number, company_name: string, record: RecordKind, };

export type Route = { 
/**
 * Who was asked for (`None` for a role or topic).
 */
person: PersonBrief | null, chain: Array<Step>, transfer_to: Transfer | null, note: RouteNote | null, 
/**
 * What the operator can say to the caller, in the company's language
 * (only when the person asked for cannot take the call).
 */
caller_sentence: CallerSentence | null, 
/**
 * For a role or topic with an on-call rota: who is on call now and
 * next, and whether the rota is running out.
 */
on_call: OnCall | null, 
/**
 * Serialised as `status`: routes, chain steps and search rows carry
 * these fields flattened, so their JSON reads `"status": "away"`.
 */
status: State, 
/**
 * Why not in: the absence kind ("holiday", "meeting", ...) when there is one.
 */
reason: AbsenceKind | null, 
/**
 * The absence's own words ("loma", "kurssilla Tampereella"), if any.
 */
detail: string, 
/**
 * Since when the current absence runs.
 */
since: string | null, 
/**
 * Back (or open again) at: the first moment after the absence, with
 * back-to-back and overlapping absences merged, moved to the next
 * opening time when the company is closed then.
 */
until: string | null, 
/**
 * The IANA zone the person's company keeps time in: faces show
 * `since` and `until` in it, whichever company the call is for.
 */
zone: string, };

export type Step = { person: PersonBrief, via: Via, 
/**
 * Why the call does not go here; `None` for the step that takes it.
 */
why_skipped: Skip | null, 
/**
 * Their extension, whose line state the window shows as it changes.
 */
extension: string | null, 
/**
 * Their phone as the PBX reported it when the walk passed (unknown without a line).
 */
line: ColleagueState | null, 
/**
 * Serialised as `status`: routes, chain steps and search rows carry
 * these fields flattened, so their JSON reads `"status": "away"`.
 */
status: State, 
/**
 * Why not in: the absence kind ("holiday", "meeting", ...) when there is one.
 */
reason: AbsenceKind | null, 
/**
 * The absence's own words ("loma", "kurssilla Tampereella"), if any.
 */
detail: string, 
/**
 * Since when the current absence runs.
 */
since: string | null, 
/**
 * Back (or open again) at: the first moment after the absence, with
 * back-to-back and overlapping absences merged, moved to the next
 * opening time when the company is closed then.
 */
until: string | null, 
/**
 * The IANA zone the person's company keeps time in: faces show
 * `since` and `until` in it, whichever company the call is for.
 */
zone: string, };

export type Transfer = { person: PersonBrief | null, 
/**
 * The number to dial; `None` when the target is words (a message, another company).
 */
number: string | null, 
/**
 * Which of the person's numbers `number` is.
 */
phone: PhoneKind | null, 
/**
 * `number` as a softphone dials it ([`crate::phone::dial_string`]).
 */
dial: string | null, 
/**
 * What to do instead, as the directory says it (the company's fallback,
 * a record's "calls go to" text); `None` with a number.
 */
words: string | null, why: TransferWhy, };

export type PersonBrief = { id: number, name: string, title: string, department: string, };

export type AbsentRow = { person: PersonBrief, 
/**
 * Serialised as `status`: routes, chain steps and search rows carry
 * these fields flattened, so their JSON reads `"status": "away"`.
 */
status: State, 
/**
 * Why not in: the absence kind ("holiday", "meeting", ...) when there is one.
 */
reason: AbsenceKind | null, 
/**
 * The absence's own words ("loma", "kurssilla Tampereella"), if any.
 */
detail: string, 
/**
 * Since when the current absence runs.
 */
since: string | null, 
/**
 * Back (or open again) at: the first moment after the absence, with
 * back-to-back and overlapping absences merged, moved to the next
 * opening time when the company is closed then.
 */
until: string | null, 
/**
 * The IANA zone the person's company keeps time in: faces show
 * `since` and `until` in it, whichever company the call is for.
 */
zone: string, };

export type Presence = { 
/**
 * Serialised as `status`: routes, chain steps and search rows carry
 * these fields flattened, so their JSON reads `"status": "away"`.
 */
status: State, 
/**
 * Why not in: the absence kind ("holiday", "meeting", ...) when there is one.
 */
reason: AbsenceKind | null, 
/**
 * The absence's own words ("loma", "kurssilla Tampereella"), if any.
 */
detail: string, 
/**
 * Since when the current absence runs.
 */
since: string | null, 
/**
 * Back (or open again) at: the first moment after the absence, with
 * back-to-back and overlapping absences merged, moved to the next
 * opening time when the company is closed then.
 */
until: string | null, 
/**
 * The IANA zone the person's company keeps time in: faces show
 * `since` and `until` in it, whichever company the call is for.
 */
zone: string, };

export type State = "in" | "away" | "busy" | "tentative" | "outside_hours" | "left" | "outsider";

export type CompanyView = { id: number, slug: string, name: string, language: Language, timezone: string, 
/**
 * The greeting in the company's language.
 */
greeting: string, 
/**
 * The app's clock now (tests fix it), worded as the company's time
 * of day in `timezone` by the window.
 */
now: string, 
/**
 * The company's date now, "2026-11-23" (the app's clock, which tests fix).
 */
local_date: string, open_now: boolean, numbers: Array<CompanyNumber>, notes: string, 
/**
 * Its favourite number (Ctrl+1…9), if it is one.
 */
favourite: number | null, };

export type SearchRow = { person: HitPerson, kind: HitKind, 
/**
 * Which field matched best.
 */
matched: FieldKind, score: number, 
/**
 * Former employees and outsiders: where their calls go now.
 */
calls_to: CallsTo | null, 
/**
 * Outsiders: the first line of their note ("our auditor; put through to finance").
 */
note: string | null, 
/**
 * The role or topic itself, when the query names one exactly: then
 * `person` is the holder the call goes to (the first available) and
 * `presence` is theirs. The card routes it with `route_group`.
 */
group: GroupHit | null, 
/**
 * What the client's staff list changed about them that this operator
 * has not seen yet (the first, management titles first): the row's "new" mark.
 */
learned: Learned | null, 
/**
 * Serialised as `status`: routes, chain steps and search rows carry
 * these fields flattened, so their JSON reads `"status": "away"`.
 */
status: State, 
/**
 * Why not in: the absence kind ("holiday", "meeting", ...) when there is one.
 */
reason: AbsenceKind | null, 
/**
 * The absence's own words ("loma", "kurssilla Tampereella"), if any.
 */
detail: string, 
/**
 * Since when the current absence runs.
 */
since: string | null, 
/**
 * Back (or open again) at: the first moment after the absence, with
 * back-to-back and overlapping absences merged, moved to the next
 * opening time when the company is closed then.
 */
until: string | null, 
/**
 * The IANA zone the person's company keeps time in: faces show
 * `since` and `until` in it, whichever company the call is for.
 */
zone: string, };

export type Elsewhere = { companies: Array<ElsewhereCompany>, 
/**
 * "Nobody found at Skärgårdens Bygg Ab. Found at Rakennus-Koivu Oy: 2";
 * each face adds its own way to search them all (`/`, `--all`).
 */
said: Phrase | null, };

export type ElsewhereCompany = { company_id: number, name: string, 
/**
 * How many match there (counted up to 200).
 */
count: number, };

export type ColleagueArgs = { query: string, company_id: number, limit: number, };

export type QueryArgs = { query: string, };

export type PersonForm = { 
/**
 * `null` adds a new person.
 */
id: number | null, 
/**
 * The card's `version` the form was opened from (edits only).
 */
seen_version: number | null, company_id: number, 
/**
 * For a new person: an outsider (a frequently asked-for non-employee).
 */
outsider: boolean, given_name: string, family_name: string, title: string, department: string, aliases: string, topics: string, emails: string, extension: string, direct: string, mobile: string, notes: string, };

export type LeaveArgs = { person_id: number, 
/**
 * The card's `version` the dialog was opened from.
 */
seen_version: number | null, 
/**
 * The last day, "2026-11-30".
 */
on: string, reason: string, 
/**
 * A colleague who takes the calls...
 */
calls_to_person: number | null, 
/**
 * ...or what the operator should do instead.
 */
calls_to_text: string, };

export type DelegatesArgs = { person_id: number, 
/**
 * The card's `version` the dialog was opened from.
 */
seen_version: number | null, 
/**
 * In order: the first is asked first.
 */
delegate_ids: Array<number>, };

export type NoteArgs = { person_id: number, text: string, };

export type SyncStatus = { 
/**
 * Whether this app syncs in the background at all (the CLI does not).
 */
enabled: boolean, running: boolean, 
/**
 * Feeds answered so far in this round, of `total`.
 */
fetched: number, total: number, 
/**
 * When the last round ended.
 */
last_round_at: string | null, 
/**
 * Feeds that failed in the last round (their errors are on the feeds).
 */
failed: number, 
/**
 * When syncing itself is in trouble (not one feed: the whole round).
 */
trouble: SyncTrouble | null, 
/**
 * On a team database: the desk that was in its round when this desk's
 * came ("" when the server does not say), so this desk left it be.
 */
other_desk: string | null, };

export type SyncTrouble = { "kind": "round_failed", said: Phrase, } | { "kind": "stopped", detail: string, };

export type AppInfo = { version: string, 
/**
 * When the process started (Unix ms), for the start-up measurement.
 */
launched_at_ms: number | null, };

export type TeamState = { 
/**
 * The directory is a team's PostgreSQL database (not this desk's own).
 */
team: boolean, 
/**
 * Set while the team database cannot be reached.
 */
offline: Offline | null, };

export type Offline = { 
/**
 * When the desk lost it.
 */
since: string, 
/**
 * When the copy shown was made; `None` when the desk has no copy yet
 * (then search works from memory, but cards cannot be opened).
 */
copied_at: string | null, };

export type FirstRun = { empty: boolean, demo_dir: string | null, };

export type StartArgs = { company_name: string, language: Language, timezone: string, 
/**
 * A CSV, Excel (.xlsx) or vCard file's path, or, with `content`, the
 * name of the file chosen in the window's file dialog.
 */
file: string, 
/**
 * The chosen file's bytes, read by the window (a webview's file
 * dialog gives the content, not the path). At most [`MAX_STAFF_FILE`].
 */
content: Array<number> | null, };

export type JoinTeamArgs = { 
/**
 * `postgres://user@host/db?sslmode=require`.
 */
address: string, };

export type StartReport = { company_id: number, added: number, };

export type HitPerson = { id: number, name: string, title: string, department: string, company: string, company_id: number, 
/**
 * Their extension while they work there: the row shows its line state
 * (on the phone, ringing) when the desk has a line.
 */
extension: string | null, };

export type HitKind = "person" | "role" | "former" | "outsider" | "group";

export type FieldKind = "name" | "alias" | "title" | "department" | "topic" | "role" | "email" | "phone" | "company";

export type PersonCard = { person: Person, 
/**
 * The person's numbers to offer, each with what a softphone dials;
 * `dial` is `None` for a former employee's old numbers (never offered).
 */
phones: Array<PhoneView>, company: CompanyRef, record: RecordKind, roles: Array<string>, delegates: Array<DelegateView>, calls_to: RedirectView | null, 
/**
 * Absences from `at` on, for the next 60 days, by start.
 */
absences: Array<Absence>, 
/**
 * Calendars this person's status depends on that failed their last
 * sync: the status may be stale, and the operator should know.
 */
calendar_warnings: Array<CalendarWarning>, 
/**
 * The person's saved-edit count when the card was read: an edit from
 * this card passes it back, so a colleague's save in between is not
 * overwritten (`people::check_version`).
 */
version: number, 
/**
 * The last day's messages for this person not yet done, newest first:
 * the operator sees that a caller already left one.
 */
open_messages: Array<Message>, 
/**
 * Staff sources that no longer list this (current) person: has
 * they left? The operator decides; nothing was deleted.
 */
gone_from: Array<GoneFrom>, 
/**
 * What the client's staff list changed about them that this
 * operator has not seen yet (a new person, a new title), management
 * titles first: empty unless read with [`person_card_for`].
 */
learned: Array<Learned>, };

export type PhoneView = { kind: PhoneKind, number: string, label: string, dial: string | null, };

export type CompanyRef = { id: number, slug: string, name: string, 
/**
 * The person's company's zone: their absences are shown in it.
 */
timezone: string, };

export type DelegateView = { position: number, id: number, name: string, from: string | null, until: string | null, topic: string | null, };

export type RedirectView = { to: RedirectTo, id: number | null, 
/**
 * The colleague's or role's name, or the text itself, as a form shows it.
 */
text: string, 
/**
 * Where calls go, for showing in the operator's words (`Words::calls_to`).
 */
value: CallsTo, };

export type Person = { id: number, company_id: number, kind: PersonKind, given_name: string, family_name: string, aliases: Array<string>, title: string, department: string, 
/**
 * Responsibilities as keywords ("HR", "laskutus", "palkat").
 */
topics: Array<string>, phones: Array<Phone>, 
/**
 * Lower-case; also used to match calendar events to the person.
 */
emails: Array<string>, 
/**
 * Language codes the person speaks.
 */
languages: Array<string>, notes: string, left: Departure | null, 
/**
 * Where calls go instead: set for former employees and outsiders.
 */
calls_to: Redirect | null, };

export type PersonKind = "staff" | "outsider";

export type Phone = { kind: PhoneKind, number: string, 
/**
 * Free label shown beside the number ("switchboard", "Teams").
 */
label?: string, };

export type PhoneKind = "extension" | "direct" | "mobile" | "other";

export type Departure = { on: string, 
/**
 * Shown to the operator ("retired", "moved to a customer").
 */
reason?: string | null, };

export type Redirect = { "to": "person", "target": number } | { "to": "role", "target": number } | { "to": "text", "target": string };

export type CallsTo = { "kind": "person", name: string, } | { "kind": "role", name: string, } | { "kind": "removed_person", id: number, } | { "kind": "removed_role", id: number, } | { "kind": "text", text: string, };

export type Absence = { id: number, person_id: number, starts_at: string, ends_at: string, kind: AbsenceKind, 
/**
 * Free text shown to the operator ("loma", "kurssilla Tampereella").
 */
reason: string, source: AbsenceSource, 
/**
 * The calendar feed it came from (calendar absences only).
 */
feed_id?: number | null, };

export type AbsenceKind = "holiday" | "sick" | "out_of_office" | "training" | "meeting" | "tentative" | "other";

export type AbsenceSource = "manual" | "calendar";

export type Change = { id: number, at: string, company_id: number | null, 
/**
 * What kind of record changed.
 */
entity: ChangeEntity, entity_id: number | null, 
/**
 * Human label of the entity at the time ("Maija Virtanen", "HR").
 */
subject: string, 
/**
 * Which field; `whole` for whole-record changes (added, removed).
 */
field: ChangeField, old: ChangeValue | null, new: ChangeValue | null, 
/**
 * Operator name when known.
 */
actor: string | null, };

export type ChangeValue = { "kind": "text", text: string, } | { "kind": "added" } | { "kind": "added_outsider" } | { "kind": "feed_added", address: string, } | { "kind": "removed" } | { "kind": "removed_with_absences" } | { "kind": "phones", phones: Array<Phone>, } | { "kind": "left", on: string, reason: string | null, } | { "kind": "record", record: PersonKind, } | { "kind": "absence", reason: AbsenceKind, detail: string, starts_at: string, ends_at: string, zone: string, } | { "kind": "calendar_decided", summary: string, feed: string, confirmed: boolean, } | { "kind": "role", name: string, } | { "kind": "flag", on: boolean, } | { "kind": "gone_from", source: string, } | { "kind": "listed_again", source: string, };

export type ChangeEntity = "company" | "person" | "role" | "delegates" | "absence" | "feed";

export type ChangeField = "" | "kind" | "given_name" | "family_name" | "aliases" | "title" | "department" | "topics" | "phones" | "emails" | "languages" | "notes" | "left" | "calls_to" | "holders" | "delegates" | "calendar" | "calendar match" | "id" | "name" | "language" | "timezone" | "numbers" | "greetings" | "opening_hours" | "allow_mobile_transfer" | "fallback";

export type CompanyNumber = { 
/**
 * As written by the operator, e.g. "09 123 4567".
 */
number: string, 
/**
 * What the line is for ("main", "invoicing line").
 */
label: string, };

export type FeedView = { id: number, company_id: number, person_id: number | null, kind: FeedKind, address: string, label: string, last_attempt_at: string | null, last_success_at: string | null, problem: Problem | null, occurrences: number, unmatched: Array<Unmatched>, 
/**
 * Events that name someone only by a lone family or given name: the
 * operator confirms or dismisses each (one per event UID).
 */
suggestions: Array<Suggestion>, 
/**
 * Events that started or stopped naming someone in recent syncs (a new
 * colleague, a changed alias), newest first.
 */
news: Array<MatchNews>, 
/**
 * What the last good sync had to say: skipped events, unknown zones.
 */
warnings: Array<FeedNote>, };

export type Suggestion = { uid: string, summary: string, 
/**
 * The first stored occurrence.
 */
starts_at: string, 
/**
 * How many occurrences the event has in the stored window.
 */
occurrences: number, person_id: number, person_name: string, };

export type MatchNews = { at: string, summary: string, person_name: string, 
/**
 * `true`: it names them now; `false`: it no longer does.
 */
names_them: boolean, };

export type GroupHit = { kind: GroupKind, 
/**
 * As the directory spells it ("Laskutus", "HR").
 */
name: string, company_id: number, };

export type DecideMatchArgs = { feed_id: number, uid: string, 
/**
 * `true`: it is about them (they are away for it); `false`: it is not.
 */
confirmed: boolean, };

export type GroupKind = "role" | "topic";

export type Unmatched = { uid: string, summary: string, 
/**
 * Its first occurrence in the stored window.
 */
starts_at: string, line: number, 
/**
 * How many occurrences it has in the window.
 */
occurrences: number, 
/**
 * The next one from the sync on, if any.
 */
next_at: string | null, };

export type Language = "fi" | "sv" | "en";

export type ErrorKind = "not_found" | "ambiguous" | "invalid" | "invalid_time" | "store" | "corrupt" | "bad_request" | "internal";

export type Field = "given_name" | "family_name" | "title" | "department" | "alias" | "aliases" | "topic" | "topics" | "language" | "languages" | "email" | "emails" | "phone_number" | "phone_label" | "notes" | "note" | "left_reason" | "calls_to" | "calls_to_text" | "company_name" | "greeting" | "company_number" | "number_label" | "company_notes" | "fallback" | "timezone" | "role_name" | "role_alias" | "label" | "reason" | "on_call" | "on" | "until" | "for_words" | "caller_name" | "caller_org" | "caller_number" | "caller_email" | "message_body" | "callback_when" | "said" | "recipient" | "recipient_name" | "mail_from" | "message_address" | "summary_to" | "asked_for" | "file" | "address" | "line_account" | "line_user" | "line_password" | "line_transport" | "line_ca_file" | "line_device" | "script_name" | "script_days" | "script_hours" | "script_dates" | "script_number" | "script_say" | "script_questions" | "script_goes_to";

export type RecordKind = "staff" | "former" | "outsider";

export type RedirectTo = "person" | "role" | "text";

export type CalendarWarning = { feed_id: number, 
/**
 * The feed's label or address.
 */
name: string, 
/**
 * What went wrong, as the sync recorded it.
 */
problem: Problem, last_success_at: string | null, 
/**
 * The zone to show `last_success_at` in (the person's company's).
 */
zone: string, };

export type GoneFrom = { feed_id: number, 
/**
 * The source as named to a person.
 */
feed: string, since: string, 
/**
 * The day it was first missed, in the company's zone (the last day a "has left" form offers).
 */
day: string, zone: string, };

export type OnCall = { 
/**
 * The rota as named to a person (the feed's label, else the role or topic).
 */
rota: string, now: Shift | null, next: Shift | null, warning: OnCallWarning | null, 
/**
 * The company's zone, to show the times in.
 */
zone: string, };

export type Shift = { person: PersonBrief, starts_at: string, ends_at: string, };

export type OnCallWarning = { "kind": "nobody_now" } | { "kind": "ends_soon", ends_at: string, };

export type Problem = { "kind": "not_public", status: number, } | { "kind": "gone", status: number, } | { "kind": "slow_down" } | { "kind": "server_trouble", status: number, } | { "kind": "unexpected_status", status: number, } | { "kind": "timeout" } | { "kind": "redirect_loop" } | { "kind": "tls" } | { "kind": "name_not_found" } | { "kind": "unreachable" } | { "kind": "download_failed" } | { "kind": "too_large", megabytes: number, } | { "kind": "bad_address" } | { "kind": "file_missing" } | { "kind": "file_denied" } | { "kind": "file_unreadable", detail: string, } | { "kind": "unreadable", detail: string, } | { "kind": "broken", line: number, why: Unreadable, } | { "kind": "not_a_calendar", web_page: boolean, } | { "kind": "names_nobody_here", company: string, absences: number, } | { "kind": "someone_elses", events: number, other: string, person: string, } | { "kind": "foreign", detail: string, } | { "kind": "staff_file", why: Phrase, } | { "kind": "no_address_book" } | { "kind": "bad_answer", detail: string, } | { "kind": "lists_nobody" } | { "kind": "sudden_drop", listed: number, before: number, } | { "kind": "other", detail: string, };

export type FeedNote = { "kind": "skipped", line: number, why: Unreadable, } | { "kind": "unknown_zone", line: number, zone: string, } | { "kind": "end_before_start", line: number, } | { "kind": "too_fine_grained", line: number, freq: string, } | { "kind": "too_many_occurrences", line: number, max: number, } | { "kind": "capped", max: number, days: number, until: string, dropped: number, } | { "kind": "said", text: string, };

export type Unreadable = { "kind": "line", text: string, } | { "kind": "value", property: string, value: string, } | { "kind": "no_start" } | { "kind": "start_twice" } | { "kind": "unknown_freq", rule: string, } | { "kind": "dst_gap", property: string, } | { "kind": "rule", rule: string, } | { "kind": "series", uid: string, } | { "kind": "too_deep", max: number, } | { "kind": "end_mismatch", end: string, begin: string, begin_line: number, } | { "kind": "end_without_begin", name: string, } | { "kind": "never_closed", name: string, };

export type FeedKind = "person" | "shared";

export type Via = { "kind": "asked_for" } | { "kind": "delegate_of", name: string, } | { "kind": "role", name: string, } | { "kind": "topic", name: string, } | { "kind": "calls_of", name: string, } | { "kind": "on_call", name: string, };

export type Skip = "not_taking_calls" | "no_number" | "on_the_phone";

export type TransferWhy = { "kind": "takes_calls" } | { "kind": "covering", via: Via, } | { "kind": "redirected" } | { "kind": "nobody" };

export type RouteNote = { "kind": "left", on: string, calls_to: CallsTo, } | { "kind": "not_employee", calls_to: CallsTo, } | { "kind": "notes", text: string, };

export type CallerSentence = { language: Language, phrases: Array<Phrase>, };

export type Phrase = { 
/**
 * A message id of `locales/*.ftl`.
 */
id: MessageId, args: Array<PhraseArg>, };

export type PhraseArg = { name: string, value: PhraseValue, };

export type PhraseValue = { "kind": "text", text: string, } | { "kind": "moment", at: string, zone: string, } | { "kind": "date", date: string, } | { "kind": "word", id: MessageId, } | { "kind": "number", n: number, } | { "kind": "phrase", phrase: Phrase, };

export type Changed = { 
/**
 * People whose own record changed (to index again).
 */
people: Array<number>, 
/**
 * Companies something changed in.
 */
companies: Array<number>, topics: Array<Topic>, 
/**
 * Too much, or too long ago, to say row by row: re-read everything.
 */
everything: boolean, };

export type Topic = "person" | "role" | "absence" | "company" | "feed" | "favourite" | "message" | "call" | "script" | "shift";

export type LineActArgs = { 
/**
 * The call's id as the panel gave it.
 */
call: string, action: LineAction, 
/**
 * The number a transfer or consult goes to.
 */
to: string | null, 
/**
 * Whom that number reaches, for the call log.
 */
name: string | null, };

export type LineDialArgs = { 
/**
 * The number as the message has it (spaces and all).
 */
number: string, 
/**
 * Whom it calls, as the panel names the call.
 */
name: string, 
/**
 * The message whose callback it is: claimed for this operator before
 * the call, and its outcome asked for when the call ends.
 */
message_id: number | null, };

export type LineSettings = { 
/**
 * `None`: the desk has no line.
 */
account: string | null, auth_user: string | null, password_set: boolean, 
/**
 * `udp`, `tcp` or `tls`.
 */
transport: string, 
/**
 * The PBX's own certificate authority (a PEM file), if set.
 */
ca_file: string | null, 
/**
 * The headset's devices; `None`: the engine's first that fits.
 */
ringer: string | null, playback: string | null, capture: string | null, };

export type LineSetArgs = { account: string, 
/**
 * Empty: the account's own user authenticates.
 */
auth_user: string, 
/**
 * `None` (or empty): the stored password is kept.
 */
password: string | null, transport: string, 
/**
 * Empty: only the system's authorities are trusted.
 */
ca_file: string, 
/**
 * Empty: the engine's first device that fits.
 */
ringer: string, playback: string, capture: string, };

export type SoundDevice = { id: string, playback: boolean, capture: boolean, };

export type CallbackEnded = { message_id: number, 
/**
 * Whom the desk called, as the panel named them.
 */
called: string, };

export type LineAction = "answer" | "hold" | "hangup" | "transfer" | "consult" | "connect" | "take_back";

export type LinePanel = { 
/**
 * Whether this desk has a phone line at all; without one the window
 * works as before (copy the number, `vaihde://call`).
 */
configured: boolean, state: LineState | null, 
/**
 * The line's state in words, naming the account.
 */
said: Phrase | null, calls: Array<PanelCall>, 
/**
 * Bumped by every change: the window fetches the panel again when it moves.
 */
serial: number, 
/**
 * The latest announcements, oldest first.
 */
news: Array<News>, 
/**
 * Colleagues' lines whose state the PBX reports (idle, ringing, on a call), by extension.
 */
lines: Array<ColleagueLine>, 
/**
 * Callbacks dialled from the desk whose calls ended with no outcome recorded yet.
 */
callbacks_ended: Array<CallbackEnded>, };

export type LineState = "registering" | "registered" | "failed" | "unregistered" | "down";

export type PanelCall = { 
/**
 * The engine's call id: what the window's commands name.
 */
id: string, state: PanelState, 
/**
 * The client company of the number dialled, when known.
 */
company_id: number | null, company_name: string | null, 
/**
 * The client's number the caller dialled, when the PBX tells it.
 */
dialled: string | null, 
/**
 * Who is calling, as the operator reads it (untrusted text: shown as text).
 */
caller: string, 
/**
 * The caller's number, empty when withheld.
 */
number: string, 
/**
 * The number a transfer or consult goes to.
 */
to: string | null, 
/**
 * Seconds in the present state (ringing, on hold, ...) at the panel's moment.
 */
waited_seconds: number, 
/**
 * On hold for [`HOLD_REMINDER`] or longer: the operator should go back to the caller.
 */
remind: boolean, 
/**
 * A transfer that failed, in words ("transfer to 2400 failed: busy").
 */
failed: Phrase | null, 
/**
 * The call's line in the log, once answered (a message taken links to it).
 */
answered: Answered | null, 
/**
 * Dialled by the desk (a callback): `caller` and `number` are whom it calls.
 */
outgoing: boolean, 
/**
 * The message whose callback this call is.
 */
callback_of: number | null, 
/**
 * When the desk took the call's ringing event, in milliseconds since
 * 1970 (the machine's clock, not the `--at` one): the window measures
 * the event to its company on screen from it (docs/speed.md).
 */
heard_ms: number, };

export type PanelState = "ringing" | "calling" | "talking" | "held" | "transferring" | "consulting" | "colleague_on";

export type News = { 
/**
 * Counts up: the window says what it has not said yet.
 */
serial: number, said: Phrase, 
/**
 * Bad news (a failed transfer, a caller held too long, the line down).
 */
warn: boolean, 
/**
 * Said at once, interrupting what a screen reader is reading: a call
 * ringing, and all bad news. The rest waits until the reader is free.
 */
urgent: boolean, };

export type ColleagueLine = { 
/**
 * The extension as the directory has it.
 */
number: string, state: ColleagueState, };

export type ColleagueState = "idle" | "ringing" | "busy";

/** All client companies with their local time and whether they are open. */
export function companies(args: Empty): Promise<Array<CompanyView>> {
  return call("companies", args);
}

/** The company that answers a dialled number, if any. */
export function companyForNumber(args: NumberArgs): Promise<CompanyView | null> {
  return call("company_for_number", args);
}

/** People matching what the operator typed, best first. */
export function search(args: SearchArgs): Promise<Array<SearchRow>> {
  return call("search", args);
}

/** When the call's company has nobody by that query: the other */
/** companies that do, and how many (asked only after an empty answer). */
export function searchElsewhere(args: SearchArgs): Promise<Elsewhere> {
  return call("search_elsewhere", args);
}

/** Current colleagues in the company matching what was typed: who can */
/** cover for someone or take a leaver's calls (the dialogs' pickers). */
export function colleagues(args: ColleagueArgs): Promise<Array<SearchRow>> {
  return call("colleagues", args);
}

/** Companies matching what was typed, best first (Ctrl+K), folded as the search folds. */
export function findCompanies(args: QueryArgs): Promise<Array<number>> {
  return call("find_companies", args);
}

/** One person's card. */
export function personCard(args: PersonArgs): Promise<PersonCard> {
  return call("person_card", args);
}

/** Status, covering chain and transfer target for a person now. */
export function route(args: RouteArgs): Promise<Route> {
  return call("route", args);
}

/** The same for a role or topic of a company (a search's first row when it names one). */
export function routeGroup(args: GroupHit): Promise<Route> {
  return call("route_group", args);
}

/** Confirms or dismisses a calendar event that names a colleague only by a lone name. */
export function decideMatch(args: DecideMatchArgs): Promise<null> {
  return call("decide_match", args);
}

/** Everyone away (or busy) in a company now. */
export function absent(args: CompanyArgs): Promise<Array<AbsentRow>> {
  return call("absent", args);
}

/** The company's calendar feeds: last good sync, error in words, unmatched events. */
export function feeds(args: CompanyArgs): Promise<Array<FeedRow>> {
  return call("feeds", args);
}

/** The company's staff feeds: last good sync, how many listed, who no longer, why failing. */
export function staffFeeds(args: CompanyArgs): Promise<Array<StaffFeedRow>> {
  return call("staff_feeds", args);
}

/** Marks a person away from now until the given time; returns the absence id. */
export function addAbsence(args: AddAbsenceArgs): Promise<number> {
  return call("add_absence", args);
}

/** An incoming call: the company answering the dialled number and who is calling. */
export function incomingCall(args: CallArgs): Promise<IncomingCall> {
  return call("incoming_call", args);
}

/** The call the app was opened for, once (then `null`). */
export function takePendingCall(args: Empty): Promise<CallArgs | null> {
  return call("take_pending_call", args);
}

/** What changed recently, newest first. */
export function changes(args: ChangesArgs): Promise<Array<Change>> {
  return call("changes", args);
}

/** What the client's staff lists changed that this operator has not seen ("since your last shift"), management first. */
export function learned(args: LearnedArgs): Promise<Array<Learned>> {
  return call("learned", args);
}

/** Marks items of that list seen (the ones given, or all of one person's); how many were new. */
export function markLearned(args: MarkLearnedArgs): Promise<number> {
  return call("mark_learned", args);
}

/** Adds a person (no id) or saves the form over one; returns the id. */
export function savePerson(args: PersonForm): Promise<number> {
  return call("save_person", args);
}

/** Marks a person as having left, with where calls go now. */
export function markLeft(args: LeaveArgs): Promise<null> {
  return call("mark_left", args);
}

/** Replaces who covers for a person, in order. */
export function setDelegates(args: DelegatesArgs): Promise<null> {
  return call("set_delegates", args);
}

/** Adds a dated line to a person's notes. */
export function addNote(args: NoteArgs): Promise<null> {
  return call("add_note", args);
}

/** Where background calendar sync is. */
export function syncStatus(args: Empty): Promise<SyncStatus> {
  return call("sync_status", args);
}

/** Starts a sync round now (if none is running); returns the status. */
export function syncNow(args: Empty): Promise<SyncStatus> {
  return call("sync_now", args);
}

/** Makes the company a favourite (Ctrl+1…9) or stops it being one. */
export function toggleFavourite(args: CompanyArgs): Promise<number | null> {
  return call("toggle_favourite", args);
}

/** The app's version and start time. */
export function appInfo(args: Empty): Promise<AppInfo> {
  return call("app_info", args);
}

/** Whether the desk is on a team database and can reach it now. */
export function teamState(args: Empty): Promise<TeamState> {
  return call("team_state", args);
}

/** Whether the directory is empty: then the window offers the demo or a staff file. */
export function firstRun(args: Empty): Promise<FirstRun> {
  return call("first_run", args);
}

/** Works on the demo, kept in a directory of its own beside the real one. */
export function tryDemo(args: Empty): Promise<null> {
  return call("try_demo", args);
}

/** The first company, with its staff from a CSV, Excel (.xlsx) or vCard file. */
export function startWithFile(args: StartArgs): Promise<StartReport> {
  return call("start_with_file", args);
}

/** Joins a team's PostgreSQL database: this desk works on it from now on (remembered). */
export function joinTeam(args: JoinTeamArgs): Promise<null> {
  return call("join_team", args);
}

/** The message form filled from the chain: for whom, recipients (cc the cover), what was said. */
export function messageForm(args: MessageFormArgs): Promise<Prefill> {
  return call("message_form", args);
}

/** Stores a message (ending its call) and has it delivered in the background. */
export function takeMessage(args: TakeMessageArgs): Promise<Message> {
  return call("take_message", args);
}

/** One message as it is now (delivered or not, and why). */
export function message(args: MessageArgs): Promise<Message> {
  return call("message", args);
}

/** The last day's messages, newest first (one company's, or all). */
export function messagesToday(args: MessagesArgs): Promise<Array<MessageRow>> {
  return call("messages_today", args);
}

/** The recipient has it, or it is dealt with (a message never goes back). */
export function markMessage(args: MarkMessageArgs): Promise<Message> {
  return call("mark_message", args);
}

/** Open callbacks, the most pressing first (one company's, or the agent's list of all). */
export function callbacks(args: MessagesArgs): Promise<Array<CallbackRow>> {
  return call("callbacks", args);
}

/** The company's call scripts that apply to a call now, the most specific first. */
export function scriptsNow(args: ScriptsArgs): Promise<Array<Script>> {
  return call("scripts_now", args);
}

/** Urgent messages nobody acknowledged after the last recipient: every desk's alarm. */
export function alarms(args: MessagesArgs): Promise<Array<Alarm>> {
  return call("alarms", args);
}

/** Today's, this week's or this month's figures per company and agent, with the charts (F12). */
export function figures(args: FiguresArgs): Promise<FiguresView> {
  return call("figures", args);
}

/** A company's call scripts, each in the form it is edited in. */
export function scriptsOf(args: CompanyArgs): Promise<Array<ScriptRow>> {
  return call("scripts_of", args);
}

/** Adds a call script, or saves over one; refused part by part in the operator's words. */
export function saveScript(args: SaveScriptArgs): Promise<Script> {
  return call("save_script", args);
}

/** Removes a call script. */
export function removeScript(args: ScriptArgs): Promise<null> {
  return call("remove_script", args);
}

/** Who is signed in at this desk and at every desk. */
export function operatorState(args: Empty): Promise<OperatorState> {
  return call("operator_state", args);
}

/** Signs the operator in at this desk (Ctrl+O): the desk's work carries their name. */
export function signIn(args: SignInArgs): Promise<OperatorState> {
  return call("sign_in", args);
}

/** Signs the operator out at this desk. */
export function signOut(args: Empty): Promise<OperatorState> {
  return call("sign_out", args);
}

/** The company's language when the operator here does not speak it, and who signed in elsewhere does. */
export function languageHelp(args: CompanyArgs): Promise<LanguageHelp | null> {
  return call("language_help", args);
}

/** "I'll take it": refused with who has it when another agent was first. */
export function claimCallback(args: MessageArgs): Promise<Message> {
  return call("claim_callback", args);
}

/** Back on the list for anyone. */
export function releaseCallback(args: MessageArgs): Promise<Message> {
  return call("release_callback", args);
}

/** How the callback went. */
export function finishCallback(args: FinishCallbackArgs): Promise<Message> {
  return call("finish_callback", args);
}

/** An incoming call, logged, with the caller's earlier calls. */
export function answerCall(args: CallArgs): Promise<Answered> {
  return call("answer_call", args);
}

/** A call the operator starts by hand (no phone-system link), logged with the caller's history. */
export function startCall(args: StartCallArgs): Promise<Answered> {
  return call("start_call", args);
}

/** Ends a call with its outcome. */
export function closeCall(args: CloseCallArgs): Promise<Call> {
  return call("close_call", args);
}

/** The calls from a number, newest first. */
export function callsOf(args: NumberArgs): Promise<Array<Call>> {
  return call("calls_of", args);
}

/** The desk's phone line: its state, the calls at the desk longest waiting first, and what to announce. */
export function linePanel(args: Empty): Promise<LinePanel> {
  return call("line_panel", args);
}

/** Answers, holds, hangs up, transfers, consults or connects a call at the desk; the panel after it. */
export function lineAct(args: LineActArgs): Promise<LinePanel> {
  return call("line_act", args);
}

/** Watches the line state (on the phone, ringing) of the company's extensions: the company on screen. */
export function lineWatch(args: CompanyArgs): Promise<null> {
  return call("line_watch", args);
}

/** The desk's line as its settings show it (never the password). */
export function lineSettings(args: Empty): Promise<LineSettings> {
  return call("line_settings", args);
}

/** Saves the desk's line and registers it; the panel after it. */
export function lineSet(args: LineSetArgs): Promise<LinePanel> {
  return call("line_set", args);
}

/** The sound cards this machine has, for the headset's choice. */
export function lineDevices(args: Empty): Promise<Array<SoundDevice>> {
  return call("line_devices", args);
}

/** Removes the desk's line; the window works as without one. */
export function lineRemove(args: Empty): Promise<LinePanel> {
  return call("line_remove", args);
}

/** Calls a number back from the desk's line (a callback, claimed for this operator first); the panel after it. */
export function lineDial(args: LineDialArgs): Promise<LinePanel> {
  return call("line_dial", args);
}

