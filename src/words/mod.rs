//! Words: the catalogs and phrases of the vocabulary crate
//! (`vaihde-vocab`), and the domain's values in words for the CLI's human
//! output: a status as the chip says it, the covering chain's steps, a
//! rota, what a staff list taught. The vocabulary crate cannot word these
//! itself (they are the domain's types, above it), so they are one trait
//! on its [`Words`], [`Describe`]; the window words the same values with
//! the same messages in `ui/src/i18n.ts`.

pub use vaihde_vocab::words::*;

use chrono_tz::Tz;

use crate::presence::{Presence, RouteNote, Skip, State, TransferWhy, Via};

/// The domain's values in a catalog's words (`use vaihde::words::Describe as _`).
pub trait Describe {
    fn state(&self, s: State) -> String;
    /// A status as the chip says it: "away (holiday) · back Tue 8 Dec 08:00".
    fn presence(&self, p: &Presence) -> String;
    /// A rota's lines: who is on call now and next, and what is wrong with it.
    fn on_call(&self, o: &crate::presence::on_call::OnCall) -> Vec<String>;
    /// What a staff list taught: "New CEO since Tue 1 Dec", "uusi ti 1.12. alkaen".
    fn learned(&self, l: &crate::directory::learn::Learned) -> String;
    /// The short mark on a result row: "new", "new title", "not listed".
    fn learned_badge(&self, l: &crate::directory::learn::Learned) -> String;
    fn via(&self, v: &Via) -> String;
    /// Why a step was passed over: its status, or that it has no number.
    fn skip(&self, s: Skip, status: &Presence) -> String;
    /// Why the call goes where it goes; `name` is the target's.
    fn transfer_why(&self, why: &TransferWhy, name: &str) -> String;
    fn route_note(&self, n: &RouteNote) -> String;
}

impl Describe for Words {
    fn state(&self, s: State) -> String {
        self.text(&message_id("state", s.code()))
    }

    fn presence(&self, p: &Presence) -> String {
        let state = self.state(p.state);
        let status = match (p.state, p.reason) {
            (State::Away | State::Busy | State::Tentative, Some(r)) => {
                self.with("withReason", &[("state", Arg::Text(&state)), ("reason", Arg::Owned(self.reason(r)))])
            }
            _ => state,
        };
        let zone: Tz = p.zone.parse().unwrap_or(chrono_tz::Europe::Helsinki);
        match p.until {
            Some(u) => {
                let id = if p.state == State::OutsideHours { "chipOpens" } else { "chipBack" };
                self.with(id, &[("status", Arg::Text(&status)), ("when", Arg::Owned(self.moment(u, zone)))])
            }
            None => status,
        }
    }

    fn on_call(&self, o: &crate::presence::on_call::OnCall) -> Vec<String> {
        use crate::presence::on_call::OnCallWarning;
        let tz: Tz = o.zone.parse().unwrap_or(chrono_tz::UTC);
        let mut out = Vec::new();
        if let Some(now) = &o.now {
            let mut line = self.with(
                "onCallNow",
                &[("name", (&now.person.name).into()), ("until", Arg::Owned(self.moment(now.ends_at, tz)))],
            );
            if let Some(next) = &o.next {
                line.push_str("; ");
                line.push_str(&self.with(
                    "onCallNext",
                    &[("name", (&next.person.name).into()), ("from", Arg::Owned(self.moment(next.starts_at, tz)))],
                ));
            }
            out.push(line);
        }
        match &o.warning {
            Some(OnCallWarning::NobodyNow) => out.push(self.with("onCallNobodyNow", &[("rota", (&o.rota).into())])),
            Some(OnCallWarning::EndsSoon { ends_at }) => out.push(self.with(
                "onCallEndsSoon",
                &[("rota", (&o.rota).into()), ("when", Arg::Owned(self.moment(*ends_at, tz)))],
            )),
            None => {}
        }
        out
    }

    fn learned(&self, l: &crate::directory::learn::Learned) -> String {
        use crate::directory::learn::Lesson;
        let day = || ("day", Arg::Owned(self.day(l.day)));
        match &l.lesson {
            Lesson::Added { title } if title.is_empty() => self.with("learnedAdded", &[day()]),
            Lesson::Added { title } => self.with("learnedAddedAs", &[("title", title.into()), day()]),
            Lesson::Title { old, new } if old.is_empty() => {
                self.with("learnedTitleNew", &[("title", new.into()), day()])
            }
            Lesson::Title { old, new } => {
                self.with("learnedTitle", &[("title", new.into()), ("old", old.into()), day()])
            }
            Lesson::Gone => self.with("learnedGone", &[("source", (&l.feed).into()), day()]),
        }
    }

    fn learned_badge(&self, l: &crate::directory::learn::Learned) -> String {
        use crate::directory::learn::Lesson;
        self.text(match l.lesson {
            Lesson::Added { .. } => "learnedBadgeAdded",
            Lesson::Title { .. } => "learnedBadgeTitle",
            Lesson::Gone => "learnedBadgeGone",
        })
    }

    fn via(&self, v: &Via) -> String {
        match v {
            Via::AskedFor => self.text("viaAskedFor"),
            Via::DelegateOf { name } => self.with("viaDelegateOf", &[("name", name.into())]),
            Via::Role { name } => self.with("viaRole", &[("name", name.into())]),
            Via::Topic { name } => self.with("viaTopic", &[("name", name.into())]),
            Via::CallsOf { name } => self.with("viaCallsOf", &[("name", name.into())]),
            Via::OnCall { name } => self.with("viaOnCall", &[("name", name.into())]),
        }
    }

    fn skip(&self, s: Skip, status: &Presence) -> String {
        match s {
            Skip::NotTakingCalls => self.presence(status),
            Skip::NoNumber => self.text("skipNoNumber"),
            Skip::OnThePhone => self.text("skipOnThePhone"),
        }
    }

    fn transfer_why(&self, why: &TransferWhy, name: &str) -> String {
        match why {
            TransferWhy::TakesCalls => self.with("whyTakesCalls", &[("name", name.into())]),
            TransferWhy::Covering { via } => {
                self.with("whyCovering", &[("name", name.into()), ("via", Arg::Owned(self.via(via)))])
            }
            TransferWhy::Redirected => self.text("whyRedirected"),
            TransferWhy::Nobody => self.text("whyNobody"),
        }
    }

    fn route_note(&self, n: &RouteNote) -> String {
        match n {
            RouteNote::Left { on, calls_to } => self.with(
                "noteLeft",
                &[("date", Arg::Owned(self.date(*on))), ("callsTo", Arg::Owned(self.calls_to(calls_to)))],
            ),
            RouteNote::NotEmployee { calls_to } => {
                self.with("noteNotEmployee", &[("callsTo", Arg::Owned(self.calls_to(calls_to)))])
            }
            RouteNote::Notes { text } => text.clone(),
        }
    }
}
