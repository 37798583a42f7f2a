//! People: add, edit (each changed field logged), mark as left, and find by
//! id, e-mail, name or alias. Fuzzy search is not here (search issue).

use std::collections::HashMap;

use crate::params;
use crate::store::db::{Connection, OptionalExtension};

use super::changes::{self, Entry};
use super::companies::json;
use super::{DirectoryError, Result, Stamp};
use crate::model::ChangeField;
use crate::model::{CallsTo, ChangeValue, Departure, Id, Person, PersonKind, Phone, Redirect, Refusal};
use crate::text::{email_key, looks_like_email, name_key};

const COLUMNS: &str = "id, company_id, kind, given_name, family_name, aliases, title, department, topics, phones,
    languages, notes, left_on, left_reason, redirect_person_id, redirect_role_id, redirect_text";

/// Trims and lower-cases what should be, so stored people compare cleanly.
pub fn tidy(p: &mut Person) {
    p.given_name = p.given_name.trim().to_string();
    p.family_name = p.family_name.trim().to_string();
    p.title = p.title.trim().to_string();
    p.department = p.department.trim().to_string();
    p.emails = p.emails.iter().map(|e| email_key(e)).filter(|e| !e.is_empty()).collect();
    p.emails.dedup();
    for list in [&mut p.aliases, &mut p.topics, &mut p.languages] {
        list.retain(|s| !s.trim().is_empty());
        for s in list.iter_mut() {
            *s = s.trim().to_string();
        }
    }
    p.phones.retain(|ph| !ph.number.trim().is_empty());
}

pub fn validate(p: &Person) -> Result<()> {
    if p.given_name.is_empty() && p.family_name.is_empty() {
        return Err(crate::model::Refusal::NoName.into());
    }
    if let Some(bad) = p.emails.iter().find(|e| !looks_like_email(e)) {
        return Err(crate::model::Refusal::NotAnEmail { value: crate::text::excerpt(bad) }.into());
    }
    if p.calls_to == Some(Redirect::Person(p.id)) && p.id != 0 {
        return Err(crate::model::Refusal::CallsToSelf.into());
    }
    Ok(())
}

/// "Calls go to" names a current colleague of the same company, or one of
/// its roles. Checked when it is set or changed, so a colleague leaving
/// later does not block edits of those whose calls went to them (the route
/// follows on from there).
fn check_calls_to(conn: &Connection, p: &Person, old: Option<&Person>) -> Result<()> {
    if old.is_some_and(|o| o.calls_to == p.calls_to) {
        return Ok(());
    }
    match &p.calls_to {
        Some(Redirect::Person(id)) if *id == p.id => Err(Refusal::CallsToSelf.into()),
        Some(Redirect::Person(id)) => {
            let to = get(conn, *id)?;
            if to.company_id != p.company_id {
                Err(Refusal::CallsToOtherCompany { name: to.full_name() }.into())
            } else if to.has_left() {
                Err(Refusal::CallsToFormer { name: to.full_name() }.into())
            } else {
                Ok(())
            }
        }
        Some(Redirect::Role(id)) if super::roles::get(conn, *id)?.company_id != p.company_id => {
            Err(Refusal::CallsToForeignRole.into())
        }
        _ => Ok(()),
    }
}

/// Adds a dated line to the person's operator notes, newest first:
/// "2.12.2026 14:05 (Jenny): prefers e-mail", the time in the company's zone.
pub fn add_note(conn: &Connection, id: Id, text: &str, stamp: &Stamp) -> Result<()> {
    let text = crate::text::normalise(crate::text::Kind::Notes, text);
    if text.is_empty() {
        return Err(Refusal::EmptyNote.into());
    }
    let mut p = get(conn, id)?;
    let zone = super::companies::get(conn, p.company_id)?.tz();
    let when = stamp.at.with_timezone(&zone).format("%-d.%-m.%Y %H:%M");
    let by = stamp.actor.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let line = format!("{when}{by}: {text}");
    p.notes = if p.notes.is_empty() { line } else { format!("{line}\n{}", p.notes) };
    update(conn, &p, stamp)?;
    Ok(())
}

