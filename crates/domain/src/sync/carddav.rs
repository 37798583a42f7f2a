//! CardDAV address books (RFC 6352), read the way address-book clients do:
//! find the book (the address itself, or `.well-known/carddav` → the
//! current user's principal → its address-book home → the first address
//! book), then ask only what changed since the last sync with
//! `sync-collection` and its sync token (RFC 6578), and fetch the changed
//! cards with `addressbook-multiget`. A server without sync tokens, or one
//! that has forgotten ours, is listed whole with PROPFIND and compared by
//! ETag. User name and password come from the address
//! (`https://user:password@host/…`) as HTTP basic auth.
//!
//! This module only talks to the server; what the cards mean for the
//! directory is `super::staff`'s.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::model::Problem;

const DAV: &str = "DAV:";
const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
/// Cards asked for in one multiget.
const BATCH: usize = 250;

/// One card as the server has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub href: String,
    pub etag: String,
    pub data: String,
}

/// What changed in the book since the sync token we had.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    /// The address book's own URL (found once, then kept).
    pub collection: String,
    /// The server's new sync token (none when it has no sync tokens).
    pub token: Option<String>,
    /// New and changed cards.
    pub changed: Vec<Card>,
    /// Cards deleted on the server.
    pub removed: Vec<String>,
}

/// Why the book could not be read: a feed problem the faces word
/// (`staffProblem…`); `Display` is the English, for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.english())]
pub struct DavError(pub Problem);

/// A server's answer that cannot be read.
fn bad_answer(detail: impl std::fmt::Display) -> DavError {
    DavError(Problem::BadAnswer { detail: detail.to_string() })
}

/// A CardDAV client over one reqwest client. Redirects are followed here,
/// keeping the method (PROPFIND stays PROPFIND).
pub struct Client {
    http: reqwest::Client,
}

struct Target {
    url: url::Url,
    auth: Option<(String, String)>,
}

impl Client {
    pub fn new() -> Result<Client, DavError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("Vaihde/", env!("CARGO_PKG_VERSION"), " (switchboard directory)"))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| DavError(super::fetch::client_failed(e)))?;
        Ok(Client { http })
    }

    /// What changed in the book at `address` since `token`; `collection`
    /// is the book's URL found by an earlier sync (empty: find it now),
    /// `known` the cards we hold (href → ETag).
    pub async fn sync(
        &self,
        address: &str,
        collection: &str,
        token: Option<&str>,
        known: &HashMap<String, String>,
    ) -> Result<Delta, DavError> {
        let target = target(address)?;
        let book = if collection.is_empty() {
            self.discover(&target).await?
        } else {
            url::Url::parse(collection).map_err(bad_answer)?
        };
        let book_target = Target { url: book.clone(), auth: target.auth.clone() };
        let listed = match self.sync_collection(&book_target, token.unwrap_or("")).await? {
            Listing::Tokens { token: new, present, removed } => {
                // The token we had is stale or unknown: the server listed everything.
                let full = token.is_none_or(str::is_empty) || new.is_none();
                (new, present, removed, full)
            }
            Listing::Forgotten => match self.sync_collection(&book_target, "").await? {
                Listing::Tokens { token: new, present, removed } => (new, present, removed, true),
                _ => (None, self.propfind_members(&book_target).await?, Vec::new(), true),
            },
            Listing::Unsupported => (None, self.propfind_members(&book_target).await?, Vec::new(), true),
        };
        let (new_token, present, mut removed, full) = listed;
        if full {
            // Everything the server has was listed: what we hold beyond it is gone.
            removed.extend(known.keys().filter(|h| !present.contains_key(*h)).cloned());
        }
        let wanted: Vec<String> =
            present.iter().filter(|(href, etag)| known.get(*href) != Some(*etag)).map(|(h, _)| h.clone()).collect();
        let mut changed = Vec::with_capacity(wanted.len());
        for chunk in wanted.chunks(BATCH) {
            changed.extend(self.multiget(&book_target, chunk).await?);
        }
        removed.sort();
        removed.dedup();
        Ok(Delta { collection: book.to_string(), token: new_token, changed, removed })
    }

    /// The address book: the address itself when it is one, else through
    /// the principal (from the address, or `.well-known/carddav`).
    async fn discover(&self, target: &Target) -> Result<url::Url, DavError> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">
  <d:prop><d:resourcetype/><d:current-user-principal/><card:addressbook-home-set/></d:prop>
