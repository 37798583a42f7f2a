//! Whom a message goes to, from what Vaihde knows: the person asked for;
//! while they cannot take calls, also the colleague the covering chain
//! chose (in copy, so the covering person sees it today); for a role or
//! topic its first available holder; for someone who left, where their
//! calls go; and the company's message address when none of them has an
//! e-mail address. The operator sees the list and can change it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::model::{Recipient, RecipientKind, RecipientWhy};
use crate::directory::{Result, people};
use crate::model::Id;
use crate::presence::{self, Route, RouteNote, TransferWhy};
use crate::store::db::Connection;

/// Whom a message is for, and the suggested recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Prefill {
    pub for_person_id: Option<Id>,
    /// Whom, as shown: the person's name, or what was asked for.
    pub for_words: String,
    pub recipients: Vec<Recipient>,
    /// The addressees as the form's "To" field shows them ([`field_text`]).
    pub to: String,
    /// The copies as the form's "Cc" field shows them.
    pub cc: String,
    /// What to tell the caller (the card's sentence), in the company's language.
    pub said: String,
}

impl Prefill {
    fn new(for_person_id: Option<Id>, for_words: String, recipients: Vec<Recipient>, said: String) -> Prefill {
        let to = field_text(&recipients, RecipientKind::To);
        let cc = field_text(&recipients, RecipientKind::Cc);
        Prefill { for_person_id, for_words, recipients, to, cc, said }
    }
}

/// The addresses of one kind as a form's field shows them: "a@x.fi, b@y.fi".
pub fn field_text(list: &[Recipient], kind: RecipientKind) -> String {
    list.iter().filter(|r| r.kind == kind).map(|r| r.address.as_str()).collect::<Vec<_>>().join(", ")
}

/// The form's two address fields, as the operator left them, back as the
/// message's recipients; both faces call this (the window's fields, the
/// CLI's `--to` and `--cc`). A field's text is split at commas, semicolons
/// and white space. An address the suggestion knew (compared without
/// case) keeps its name, person and why, with the field's kind; any other
/// address is typed. Checking the addresses and dropping a repeat is
/// [`take::check`](super::take::check)'s.
pub fn from_fields(to: &str, cc: &str, known: &[Recipient]) -> Vec<Recipient> {
    let field = |text: &str, kind: RecipientKind| -> Vec<Recipient> {
        text.split([',', ';'])
            .flat_map(str::split_whitespace)
            .map(|address| match known.iter().find(|r| r.address.eq_ignore_ascii_case(address)) {
                Some(k) => Recipient { kind, ..k.clone() },
                None => Recipient {
                    kind,
                    name: String::new(),
                    address: address.to_string(),
                    person_id: None,
                    why: RecipientWhy::Typed,
                },
            })
            .collect()
    };
    let mut list = field(to, RecipientKind::To);
    list.extend(field(cc, RecipientKind::Cc));
    list
}

fn first_email(conn: &Connection, person_id: Id) -> Result<Option<(String, String)>> {
    let p = people::get(conn, person_id)?;
    Ok(p.emails.first().map(|e| (p.full_name(), e.clone())))
}

fn push(
    list: &mut Vec<Recipient>,
    kind: RecipientKind,
    name: String,
    address: String,
    person_id: Option<Id>,
    why: RecipientWhy,
) {
    if list.iter().any(|r| r.address.eq_ignore_ascii_case(&address)) {
        return;
    }
    list.push(Recipient { kind, name, address, person_id, why });
}

/// The recipients for a route (what `vaihde who` and the card show).
pub fn from_route(conn: &Connection, company_id: Id, route: &Route) -> Result<Vec<Recipient>> {
    let mut list = Vec::new();
    let left = matches!(route.note, Some(RouteNote::Left { .. }) | Some(RouteNote::NotEmployee { .. }));
    let target = route.transfer_to.as_ref().and_then(|t| t.person.as_ref().map(|p| (p.id, &t.why)));
    match &route.person {
        Some(asked) => {
            if !left && let Some((name, address)) = first_email(conn, asked.id)? {
                push(&mut list, RecipientKind::To, name, address, Some(asked.id), RecipientWhy::AskedFor);
            }
            if let Some((id, why)) = target
                && id != asked.id
                && let Some((name, address)) = first_email(conn, id)?
            {
                // Someone who left: where their calls go is the one to tell, not a copy.
                let (kind, why) = match (left, why) {
                    (true, _) | (_, TransferWhy::Redirected) => (RecipientKind::To, RecipientWhy::CallsOf),
                    _ if list.is_empty() => (RecipientKind::To, RecipientWhy::Covering),
                    _ => (RecipientKind::Cc, RecipientWhy::Covering),
                };
                push(&mut list, kind, name, address, Some(id), why);
            }
        }
        None => {
            // A role or topic: its first available holder, else the first on the chain with an address.
            let mut ids: Vec<Id> = target.map(|t| t.0).into_iter().collect();
            ids.extend(route.chain.iter().map(|s| s.person.id));
            for id in ids {
                if let Some((name, address)) = first_email(conn, id)? {
                    push(&mut list, RecipientKind::To, name, address, Some(id), RecipientWhy::RoleHolder);
                    break;
                }
            }
        }
    }
    if list.is_empty() {
        company_address(conn, company_id, &mut list)?;
    }
    Ok(list)
}

