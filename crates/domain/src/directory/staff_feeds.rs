//! Staff feeds as stored: a company's own staff source (a vCard, CSV or
//! Excel file or URL) that a sync follows, and which of our people each
//! source lists. A person a source stops listing is flagged "gone from it
//! since", never deleted: the operator decides whether they left.
//! The sync itself is `crate::sync::staff`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::changes::{self, Entry, get_utc, utc_text};
use super::{DirectoryError, Result, Stamp, companies};
use crate::import::Format;
use crate::model::{ChangeValue, Id, Problem, Thing, redact};
use crate::params;
use crate::store::db::{Connection, Row};

/// A staff source of one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffFeed {
    pub id: Id,
    pub company_id: Id,
    /// The full address (may carry a token): only fetching reads it.
    #[serde(skip_serializing)]
    pub url: String,
    /// The address as it may be shown.
    pub address: String,
    pub label: String,
    /// Forced format; else guessed from the name and content.
    pub format: Option<FormatCode>,
    /// An Excel workbook's sheet; empty for the first.
    pub sheet: String,
    /// "Header=field" mappings, as `vaihde import --map` takes them.
    pub mapping: Vec<String>,
    #[serde(skip_serializing)]
    pub etag: Option<String>,
    #[serde(skip_serializing)]
    pub last_modified: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// Why the last try failed; empty when it did not.
    pub last_error: String,
    /// How many people the last good sync listed.
    pub listed: i64,
    /// A CardDAV book's own URL, once found.
    #[serde(skip_serializing)]
    pub collection: String,
    /// A CardDAV server's sync token from the last good sync.
    #[serde(skip_serializing)]
    pub sync_token: Option<String>,
    /// Why the last try failed, as a value the faces word; `None` when it did not.
    pub problem: Option<Problem>,
}

impl StaffFeed {
    /// How the feed is named to a person: its label, else its address.
    pub fn name(&self) -> &str {
        if self.label.is_empty() { &self.address } else { &self.label }
    }
}

/// A staff file's format as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatCode {
    Csv,
    Vcard,
    Xlsx,
    /// A CardDAV address book (read card by card, with sync tokens).
    Carddav,
}

impl FormatCode {
    pub fn code(self) -> &'static str {
        match self {
            FormatCode::Csv => "csv",
            FormatCode::Vcard => "vcard",
            FormatCode::Xlsx => "xlsx",
            FormatCode::Carddav => "carddav",
        }
    }

    pub fn parse(code: &str) -> Option<FormatCode> {
        match code.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(FormatCode::Csv),
            "vcard" | "vcf" => Some(FormatCode::Vcard),
            "xlsx" | "excel" => Some(FormatCode::Xlsx),
            "carddav" => Some(FormatCode::Carddav),
            _ => None,
        }
    }

    pub fn format(self) -> Format {
        match self {
            FormatCode::Csv => Format::Csv,
            FormatCode::Vcard => Format::Vcard,
            FormatCode::Xlsx => Format::Xlsx,
            FormatCode::Carddav => Format::Vcard,
        }
    }
}

/// What a new staff feed reads.
#[derive(Debug, Clone, Default)]
pub struct NewStaffFeed {
    pub url: String,
    pub label: String,
    pub format: Option<FormatCode>,
    pub sheet: String,
    pub mapping: Vec<String>,
}

const COLUMNS: &str = "id, company_id, url, address, label, format, sheet, mapping, etag, last_modified,
     last_attempt_at, last_success_at, last_error, listed, collection, sync_token, last_problem";

const SHOWN_COLUMNS: &str = "id, company_id, '', address, label, format, sheet, mapping, etag, last_modified,
     last_attempt_at, last_success_at, last_error, listed, collection, sync_token, last_problem";

