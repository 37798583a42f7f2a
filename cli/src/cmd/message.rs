//! Messages, the outbox, callbacks, the call log and retention: `vaihde
//! message …`, `vaihde outbox`, `vaihde callbacks`, `vaihde callback …`,
//! `vaihde calls`, `vaihde forget-caller`, `vaihde mail …` (the client's
//! report and the figures are `report.rs`). The rules are the core's
//! (`vaihde::messages`); this prints them.

use chrono::Utc;
use vaihde::messages::call_log::{self, CallOutcome};
use vaihde::messages::escalation::{self, Step};
use vaihde::messages::outbox::{self, Delivered, Round, Which};
use vaihde::messages::settings::{self, MessagingChange, SummaryEvery};
use vaihde::messages::take::{self, Draft};
use vaihde::messages::{self, CallbackOutcome, Mark, Message, Recipient, RecipientKind, Status, callbacks};
use vaihde::words::Words;

use crate::context::{Context, instant_in};
use crate::output;

#[derive(clap::Subcommand)]
pub enum Command {
    // Boxed: the message form's arguments are ten times the other commands'.
    Take(Box<TakeArgs>),
    List {
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        status: Vec<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    Ack {
        id: i64,
    },
    Done {
        id: i64,
    },
    Retry {
        id: i64,
    },
}

#[derive(clap::Args)]
pub struct TakeArgs {
    #[arg(long)]
    company: Option<String>,
    #[arg(long = "for")]
    for_whom: String,
    #[arg(long)]
    topic: Option<String>,
    #[arg(long, default_value = "")]
    caller_name: String,
    #[arg(long, default_value = "")]
    caller_number: String,
    #[arg(long = "caller-company", default_value = "")]
    caller_org: String,
    #[arg(long, default_value = "")]
    caller_email: String,
    #[arg(long, default_value = "")]
    text: String,
    #[arg(long)]
    callback: bool,
    #[arg(long)]
    callback_by: Option<String>,
    #[arg(long, default_value = "")]
    callback_when: String,
    #[arg(long)]
    urgent: bool,
    #[arg(long)]
    to: Vec<String>,
    #[arg(long)]
    cc: Vec<String>,
    #[arg(long)]
    no_cc: bool,
    #[arg(long)]
    said: Option<String>,
    #[arg(long)]
    call: Option<i64>,
    #[arg(long)]
    no_send: bool,
    #[arg(long)]
    json: bool,
    #[arg(long)]
    script: Option<i64>,
    #[arg(long = "answer")]
    answers: Vec<String>,
}

/// Who acts (`--operator`, `VAIHDE_OPERATOR`, else who is signed in here), as the core
/// names an unnamed desk ([`vaihde::model::operator`]).
fn actor(ctx: &Context) -> String {
    vaihde::model::operator(ctx.actor().as_deref()).to_string()
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?)
}

fn http() -> anyhow::Result<outbox::HttpClient> {
    Ok(outbox::http_client()?)
}

/// One line: "#12 · sent · Pekka Koistinen ← Anna Caller, 040 555 0199".
fn line(m: &Message, w: &Words) -> String {
    let mut status = w.text(m.status.word());
    if m.status == Status::Queued
        && let Some(error) = &m.last_error
    {
        status = w.with("cliNotSentYet", &[("error", w.phrase(error).into())]);
    }
    let caller = vaihde::messages::report::caller(m, w);
    let mut text = format!("#{} · {status} · {} ← {caller}", m.id, m.for_words);
    if !m.caller_number.is_empty() {
        text.push_str(&format!(", {}", m.caller_number));
    }
    if m.urgent {
        text.push_str(&format!(" · {}", w.text("mailUrgent")));
    }
    text
}

