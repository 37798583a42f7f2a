//! A message as an e-mail, in the company's language: a subject a busy
//! person can act on ("Soittopyyntö: Pekka Koistinen, Koistinen
//! Consulting, 040 555 0199"), the caller's e-mail as Reply-To, the
//! message's own Message-ID, and a plain-text body (what a caller typed is
//! never HTML).
//!
//! Caller text reaches headers only through [`header_text`], which turns
//! every control character (CR and LF among them) into a space: a name
//! like "Anna\r\nBcc: x@y" stays one line of the subject, never a header.

use chrono_tz::Tz;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MessageBuilder};

use super::model::{Message, RecipientKind};
use crate::model::Language;
use crate::words::Words;

/// Why an e-mail could not be written: nothing a retry would change
/// without someone fixing the settings or the address.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("no sender address is set (vaihde mail set --from ADDRESS, or VAIHDE_MAIL_FROM)")]
    NoSender,
    #[error("the sender address {0:?} is not an e-mail address")]
    BadSender(String),
    #[error("{address:?} is not an e-mail address the mail library accepts")]
    BadRecipient { address: String },
    #[error("the message has no e-mail recipients")]
    NoRecipients,
    #[error("{0}")]
    Build(#[from] lettre::error::Error),
    #[error("{0}")]
    Chart(#[from] super::chart::ChartError),
}

/// Text for a header: one line, no control characters, runs of white
/// space made one space.
pub fn header_text(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The subject: what it is (a callback asked for, or a message), from
/// whom, and the number to call; "urgent" first when it is.
pub fn subject(m: &Message, words: &Words) -> String {
    let caller = [m.caller_name.as_str(), m.caller_org.as_str(), m.caller_number.as_str()]
        .iter()
        .map(|s| header_text(s))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let caller = if caller.is_empty() { words.text("mailUnknownCaller") } else { caller };
    let kind = if m.callback.is_some() { "mailSubjectCallback" } else { "mailSubjectMessage" };
    let mut subject = words.with(kind, &[("caller", caller.into())]);
    if m.urgent {
        subject = format!("{}: {subject}", words.text("mailUrgent"));
    }
    header_text(&subject)
}

/// The body, line by line.
pub fn body(m: &Message, words: &Words, zone: Tz) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            out.push_str(&format!("{}: {}\n", words.text(label), value));
        }
    };
    line("mailFor", &m.for_words);
    line("mailCaller", &m.caller_name);
    line("mailCallerOrg", &m.caller_org);
    line("mailCallerNumber", &m.caller_number);
    line("mailCallerEmail", &m.caller_email);
    line("mailTopic", &m.topic);
    if let Some(cb) = &m.callback {
        let mut when = Vec::new();
        if let Some(by) = cb.by {
            when.push(words.with("mailCallbackBy", &[("at", words.moment(by, zone).into())]));
        }
        if !cb.when.is_empty() {
            when.push(format!("\u{201c}{}\u{201d}", cb.when));
        }
        let text = if when.is_empty() { words.text("mailCallbackYes") } else { when.join(", ") };
        line("mailCallback", &text);
    }
    out.push('\n');
    if !m.body.is_empty() {
        out.push_str(&m.body);
        out.push_str("\n\n");
    }
    if !m.answers.is_empty() {
        out.push_str(&answers(m, words, ""));
        out.push('\n');
    }
    if !m.said.is_empty() {
        out.push_str(&format!("{}: \u{201c}{}\u{201d}\n", words.text("mailSaid"), m.said));
    }
    out.push_str(&words.with(
        "mailTaken",
        &[("at", words.moment(m.taken_at, zone).into()), ("operator", m.taken_by.as_str().into()), ("id", m.id.into())],
    ));
    out.push('\n');
    out
}

fn mailbox(name: &str, address: &str) -> Option<Mailbox> {
    let address = address.trim().parse().ok()?;
    let name = header_text(name);
    Some(Mailbox::new(Some(name).filter(|n| !n.is_empty()), address))
}

/// The e-mail for `m`, from `from`, in `language`, its times in `zone`.
pub fn compose(m: &Message, from: &str, language: Language, zone: Tz) -> Result<lettre::Message, ComposeError> {
    let words = Words::of(language);
    if from.trim().is_empty() {
        return Err(ComposeError::NoSender);
    }
    let from_box: Mailbox = from.trim().parse().map_err(|_| ComposeError::BadSender(from.to_string()))?;
    let mut b: MessageBuilder = lettre::Message::builder()
        .from(from_box)
        .subject(subject(m, words))
        .message_id(Some(m.mail_id.clone()))
        .date(std::time::SystemTime::from(m.taken_at))
        .header(ContentType::TEXT_PLAIN);
    let mut any = false;
    for r in &m.recipients {
        let mb =
            mailbox(&r.name, &r.address).ok_or_else(|| ComposeError::BadRecipient { address: r.address.clone() })?;
        b = match r.kind {
            RecipientKind::To => b.to(mb),
            RecipientKind::Cc => b.cc(mb),
        };
        any = true;
    }
    if !any {
        return Err(ComposeError::NoRecipients);
    }
    if !m.caller_email.is_empty()
        && let Some(reply) = mailbox(&m.caller_name, &m.caller_email)
    {
        b = b.reply_to(reply);
    }
    if m.urgent {
        b = b.header(Importance);
    }
    Ok(b.body(body(m, words, zone))?)
}

