//! Client companies: add, change, find by slug, name or a dialled number.

use crate::params;
use crate::store::db::{Connection, OptionalExtension};

use super::changes::{self, Entry};
use super::{DirectoryError, Result, Stamp};
use crate::model::ChangeField;
use crate::model::{ChangeValue, Company, CompanyNumber, Id, Language};
use crate::phone::number_key;

const COLUMNS: &str =
    "id, slug, name, language, timezone, greetings, opening_hours, notes, allow_mobile_transfer, fallback";

/// Checks what a human could get wrong, with a message saying how to fix it.
pub fn validate(c: &Company) -> Result<()> {
    let slug_ok =
        !c.slug.is_empty() && c.slug.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
    if !slug_ok {
        return Err(crate::model::Refusal::CompanySlug { slug: c.slug.clone() }.into());
    }
    if c.name.trim().is_empty() {
        return Err(crate::model::Refusal::CompanyNeedsName.into());
    }
    crate::time::parse_zone(&c.timezone)
        .map_err(|_| crate::model::Refusal::UnknownZone { zone: c.timezone.clone() })?;
    for span in &c.opening_hours {
        if span.closes <= span.opens {
            return Err(crate::model::Refusal::HoursReversed {
                weekday: span.weekday,
                opens: span.opens,
                closes: span.closes,
            }
            .into());
        }
    }
    Ok(())
}

/// Adds a company; `c.id` is ignored unless `keep_id` (backups keep ids).
pub fn insert(conn: &Connection, c: &Company, stamp: &Stamp, keep_id: bool) -> Result<Id> {
    let mut c = c.clone();
    c.normalise()?;
    let c = &c;
    validate(c)?;
    if find_by_slug(conn, &c.slug)?.is_some() {
        return Err(crate::model::Refusal::CompanyExists { slug: c.slug.clone() }.into());
    }
    let id: Id = conn.query_row(
        "INSERT INTO companies (id, slug, name, language, timezone, greetings, opening_hours, notes, allow_mobile_transfer, fallback)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        params![
            keep_id.then_some(c.id),
            c.slug,
            c.name.trim(),
            c.language.code(),
            c.timezone.trim(),
            serde_json::to_string(&c.greetings)?,
            serde_json::to_string(&c.opening_hours)?,
            c.notes,
            c.allow_mobile_transfer,
            c.fallback
        ],
        |r| r.get(0),
    )?;
    write_numbers(conn, id, &c.numbers)?;
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(id),
            entity: crate::model::ChangeEntity::Company,
            entity_id: Some(id),
            subject: &c.name,
            field: crate::model::ChangeField::Whole,
            old: None,
            new: Some(ChangeValue::Added),
        },
    )?;
    Ok(id)
}

/// Stores `new` over the company with the same id, logging each changed field.
pub fn update(conn: &Connection, new: &Company, stamp: &Stamp) -> Result<()> {
    let mut new = new.clone();
    new.normalise()?;
    let new = &new;
    validate(new)?;
    let old = get(conn, new.id)?;
    if old.slug != new.slug && find_by_slug(conn, &new.slug)?.is_some() {
        return Err(crate::model::Refusal::CompanyExists { slug: new.slug.clone() }.into());
    }
    conn.execute(
        "UPDATE companies SET slug = ?2, name = ?3, language = ?4, timezone = ?5, greetings = ?6,
             opening_hours = ?7, notes = ?8, allow_mobile_transfer = ?9, fallback = ?10
         WHERE id = ?1",
        params![
            new.id,
            new.slug,
            new.name.trim(),
            new.language.code(),
            new.timezone.trim(),
            serde_json::to_string(&new.greetings)?,
            serde_json::to_string(&new.opening_hours)?,
            new.notes,
            new.allow_mobile_transfer,
            new.fallback
        ],
    )?;
    conn.execute("DELETE FROM company_numbers WHERE company_id = ?1", [new.id])?;
    write_numbers(conn, new.id, &new.numbers)?;
    let base = Entry {
        company_id: Some(new.id),
        entity: crate::model::ChangeEntity::Company,
        entity_id: Some(new.id),
        subject: &new.name,
        field: crate::model::ChangeField::Whole,
        old: None,
        new: None,
    };
    let text = |v: &str| ChangeValue::text(v);
    let flag = |on: bool| ChangeValue::Flag { on };
    for (field, o, n) in [
        (ChangeField::Id, text(&old.slug), text(&new.slug)),
        (ChangeField::Name, text(&old.name), text(&new.name)),
        (ChangeField::Language, text(&old.language.to_string()), text(&new.language.to_string())),
        (ChangeField::Timezone, text(&old.timezone), text(&new.timezone)),
        (ChangeField::Numbers, text(&numbers_text(&old.numbers)), text(&numbers_text(&new.numbers))),
        (ChangeField::Greetings, text(&json(&old.greetings)), text(&json(&new.greetings))),
        (ChangeField::OpeningHours, text(&json(&old.opening_hours)), text(&json(&new.opening_hours))),
        (ChangeField::Notes, text(&old.notes), text(&new.notes)),
        (ChangeField::AllowMobileTransfer, flag(old.allow_mobile_transfer), flag(new.allow_mobile_transfer)),
        (ChangeField::Fallback, text(&old.fallback), text(&new.fallback)),
    ] {
        changes::record_field(conn, stamp, &base, field, o, n)?;
    }
    Ok(())
}