/// Adds a person; `p.id` is ignored unless `keep_id` (backups keep ids).
pub fn insert(conn: &Connection, p: &Person, stamp: &Stamp, keep_id: bool) -> Result<Id> {
    let mut p = p.clone();
    p.normalise()?;
    tidy(&mut p);
    validate(&p)?;
    if !keep_id {
        check_calls_to(conn, &p, None)?;
    }
    let (left_on, left_reason) = departure_columns(&p.left);
    let (rp, rr, rt) = redirect_columns(&p.calls_to);
    let id: Id = conn.query_row(
        &format!(
            "INSERT INTO people ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             RETURNING id"
        ),
        params![
            keep_id.then_some(p.id),
            p.company_id,
            kind_code(p.kind),
            p.given_name,
            p.family_name,
            json(&p.aliases),
            p.title,
            p.department,
            json(&p.topics),
            json(&p.phones),
            json(&p.languages),
            p.notes,
            left_on,
            left_reason,
            rp,
            rr,
            rt
        ],
        |r| r.get(0),
    )?;
    write_emails(conn, id, &p.emails)?;
    super::person_numbers::write(conn, id, p.phones.iter().map(|ph| ph.number.as_str()))?;
    let label = if p.kind == PersonKind::Outsider { ChangeValue::AddedOutsider } else { ChangeValue::Added };
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(p.company_id),
            entity: crate::model::ChangeEntity::Person,
            entity_id: Some(id),
            subject: &p.full_name(),
            field: crate::model::ChangeField::Whole,
            old: None,
            new: Some(label),
        },
    )?;
    Ok(id)
}

/// Stores `new` over the person with the same id, logging each changed field.
/// Returns whether anything changed.
pub fn update(conn: &Connection, new: &Person, stamp: &Stamp) -> Result<bool> {
    let mut new = new.clone();
    new.normalise()?;
    tidy(&mut new);
    validate(&new)?;
    let old = get(conn, new.id)?;
    if old.company_id != new.company_id {
        return Err(crate::model::Refusal::MovesCompany.into());
    }
    if old == new {
        return Ok(false);
    }
    check_calls_to(conn, &new, Some(&old))?;
    let (left_on, left_reason) = departure_columns(&new.left);
    let (rp, rr, rt) = redirect_columns(&new.calls_to);
    conn.execute(
        "UPDATE people SET kind = ?2, given_name = ?3, family_name = ?4, aliases = ?5, title = ?6,
             department = ?7, topics = ?8, phones = ?9, languages = ?10, notes = ?11, left_on = ?12,
             left_reason = ?13, redirect_person_id = ?14, redirect_role_id = ?15, redirect_text = ?16,
             version = version + 1
         WHERE id = ?1",
        params![
            new.id,
            kind_code(new.kind),
            new.given_name,
            new.family_name,
            json(&new.aliases),
            new.title,
            new.department,
            json(&new.topics),
            json(&new.phones),
            json(&new.languages),
            new.notes,
            left_on,
            left_reason,
            rp,
            rr,
            rt
        ],
    )?;
    conn.execute("DELETE FROM person_emails WHERE person_id = ?1", [new.id])?;
    write_emails(conn, new.id, &new.emails)?;
    super::person_numbers::write(conn, new.id, new.phones.iter().map(|ph| ph.number.as_str()))?;

    let subject = new.full_name();
    let base = Entry {
        company_id: Some(new.company_id),
        entity: crate::model::ChangeEntity::Person,
        entity_id: Some(new.id),
        subject: &subject,
        field: crate::model::ChangeField::Whole,
        old: None,
        new: None,
    };
    let list = |v: &[String]| ChangeValue::text(v.join(", "));
    let text = |v: &str| ChangeValue::text(v);
    let phones = |v: &[Phone]| ChangeValue::Phones { phones: v.to_vec() };
    let left = |d: &Option<Departure>| match d {
        Some(d) => ChangeValue::Left { on: d.on, reason: d.reason.clone() },
        None => ChangeValue::text(""),
    };
    for (field, o, n) in [
        (ChangeField::Kind, ChangeValue::Record { record: old.kind }, ChangeValue::Record { record: new.kind }),
        (ChangeField::GivenName, text(&old.given_name), text(&new.given_name)),
        (ChangeField::FamilyName, text(&old.family_name), text(&new.family_name)),
        (ChangeField::Aliases, list(&old.aliases), list(&new.aliases)),
        (ChangeField::Title, text(&old.title), text(&new.title)),
        (ChangeField::Department, text(&old.department), text(&new.department)),
        (ChangeField::Topics, list(&old.topics), list(&new.topics)),
        (ChangeField::Phones, phones(&old.phones), phones(&new.phones)),
        (ChangeField::Emails, list(&old.emails), list(&new.emails)),
        (ChangeField::Languages, list(&old.languages), list(&new.languages)),
        (ChangeField::Notes, text(&old.notes), text(&new.notes)),
        (ChangeField::Left, left(&old.left), left(&new.left)),
        (ChangeField::CallsTo, redirect_value(conn, &old.calls_to)?, redirect_value(conn, &new.calls_to)?),
    ] {
        changes::record_field(conn, stamp, &base, field, o, n)?;
    }
    Ok(true)
}