/// The company's message address, when it has one.
fn company_address(conn: &Connection, company_id: Id, list: &mut Vec<Recipient>) -> Result<()> {
    let messaging = super::settings::messaging(conn, company_id)?;
    if !messaging.address.is_empty() {
        let company = crate::directory::companies::get(conn, company_id)?;
        push(list, RecipientKind::To, company.name, messaging.address, None, RecipientWhy::CompanyAddress);
    }
    Ok(())
}

/// Whom a message for `query` ("Pekka Koistinen", "HR", "palkat") goes
/// to at `at`. Nothing in the directory matching is not an error: the
/// message is then for the words typed, to the company's address.
pub fn suggest(
    conn: &Connection,
    company_id: Id,
    query: &str,
    at: DateTime<Utc>,
    topic: Option<&str>,
) -> Result<Prefill> {
    // A message is for the person asked for even while they are on the phone.
    let route = presence::route_query(conn, company_id, query, at, topic, &presence::PhoneStates::unknown())?;
    let Some(route) = route else {
        let mut recipients = Vec::new();
        company_address(conn, company_id, &mut recipients)?;
        return Ok(Prefill::new(None, query.trim().to_string(), recipients, String::new()));
    };
    let recipients = from_route(conn, company_id, &route)?;
    let said = route.caller_sentence.as_ref().map(|s| s.words()).unwrap_or_default();
    Ok(Prefill::new(
        route.person.as_ref().map(|p| p.id),
        route.person.as_ref().map_or_else(|| query.trim().to_string(), |p| p.name.clone()),
        recipients,
        said,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(kind: RecipientKind, name: &str, address: &str, person_id: Id) -> Recipient {
        Recipient {
            kind,
            name: name.into(),
            address: address.into(),
            person_id: Some(person_id),
            why: RecipientWhy::AskedFor,
        }
    }

    #[test]
    fn the_fields_show_the_suggestion_and_come_back_as_it_was() {
        let list = vec![
            known(RecipientKind::To, "Pekka Koistinen", "pekka@koivu.fi", 1),
            known(RecipientKind::Cc, "Maija Virtanen", "maija@koivu.fi", 2),
            known(RecipientKind::Cc, "Outi Laine", "outi@koivu.fi", 3),
        ];
        assert_eq!(field_text(&list, RecipientKind::To), "pekka@koivu.fi");
        assert_eq!(field_text(&list, RecipientKind::Cc), "maija@koivu.fi, outi@koivu.fi");
        let back = from_fields(&field_text(&list, RecipientKind::To), &field_text(&list, RecipientKind::Cc), &list);
        assert_eq!(back, list);
    }

    #[test]
    fn typed_addresses_split_at_commas_semicolons_and_spaces_and_known_ones_keep_their_person() {
        let list = vec![known(RecipientKind::Cc, "Maija Virtanen", "maija@koivu.fi", 2)];
        // The operator moved Maija from the copies to the addressees, in capitals, and typed two more.
        let back = from_fields("MAIJA@koivu.fi;  uusi@koivu.fi", " ,toinen@koivu.fi ", &list);
        assert_eq!(back.len(), 3);
        assert_eq!(
            (back[0].kind, back[0].person_id, back[0].name.as_str()),
            (RecipientKind::To, Some(2), "Maija Virtanen")
        );
        assert_eq!(
            (back[1].address.as_str(), back[1].why, back[1].kind),
            ("uusi@koivu.fi", RecipientWhy::Typed, RecipientKind::To)
        );
        assert_eq!((back[2].address.as_str(), back[2].kind), ("toinen@koivu.fi", RecipientKind::Cc));
        assert!(from_fields("", " , ; ", &list).is_empty());
    }
}