/// The script's answers as text, every line after `indent`: "Answers
/// (call type):", then each label and value, a longer answer's lines
/// kept under its label. The message's e-mail and the client's report
/// both write them so.
pub fn answers(m: &Message, words: &Words, indent: &str) -> String {
    // The client's own questions, in its words, under the call type.
    let head = if m.script.is_empty() {
        words.text("mailAnswers")
    } else {
        format!("{} ({})", words.text("mailAnswers"), m.script)
    };
    let mut out = format!("{indent}{head}:\n");
    for a in &m.answers {
        let value = a.value.lines().collect::<Vec<_>>().join(&format!("\n{indent}    "));
        out.push_str(&format!("{indent}  {}: {value}\n", a.label));
    }
    out
}

/// `Importance: high` for urgent messages (read by Outlook and Thunderbird).
#[derive(Clone)]
struct Importance;

impl lettre::message::header::Header for Importance {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Importance")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Importance)
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "high".to_string())
    }
}

/// The client's summary as an e-mail (its Message-ID chosen by lettre): the
/// report as plain text, then what each chart shows in words, with the
/// charts attached as PNG images (calls per hour when there were calls;
/// answer times when calls were answered on the desk's line).
pub fn summary(
    report: &super::report::Report,
    company: &crate::model::Company,
    from: &str,
    to: &str,
    words: &Words,
) -> Result<lettre::Message, ComposeError> {
    use super::chart;
    use lettre::message::{Attachment, MultiPart, SinglePart};

    if from.trim().is_empty() {
        return Err(ComposeError::NoSender);
    }
    let from_box: Mailbox = from.trim().parse().map_err(|_| ComposeError::BadSender(from.to_string()))?;
    let to_box = mailbox(&company.name, to).ok_or_else(|| ComposeError::BadRecipient { address: to.to_string() })?;
    let subject = header_text(&words.with("reportSubject", &[("company", company.name.as_str().into())]));
    let f = &report.figures;
    let mut charts: Vec<(chart::Chart, &str, Vec<u8>)> = Vec::new();
    if f.calls() > 0 {
        let png = chart::calls_per_hour_png(&f.by_hour, words)?;
        charts.push((chart::calls_per_hour(&f.by_hour, words), "calls-per-hour.png", png));
    }
    if f.has_answer_times() {
        let png = chart::answer_times_png(&f.answer_times, words)?;
        charts.push((chart::answer_times(&f.answer_times, words), "answer-times.png", png));
    }
    let mut text = super::report::render(report, company, words);
    if !charts.is_empty() {
        text.push('\n');
        text.push_str(&words.text("reportChartsAttached"));
        text.push('\n');
        for (c, file, _) in &charts {
            text.push_str(&format!("  {} ({file}): {}\n", c.title, c.said));
        }
    }
    let builder = lettre::Message::builder().from(from_box).to(to_box).subject(subject).message_id(None);
    if charts.is_empty() {
        return Ok(builder.header(ContentType::TEXT_PLAIN).body(text)?);
    }
    let png = ContentType::parse("image/png").expect("a valid media type");
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(text));
    for (_, file, bytes) in charts {
        parts = parts.singlepart(Attachment::new(file.to_string()).body(bytes, png.clone()));
    }
    Ok(builder.multipart(parts)?)
}

impl crate::words::Said for ComposeError {
    fn phrase(&self) -> crate::words::Phrase {
        use crate::words::Phrase;
        match self {
            ComposeError::NoSender => Phrase::new(crate::msg!("mailNoSender")),
            ComposeError::BadSender(address) => Phrase::new(crate::msg!("mailBadSender")).text("address", address),
            ComposeError::BadRecipient { address } => {
                Phrase::new(crate::msg!("mailBadRecipient")).text("address", address)
            }
            ComposeError::NoRecipients => Phrase::new(crate::msg!("mailNoRecipients")),
            ComposeError::Build(e) => Phrase::new(crate::msg!("mailCannotWrite")).text("detail", e.to_string()),
            ComposeError::Chart(e) => Phrase::new(crate::msg!("mailCannotWrite")).text("detail", e.to_string()),
        }
    }
}