fn recipients_text(list: &[Recipient], w: &Words) -> String {
    list.iter()
        .map(|r| {
            let kind = if r.kind == RecipientKind::Cc { format!("{} ", w.text("cliCc")) } else { String::new() };
            if r.name.is_empty() { format!("{kind}{}", r.address) } else { format!("{kind}{} <{}>", r.name, r.address) }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn take(ctx: &Context, a: TakeArgs) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let company = ctx.company(&dir, a.company.as_deref())?;
    let suggestion =
        vaihde::messages::recipients::suggest(dir.conn(), company.id, &a.for_whom, ctx.at, a.topic.as_deref())?;
    // The two fields as the window's form would hold them: the suggestion
    // unless --to replaces it, the copies unless --no-cc drops them, then
    // --cc added; the core turns them into recipients as it does the form's.
    let to = if a.to.is_empty() { suggestion.to.clone() } else { a.to.join(", ") };
    let suggested_cc = if a.no_cc { "" } else { suggestion.cc.as_str() };
    let cc = [suggested_cc].into_iter().chain(a.cc.iter().map(String::as_str)).collect::<Vec<_>>().join(", ");
    let recipients = vaihde::messages::recipients::from_fields(&to, &cc, &suggestion.recipients);
    let callback_by = a.callback_by.as_deref().map(|t| instant_in(t, &company, ctx.at)).transpose()?;
    let draft = Draft {
        company_id: company.id,
        for_person_id: suggestion.for_person_id,
        for_words: suggestion.for_words.clone(),
        topic: a.topic.clone().unwrap_or_default(),
        caller_name: a.caller_name,
        caller_org: a.caller_org,
        caller_number: a.caller_number,
        caller_email: a.caller_email,
        body: a.text,
        urgent: a.urgent,
        callback: a.callback || callback_by.is_some(),
        callback_by,
        callback_when: a.callback_when,
        said: a.said.unwrap_or(suggestion.said),
        recipients,
        script_id: a.script,
        answers: a
            .answers
            .iter()
            .map(|t| messages::Answer::parse(t).map_err(vaihde::directory::DirectoryError::from))
            .collect::<Result<_, _>>()?,
    };
    let operator = actor(ctx);
    let at = ctx.at;
    let call = a.call;
    let m = dir.write(|conn| take::take_during_call(conn, draft, call, at, &operator))?;
    let m = if a.no_send {
        m
    } else {
        // Taken is stored: a delivery that cannot run now leaves it queued for the outbox.
        let rt = runtime()?;
        let _ = rt.block_on(outbox::deliver(dir.store_mut(), Which::One(m.id), at, &http()?))?;
        messages::get(dir.conn(), m.id)?
    };
    if a.json {
        return output::json(&m);
    }
    let w = ctx.words;
    outln!("{}", line(&m, w))?;
    if !m.recipients.is_empty() {
        outln!("  {}", recipients_text(&m.recipients, w))?;
    }
    Ok(())
}

pub fn run(ctx: &Context, command: Command) -> anyhow::Result<()> {
    if let Command::Take(a) = command {
        return take(ctx, *a);
    }
    let mut dir = ctx.open()?;
    let w = ctx.words;
    let who = actor(ctx);
    let at = ctx.at;
    match command {
        Command::Take(_) => unreachable!("handled above"),
        Command::List { company, status, limit, json } => {
            let company_id = match company {
                Some(c) => Some(dir.company(&c)?.id),
                None => None,
            };
            let mut statuses = Vec::new();
            for s in &status {
                statuses.push(Status::parse(s).ok_or_else(|| {
                    crate::args::bad_value(w, "--status", s, "queued, sent, failed, acknowledged, done")
                })?);
            }
            let list = messages::list(
                dir.conn(),
                &messages::List { company_id, statuses, limit: Some(limit), ..Default::default() },
            )?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                outln!("{}", w.text("cliNoMessages"))?;
            }
            for m in &list {
                outln!("{}", line(m, w))?;
            }
        }
        Command::Show { id, json } => {
            let m = messages::get(dir.conn(), id)?;
            let events = messages::events(dir.conn(), id)?;
            if json {
                let acknowledged = messages::Acknowledgement::of(&events);
                return output::json(
                    &serde_json::json!({ "message": m, "acknowledged": acknowledged, "events": events }),
                );
            }
            let company = dir.conn();
            let company = vaihde::directory::companies::get(company, m.company_id)?;
            outln!("{}", line(&m, w))?;
            outln!("  {}", recipients_text(&m.recipients, w))?;
            if !m.body.is_empty() {
                for l in m.body.lines() {
                    outln!("  | {l}")?;
                }
            }
            for e in &events {
                let mut text = format!(
                    "  {} {}",
                    w.moment(e.at, company.tz()),
                    w.text(&format!("cliEvent{}", camel(e.what.code())))
                );
                if !e.actor.is_empty() {
                    text.push_str(&format!(" ({})", e.actor));
                }
                if let Some(said) = &e.said {
                    text.push_str(&format!(": {}", w.phrase(said)));
                } else if e.what == messages::EventKind::Acknowledged && e.detail == messages::replies::BY_REPLY {
                    text.push_str(&format!(": {}", w.text("cliAckByReply")));
                } else if !e.detail.is_empty() {
                    text.push_str(&format!(": {}", e.detail));
                }
                outln!("{text}")?;
            }
        }
        Command::Ack { id } => {
            outln!("{}", line(&dir.write(|c| messages::mark(c, id, Mark::Acknowledged, at, &who))?, w))?
        }
        Command::Done { id } => outln!("{}", line(&dir.write(|c| messages::mark(c, id, Mark::Done, at, &who))?, w))?,
        Command::Retry { id } => outln!("{}", line(&dir.write(|c| outbox::requeue(c, id, at, &who))?, w))?,
    }
    Ok(())
}

/// "try_failed" → "TryFailed" (the catalog's ids).
fn camel(code: &str) -> String {
    vaihde::words::message_id("", code)
}

#[derive(clap::Args)]
pub struct OutboxArgs {
    #[arg(long)]
    send: bool,
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..))]
    every: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub fn outbox(ctx: &Context, a: OutboxArgs) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let w = ctx.words;
    // Housekeeping with every look at the outbox: calls left open are
    // closed, and what is past the keep time goes.
    dir.write(|c| {
        call_log::close_forgotten(c, ctx.at)?;
        vaihde::messages::retention::prune(c, ctx.at)
    })?;
    if a.send || a.every.is_some() {
        let rt = runtime()?;
        let http = http()?;
        loop {
            let which = if a.send { Which::AllQueued } else { Which::Due };
            let at = if a.every.is_some() { Utc::now() } else { ctx.at };
            match rt.block_on(outbox::deliver(dir.store_mut(), which, at, &http))? {
                Round::OtherDesk { desk } => {
                    let desk = desk.filter(|d| !d.is_empty()).unwrap_or_else(|| w.text("cliAnotherDesk"));
                    eprintln!("{}", w.with("cliOutboxByOtherDesk", &[("desk", (&desk).into())]));
                }
                Round::Ran { deliveries, replies, escalations } => {
                    for step in &escalations {
                        if a.json {
                            outln!("{}", serde_json::to_string(step)?)?;
                        } else {
                            let (id, said) = match step {
                                Step::Escalated { id, to } => (id, format!("{}: {to}", w.text("cliEventEscalated"))),
                                Step::Alarm { id } => (id, w.text("cliEventAlarm")),
                            };
                            outln!("#{id} {said}")?;
                        }
                    }
                    for d in &deliveries {
                        let said = match &d.result {
                            Delivered::Sent => w.text("messageSent"),
                            Delivered::NotYet { error, .. } => {
                                w.with("cliNotSentYet", &[("error", w.phrase(error).into())])
                            }
                            Delivered::Failed { error } => {
                                w.with("cliNotDelivered", &[("error", w.phrase(error).into())])
                            }
                        };
                        if a.json {
                            outln!("{}", serde_json::to_string(d)?)?;
                        } else {
                            outln!("#{} {said}", d.id)?;
                        }
                    }
                    if let Some(error) = &replies.error {
                        eprintln!("{}", w.phrase(error));
                    }
                    for id in &replies.acknowledged {
                        if a.json {
                            outln!("{}", serde_json::json!({ "id": id, "acknowledged": true }))?;
                        } else {
                            outln!("#{id} {}", w.text("cliAckByReply"))?;
                        }
                    }
                }
            }
            let Some(every) = a.every else { break };
            dir.write(|c| {
                call_log::close_forgotten(c, Utc::now())?;
                vaihde::messages::retention::prune(c, Utc::now())
            })?;
            std::thread::sleep(std::time::Duration::from_secs(u64::from(every)));
        }
        return Ok(());
    }
    let list = outbox::queued(dir.conn())?;
    if a.json {
        return output::json(&list);
    }
    if list.is_empty() {
        outln!("{}", w.text("cliOutboxEmpty"))?;
    }
    for m in &list {
        outln!("{}", line(m, w))?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct CallbacksArgs {
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn list_callbacks(ctx: &Context, a: CallbacksArgs) -> anyhow::Result<()> {
    let dir = ctx.open()?;
    let company_id = match a.company {
        Some(c) => Some(dir.company(&c)?.id),
        None => None,
    };
    let list = callbacks::open(dir.conn(), company_id)?;
    // Urgent messages nobody acknowledged come first, on every desk.
    let mut alarms = escalation::alarms(dir.conn(), ctx.at)?;
    alarms.retain(|a| company_id.is_none_or(|c| a.message.company_id == c));
    let w = ctx.words;
    if a.json {
        let alarm_rows = alarms
            .iter()
            .map(|a| serde_json::json!({ "message": a.message, "alarm": w.phrase(&a.said), "minutes": a.minutes }));
        let rows: Vec<_> = alarm_rows
            .chain(list.iter().map(|m| {
                serde_json::json!({
                    "message": m,
                    "overdue": m.callback.as_ref().is_some_and(|c| c.is_overdue(ctx.at)),
                })
            }))
            .collect();
        return output::json(&rows);
    }
    for alarm in &alarms {
        outln!("! {}", w.phrase(&alarm.said))?;
    }
    if list.is_empty() {
        outln!("{}", w.text("cliNoCallbacks"))?;
    }
    for m in &list {
        let Some(cb) = &m.callback else { continue };
        let company = vaihde::directory::companies::get(dir.conn(), m.company_id)?;
        let mut text = format!(
            "#{} {} · {} {} → {}",
            m.id,
            m.company_name,
            vaihde::messages::report::caller(m, w),
            m.caller_number,
            m.for_words
        );
        if let Some(by) = cb.by {
            text.push_str(&format!(" · {}", w.with("mailCallbackBy", &[("at", w.moment(by, company.tz()).into())])));
        }
        if !cb.when.is_empty() {
            text.push_str(&format!(" “{}”", cb.when));
        }
        if cb.is_overdue(ctx.at) {
            text.push_str(&format!(" · {}", w.text("cliOverdue")));
        }
        if let Some(by) = &cb.claimed_by {
            text.push_str(&format!(" · {}", w.with("cliClaimedBy", &[("by", by.as_str().into())])));
        }
        outln!("{text}")?;
    }
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum CallbackCommand {
    Claim {
        id: i64,
    },
    Release {
        id: i64,
    },
    Done {
        id: i64,
        #[arg(long, default_value = "reached")]
        outcome: String,
    },
}

pub fn callback(ctx: &Context, c: CallbackCommand) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let who = actor(ctx);
    let at = ctx.at;
    let m = match c {
        CallbackCommand::Claim { id } => dir.write(|conn| callbacks::claim(conn, id, &who, at))?,
        CallbackCommand::Release { id } => dir.write(|conn| callbacks::release(conn, id, &who, at))?,
        CallbackCommand::Done { id, outcome } => {
            let outcome = CallbackOutcome::parse(&outcome.replace('-', "_")).ok_or_else(|| {
                crate::args::bad_value(ctx.words, "--outcome", &outcome, "reached, no-answer, left-message")
            })?;
            dir.write(|conn| callbacks::finish(conn, id, outcome, &who, at))?
        }
    };
    let w = ctx.words;
    let state = match &m.callback {
        Some(cb) if cb.outcome.is_some() => w.text("cliCallbackDone"),
        Some(cb) => match &cb.claimed_by {
            Some(by) => w.with("cliClaimedBy", &[("by", by.as_str().into())]),
            None => w.text("cliCallbackOpen"),
        },
        None => String::new(),
    };
    outln!("#{} {} {} · {state}", m.id, vaihde::messages::report::caller(&m, w), m.caller_number)?;
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum CallsCommand {
    Close {
        id: i64,
        #[arg(long)]
        outcome: String,
        #[arg(long = "to-name", default_value = "")]
        name: String,
        #[arg(long, default_value = "")]
        number: String,
        #[arg(long)]
        message: Option<i64>,
        // The person the caller asked for (their id), when the name has namesakes.
        #[arg(long)]
        person: Option<i64>,
    },
}

#[derive(clap::Args)]
pub struct CallsArgs {
    #[command(subcommand)]
    command: Option<CallsCommand>,
    #[arg(long)]
    number: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn calls(ctx: &Context, a: CallsArgs) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let w = ctx.words;
    if let Some(CallsCommand::Close { id, outcome, name, number, message, person }) = a.command {
        let outcome =
            CallOutcome::parse(&outcome.replace('-', "_")).filter(|o| *o != CallOutcome::Open).ok_or_else(|| {
                crate::args::bad_value(w, "--outcome", &outcome, "transferred, message, information, no-outcome")
            })?;
        let how = call_log::Close { name, number, message_id: message, person_id: person };
        let call = dir.write(|c| call_log::close(c, id, outcome, &how, ctx.at))?;
        return outln!("{}", call_line(&call, w)).map_err(Into::into);
    }
    let list = call_log::list(dir.conn(), a.number.as_deref(), None, a.limit)?;
    if a.json {
        return output::json(&list);
    }
    if list.is_empty() {
        outln!("{}", w.text("cliNoCalls"))?;
    }
    for c in &list {
        outln!("{}", call_line(c, w))?;
    }
    Ok(())
}

pub fn call_line(c: &call_log::Call, w: &Words) -> String {
    let zone = vaihde::time::parse_zone(&c.zone).unwrap_or(chrono_tz::UTC);
    let mut text = format!(
        "#{} {} {} · {}",
        c.id,
        w.moment(c.started_at, zone),
        c.company_name.as_deref().unwrap_or("?"),
        if c.caller_number.is_empty() { w.text("cliNumberWithheld") } else { c.caller_number.clone() }
    );
    if !c.asked_for.is_empty() {
        text.push_str(&format!(" → {}", c.asked_for));
    }
    text.push_str(&format!(" · {}", outcome_words(c, w)));
    text
}

pub fn outcome_words(c: &call_log::Call, w: &Words) -> String {
    match c.outcome {
        CallOutcome::Transferred => w.with(
            "callTransferred",
            &[("name", c.outcome_name.as_str().into()), ("number", c.outcome_number.as_str().into())],
        ),
        CallOutcome::Message => {
            let status = c.message_status.map(|s| w.text(s.word())).unwrap_or_default();
            w.with("callMessage", &[("id", c.message_id.unwrap_or(0).into()), ("status", status.into())])
        }
        CallOutcome::Information => w.text("callInformation"),
        CallOutcome::NoOutcome => w.text("callNoOutcome"),
        CallOutcome::Open => w.text("callOpen"),
    }
}

#[derive(clap::Args)]
pub struct ForgetArgs {
    number: String,
}

pub fn forget(ctx: &Context, a: ForgetArgs) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let removed = dir.write(|c| vaihde::messages::retention::forget_caller(c, &a.number))?;
    outln!(
        "{}",
        ctx.words.with(
            "cliForgotten",
            &[
                ("number", a.number.as_str().into()),
                ("messages", removed.messages.into()),
                ("calls", removed.calls.into())
            ]
        )
    )?;
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum MailCommand {
    Set {
        #[arg(long)]
        smtp: Option<String>,
        // The mailbox replies (acknowledgements) arrive in: imaps://user:password@host[:993][/MAILBOX].
        #[arg(long)]
        imap: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        keep_days: Option<u32>,
    },
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn mail(ctx: &Context, c: MailCommand) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    if let MailCommand::Set { smtp, imap, from, keep_days } = &c {
        let change = settings::MailChange {
            smtp_url: smtp.as_deref(),
            imap_url: imap.as_deref(),
            mail_from: from.as_deref(),
            keep_days: *keep_days,
        };
        dir.write(|conn| settings::set(conn, &change))?;
    }
    let s = settings::for_delivery(dir.conn())?;
    if let MailCommand::Show { json: true } = c {
        return output::json(&s);
    }
    let w = ctx.words;
    let none = w.text("cliNotSet");
    outln!(
        "{}: {}",
        w.text("cliMailServer"),
        if s.smtp_shown.is_empty() { none.clone() } else { s.smtp_shown.clone() }
    )?;
    outln!(
        "{}: {}",
        w.text("cliReplyMailbox"),
        if s.imap_shown.is_empty() { none.clone() } else { s.imap_shown.clone() }
    )?;
    outln!(
        "{}: {}",
        output::label(&w.text("fieldMailFrom")),
        if s.mail_from.is_empty() { none } else { s.mail_from.clone() }
    )?;
    outln!("{}", w.with("cliKeepDays", &[("days", s.keep_days.into())]))?;
    Ok(())
}

#[derive(clap::Args)]
pub struct MessagingArgs {
    company: String,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    webhook: Option<String>,
    #[arg(long)]
    summary: Option<String>,
    #[arg(long)]
    summary_to: Option<String>,
    #[arg(long)]
    ack_within: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub fn messaging(ctx: &Context, a: MessagingArgs) -> anyhow::Result<()> {
    let mut dir = ctx.open()?;
    let company = dir.company(&a.company)?;
    let summary_every = a
        .summary
        .as_deref()
        .map(|s| {
            SummaryEvery::parse(s)
                .ok_or_else(|| crate::args::bad_value(ctx.words, "--summary", s, "off, daily, weekly"))
        })
        .transpose()?;
    let change = MessagingChange {
        address: a.address,
        webhook_url: a.webhook,
        summary_every,
        summary_to: a.summary_to,
        ack_minutes: a.ack_within,
    };
    let m = dir.write(|c| settings::set_messaging(c, company.id, &change))?;
    if a.json {
        return output::json(&m);
    }
    let w = ctx.words;
    let none = w.text("cliNotSet");
    outln!(
        "{}: {}",
        output::label(&w.text("fieldMessageAddress")),
        if m.address.is_empty() { &none } else { &m.address }
    )?;
    outln!("{}: {}", w.text("cliWebhook"), if m.has_webhook { w.text("mailCallbackYes") } else { none.clone() })?;
    Ok(())
}
