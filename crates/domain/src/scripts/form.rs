//! A call script as a person types it, each part in the forms `vaihde
//! script add` reads and the window's script form shows (days "mon-fri",
//! hours "17:00-08:00", dates "2026-12-24..2026-12-26", questions
//! "choice:Vian laatu:vesi|sähkö|muu:required", where the call goes
//! "person:Maija Virtanen"). One reader for both faces, refusing a part in
//! the operator's words and naming its field, and one writer back, so a
//! script shown in the form is saved unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AnswerKind, GoesTo, Question, Script, When, parse_goes_to, parse_question, when};
use crate::directory::Result;
use crate::model::{Id, Language, Refusal, ScriptPart};

/// The parts of a script as typed; an empty part is "any" (days, hours,
/// dates, number) or "none" (what to say, where the call goes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ScriptForm"))]
pub struct Form {
    pub name: String,
    pub days: String,
    pub hours: String,
    pub dates: String,
    pub number: String,
    /// What to say, per language; an empty text is none in that language.
    pub say: BTreeMap<Language, String>,
    /// One question a line.
    pub questions: String,
    pub goes_to: String,
    pub urgent: bool,
}

/// A part with something in it, trimmed.
fn part(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

impl Form {
    /// The script the form says, for `company_id` (its id 0 until stored).
    pub fn read(&self, company_id: Id) -> Result<Script> {
        let mut w = When { number: part(&self.number).map(String::from), ..When::default() };
        if let Some(d) = part(&self.days) {
            w.days = when::parse_days(d)?;
        }
        if let Some(h) = part(&self.hours) {
            let (from, until) = when::parse_hours(h)?;
            (w.from, w.until) = (Some(from), Some(until));
        }
        if let Some(d) = part(&self.dates) {
            let (first, last) = when::parse_dates(d)?;
            (w.first_date, w.last_date) = (Some(first), Some(last));
        }
        let mut say = BTreeMap::new();
        for (language, text) in &self.say {
            let words = crate::text::bounded(crate::text::Kind::Notes, crate::model::Field::ScriptSay, text.trim())?;
            if !words.is_empty() {
                say.insert(*language, words);
            }
        }
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Refusal::ScriptPart { part: ScriptPart::Name, text: String::new() }.into());
        }
        Ok(Script {
            id: 0,
            company_id,
            name: name.to_string(),
            when: w,
            say,
            questions: self
                .questions
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(parse_question)
                .collect::<Result<_>>()?,
            goes_to: part(&self.goes_to).map(parse_goes_to).transpose()?,
            urgent: self.urgent,
        })
    }

    /// The form a stored script is shown in: reading it back gives the same script.
    pub fn of(s: &Script) -> Form {
        let w = &s.when;
        Form {
            name: s.name.clone(),
            days: w.days.iter().map(|d| d.code()).collect::<Vec<_>>().join(","),
            hours: match (w.from, w.until) {
                (Some(f), Some(u)) => format!("{}-{}", f.format("%H:%M"), u.format("%H:%M")),
                _ => String::new(),
            },
            dates: match (w.first_date, w.last_date) {
                (Some(f), Some(l)) if f == l => f.to_string(),
                (Some(f), Some(l)) => format!("{f}..{l}"),
                _ => String::new(),
            },
            number: w.number.clone().unwrap_or_default(),
            say: s.say.clone(),
            questions: s.questions.iter().map(question_text).collect::<Vec<_>>().join("\n"),
            goes_to: s.goes_to.as_ref().map(goes_to_text).unwrap_or_default(),
            urgent: s.urgent,
        }
    }
}

/// A question as `parse_question` reads it.
pub fn question_text(q: &Question) -> String {
    let kind = match q.kind {
        AnswerKind::Name => "name",
        AnswerKind::Number => "number",
        AnswerKind::Address => "address",
        AnswerKind::Text => "text",
        AnswerKind::Choice => "choice",
    };
    let mut out = format!("{kind}:{}", q.label);
    if !q.choices.is_empty() {
        out.push(':');
        out.push_str(&q.choices.join("|"));
    }
    if q.required {
        out.push_str(":required");
    }
    out
}

/// Where the call goes as `parse_goes_to` reads it.
pub fn goes_to_text(g: &GoesTo) -> String {
    match g {
        GoesTo::Person { name } => format!("person:{name}"),
        GoesTo::Role { name } => format!("role:{name}"),
        GoesTo::OnCall => "on-call".into(),
        GoesTo::Address { address } => format!("address:{address}"),
    }
}

/// A script's "when" on one line, in the forms the form takes ("*" for
/// any time): how lists show it.
pub fn when_summary(w: &When) -> String {
    let f = Form::of(&Script {
        id: 0,
        company_id: 0,
        name: String::new(),
        when: w.clone(),
        say: BTreeMap::new(),
        questions: Vec::new(),
        goes_to: None,
        urgent: false,
    });
    let mut parts: Vec<String> = [f.days, f.hours, f.dates].into_iter().filter(|p| !p.is_empty()).collect();
    if !f.number.is_empty() {
        parts.push(format!("☎ {}", f.number));
    }
    if parts.is_empty() { "*".into() } else { parts.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::DirectoryError;
    use crate::model::Field;

    fn after_hours() -> Form {
        Form {
            name: "Vikailmoitus virka-ajan ulkopuolella".into(),
            days: "mon-fri".into(),
            hours: "16:00-08:00".into(),
            dates: String::new(),
            number: String::new(),
            say: BTreeMap::from([(Language::Fi, "Päivystys, hyvää iltaa.".into()), (Language::Sv, "  ".into())]),
            questions: "choice:Vian laatu:vesi|sähkö|muu:required\n\naddress:Osoite:required\nname:Nimi".into(),
            goes_to: "on-call".into(),
            urgent: true,
        }
    }

    #[test]
    fn a_form_read_and_written_back_is_the_same_script() {
        let script = after_hours().read(7).unwrap();
        assert_eq!(script.questions.len(), 3);
        assert_eq!(script.say.keys().collect::<Vec<_>>(), [&Language::Fi], "an empty language says nothing");
        let again = Form::of(&script);
        assert_eq!(again.days, "mon,tue,wed,thu,fri");
        assert_eq!(again.questions, "choice:Vian laatu:vesi|sähkö|muu:required\naddress:Osoite:required\nname:Nimi");
        assert_eq!(again.read(7).unwrap(), script);
        assert_eq!(when_summary(&script.when), "mon,tue,wed,thu,fri 16:00-08:00");
        assert_eq!(when_summary(&When::default()), "*");
    }

    #[test]
    fn a_wrong_part_is_refused_naming_its_field() {
        let field = |f: Form| match f.read(7) {
            Err(DirectoryError::Refused(r)) => r.field(),
            other => panic!("not refused: {other:?}"),
        };
        assert_eq!(field(Form { hours: "16-8".into(), ..after_hours() }), Some(Field::ScriptHours));
        assert_eq!(field(Form { days: "someday".into(), ..after_hours() }), Some(Field::ScriptDays));
        assert_eq!(field(Form { questions: "ask:What".into(), ..after_hours() }), Some(Field::ScriptQuestions));
        assert_eq!(field(Form { goes_to: "somewhere".into(), ..after_hours() }), Some(Field::ScriptGoesTo));
        assert_eq!(field(Form { name: " ".into(), ..after_hours() }), Some(Field::ScriptName));
    }
}