fn read(r: &Row) -> crate::store::db::Result<StaffFeed> {
    let format: String = r.get(5)?;
    let mapping: String = r.get(7)?;
    let at = |i: usize| -> crate::store::db::Result<Option<DateTime<Utc>>> {
        let text: Option<String> = r.get(i)?;
        Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|d| d.with_timezone(&Utc)))
    };
    Ok(StaffFeed {
        id: r.get(0)?,
        company_id: r.get(1)?,
        url: r.get(2)?,
        address: r.get(3)?,
        label: r.get(4)?,
        format: FormatCode::parse(&format),
        sheet: r.get(6)?,
        mapping: mapping.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect(),
        etag: r.get(8)?,
        last_modified: r.get(9)?,
        last_attempt_at: at(10)?,
        last_success_at: at(11)?,
        last_error: r.get(12)?,
        listed: r.get(13)?,
        collection: r.get(14)?,
        sync_token: r.get(15)?,
        // A problem from a newer Vaihde reads as its English sentence.
        problem: r.get::<_, Option<String>>(16)?.map(|json| {
            serde_json::from_str(&json).unwrap_or_else(|_| Problem::Other { detail: r.get(12).unwrap_or_default() })
        }),
    })
}

fn rows<T, P: crate::store::db::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnMut(&Row) -> crate::store::db::Result<T>,
) -> crate::store::db::Result<Vec<T>> {
    conn.prepare(sql)?.query_map(params, f)?.collect()
}

/// Adds a staff feed; its mappings are checked now, not at the first sync.
pub fn add(conn: &Connection, company_id: Id, new: &NewStaffFeed, stamp: &Stamp) -> Result<Id> {
    super::feeds::check_address(&new.url)?;
    let company = companies::get(conn, company_id)?;
    let label = crate::text::bounded(crate::text::Kind::Name, crate::model::Field::Label, &new.label)?;
    for m in &new.mapping {
        crate::import::parse_mapping(m).map_err(|_| {
            let fields: Vec<&str> = crate::import::Field::NAMES.iter().map(|(n, _)| *n).collect();
            DirectoryError::Refused(crate::model::Refusal::BadMapping { mapping: m.clone(), fields: fields.join(", ") })
        })?;
    }
    let url = new.url.trim();
    let id: Id = conn.query_row(
        "INSERT INTO staff_feeds (company_id, url, address, label, format, sheet, mapping, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![
            company_id,
            url,
            redact(url),
            label.trim(),
            new.format.map_or("", FormatCode::code),
            new.sheet.trim(),
            new.mapping.join("\n"),
            utc_text(stamp.at)
        ],
        |r| r.get(0),
    )?;
    let subject = if label.trim().is_empty() { redact(url) } else { label.trim().to_string() };
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(company.id),
            entity: crate::model::ChangeEntity::Feed,
            entity_id: Some(id),
            subject: &subject,
            field: crate::model::ChangeField::Whole,
            old: None,
            new: Some(ChangeValue::FeedAdded { address: redact(url) }),
        },
    )?;
    Ok(id)
}

/// The staff feeds of one company, or of all, as they may be shown: the
/// full address (it may carry a token) is left empty, so a desk's role
/// need not be allowed to read it.
pub fn list(conn: &Connection, company_id: Option<Id>) -> Result<Vec<StaffFeed>> {
    list_with(conn, company_id, SHOWN_COLUMNS)
}

/// The staff feeds with their full addresses, for fetching them.
pub fn list_to_fetch(conn: &Connection, company_id: Option<Id>) -> Result<Vec<StaffFeed>> {
    list_with(conn, company_id, COLUMNS)
}

fn list_with(conn: &Connection, company_id: Option<Id>, columns: &str) -> Result<Vec<StaffFeed>> {
    Ok(rows(
        conn,
        &format!(
            "SELECT {columns} FROM staff_feeds WHERE (CAST(?1 AS BIGINT) IS NULL OR company_id = ?1) ORDER BY company_id, id"
        ),
        params![company_id],
        read,
    )?)
}

/// One staff feed, with its full address (for fetching it).
pub fn get(conn: &Connection, id: Id) -> Result<StaffFeed> {
    rows(conn, &format!("SELECT {COLUMNS} FROM staff_feeds WHERE id = ?1"), [id], read)?
        .into_iter()
        .next()
        .ok_or_else(|| DirectoryError::not_found(Thing::Feed, id.to_string()))
}

