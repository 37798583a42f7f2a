//! The SMTP server messages go out through, from one address:
//!
//! - `smtps://user:password@host[:465]`: TLS from the first byte;
//! - `smtp://user:password@host[:587]`: STARTTLS, required (a server that
//!   does not offer it gets no password and no message);
//! - `smtp://127.0.0.1:2525`: a relay on this machine, in plain text (the
//!   loopback never leaves the machine); `?tls=none` allows plain text to
//!   another host, for a relay on a trusted network.
//!
//! User and password are percent-decoded. The address is never shown with
//! its password ([`shown`]).

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Tokio1Executor};

use crate::directory::{Result, refuse};
use crate::model::Refusal;

/// How long one conversation with the server may take.
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the start (`smtps://`).
    Wrapper,
    /// STARTTLS, required.
    StartTls,
    /// Plain text: loopback, or `?tls=none`.
    None,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    password: Option<String>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Server {
    pub fn parse(address: &str) -> Result<Server> {
        let bad = || Refusal::NotAMailServer { address: shown(address) };
        let Ok(url) = url::Url::parse(address.trim()) else { return refuse(bad()) };
        let wrapper = match url.scheme() {
            "smtps" => true,
            "smtp" => false,
            _ => return refuse(bad()),
        };
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else { return refuse(bad()) };
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        let plain_asked = url.query_pairs().any(|(k, v)| k == "tls" && v == "none");
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        let security = if wrapper {
            Security::Wrapper
        } else if plain_asked || loopback {
            Security::None
        } else {
            Security::StartTls
        };
        let port = url.port().unwrap_or(if wrapper { 465 } else { 587 });
        let decode = |s: &str| crate::text::percent_decode(s);
        let user = Some(url.username()).filter(|u| !u.is_empty()).map(decode);
        let password = url.password().map(decode);
        Ok(Server { host, port, security, user, password })
    }

    /// A transport to this server (connects when a message is sent).
    pub fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host).port(self.port).timeout(Some(TIMEOUT));
        builder = match self.security {
            Security::None => builder.tls(Tls::None),
            Security::Wrapper => builder.tls(Tls::Wrapper(TlsParameters::new(self.host.clone())?)),
            Security::StartTls => builder.tls(Tls::Required(TlsParameters::new(self.host.clone())?)),
        };
        if let Some(user) = &self.user {
            builder = builder.credentials(Credentials::new(user.clone(), self.password.clone().unwrap_or_default()));
        }
        Ok(builder.build())
    }
}

/// The address without its password: `smtps://anna@mail.example.fi:465`.
pub fn shown(address: &str) -> String {
    match url::Url::parse(address.trim()) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(None);
            }
            url.to_string().trim_end_matches('/').to_string()
        }
        Err(_) => crate::model::redact(address),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_pick_the_security_the_brief_names() {
        let s = Server::parse("smtps://anna%40x.fi:p%C3%A4ss@mail.example.fi").unwrap();
        assert_eq!((s.port, s.security, s.user.as_deref()), (465, Security::Wrapper, Some("anna@x.fi")));
        assert_eq!(s.password.as_deref(), Some("päss"));
        let s = Server::parse("smtp://u:p@mail.example.fi").unwrap();
        assert_eq!((s.port, s.security), (587, Security::StartTls));
        let s = Server::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((s.port, s.security), (2525, Security::None));
        let s = Server::parse("smtp://relay.lan:25?tls=none").unwrap();
        assert_eq!(s.security, Security::None);
        for bad in ["http://x", "smtp://", "mail.example.fi", ""] {
            assert!(Server::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_password_is_never_shown_or_debug_printed() {
        let a = "smtps://anna:hunter2@mail.example.fi:465";
        assert_eq!(shown(a), "smtps://anna@mail.example.fi:465");
        let s = Server::parse(a).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        let e = Server::parse("smtpx://anna:hunter2@x").unwrap_err();
        assert!(!e.to_string().contains("hunter2"));
    }
}
