//! What the operator can say to the caller, in the client company's
//! language: "Maija Virtanen on lomalla, takaisin ma 30.11. klo 8.00. Liisa
//! Lehtonen hoitaa hänen asiansa – yhdistänkö?". Built from a route; only
//! when the person asked for cannot take the call.

use serde::Serialize;

use super::route::Route;
use super::status::State;
use crate::model::{AbsenceKind, Language};
use crate::words::Phrase;

/// The sentence for the caller: phrases of the catalog, in the company's
/// language (the caller hears it, whatever the operator's own language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallerSentence {
    pub language: Language,
    pub phrases: Vec<Phrase>,
}

impl CallerSentence {
    /// In the company's words, as the CLI prints it and tests read it.
    pub fn words(&self) -> String {
        crate::words::Words::of(self.language).sentence(&self.phrases)
    }
}

/// The `callerWhy` key: what the absence is, as a caller may hear it.
fn why(kind: Option<AbsenceKind>, state: State) -> &'static str {
    match (state, kind) {
        (State::Busy, _) => "busy",
        (_, Some(AbsenceKind::Holiday)) => "holiday",
        (_, Some(AbsenceKind::Sick)) => "sick",
        (_, Some(AbsenceKind::Training)) => "training",
        _ => "other",
    }
}

/// The sentence for the caller, or `None` when the person asked for takes
/// the call themselves (nothing to explain) or the route names nobody.
pub fn caller_sentence(route: &Route, language: Language) -> Option<CallerSentence> {
    let first = route.chain.first()?;
    // Nothing to explain when they take the call themselves.
    first.why_skipped?;
    let name = first.person.name.as_str();
    let covering = route.transfer_to.as_ref().and_then(|t| t.person.as_ref()).map(|p| p.name.as_str());
    let s = &first.status;
    let why = why(s.reason, s.state);
    let on_the_phone = first.why_skipped == Some(super::Skip::OnThePhone);
    let opening = match (s.state, s.until) {
        // In, but on another call: their status's "until" is not when the call ends.
        _ if on_the_phone => Phrase::new(crate::msg!("callerAway")).text("name", name).text("why", "phone"),
        (State::Left, _) => Phrase::new(crate::msg!("callerLeft")).text("name", name),
        (State::Outsider, _) => return None,
        (State::OutsideHours, Some(back)) => Phrase::new(crate::msg!("callerClosed")).moment("back", back, &s.zone),
        (_, Some(back)) => Phrase::new(crate::msg!("callerAwayUntil"))
            .text("name", name)
            .text("why", why)
            .moment("back", back, &s.zone),
        (_, None) => Phrase::new(crate::msg!("callerAway")).text("name", name).text("why", why),
    };
    // Someone who left is not coming back: the colleague has taken over,
    // not "meanwhile".
    let offer = match covering {
        Some(c) if s.state == State::Left => Phrase::new(crate::msg!("callerTakenOver")).text("colleague", c),
        Some(c) => Phrase::new(crate::msg!("callerCovering")).text("colleague", c),
        None => Phrase::new(crate::msg!("callerMessage")),
    };
    Some(CallerSentence { language, phrases: vec![opening, offer] })
}