/// Removes a staff feed. Nobody it brought is removed: they are the
/// company's people now, and the change log says where they came from.
pub fn remove(conn: &Connection, id: Id, stamp: &Stamp) -> Result<()> {
    let feed = rows(conn, &format!("SELECT {SHOWN_COLUMNS} FROM staff_feeds WHERE id = ?1"), [id], read)?
        .into_iter()
        .next()
        .ok_or_else(|| DirectoryError::not_found(Thing::Feed, id.to_string()))?;
    conn.execute("DELETE FROM staff_feeds WHERE id = ?1", [id])?;
    changes::record(
        conn,
        stamp,
        Entry {
            company_id: Some(feed.company_id),
            entity: crate::model::ChangeEntity::Feed,
            entity_id: Some(id),
            subject: feed.name(),
            field: crate::model::ChangeField::Whole,
            old: None,
            new: Some(ChangeValue::Removed),
        },
    )
}

/// A failed try: the last good sync's people and flags stay as they are.
/// `problem` is kept as a value, and in English (its staff-list words) for logs.
pub fn record_failure(conn: &Connection, id: Id, at: DateTime<Utc>, problem: &Problem) -> Result<()> {
    let english = crate::words::Words::of(crate::model::Language::En).staff_problem(problem);
    conn.execute(
        "UPDATE staff_feeds SET last_attempt_at = ?2, last_error = ?3, last_problem = ?4 WHERE id = ?1",
        params![id, utc_text(at), english, serde_json::to_string(problem)?],
    )?;
    Ok(())
}

/// The source has not changed since the last good sync (304).
pub fn record_unchanged(conn: &Connection, id: Id, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE staff_feeds SET last_attempt_at = ?2, last_success_at = ?2, last_error = '', last_problem = NULL WHERE id = ?1",
        params![id, utc_text(at)],
    )?;
    Ok(())
}

pub fn record_success(
    conn: &Connection,
    id: Id,
    at: DateTime<Utc>,
    validators: (Option<&str>, Option<&str>),
    listed: usize,
) -> Result<()> {
    conn.execute(
        "UPDATE staff_feeds SET last_attempt_at = ?2, last_success_at = ?2, last_error = '', last_problem = NULL, etag = ?3,
             last_modified = ?4, listed = ?5 WHERE id = ?1",
        params![id, utc_text(at), validators.0, validators.1, listed as i64],
    )?;
    Ok(())
}

/// One person as one source lists them (or listed them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    pub feed_id: Id,
    /// The source as named to a person (its label, else its address).
    pub feed: String,
    pub person_id: Id,
    /// The fields whose values came from this source.
    pub fields: Vec<String>,
    pub first_seen: DateTime<Utc>,
    pub seen_at: DateTime<Utc>,
    /// Since when the source no longer lists them.
    pub gone_since: Option<DateTime<Utc>>,
}

const SOURCE_COLUMNS: &str = "s.feed_id, CASE WHEN f.label = '' THEN f.address ELSE f.label END, s.person_id, s.fields,
     s.first_seen, s.seen_at, s.gone_since";

fn read_source(r: &Row) -> crate::store::db::Result<Source> {
    let fields: String = r.get(3)?;
    let gone: Option<String> = r.get(6)?;
    Ok(Source {
        feed_id: r.get(0)?,
        feed: r.get(1)?,
        person_id: r.get(2)?,
        fields: fields.split(',').filter(|f| !f.is_empty()).map(String::from).collect(),
        first_seen: get_utc(r, 4)?,
        seen_at: get_utc(r, 5)?,
        gone_since: gone.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|d| d.with_timezone(&Utc)),
    })
}

/// The sources that list (or listed) a person.
pub fn sources_of(conn: &Connection, person_id: Id) -> Result<Vec<Source>> {
    Ok(rows(
        conn,
        &format!(
            "SELECT {SOURCE_COLUMNS} FROM staff_sources s JOIN staff_feeds f ON f.id = s.feed_id
             WHERE s.person_id = ?1 ORDER BY s.feed_id"
        ),
        [person_id],
        read_source,
    )?)
}