/// How many saved edits the person has had: a card carries it, and a save
/// made from that card passes it back to [`check_version`].
pub fn version(conn: &Connection, id: Id) -> Result<i64> {
    conn.query_row("SELECT version FROM people WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| DirectoryError::not_found(crate::model::Thing::Person, id.to_string()))
}

/// Counts an edit of what belongs to the person but is stored beside
/// them (their delegates), so a card opened before it is known stale.
pub fn bump_version(conn: &Connection, id: Id) -> Result<()> {
    conn.execute("UPDATE people SET version = version + 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// Refuses a save made from a card opened at version `seen` when the person
/// has been saved since (by another desk, the CLI, a sync): the operator
/// reloads and sees the colleague's edit instead of overwriting it. Call
/// inside the save's transaction. `None` (the CLI, which reads and writes
/// at once) is not checked.
pub fn check_version(conn: &Connection, id: Id, seen: Option<i64>, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let Some(seen) = seen else { return Ok(()) };
    if version(conn, id)? == seen {
        return Ok(());
    }
    let name = get(conn, id)?.full_name();
    let last = conn
        .query_row(
            "SELECT at, actor FROM changes WHERE entity IN ('person', 'delegates') AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()?;
    let (at, by) = match last {
        Some((at, by)) => (chrono::DateTime::parse_from_rfc3339(&at).ok().map(|t| t.to_utc()), by),
        None => (None, None),
    };
    let ago_seconds = at.map(|at| (now - at).num_seconds().max(0));
    Err(Refusal::ChangedMeanwhile { name, by, ago_seconds }.into())
}

/// Marks a person as having left, with where their calls go now.
pub fn leave(conn: &Connection, id: Id, departure: Departure, calls_to: Option<Redirect>, stamp: &Stamp) -> Result<()> {
    let mut p = get(conn, id)?;
    p.left = Some(departure);
    p.calls_to = calls_to;
    update(conn, &p, stamp)?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> Result<Person> {
    query(conn, "id = ?1", params![id])?
        .into_iter()
        .next()
        .ok_or_else(|| DirectoryError::not_found(crate::model::Thing::Person, format!("#{id}")))
}

/// Everyone in a company (staff, former staff and outsiders), by family name.
pub fn list(conn: &Connection, company_id: Id) -> Result<Vec<Person>> {
    query(conn, "company_id = ?1 ORDER BY lower(family_name), lower(given_name), id", params![company_id])
}

/// Everyone in every company, by id: for backups and search indexes.
pub fn all(conn: &Connection) -> Result<Vec<Person>> {
    query(conn, "1 = 1 ORDER BY id", params![])
}

/// People of a company with this e-mail address (normally one).
pub fn by_email(conn: &Connection, company_id: Id, email: &str) -> Result<Vec<Person>> {
    query(
        conn,
        "company_id = ?1 AND id IN (SELECT person_id FROM person_emails WHERE email = ?2) ORDER BY id",
        params![company_id, email_key(email)],
    )
}

/// The company of whoever has this e-mail address, in any company.
pub fn company_of_email(conn: &Connection, email: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT p.company_id FROM person_emails e JOIN people p ON p.id = e.person_id WHERE e.email = ?1 LIMIT 1",
            [email_key(email)],
            |r| r.get(0),
        )
        .optional()?)
}

/// Finds one person from what an operator types on the command line: `#12`
/// or `12` (id), an e-mail address, the full name either way round, or an
/// alias. Case does not matter; several matches are an error listing them.
pub fn resolve(conn: &Connection, company_id: Option<Id>, query_text: &str) -> Result<Person> {
    let q = query_text.trim();
    if let Ok(id) = q.trim_start_matches('#').parse::<Id>() {
        let p = get(conn, id)?;
        if company_id.is_none_or(|c| c == p.company_id) {
            return Ok(p);
        }
    }
    let candidates = match company_id {
        Some(c) => list(conn, c)?,
        None => all(conn)?,
    };
    let key = name_key(q);
    let email = email_key(q);
    let tiers: [&dyn Fn(&Person) -> bool; 3] = [
        &|p| p.emails.contains(&email),
        &|p| name_key(&p.full_name()) == key || name_key(&format!("{} {}", p.family_name, p.given_name)) == key,
        &|p| p.aliases.iter().any(|a| name_key(a) == key) || name_key(&p.family_name) == key,
    ];
    for tier in tiers {
        let hits: Vec<&Person> = candidates.iter().filter(|p| tier(p)).collect();
        match hits.as_slice() {
            [] => continue,
            [one] => return Ok((*one).clone()),
            many => {
                return Err(crate::model::Refusal::Ambiguous {
                    what: crate::model::Thing::Person,
                    query: q.to_string(),
                    candidates: many.iter().map(|p| describe(p)).collect(),
                }
                .into());
            }
        }
    }
    Err(DirectoryError::not_found(crate::model::Thing::Person, q))
}

/// Where calls go, for the change log: a role stays a role (worded by the
/// reader), anything else is kept as its plain name or words.
fn redirect_value(conn: &Connection, r: &Option<Redirect>) -> Result<ChangeValue> {
    Ok(match r {
        None => ChangeValue::text(String::new()),
        Some(r) => match calls_to(conn, r)? {
            CallsTo::Role { name } => ChangeValue::Role { name },
            other => ChangeValue::text(other.plain()),
        },
    })
}

/// "Maija Virtanen (#12, HR-päällikkö)": for lists of candidates.
pub fn describe(p: &Person) -> String {
    if p.title.is_empty() {
        format!("{} (#{})", p.full_name(), p.id)
    } else {
        format!("{} (#{}, {})", p.full_name(), p.id, p.title)
    }
}

/// Where calls go, with the colleague's or role's name looked up: a value
/// the faces word (`Words::calls_to`), so "role" is said in the operator's
/// language.
pub fn calls_to(conn: &Connection, r: &Redirect) -> Result<CallsTo> {
    Ok(match r {
        Redirect::Person(id) => match get(conn, *id) {
            Ok(p) => CallsTo::Person { name: p.full_name() },
            Err(e) if e.is_not_found() => CallsTo::RemovedPerson { id: *id },
            Err(e) => return Err(e),
        },
        Redirect::Role(id) => match super::roles::get(conn, *id) {
            Ok(r) => CallsTo::Role { name: r.name },
            Err(e) if e.is_not_found() => CallsTo::RemovedRole { id: *id },
            Err(e) => return Err(e),
        },
        Redirect::Text(t) => CallsTo::Text { text: t.clone() },
    })
}

pub fn phones_text(phones: &[Phone]) -> String {
    phones.iter().map(|p| format!("{} {}", p.kind.code(), p.number)).collect::<Vec<_>>().join(", ")
}

fn kind_code(kind: PersonKind) -> &'static str {
    match kind {
        PersonKind::Staff => "staff",
        PersonKind::Outsider => "outsider",
    }
}

fn departure_columns(d: &Option<Departure>) -> (Option<String>, Option<String>) {
    match d {
        Some(d) => (Some(d.on.to_string()), d.reason.clone()),
        None => (None, None),
    }
}

fn redirect_columns(r: &Option<Redirect>) -> (Option<Id>, Option<Id>, Option<String>) {
    match r {
        Some(Redirect::Person(id)) => (Some(*id), None, None),
        Some(Redirect::Role(id)) => (None, Some(*id), None),
        Some(Redirect::Text(t)) => (None, None, Some(t.clone())),
        None => (None, None, None),
    }
}

fn write_emails(conn: &Connection, person_id: Id, emails: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached("INSERT INTO person_emails (person_id, position, email) VALUES (?1, ?2, ?3)")?;
    for (i, e) in emails.iter().enumerate() {
        stmt.execute(params![person_id, i as i64, e])?;
    }
    Ok(())
}

type Row = (Id, Id, String, String, String, String, String, String, String, String, String, String);
type Tail = (Option<String>, Option<String>, Option<Id>, Option<Id>, Option<String>);

/// From how many people on the e-mail addresses are read in one query.
const BULK: usize = 2_000;

fn query(conn: &Connection, filter: &str, p: &[&dyn crate::store::db::ToSql]) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM people WHERE {filter}"))?;
    let raw = stmt
        .query_map(p, |r| {
            let head: Row = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            );
            let tail: Tail = (r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?);
            Ok((head, tail))
        })?
        .collect::<crate::store::db::Result<Vec<_>>>()?;
    let mut emails = conn.prepare_cached("SELECT email FROM person_emails WHERE person_id = ?1 ORDER BY position")?;
    // Many people (the whole directory, for the search index): one query for
    // all addresses instead of one per person.
    let mut bulk: Option<HashMap<Id, Vec<String>>> = None;
    if raw.len() > BULK {
        let mut all: HashMap<Id, Vec<String>> = HashMap::new();
        let mut stmt =
            conn.prepare_cached("SELECT person_id, email FROM person_emails ORDER BY person_id, position")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))? {
            let (id, email) = row?;
            all.entry(id).or_default().push(email);
        }
        bulk = Some(all);
    }
    let mut out = Vec::with_capacity(raw.len());
    for (head, tail) in raw {
        let (
            id,
            company_id,
            kind,
            given_name,
            family_name,
            aliases,
            title,
            department,
            topics,
            phones,
            languages,
            notes,
        ) = head;
        let (left_on, left_reason, rp, rr, rt) = tail;
        let kind = match kind.as_str() {
            "outsider" => PersonKind::Outsider,
            _ => PersonKind::Staff,
        };
        let left = match left_on {
            Some(on) => Some(Departure {
                on: on.parse().map_err(|e| DirectoryError::Corrupt(format!("person #{id} left_on {on:?}: {e}")))?,
                reason: left_reason,
            }),
            None => None,
        };
        let calls_to = match (rp, rr, rt) {
            (Some(p), _, _) => Some(Redirect::Person(p)),
            (_, Some(r), _) => Some(Redirect::Role(r)),
            (_, _, Some(t)) => Some(Redirect::Text(t)),
            _ => None,
        };
        out.push(Person {
            id,
            company_id,
            kind,
            given_name,
            family_name,
            aliases: serde_json::from_str(&aliases)?,
            title,
            department,
            topics: serde_json::from_str(&topics)?,
            phones: serde_json::from_str(&phones)?,
            emails: match bulk.as_mut() {
                Some(all) => all.remove(&id).unwrap_or_default(),
                None => emails.query_map([id], |r| r.get(0))?.collect::<crate::store::db::Result<Vec<String>>>()?,
            },
            languages: serde_json::from_str(&languages)?,
            notes,
            left,
            calls_to,
        });
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::directory::companies;
    use crate::model::PhoneKind;
    use crate::store::Store;
    use chrono::TimeZone;

    pub fn stamp() -> Stamp {
        Stamp::new(chrono::Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap(), None)
    }

    pub fn person(company_id: Id, given: &str, family: &str) -> Person {
        Person::new(company_id, given, family)
    }

    pub fn setup() -> (Store, Id) {
        let store = Store::open_in_memory().unwrap();
        let c =
            companies::insert(store.conn(), &companies::tests::company("r", "Rakennus Oy"), &stamp(), false).unwrap();
        (store, c)
    }

    #[test]
    fn insert_get_round_trip_with_everything() {
        let (store, c) = setup();
        let conn = store.conn();
        let mut p = person(c, " Maija ", "Virtanen");
        p.aliases = vec!["Maikki".into()];
        p.topics = vec!["HR".into(), "palkat".into()];
        p.phones = vec![Phone { kind: PhoneKind::Extension, number: "1234".into(), label: String::new() }];
        p.emails = vec!["Maija.Virtanen@Rakennus.FI".into()];
        p.languages = vec!["fi".into(), "sv".into()];
        let id = insert(conn, &p, &stamp(), false).unwrap();
        let got = get(conn, id).unwrap();
        assert_eq!(got.given_name, "Maija");
        assert_eq!(got.emails, vec!["maija.virtanen@rakennus.fi"]);
        assert_eq!(got.topics, p.topics);
        assert_eq!(got.phones, p.phones);
    }

    #[test]
    fn resolve_by_id_email_name_reversed_and_alias() {
        let (store, c) = setup();
        let conn = store.conn();
        let mut p = person(c, "Maija", "Virtanen");
        p.aliases = vec!["Maikki".into()];
        p.emails = vec!["maija@r.fi".into()];
        let id = insert(conn, &p, &stamp(), false).unwrap();
        for q in
            [format!("#{id}"), "MAIJA@r.fi".into(), "maija virtanen".into(), "Virtanen Maija".into(), "maikki".into()]
        {
            assert_eq!(resolve(conn, Some(c), &q).unwrap().id, id, "{q}");
        }
        insert(conn, &person(c, "Ville", "Virtanen"), &stamp(), false).unwrap();
        let err = resolve(conn, Some(c), "virtanen").unwrap_err();
        assert!(matches!(err, DirectoryError::Refused(Refusal::Ambiguous { .. })), "{err}");
        assert!(matches!(
            resolve(conn, Some(c), "nobody"),
            Err(DirectoryError::Refused(crate::model::Refusal::NotFound { .. }))
        ));
    }

    #[test]
    fn edit_logs_old_and_new_per_field() {
        let (store, c) = setup();
        let conn = store.conn();
        let id = insert(conn, &person(c, "Pekka", "Koistinen"), &stamp(), false).unwrap();
        let mut p = get(conn, id).unwrap();
        p.title = "toimitusjohtaja".into();
        assert!(update(conn, &p, &stamp()).unwrap());
        assert!(!update(conn, &p, &stamp()).unwrap(), "no change, no log");
        let log = changes::since(conn, Some(c), stamp().at).unwrap();
        let title = log.iter().find(|e| e.field == crate::model::ChangeField::Title).unwrap();
        assert_eq!(
            (
                title.old.as_ref().and_then(crate::model::ChangeValue::as_text),
                title.new.as_ref().and_then(crate::model::ChangeValue::as_text)
            ),
            (None, Some("toimitusjohtaja"))
        );
        assert_eq!(log.iter().filter(|e| e.entity == crate::model::ChangeEntity::Person).count(), 2);
    }

    #[test]
    fn leaving_records_where_calls_go() {
        let (store, c) = setup();
        let conn = store.conn();
        let old = insert(conn, &person(c, "Olli", "Lähtevä"), &stamp(), false).unwrap();
        let heir = insert(conn, &person(c, "Pekka", "Saarinen"), &stamp(), false).unwrap();
        let departure = Departure { on: "2025-03-31".parse().unwrap(), reason: Some("retired".into()) };
        leave(conn, old, departure.clone(), Some(Redirect::Person(heir)), &stamp()).unwrap();
        let p = get(conn, old).unwrap();
        assert_eq!(p.left, Some(departure));
        let log = changes::since(conn, Some(c), stamp().at).unwrap();
        let to = log.iter().find(|e| e.field == crate::model::ChangeField::CallsTo).unwrap();
        assert_eq!(to.new.as_ref().and_then(crate::model::ChangeValue::as_text), Some("Pekka Saarinen"));
    }

    #[test]
    fn invalid_people_are_refused_with_reasons() {
        let (store, c) = setup();
        let err = insert(store.conn(), &person(c, " ", ""), &stamp(), false).unwrap_err();
        assert!(err.to_string().contains("needs a name"));
        let mut p = person(c, "A", "B");
        p.emails = vec!["not-an-address".into()];
        let err = insert(store.conn(), &p, &stamp(), false).unwrap_err();
        assert!(err.to_string().contains("not an e-mail"), "{err}");
    }
}
