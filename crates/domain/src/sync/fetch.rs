//! Fetching a feed: one HTTP client (user agent, connect and total
//! timeouts, limited redirects, a size cap, gzip), conditional GET with
//! ETag / Last-Modified, credentials from the address sent as basic auth
//! and never printed, and local files. Every failure becomes a [`Problem`]
//! (worded by the faces) in [`describe_status`] / [`FetchError`], with
//! whether trying again can help.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};

use crate::model::Problem;

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// For the whole request, body included: a server trickling bytes is cut off.
    pub total_timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 304: the calendar has not changed since the last good sync.
    NotModified,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problem.english())]
pub struct FetchError {
    pub problem: Problem,
    /// Retrying will not help until someone changes something.
    pub permanent: bool,
}

impl FetchError {
    fn new(problem: Problem, permanent: bool) -> FetchError {
        FetchError { problem, permanent }
    }
}

/// HTTP statuses in words an operator can act on.
pub fn describe_status(status: StatusCode) -> FetchError {
    let code = status.as_u16();
    match code {
        401 | 403 => FetchError::new(Problem::NotPublic { status: code }, true),
        404 | 410 => FetchError::new(Problem::Gone { status: code }, true),
        429 => FetchError::new(Problem::SlowDown, false),
        500..=599 => FetchError::new(Problem::ServerTrouble { status: code }, false),
        _ => FetchError::new(Problem::UnexpectedStatus { status: code }, true),
    }
}

/// An HTTP client that could not be set up (TLS backend missing): technical.
pub fn client_failed(e: reqwest::Error) -> Problem {
    Problem::Other { detail: format!("cannot set up the HTTP client: {}", e.without_url()) }
}

/// A transport failure in words (never the address, which may hold a token).
pub fn describe_error(e: &reqwest::Error) -> FetchError {
    // Never print the address: it may hold a token.
    let chain = {
        let mut text = String::new();
        let mut source: Option<&dyn std::error::Error> = Some(e);
        while let Some(s) = source {
            text.push_str(&s.to_string().to_lowercase());
            text.push(' ');
            source = s.source();
        }
        text
    };
    if e.is_timeout() {
        FetchError::new(Problem::Timeout, false)
    } else if e.is_redirect() {
        FetchError::new(Problem::RedirectLoop, true)
    } else if chain.contains("certificate")
        || chain.contains("tls")
        || chain.contains("ssl")
        || chain.contains("handshake")
    {
        FetchError::new(Problem::Tls, true)
    } else if chain.contains("dns")
        || chain.contains("resolve")
        || chain.contains("name or service not known")
        || chain.contains("failed to lookup")
    {
        FetchError::new(Problem::NameNotFound, true)
    } else if e.is_connect() {
        FetchError::new(Problem::Unreachable, false)
    } else {
        FetchError::new(Problem::DownloadFailed, false)
    }
}

pub struct Fetcher {
    client: reqwest::Client,
    options: FetchOptions,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("Vaihde/", env!("CARGO_PKG_VERSION"), " (switchboard directory)"))
            .connect_timeout(options.connect_timeout)
            .timeout(options.total_timeout)
            .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
            .gzip(true)
            .build()
            .map_err(|e| FetchError::new(client_failed(e), true))?;
        Ok(Fetcher { client, options })
    }

    /// Fetches `url`, conditionally when `etag` / `last_modified` are known.
    pub async fn fetch(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, FetchError> {
        let trimmed = url.trim();
        if let Some(path) = trimmed.strip_prefix("file://").or_else(|| trimmed.starts_with('/').then_some(trimmed)) {
            return self.read_file(path);
        }
        let https = if let Some(rest) = trimmed.strip_prefix("webcals://").or_else(|| trimmed.strip_prefix("webcal://"))
        {
            format!("https://{rest}")
        } else {
            trimmed.to_string()
        };
        let mut parsed = reqwest::Url::parse(&https).map_err(|_| FetchError::new(Problem::BadAddress, true))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::new(Problem::BadAddress, true));
        }
        // Credentials travel as basic auth, not in the address (which may be logged by proxies).
        let user = parsed.username().to_string();
        let password = parsed.password().map(str::to_string);
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        let mut request = self.client.get(parsed);
        if !user.is_empty() {
            let user = crate::text::percent_decode(&user);
            request = request.basic_auth(user, password.map(|p| crate::text::percent_decode(&p)));
        }
        if let Some(tag) = etag {
            request = request.header(IF_NONE_MATCH, tag);
        }
        if let Some(lm) = last_modified {
            request = request.header(IF_MODIFIED_SINCE, lm);
        }
        let mut response = request.send().await.map_err(|e| describe_error(&e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(describe_status(status));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
        if response.content_length().is_some_and(|n| n > self.options.max_bytes as u64) {
            return Err(self.too_large());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| describe_error(&e))? {
            if bytes.len() + chunk.len() > self.options.max_bytes {
                return Err(self.too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body { bytes, etag, last_modified })
    }

    fn too_large(&self) -> FetchError {
        FetchError::new(Problem::TooLarge { megabytes: (self.options.max_bytes / (1024 * 1024)) as u64 }, true)
    }

    fn read_file(&self, path: &str) -> Result<Fetched, FetchError> {
        // Missing or forbidden are said in words; anything else with the system's.
        fn file_problem(e: &std::io::Error) -> Problem {
            match e.kind() {
                std::io::ErrorKind::NotFound => Problem::FileMissing,
                std::io::ErrorKind::PermissionDenied => Problem::FileDenied,
                _ => Problem::FileUnreadable { detail: e.to_string() },
            }
        }
        let meta = std::fs::metadata(path).map_err(|e| FetchError::new(file_problem(&e), false))?;
        if meta.len() > self.options.max_bytes as u64 {
            return Err(self.too_large());
        }
        let bytes = std::fs::read(path).map_err(|e| FetchError::new(file_problem(&e), false))?;
        Ok(Fetched::Body { bytes, etag: None, last_modified: None })
    }
}