/// Everyone a feed lists or listed.
pub fn sources_in(conn: &Connection, feed_id: Id) -> Result<Vec<Source>> {
    Ok(rows(
        conn,
        &format!(
            "SELECT {SOURCE_COLUMNS} FROM staff_sources s JOIN staff_feeds f ON f.id = s.feed_id
             WHERE s.feed_id = ?1 ORDER BY s.person_id"
        ),
        [feed_id],
        read_source,
    )?)
}

/// People of a company (current staff) that a source no longer lists,
/// the longest gone first: the operator's "has anyone left?" list.
pub fn gone(conn: &Connection, company_id: Option<Id>) -> Result<Vec<Source>> {
    Ok(rows(
        conn,
        &format!(
            "SELECT {SOURCE_COLUMNS} FROM staff_sources s JOIN staff_feeds f ON f.id = s.feed_id
             JOIN people p ON p.id = s.person_id
             WHERE s.gone_since IS NOT NULL AND p.left_on IS NULL
               AND (CAST(?1 AS BIGINT) IS NULL OR s.company_id = ?1)
             ORDER BY s.gone_since, s.person_id"
        ),
        params![company_id],
        read_source,
    )?)
}

/// The source lists the person now, with these fields. Returns whether it
/// had stopped listing them before (they are back).
pub fn seen(conn: &Connection, feed: &StaffFeed, person_id: Id, fields: &[&str], at: DateTime<Utc>) -> Result<bool> {
    let was_gone: Option<Option<String>> = rows(
        conn,
        "SELECT gone_since FROM staff_sources WHERE person_id = ?1 AND feed_id = ?2",
        params![person_id, feed.id],
        |r| r.get::<_, Option<String>>(0),
    )?
    .into_iter()
    .next();
    let now = utc_text(at);
    match was_gone {
        None => {
            conn.execute(
                "INSERT INTO staff_sources (person_id, feed_id, company_id, fields, first_seen, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![person_id, feed.id, feed.company_id, fields.join(","), now],
            )?;
            Ok(false)
        }
        Some(gone) => {
            conn.execute(
                "UPDATE staff_sources SET fields = ?3, seen_at = ?4, gone_since = NULL WHERE person_id = ?1 AND feed_id = ?2",
                params![person_id, feed.id, fields.join(","), now],
            )?;
            Ok(gone.is_some())
        }
    }
}

/// The source no longer lists the person: flagged, never deleted.
pub fn flag_gone(conn: &Connection, feed_id: Id, person_id: Id, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE staff_sources SET gone_since = ?3 WHERE person_id = ?1 AND feed_id = ?2 AND gone_since IS NULL",
        params![person_id, feed_id, utc_text(at)],
    )?;
    Ok(())
}

/// The cards of a CardDAV feed as last fetched: href → (ETag, vCard).
pub fn cards(conn: &Connection, feed_id: Id) -> Result<std::collections::BTreeMap<String, (String, String)>> {
    Ok(rows(conn, "SELECT href, etag, data FROM staff_feed_cards WHERE feed_id = ?1", [feed_id], |r| {
        Ok((r.get::<_, String>(0)?, (r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
    })?
    .into_iter()
    .collect())
}

/// Stores what a CardDAV sync brought: changed cards, deleted ones, and
/// where to start next time. Part of the sync's transaction.
pub fn store_cards(
    conn: &Connection,
    feed_id: Id,
    changed: &[(String, String, String)],
    removed: &[String],
    collection: &str,
    token: Option<&str>,
) -> Result<()> {
    for href in removed {
        conn.execute("DELETE FROM staff_feed_cards WHERE feed_id = ?1 AND href = ?2", params![feed_id, href])?;
    }
    for (href, etag, data) in changed {
        conn.execute("DELETE FROM staff_feed_cards WHERE feed_id = ?1 AND href = ?2", params![feed_id, href])?;
        conn.execute(
            "INSERT INTO staff_feed_cards (feed_id, href, etag, data) VALUES (?1, ?2, ?3, ?4)",
            params![feed_id, href, etag, data],
        )?;
    }
    conn.execute(
        "UPDATE staff_feeds SET collection = ?2, sync_token = ?3 WHERE id = ?1",
        params![feed_id, collection, token],
    )?;
    Ok(())
}