</d:propfind>"#;
        let mut at = target.url.clone();
        let mut tried_well_known = false;
        for _ in 0..6 {
            let (url, status, text) = self.request(target, &at, "PROPFIND", "0", body).await?;
            if status == StatusCode::NOT_FOUND && !tried_well_known {
                tried_well_known = true;
                at = url.join("/.well-known/carddav").map_err(bad_answer)?;
                continue;
            }
            if !status.is_success() && status.as_u16() != 207 {
                return Err(status_error(status));
            }
            let doc = parse(&text)?;
            let first = responses(&doc).into_iter().next();
            let Some(r) = first else { return Err(DavError(Problem::NoAddressBook)) };
            if r.is_addressbook {
                return Ok(url);
            }
            if let Some(home) = r.home {
                return self.first_book(target, &url.join(&home).map_err(bad_answer)?).await;
            }
            if let Some(principal) = r.principal {
                let next = url.join(&principal).map_err(bad_answer)?;
                if next != url {
                    at = next;
                    continue;
                }
            }
            if !tried_well_known {
                tried_well_known = true;
                at = url.join("/.well-known/carddav").map_err(bad_answer)?;
                continue;
            }
            break;
        }
        Err(DavError(Problem::NoAddressBook))
    }

    /// The first address book under a principal's address-book home.
    async fn first_book(&self, target: &Target, home: &url::Url) -> Result<url::Url, DavError> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#;
        let (url, status, text) = self.request(target, home, "PROPFIND", "1", body).await?;
        if !status.is_success() {
            return Err(status_error(status));
        }
        let doc = parse(&text)?;
        let book = responses(&doc).into_iter().find(|r| r.is_addressbook).map(|r| r.href);
        match book {
            Some(href) => url.join(&href).map_err(bad_answer),
            None => Err(DavError(Problem::NoAddressBook)),
        }
    }

    async fn sync_collection(&self, book: &Target, token: &str) -> Result<Listing, DavError> {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#,
            xml_escape(token)
        );
        let (_, status, text) = self.request(book, &book.url, "REPORT", "0", &body).await?;
        match status.as_u16() {
            207 => {}
            // RFC 6578 §3.2: a token the server no longer knows.
            403 | 409 if text.contains("valid-sync-token") => return Ok(Listing::Forgotten),
            400 | 403 | 405 | 415 | 501 => return Ok(Listing::Unsupported),
            _ => return Err(status_error(status)),
        }
        let doc = parse(&text)?;
        let token = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name((DAV, "sync-token")))
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let mut present = HashMap::new();
        let mut removed = Vec::new();
        for r in responses(&doc) {
            if r.gone {
                removed.push(r.href);
            } else if !r.is_collection
                && let Some(etag) = r.etag
            {
                present.insert(r.href, etag);
            }
        }
        Ok(Listing::Tokens { token, present, removed })
    }

    /// Every card of the book with its ETag (servers without sync tokens).
    async fn propfind_members(&self, book: &Target) -> Result<HashMap<String, String>, DavError> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"#;
        let (_, status, text) = self.request(book, &book.url, "PROPFIND", "1", body).await?;
        if !status.is_success() {
            return Err(status_error(status));
        }
        let doc = parse(&text)?;
        Ok(responses(&doc)
            .into_iter()
            .filter(|r| !r.is_collection && !r.gone)
            .filter_map(|r| r.etag.map(|e| (r.href, e)))
            .collect())
    }

    async fn multiget(&self, book: &Target, hrefs: &[String]) -> Result<Vec<Card>, DavError> {
        let mut body = String::from(
            r#"<?xml version="1.0" encoding="utf-8"?>
<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data/></d:prop>"#,
        );
        for h in hrefs {
            body.push_str(&format!("<d:href>{}</d:href>", xml_escape(h)));
        }
        body.push_str("</card:addressbook-multiget>");
        let (_, status, text) = self.request(book, &book.url, "REPORT", "1", &body).await?;
        if status.as_u16() != 207 {
            return Err(status_error(status));
        }
        let doc = parse(&text)?;
        Ok(responses(&doc)
            .into_iter()
            .filter_map(|r| Some(Card { href: r.href, etag: r.etag.unwrap_or_default(), data: r.data? }))
            .collect())
    }

    /// One WebDAV request, following redirects with the same method.
    async fn request(
        &self,
        target: &Target,
        url: &url::Url,
        method: &str,
        depth: &str,
        body: &str,
    ) -> Result<(url::Url, StatusCode, String), DavError> {
        let method = Method::from_bytes(method.as_bytes()).map_err(bad_answer)?;
        let mut at = url.clone();
        for _ in 0..6 {
            let mut req = self
                .http
                .request(method.clone(), at.clone())
                .header("Depth", depth)
                .header("Content-Type", "application/xml; charset=utf-8")
                .body(body.to_string());
            if let Some((user, password)) = &target.auth {
                req = req.basic_auth(user, Some(password));
            }
            let resp = req.send().await.map_err(|e| reach_error(&e))?;
            let status = resp.status();
            if status.is_redirection()
                && let Some(next) = resp.headers().get("Location").and_then(|l| l.to_str().ok())
            {
                at = at.join(next).map_err(bad_answer)?;
                continue;
            }
            if status == StatusCode::UNAUTHORIZED {
                return Err(status_error(status));
            }
            let text = resp.text().await.map_err(|e| reach_error(&e))?;
            return Ok((at, status, text));
        }
        Err(DavError(Problem::RedirectLoop))
    }
}

