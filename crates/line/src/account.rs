//! The desk's SIP account: the address it registers as, who it
//! authenticates as, its password, the transport, the certificate
//! authority of a PBX's own TLS certificate, and the headset's sound
//! devices. Checked once here, at the door, so an engine is never handed a
//! value it would misread.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How SIP travels to the PBX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    Udp,
    Tcp,
    Tls,
}

impl Transport {
    pub const ALL: [Transport; 3] = [Transport::Udp, Transport::Tcp, Transport::Tls];

    pub fn code(self) -> &'static str {
        match self {
            Transport::Udp => "udp",
            Transport::Tcp => "tcp",
            Transport::Tls => "tls",
        }
    }
}

impl std::str::FromStr for Transport {
    type Err = AccountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Transport::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| AccountError::Transport(s.to_string()))
    }
}

/// Which part of an account is wrong, and what was given: worded by the
/// faces (the core's catalogs), so each names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("the account {0:?} is not a SIP address like sip:200@pbx.example.fi")]
    Address(String),
    #[error("the authentication user {0:?} has a space, a quote or a control character")]
    User(String),
    #[error(
        "the password has a space, a semicolon, a quote or a control character, which the phone engine cannot carry"
    )]
    Password,
    #[error("the transport {0:?} is not udp, tcp or tls")]
    Transport(String),
    #[error("the certificate authority file {path}: {detail}")]
    CaFile { path: String, detail: String },
    #[error("the sound device {0:?} has a line break or a control character")]
    Device(String),
}

/// The headset's sound devices as the engine names them ("PulseAudio
/// Unknown: Jabra_Headset"); `None`: the engine's first that fits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoundDevices {
    /// Where the ring of a new call sounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ringer: Option<String>,
    /// Where the caller is heard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback: Option<String>,
    /// The microphone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<String>,
}

impl SoundDevices {
    /// Each device checked: a configuration line cannot carry a line break.
    pub fn checked(self) -> Result<SoundDevices, AccountError> {
        let check = |d: Option<String>| -> Result<Option<String>, AccountError> {
            match d.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()) {
                Some(d) if d.chars().any(char::is_control) => Err(AccountError::Device(d)),
                other => Ok(other),
            }
        };
        Ok(SoundDevices { ringer: check(self.ringer)?, playback: check(self.playback)?, capture: check(self.capture)? })
    }

    pub fn is_empty(&self) -> bool {
        self.ringer.is_none() && self.playback.is_none() && self.capture.is_none()
    }
}

/// The PEM certificate authority at `path`, checked: it can be read and
/// holds a certificate. A PBX's own (self-signed) TLS certificate is
/// trusted through it, besides the system's authorities.
pub fn check_ca_file(path: &str) -> Result<String, AccountError> {
    let path = path.trim();
    let err = |detail: String| AccountError::CaFile { path: path.to_string(), detail };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    if !text.contains("-----BEGIN CERTIFICATE-----") {
        return Err(err("no PEM certificate (-----BEGIN CERTIFICATE-----) in it".into()));
    }
    Ok(path.to_string())
}

/// A SIP account as the desk registers it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// `sip:USER@HOST[:PORT]` (or `sips:`), without parameters.
    pub uri: String,
    /// The user name for digest authentication when it is not the URI's user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_user: Option<String>,
    /// The password; never printed (see the `Debug` impl).
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub transport: Transport,
    /// A PEM file with the certificate authority of the PBX's TLS
    /// certificate, when the system does not trust it (a PBX's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    #[serde(default, skip_serializing_if = "SoundDevices::is_empty")]
    pub sound: SoundDevices,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("uri", &self.uri)
            .field("auth_user", &self.auth_user)
            .field("password", &if self.password.is_empty() { "" } else { "…" })
            .field("transport", &self.transport)
            .field("ca_file", &self.ca_file)
            .field("sound", &self.sound)
            .finish()
    }
}

impl Account {
    /// Checks every part; the address is kept as `sip:user@host[:port]`.
    pub fn new(
        uri: &str,
        auth_user: Option<&str>,
        password: &str,
        transport: Transport,
    ) -> Result<Account, AccountError> {
        let uri = uri.trim();
        let parts = parse_uri(uri).ok_or_else(|| AccountError::Address(uri.to_string()))?;
        let auth_user = auth_user.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = auth_user
            && !u.chars().all(is_token_char)
        {
            return Err(AccountError::User(u.to_string()));
        }
        // baresip reads `;auth_pass=VALUE` up to the first space or semicolon.
        if password.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | '"' | '<' | '>' | ',')) {
            return Err(AccountError::Password);
        }
        Ok(Account {
            uri: format!("{}:{}@{}", parts.scheme, parts.user, parts.host),
            auth_user: auth_user.map(str::to_string),
            password: password.to_string(),
            transport,
            ca_file: None,
            sound: SoundDevices::default(),
        })
    }

    /// The extension or user part (`200` of `sip:200@pbx`).
    pub fn user(&self) -> &str {
        parse_uri(&self.uri).map_or("", |p| p.user)
    }

    /// The registrar's host with its port, if any (`pbx.example.fi:5060`).
    pub fn host(&self) -> &str {
        parse_uri(&self.uri).map_or("", |p| p.host)
    }

    /// The address with the password left out, for showing.
    pub fn shown(&self) -> String {
        self.uri.clone()
    }
}

