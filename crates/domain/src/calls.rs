//! An incoming call, as a softphone or PBX console reports it: the dialled
//! number picks the client company (and so the greeting), and the caller's
//! number is looked up among everyone in the directory.

use crate::store::db::Connection;
use serde::{Deserialize, Serialize};

use crate::directory::{Result, companies, person_numbers};
use crate::model::Id;
use crate::phone::number_key;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallArgs {
    /// The number the caller dialled.
    pub to: String,
    /// The caller's number, when the phone system tells.
    pub from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Caller {
    pub person_id: Id,
    pub name: String,
    pub title: String,
    pub company_id: Id,
    pub company_name: String,
    pub record: crate::model::RecordKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncomingCall {
    pub to: String,
    pub from: Option<String>,
    /// The company answering the dialled number; `None` when no company has it.
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub greeting: Option<String>,
    /// Who is calling, if their number is in the directory.
    pub caller: Option<Caller>,
}

pub fn incoming(conn: &Connection, args: &CallArgs) -> Result<IncomingCall> {
    let company = companies::for_number(conn, &args.to)?;
    incoming_for(conn, company, args)
}

/// A call the operator starts by hand for the company on screen (a line
/// without a phone-system link): the caller's number, if they give it.
pub fn by_hand(conn: &Connection, company_id: Id, from: Option<String>) -> Result<IncomingCall> {
    let company = companies::get(conn, company_id)?;
    let to = company.numbers.first().map(|n| n.number.clone()).unwrap_or_default();
    let from = from.map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
    incoming_for(conn, Some(company), &CallArgs { to, from })
}

fn incoming_for(conn: &Connection, company: Option<crate::model::Company>, args: &CallArgs) -> Result<IncomingCall> {
    let mut caller = None;
    if let Some(from) = args.from.as_deref().map(number_key).filter(|k| !k.is_empty()) {
        // People of the answering company first: the same extension can exist elsewhere.
        let mut found = person_numbers::people_with(conn, &from)?;
        found.sort_by_key(|p| (Some(p.company_id) != company.as_ref().map(|c| c.id), p.id));
        if let Some(p) = found.first() {
            caller = Some(Caller {
                person_id: p.id,
                name: p.full_name(),
                title: p.title.clone(),
                company_id: p.company_id,
                company_name: companies::get(conn, p.company_id)?.name,
                record: p.record_kind(),
            });
        }
    }
    Ok(IncomingCall {
        to: args.to.clone(),
        from: args.from.clone(),
        company_id: company.as_ref().map(|c| c.id),
        company_name: company.as_ref().map(|c| c.name.clone()),
        greeting: company.as_ref().and_then(|c| c.greeting().map(str::to_string)),
        caller,
    })
}

/// Reads `vaihde://call?to=0942…&from=+35840…` as softphones open it.
pub fn parse_call_url(url: &str) -> Option<CallArgs> {
    let rest = url.trim().strip_prefix("vaihde://call")?;
    let query = rest.trim_start_matches('/').strip_prefix('?')?;
    let mut to = None;
    let mut from = None;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=')?;
        let v = crate::text::percent_decode(v);
        match k {
            "to" => to = Some(v),
            "from" => from = Some(v).filter(|f| !f.is_empty()),
            _ => {}
        }
    }
    Some(CallArgs { to: to?, from })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::TimeZone;

    #[test]
    fn call_urls() {
        assert_eq!(
            parse_call_url("vaihde://call?to=09%204321%20000&from=%2B358401234567"),
            Some(CallArgs { to: "09 4321 000".into(), from: Some("+358401234567".into()) })
        );
        assert_eq!(
            parse_call_url("vaihde://call/?to=0943210000"),
            Some(CallArgs { to: "0943210000".into(), from: None })
        );
        assert_eq!(parse_call_url("vaihde://call?from=1"), None);
        assert_eq!(parse_call_url("https://evil/call?to=1"), None);
    }

    #[test]
    fn dialled_number_picks_the_company_and_the_caller_is_known() {
        let mut store = Store::open_in_memory().unwrap();
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        store.write(|tx| crate::demo::load(tx, at, false)).unwrap();
        let conn = store.conn();
        let maija = crate::directory::people::resolve(conn, None, "Maija Virtanen").unwrap();
        let mobile = maija.phone(crate::model::PhoneKind::Mobile).unwrap().number.clone();
        let international = format!("+358{}", number_key(&mobile).trim_start_matches('0'));
        let call = incoming(conn, &CallArgs { to: "+358 9 4321 000".into(), from: Some(international) }).unwrap();
        assert_eq!(call.company_name.as_deref(), Some("Rakennus-Koivu Oy"));
        assert!(call.greeting.unwrap().starts_with("Rakennus-Koivu, hyvää päivää"));
        assert_eq!(call.caller.unwrap().name, "Maija Virtanen");
        let unknown = incoming(conn, &CallArgs { to: "018 12 300".into(), from: Some("+1 555 0100".into()) }).unwrap();
        assert_eq!(unknown.company_name.as_deref(), Some("Skärgårdens Bygg Ab"));
        assert!(unknown.caller.is_none());
    }
}