enum Listing {
    Tokens {
        token: Option<String>,
        present: HashMap<String, String>,
        removed: Vec<String>,
    },
    /// The server no longer knows our token: list again from nothing.
    Forgotten,
    /// No sync-collection here: list with PROPFIND and compare ETags.
    Unsupported,
}

fn target(address: &str) -> Result<Target, DavError> {
    let mut url = url::Url::parse(address.trim()).map_err(|_| DavError(Problem::BadAddress))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(DavError(Problem::BadAddress));
    }
    let user = percent(url.username());
    let auth = (!user.is_empty()).then(|| (user, percent(url.password().unwrap_or(""))));
    // Credentials go in the header, never in the request line or a log.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok(Target { url, auth })
}

fn percent(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// An HTTP status as the calendar feeds say it (401/403 refused, 404 gone, 5xx trouble).
fn status_error(status: StatusCode) -> DavError {
    DavError(super::fetch::describe_status(status).problem)
}

/// A transport failure as the calendar feeds say it.
fn reach_error(e: &reqwest::Error) -> DavError {
    DavError(super::fetch::describe_error(e).problem)
}

fn parse<'a>(text: &'a str) -> Result<roxmltree::Document<'a>, DavError> {
    roxmltree::Document::parse(text).map_err(bad_answer)
}

/// One `<d:response>` of a multistatus, as far as we need it.
#[derive(Debug, Default)]
struct Response {
    href: String,
    /// A 404 response: deleted (sync-collection).
    gone: bool,
    is_collection: bool,
    is_addressbook: bool,
    etag: Option<String>,
    data: Option<String>,
    principal: Option<String>,
    home: Option<String>,
}

fn responses(doc: &roxmltree::Document<'_>) -> Vec<Response> {
    let mut out = Vec::new();
    for r in doc.descendants().filter(|n| n.has_tag_name((DAV, "response"))) {
        let mut resp = Response::default();
        for c in r.children().filter(|c| c.is_element()) {
            if c.has_tag_name((DAV, "href")) {
                resp.href = c.text().unwrap_or("").trim().to_string();
            } else if c.has_tag_name((DAV, "status")) && c.text().unwrap_or("").contains(" 404") {
                resp.gone = true;
            } else if c.has_tag_name((DAV, "propstat")) {
                let ok = c
                    .children()
                    .find(|s| s.has_tag_name((DAV, "status")))
                    .and_then(|s| s.text())
                    .is_none_or(|s| s.contains(" 200"));
                if !ok {
                    continue;
                }
                for p in c.descendants().filter(|p| p.is_element()) {
                    let href_in = |p: roxmltree::Node<'_, '_>| {
                        p.children()
                            .find(|h| h.has_tag_name((DAV, "href")))
                            .and_then(|h| h.text())
                            .map(|t| t.trim().to_string())
                    };
                    if p.has_tag_name((DAV, "getetag")) {
                        resp.etag = p.text().map(|t| t.trim().to_string());
                    } else if p.has_tag_name((DAV, "collection")) {
                        resp.is_collection = true;
                    } else if p.has_tag_name((CARDDAV, "addressbook")) {
                        resp.is_addressbook = true;
                    } else if p.has_tag_name((CARDDAV, "address-data")) {
                        resp.data = Some(p.text().unwrap_or("").to_string());
                    } else if p.has_tag_name((DAV, "current-user-principal")) {
                        resp.principal = href_in(p);
                    } else if p.has_tag_name((CARDDAV, "addressbook-home-set")) {
                        resp.home = href_in(p);
                    }
                }
            }
        }
        if !resp.href.is_empty() {
            out.push(resp);
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multistatus_with_changed_and_deleted_cards_is_read() {
        let text = r#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">
  <d:response><d:href>/book/a.vcf</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag>
    <card:address-data>BEGIN:VCARD&#13;
FN:A
END:VCARD</card:address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
  <d:response><d:href>/book/b.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
  <d:sync-token>http://x/sync/2</d:sync-token>
</d:multistatus>"#;
        let doc = roxmltree::Document::parse(text).unwrap();
        let r = responses(&doc);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].href.as_str(), r[0].etag.as_deref()), ("/book/a.vcf", Some("\"1\"")));
        assert!(r[0].data.as_deref().unwrap().contains("FN:A"));
        assert!(r[1].gone);
    }

    #[test]
    fn credentials_leave_the_address_for_the_header() {
        let t = target("https://anna%40koivu:p%C3%A4ss@dav.example/books/").unwrap();
        assert_eq!(t.url.as_str(), "https://dav.example/books/");
        assert_eq!(t.auth, Some(("anna@koivu".into(), "päss".into())));
        assert!(target("webcal://x").is_err());
    }
}