struct UriParts<'a> {
    scheme: &'a str,
    user: &'a str,
    host: &'a str,
}

/// `sip:user@host[:port]`; a user is required (a desk registers as someone).
fn parse_uri(uri: &str) -> Option<UriParts<'_>> {
    let (scheme, rest) = uri.split_once(':')?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "sip" => "sip",
        "sips" => "sips",
        _ => return None,
    };
    let (user, host) = rest.split_once('@')?;
    if user.is_empty() || !user.chars().all(is_token_char) {
        return None;
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(']') || n.starts_with('[') => (n, Some(p)),
        _ => (host, None),
    };
    let name_ok =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0));
    (name_ok && port_ok).then_some(UriParts { scheme, user, host })
}

/// Characters a SIP user part may carry unescaped (RFC 3261 unreserved and
/// user-unreserved), minus those a configuration line would misread.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.' | '!' | '~' | '*' | '\'' | '(' | ')' | '&' | '=' | '+' | '$' | '/' | '?' | '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_checked_at_the_door() {
        let a = Account::new(" sip:200@pbx.example.fi:5070 ", None, "s3cret!", Transport::Tcp).unwrap();
        assert_eq!(a.uri, "sip:200@pbx.example.fi:5070");
        assert_eq!(a.user(), "200");
        assert_eq!(a.host(), "pbx.example.fi:5070");
        assert!(Account::new("SIP:desk-1@127.0.0.1", Some("desk1"), "", Transport::Udp).is_ok());
        for bad in [
            "",
            "200@pbx",
            "sip:pbx.example.fi",
            "tel:+358401234567",
            "sip:2 00@pbx",
            "sip:200@pbx:99999",
            "sip:200@pbx;transport=tcp",
            "sip:200@<x>",
        ] {
            assert!(matches!(Account::new(bad, None, "", Transport::Udp), Err(AccountError::Address(_))), "{bad}");
        }
        assert_eq!(Account::new("sip:200@pbx", None, "a;b", Transport::Udp), Err(AccountError::Password));
        assert_eq!(Account::new("sip:200@pbx", None, "a b", Transport::Udp), Err(AccountError::Password));
        assert!(matches!(Account::new("sip:200@pbx", Some("a\"b"), "", Transport::Udp), Err(AccountError::User(_))));
        assert_eq!("TLS".parse::<Transport>(), Ok(Transport::Tls));
        assert!("sctp".parse::<Transport>().is_err());
    }

    #[test]
    fn a_certificate_authority_and_sound_devices_are_checked_at_the_door() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let missing = missing.to_str().unwrap();
        assert!(matches!(check_ca_file(missing), Err(AccountError::CaFile { path, .. }) if path == missing));
        let not_pem = dir.path().join("key.txt");
        std::fs::write(&not_pem, "hello").unwrap();
        let e = check_ca_file(not_pem.to_str().unwrap()).unwrap_err();
        assert!(e.to_string().contains("no PEM certificate"), "{e}");
        let pem = dir.path().join("pbx.pem");
        std::fs::write(&pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").unwrap();
        assert!(check_ca_file(pem.to_str().unwrap()).is_ok());
        let sound = SoundDevices {
            ringer: Some(" PulseAudio Unknown: Jabra ".into()),
            playback: Some(String::new()),
            capture: None,
        };
        let sound = sound.checked().unwrap();
        assert_eq!((sound.ringer.as_deref(), sound.playback), (Some("PulseAudio Unknown: Jabra"), None));
        let bad = SoundDevices { capture: Some("a\nb".into()), ..Default::default() };
        assert!(matches!(bad.checked(), Err(AccountError::Device(_))));
    }

    #[test]
    fn the_password_is_never_in_debug_output() {
        let a = Account::new("sip:200@pbx", None, "hunter2", Transport::Udp).unwrap();
        assert!(!format!("{a:?}").contains("hunter2"));
        assert!(!a.shown().contains("hunter2"));
    }
}
