//! What the operator can say to the caller, in the client company's
//! language: "Maija Virtanen on lomalla, takaisin ma 30.11. klo 8.00. Liisa
//! Lehtonen hoitaa hänen asiansa – yhdistänkö?". Built from a route; only
//! when the person asked for cannot take the call.

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use super::route::Route;
use super::status::State;
use crate::model::{AbsenceKind, Language};

fn weekday(day: Weekday, lang: Language) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match lang {
        Language::Fi => ["ma", "ti", "ke", "to", "pe", "la", "su"][i],
        Language::Sv => ["mån", "tis", "ons", "tors", "fre", "lör", "sön"][i],
        Language::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

/// "ma 30.11. klo 8.00", "mån 30.11. kl. 8.00", "Mon 30.11. at 08:00".
fn when(at: DateTime<Utc>, zone: Tz, lang: Language) -> String {
    let t = at.with_timezone(&zone);
    let (d, m, h, min) = (t.day(), t.month(), t.hour(), t.minute());
    match lang {
        Language::Fi => format!("{} {d}.{m}. klo {h}.{min:02}", weekday(t.weekday(), lang)),
        Language::Sv => format!("{} {d}.{m}. kl. {h}.{min:02}", weekday(t.weekday(), lang)),
        Language::En => format!("{} {d}.{m}. at {h:02}:{min:02}", weekday(t.weekday(), lang)),
    }
}

fn why(kind: Option<AbsenceKind>, state: State, lang: Language) -> &'static str {
    use AbsenceKind::*;
    match (lang, state, kind) {
        (Language::Fi, State::Busy, _) => "on palaverissa",
        (Language::Fi, _, Some(Holiday)) => "on lomalla",
        (Language::Fi, _, Some(Sick)) => "on poissa tänään",
        (Language::Fi, _, Some(Training)) => "on koulutuksessa",
        (Language::Fi, _, _) => "ei ole tavoitettavissa",
        (Language::Sv, State::Busy, _) => "sitter i möte",
        (Language::Sv, _, Some(Holiday)) => "har semester",
        (Language::Sv, _, Some(Sick)) => "är borta i dag",
        (Language::Sv, _, Some(Training)) => "är på utbildning",
        (Language::Sv, _, _) => "är inte anträffbar",
        (Language::En, State::Busy, _) => "is in a meeting",
        (Language::En, _, Some(Holiday)) => "is on holiday",
        (Language::En, _, Some(Sick)) => "is away today",
        (Language::En, _, Some(Training)) => "is on a training course",
        (Language::En, _, _) => "is not available",
    }
}

/// The sentence for the caller, or `None` when the person asked for takes
/// the call themselves (nothing to explain) or the route names nobody.
pub fn caller_sentence(route: &Route, lang: Language, zone: Tz) -> Option<String> {
    let first = route.chain.first()?;
    // Nothing to explain when they take the call themselves.
    first.why_skipped.as_ref()?;
    let name = &first.person.name;
    let covering = route.transfer_to.as_ref().and_then(|t| t.person.as_ref()).map(|p| p.name.as_str());
    let back = first.status.until.map(|u| when(u, zone, lang));
    let s = &first.status;
    let opening = match (s.state, lang, &back) {
        (State::Left, Language::Fi, _) => format!("{name} ei enää työskentele meillä."),
        (State::Left, Language::Sv, _) => format!("{name} arbetar inte längre hos oss."),
        (State::Left, Language::En, _) => format!("{name} no longer works here."),
        (State::Outsider, _, _) => return None,
        (State::OutsideHours, Language::Fi, Some(b)) => format!("Olemme avoinna taas {b}."),
        (State::OutsideHours, Language::Sv, Some(b)) => format!("Vi har öppet igen {b}."),
        (State::OutsideHours, Language::En, Some(b)) => format!("We are open again {b}."),
        (_, Language::Fi, Some(b)) => format!("{name} {}, takaisin {b}.", why(s.reason, s.state, lang)),
        (_, Language::Sv, Some(b)) => format!("{name} {} och är tillbaka {b}.", why(s.reason, s.state, lang)),
        (_, Language::En, Some(b)) => format!("{name} {} until {b}.", why(s.reason, s.state, lang)),
        (_, _, None) => format!("{name} {}.", why(s.reason, s.state, lang)),
    };
    // Someone who left is not coming back: the colleague has taken over,
    // not "meanwhile".
    let offer = match (covering, lang) {
        (Some(c), Language::Fi) if s.state == State::Left => format!(" {c} hoitaa nyt hänen asiansa – yhdistänkö?"),
        (Some(c), Language::Sv) if s.state == State::Left => {
            format!(" {c} har tagit över ärendena – får jag koppla dig?")
        }
        (Some(c), Language::En) if s.state == State::Left => format!(" {c} has taken over – shall I put you through?"),
        (Some(c), Language::Fi) => format!(" {c} hoitaa asiat sillä aikaa – yhdistänkö?"),
        (Some(c), Language::Sv) => format!(" {c} sköter ärendena under tiden – får jag koppla dig?"),
        (Some(c), Language::En) => format!(" {c} is covering – shall I put you through?"),
        (None, Language::Fi) => " Voinko ottaa viestin?".to_string(),
        (None, Language::Sv) => " Kan jag ta ett meddelande?".to_string(),
        (None, Language::En) => " May I take a message?".to_string(),
    };
    Some(format!("{opening}{offer}"))
}
