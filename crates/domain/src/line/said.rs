//! What happens at the desk, in the operator's words: one phrase per desk
//! event, for every face (the CLI's `line watch` now, the window's calls
//! panel and its announcements next).

use vaihde_line::TransferFailure;

use super::desk::{CallState, DeskCall, DeskEvent};
use crate::calls::IncomingCall;
use crate::msg;
use crate::words::Phrase;

/// Who is calling, as the operator reads it: the person the directory
/// knows by the number, else the name the network gave, else the number.
pub fn caller(call: &DeskCall, incoming: Option<&IncomingCall>) -> String {
    if let Some(p) = incoming.and_then(|i| i.caller.as_ref()) {
        return format!("{} ({})", p.name, call.from_number);
    }
    match (call.from_name.is_empty(), call.from_number.is_empty()) {
        (false, false) => format!("{} ({})", call.from_name, call.from_number),
        (false, true) => call.from_name.clone(),
        (true, false) => call.from_number.clone(),
        (true, true) => String::new(),
    }
}

/// The phrase for `event`; `call` is the desk's call it is about (as it
/// was when the event came) and `incoming` what the directory made of it.
pub fn event_phrase(event: &DeskEvent, call: Option<&DeskCall>, incoming: Option<&IncomingCall>) -> Option<Phrase> {
    let who = call.map(|c| caller(c, incoming)).unwrap_or_default();
    let outgoing = call.is_some_and(|c| c.outgoing);
    let who = if who.is_empty() {
        Phrase::new(msg!("lineNoCallerId"))
    } else {
        Phrase::new(msg!("lineText")).text("text", who)
    };
    Some(match event {
        DeskEvent::Line(_) => return None,
        DeskEvent::Ringing { .. } => {
            match (incoming.and_then(|i| i.company_name.as_deref()), call.and_then(|c| c.dialled.as_deref())) {
                (Some(company), _) => Phrase::new(msg!("lineRingsFor")).text("company", company).phrase("caller", who),
                (None, Some(dialled)) => {
                    Phrase::new(msg!("lineRingsUnknownNumber")).text("dialled", dialled).phrase("caller", who)
                }
                (None, None) => Phrase::new(msg!("lineRings")).phrase("caller", who),
            }
        }
        // Its answer reported after the operator already took the next
        // call (which held it): saying so would name a caller the operator
        // is not talking to.
        DeskEvent::Answered { .. } if call.is_some_and(|c| c.state == CallState::Held) => return None,
        DeskEvent::Answered { .. } if outgoing => Phrase::new(msg!("lineCallbackAnswered")).phrase("caller", who),
        DeskEvent::Answered { .. } => Phrase::new(msg!("lineAnswered")).phrase("caller", who),
        DeskEvent::Held { .. } => Phrase::new(msg!("lineHeld")).phrase("caller", who),
        DeskEvent::ColleagueAnswered { to, .. } => Phrase::new(msg!("lineColleagueAnswered")).text("to", to.clone()),
        DeskEvent::PutThrough { to, .. } => {
            Phrase::new(msg!("linePutThrough")).phrase("caller", who).text("to", to.clone())
        }
        DeskEvent::TransferFailed { to, failure, .. } => Phrase::new(msg!("lineTransferFailed"))
            .text("to", to.clone())
            .phrase("why", failure_phrase(failure))
            .phrase("caller", who),
        DeskEvent::Ended { .. } if outgoing => Phrase::new(msg!("lineCallbackEnded")).phrase("caller", who),
        DeskEvent::Ended { .. } => Phrase::new(msg!("lineEnded")).phrase("caller", who),
        DeskEvent::LineDown { reason } => Phrase::new(msg!("lineDown")).text("reason", reason.clone()),
    })
}

/// Why a transfer failed, in words.
pub fn failure_phrase(failure: &TransferFailure) -> Phrase {
    match failure {
        TransferFailure::Refused => Phrase::new(msg!("lineFailRefused")),
        TransferFailure::NotFound => Phrase::new(msg!("lineFailNotFound")),
        TransferFailure::NoAnswer => Phrase::new(msg!("lineFailNoAnswer")),
        TransferFailure::NotReached => Phrase::new(msg!("lineFailNotReached")),
        TransferFailure::Other(detail) if detail.is_empty() => Phrase::new(msg!("lineFailOther")),
        TransferFailure::Other(detail) => Phrase::new(msg!("lineFailDetail")).text("detail", detail.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::words::Words;
    use chrono::TimeZone as _;
    use vaihde_line::CallId;

    fn call(name: &str, number: &str, dialled: Option<&str>) -> DeskCall {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let mut c = DeskCall::ringing(CallId("1".into()), at);
        c.from_name = name.into();
        c.from_number = number.into();
        c.dialled = dialled.map(str::to_string);
        c
    }

    #[test]
    fn every_desk_event_is_worded_in_every_language() {
        let c = call("Matti", "0405550199", Some("094321000"));
        let id = CallId("1".into());
        let events = [
            DeskEvent::Ringing { call: id.clone() },
            DeskEvent::Answered { call: id.clone() },
            DeskEvent::Held { call: id.clone() },
            DeskEvent::ColleagueAnswered { call: id.clone(), to: "2400".into() },
            DeskEvent::PutThrough { call: id.clone(), to: "2400".into() },
            DeskEvent::Ended { call: id.clone() },
            DeskEvent::LineDown { reason: "it exited".into() },
        ];
        let failures = [
            TransferFailure::Refused,
            TransferFailure::NotFound,
            TransferFailure::NoAnswer,
            TransferFailure::NotReached,
            TransferFailure::Other(String::new()),
            TransferFailure::Other("503".into()),
        ];
        let failed = failures.iter().map(|f| DeskEvent::TransferFailed {
            call: id.clone(),
            to: "2400".into(),
            failure: f.clone(),
        });
        for lang in [Language::Fi, Language::Sv, Language::En] {
            let w = Words::of(lang);
            for e in events.iter().cloned().chain(failed.clone()) {
                let said = w.phrase(&event_phrase(&e, Some(&c), None).unwrap());
                // A message id shown instead of words would read "lineFailOther".
                let raw_id = said.split(|c: char| !c.is_alphanumeric()).any(|w| {
                    w.strip_prefix("line").and_then(|rest| rest.chars().next()).is_some_and(|c| c.is_ascii_uppercase())
                });
                assert!(!said.is_empty() && !raw_id, "{lang:?} {e:?}: {said}");
            }
        }
        let fi = Words::of(Language::Fi);
        let failed = DeskEvent::TransferFailed { call: id, to: "2400".into(), failure: TransferFailure::NoAnswer };
        assert_eq!(
            fi.phrase(&event_phrase(&failed, Some(&c), None).unwrap()),
            "Siirto numeroon 2400 ei onnistunut (ei vastannut): Matti (0405550199) odottaa pidossa työpisteellä"
        );
        let rings =
            event_phrase(&DeskEvent::Ringing { call: CallId("1".into()) }, Some(&call("", "", None)), None).unwrap();
        assert_eq!(Words::of(Language::En).phrase(&rings), "A call rings from an unknown number");
    }

    /// Regression (E2E): the first caller's answer, reported after the
    /// second call was answered, announced the held caller.
    #[test]
    fn an_answer_reported_for_a_call_already_held_is_not_said() {
        let mut c = call("Matti", "0405550199", None);
        c.state = CallState::Held;
        assert_eq!(event_phrase(&DeskEvent::Answered { call: CallId("1".into()) }, Some(&c), None), None);
    }
}