/// JSON for the change log; serialising plain data cannot fail.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn numbers_text(numbers: &[CompanyNumber]) -> String {
    numbers.iter().map(|n| n.number.as_str()).collect::<Vec<_>>().join(", ")
}

fn write_numbers(conn: &Connection, company_id: Id, numbers: &[CompanyNumber]) -> Result<()> {
    for (position, n) in numbers.iter().enumerate() {
        let key = number_key(&n.number);
        if key.is_empty() {
            return Err(crate::model::Refusal::NotANumber { number: n.number.clone() }.into());
        }
        let taken: Option<String> = conn
            .query_row(
                "SELECT c.name FROM company_numbers n JOIN companies c ON c.id = n.company_id WHERE n.number_key = ?1",
                [&key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = taken {
            return Err(crate::model::Refusal::NumberTaken { number: n.number.clone(), company: other }.into());
        }
        conn.execute(
            "INSERT INTO company_numbers (company_id, position, number, number_key, label) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![company_id, position as i64, n.number.trim(), key, n.label],
        )?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> Result<Company> {
    query_one(conn, "id = ?1", params![id])?
        .ok_or_else(|| DirectoryError::not_found(crate::model::Thing::Company, id.to_string()))
}

pub fn find_by_slug(conn: &Connection, slug: &str) -> Result<Option<Company>> {
    query_one(conn, "slug = ?1", params![slug])
}

/// The company that answers the dialled `number`, if any.
pub fn for_number(conn: &Connection, number: &str) -> Result<Option<Company>> {
    let key = number_key(number);
    let id: Option<Id> = conn
        .query_row("SELECT company_id FROM company_numbers WHERE number_key = ?1", [key], |r| r.get(0))
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

pub fn list(conn: &Connection) -> Result<Vec<Company>> {
    query(conn, "1 = 1 ORDER BY lower(name)", params![])
}

/// A company by its id number, slug, or name (case-insensitive, or a unique
/// beginning of the name).
pub fn resolve(conn: &Connection, query_text: &str) -> Result<Company> {
    let q = query_text.trim();
    if let Ok(id) = q.parse::<Id>()
        && let Ok(c) = get(conn, id)
    {
        return Ok(c);
    }
    if let Some(c) = find_by_slug(conn, &q.to_lowercase())? {
        return Ok(c);
    }
    let key = q.to_lowercase();
    let all = list(conn)?;
    if let Some(c) = all.iter().find(|c| c.name.to_lowercase() == key) {
        return Ok(c.clone());
    }
    let starts: Vec<&Company> = all.iter().filter(|c| c.name.to_lowercase().starts_with(&key)).collect();
    match starts.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(DirectoryError::not_found(crate::model::Thing::Company, q)),
        many => Err(crate::model::Refusal::Ambiguous {
            what: crate::model::Thing::Company,
            query: q.to_string(),
            candidates: many.iter().map(|c| format!("{} ({})", c.name, c.slug)).collect(),
        }
        .into()),
    }
}

fn query_one(conn: &Connection, filter: &str, p: &[&dyn crate::store::db::ToSql]) -> Result<Option<Company>> {
    Ok(query(conn, filter, p)?.into_iter().next())
}

fn query(conn: &Connection, filter: &str, p: &[&dyn crate::store::db::ToSql]) -> Result<Vec<Company>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM companies WHERE {filter}"))?;
    let raw = stmt
        .query_map(p, |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, bool>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?
        .collect::<crate::store::db::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(raw.len());
    for (id, slug, name, language, timezone, greetings, hours, notes, allow_mobile_transfer, fallback) in raw {
        let language: Language = language.parse().map_err(DirectoryError::Corrupt)?;
        out.push(Company {
            id,
            slug,
            name,
            language,
            timezone,
            numbers: numbers(conn, id)?,
            greetings: serde_json::from_str(&greetings)?,
            opening_hours: serde_json::from_str(&hours)?,
            notes,
            allow_mobile_transfer,
            fallback,
        });
    }
    Ok(out)
}

fn numbers(conn: &Connection, company_id: Id) -> Result<Vec<CompanyNumber>> {
    let mut stmt =
        conn.prepare_cached("SELECT number, label FROM company_numbers WHERE company_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([company_id], |r| Ok(CompanyNumber { number: r.get(0)?, label: r.get(1)? }))?;
    Ok(rows.collect::<crate::store::db::Result<Vec<_>>>()?)
}

/// A company id from its name: "Rakennus-Koivu Oy" → "rakennus-koivu-oy"
/// (lower-case ASCII letters, digits and '-', as [`validate`] wants).
pub fn slug_for(name: &str) -> String {
    let mut slug = String::new();
    for c in crate::text::clean::searchable(name).chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "company".into() } else { slug }
}

/// Companies for a picker, best first: what was typed, folded the way the
/// people search folds ("rakennus koivu" finds "Rakennus-Koivu Oy",
/// "wikstrom" finds "Wikström"), matched at the start of the name, then at
/// the start of a word, then anywhere in the name or the id. Empty: all.
pub fn matching(conn: &Connection, query: &str) -> Result<Vec<Company>> {
    use crate::search::normalize::fold;
    let q = fold(query);
    let mut ranked: Vec<(u8, Company)> = list(conn)?
        .into_iter()
        .filter_map(|c| {
            if q.is_empty() {
                return Some((0, c));
            }
            let name = fold(&c.name);
            let rank = if name.starts_with(&q) {
                0
            } else if name.split(' ').any(|w| w.starts_with(&q)) || name.contains(&format!(" {q}")) {
                1
            } else if name.contains(&q) || fold(&c.slug).contains(&q) {
                2
            } else {
                return None;
            };
            Some((rank, c))
        })
        .collect();
    // `list` is by name: a stable sort keeps that order within a rank.
    ranked.sort_by_key(|(rank, _)| *rank);
    Ok(ranked.into_iter().map(|(_, c)| c).collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::TimeZone;

    #[test]
    fn the_picker_folds_what_was_typed_like_the_people_search() {
        let store = Store::open_in_memory().unwrap();
        for (slug, name) in [("rakennus", "Rakennus-Koivu Oy"), ("ab", "Ab Wikström Konsult"), ("kk", "Koivisto Oy")] {
            let mut c = company(slug, name);
            c.numbers.clear();
            insert(store.conn(), &c, &stamp(), false).unwrap();
        }
        let names =
            |q: &str| -> Vec<String> { matching(store.conn(), q).unwrap().into_iter().map(|c| c.name).collect() };
        assert_eq!(names("rakennus koivu"), ["Rakennus-Koivu Oy"]);
        assert_eq!(names("wikstrom"), ["Ab Wikström Konsult"]);
        assert_eq!(names("vikström"), ["Ab Wikström Konsult"], "w and v fold together");
        assert_eq!(names("koiv"), ["Koivisto Oy", "Rakennus-Koivu Oy"], "the start of the name first");
        assert_eq!(names("").len(), 3);
        assert!(names("gg").is_empty());
    }

    pub(crate) fn company(slug: &str, name: &str) -> Company {
        let mut c = Company::new(slug, name, Language::Fi, "Europe/Helsinki");
        c.numbers = vec![CompanyNumber { number: "09 123 4567".into(), label: "main".into() }];
        c.greetings = [(Language::Fi, format!("{name}, hyvää päivää"))].into();
        c
    }

    fn stamp() -> Stamp {
        Stamp::new(chrono::Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap(), Some("jenny".into()))
    }

    #[test]
    fn add_find_by_slug_name_and_number() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let id = insert(conn, &company("rakennus", "Rakennus Oy"), &stamp(), false).unwrap();
        assert_eq!(resolve(conn, "rakennus").unwrap().id, id);
        assert_eq!(resolve(conn, "RAKENNUS oy").unwrap().id, id);
        assert_eq!(resolve(conn, "Rak").unwrap().id, id);
        assert_eq!(for_number(conn, "+358 9 1234567").unwrap().unwrap().id, id);
        assert!(for_number(conn, "09 999").unwrap().is_none());
        assert!(matches!(resolve(conn, "nope"), Err(DirectoryError::Refused(crate::model::Refusal::NotFound { .. }))));
    }

    #[test]
    fn one_number_one_company() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        insert(conn, &company("a", "A Oy"), &stamp(), false).unwrap();
        let err = insert(conn, &company("b", "B Oy"), &stamp(), false).unwrap_err();
        assert!(err.to_string().contains("already answered for A Oy"), "{err}");
    }

    #[test]
    fn bad_zone_and_slug_are_explained() {
        let store = Store::open_in_memory().unwrap();
        let mut c = company("Bad Slug", "X");
        let err = insert(store.conn(), &c, &stamp(), false).unwrap_err();
        assert!(err.to_string().contains("lower-case"), "{err}");
        c.slug = "x".into();
        c.timezone = "Mars/Olympus".into();
        let err = insert(store.conn(), &c, &stamp(), false).unwrap_err();
        assert!(err.to_string().contains("IANA"), "{err}");
    }

    #[test]
    fn update_logs_changed_fields_only() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let id = insert(conn, &company("a", "A Oy"), &stamp(), false).unwrap();
        let mut c = get(conn, id).unwrap();
        c.name = "A Group Oy".into();
        update(conn, &c, &stamp()).unwrap();
        let log = changes::since(conn, Some(id), stamp().at).unwrap();
        let fields: Vec<_> = log.iter().map(|c| c.field.code()).collect();
        assert_eq!(fields, vec!["name", ""]);
        assert_eq!(log[0].old.as_ref().and_then(crate::model::ChangeValue::as_text), Some("A Oy"));
        assert_eq!(log[0].new.as_ref().and_then(crate::model::ChangeValue::as_text), Some("A Group Oy"));
        assert_eq!(log[0].actor.as_deref(), Some("jenny"));
    }
}
