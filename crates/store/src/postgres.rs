//! The team database: PostgreSQL through tokio-postgres, behind the same
//! [`super::db::Connection`] as SQLite.
//!
//! The driver's connection task runs on a small runtime of its own (one
//! thread per open database); queries are sent from the caller's thread and
//! waited for with a plain executor, so the store stays synchronous like
//! SQLite's and works the same inside and outside the faces' async code.
//! Values are converted to the server's column types on the way in and
//! out ([`Value`] is SQLite's: null, integer, real, text); `?N`
//! placeholders become `$N`. Statements are prepared once per connection.
//!
//! Errors name the host and database, never the password.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use super::db::{Result, Row, Value};

/// A PostgreSQL failure, with the server's SQLSTATE when it sent one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct PgError {
    pub message: String,
    /// The SQLSTATE ("40001", "23505"), when the server answered.
    pub code: Option<String>,
}

impl PgError {
    fn new(message: impl Into<String>) -> PgError {
        PgError { message: message.into(), code: None }
    }

    fn from_driver(e: &tokio_postgres::Error, server: &str) -> PgError {
        match e.as_db_error() {
            Some(db) => PgError { message: format!("{server}: {}", db.message()), code: Some(db.code().code().into()) },
            None if e.is_closed() => PgError::new(format!("{server}: the connection to the database was lost")),
            None => {
                // The driver's own words, with whatever caused it (refused, timed out, TLS).
                let told = e.to_string();
                let cause = e.source().map(|c| c.to_string()).filter(|c| !told.contains(c.as_str()));
                let cause = cause.map(|c| format!(": {c}")).unwrap_or_default();
                PgError::new(format!("{server}: {e}{cause}"))
            }
        }
    }
}

/// An open connection to the team database.
pub struct Client {
    client: tokio_postgres::Client,
    statements: RefCell<HashMap<String, tokio_postgres::Statement>>,
    /// "db.example.org:5432/vaihde", for error messages.
    server: String,
}

/// How this process's connections are named to the server (PostgreSQL's
/// `application_name`): "vaihde desk anna@desk-3", so that `vaihde team
/// status` and the server's own views can say which desk holds what.
static DESK_NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names this process's connections; the first name set stays. Names
/// longer than the server keeps (63 bytes) are cut at a character.
pub fn set_desk_name(name: &str) {
    let mut name: String = name.chars().filter(|c| !c.is_control()).collect();
    while name.len() > 63 {
        name.pop();
    }
    let _ = DESK_NAME.set(name);
}

/// The name of this process's connections ("vaihde" until one is set).
pub fn desk_name() -> &'static str {
    DESK_NAME.get().map_or("vaihde", String::as_str)
}

/// The driver's runtime: one thread for every connection of the process,
/// never dropped (a runtime cannot be dropped inside the faces' async code).
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: std::sync::OnceLock<std::io::Result<tokio::runtime::Runtime>> = std::sync::OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).thread_name("postgres").enable_all().build()
        })
        .as_ref()
        .map_err(|e| PgError::new(format!("cannot start the database connection: {e}")).into())
}

/// A URL for the same server whose connections work in schema `name`
/// (created if missing): tests give each directory a schema of its own.
pub fn schema_url(url: &str, name: &str) -> Result<String> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(PgError::new(format!("a test schema name of letters, digits and _ only: {name}")).into());
    }
    let client = Client::connect(url, Duration::from_secs(10))?;
    client.batch(&format!("CREATE SCHEMA IF NOT EXISTS {name}"))?;
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}options=-c%20search_path%3D{name}"))
}

/// Where a `postgres://` URL points, without its password.
pub fn describe(url: &str) -> String {
    match url.parse::<tokio_postgres::Config>() {
        Ok(config) => {
            let host = config
                .get_hosts()
                .first()
                .map(|h| match h {
                    tokio_postgres::config::Host::Tcp(name) => name.clone(),
                    tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
                })
                .unwrap_or_else(|| "localhost".into());
            let port = config.get_ports().first().copied().unwrap_or(5432);
            format!("{host}:{port}/{}", config.get_dbname().unwrap_or(""))
        }
        Err(_) => "the database address".into(),
    }
}

/// How to connect to `url`, the same for every connection of the process.
struct Settings {
    /// "db.example.org:5432/vaihde", for error messages.
    server: String,
    config: tokio_postgres::Config,
    tls: postgres_native_tls::MakeTlsConnector,
}

fn settings(url: &str, timeout: Duration) -> Result<Settings> {
    let server = describe(url);
    let mut config: tokio_postgres::Config =
        url.parse().map_err(|e| PgError::new(format!("{server}: the database address cannot be read: {e}")))?;
    config.connect_timeout(timeout);
    config.application_name(desk_name());
    let tls = native_tls::TlsConnector::new()
        .map(postgres_native_tls::MakeTlsConnector::new)
        .map_err(|e| PgError::new(format!("{server}: TLS is not available: {e}")))?;
    Ok(Settings { server, config, tls })
}

impl Client {
    /// Connects to `url` (`postgres://user@host:port/db?sslmode=require`);
    /// TLS is used as `sslmode` says, with the system's certificates.
    pub fn connect(url: &str, timeout: Duration) -> Result<Client> {
        let Settings { server, config, tls } = settings(url, timeout)?;
        // Connected on the driver's runtime (sockets need its reactor), the
        // connection task left running there; waited for from here.
        let connecting = runtime()?.spawn(async move {
            let (client, connection) = config.connect(tls).await?;
            tokio::spawn(async move {
                // Ends when the client is dropped or the server goes away; a
                // query after that fails with "the connection was lost".
                let _ = connection.await;
            });
            Ok::<_, tokio_postgres::Error>(client)
        });
        let client = futures_executor::block_on(connecting)
            .map_err(|e| PgError::new(format!("{server}: connecting failed: {e}")))?
            .map_err(|e| PgError::from_driver(&e, &server))?;
        Ok(Client { client, statements: RefCell::new(HashMap::new()), server })
    }

    fn wait<T>(&self, fut: impl std::future::Future<Output = Result<T, tokio_postgres::Error>>) -> Result<T> {
        futures_executor::block_on(fut).map_err(|e| PgError::from_driver(&e, &self.server).into())
    }

    fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.wait(self.client.prepare(&placeholders(sql)))?;
        self.statements.borrow_mut().insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub fn execute(&self, sql: &str, values: &[Value]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        Ok(usize::try_from(self.wait(self.client.execute(&stmt, &params))?).unwrap_or(usize::MAX))
    }

    pub fn batch(&self, sql: &str) -> Result<()> {
        self.wait(self.client.batch_execute(sql))
    }

    pub fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = self.wait(self.client.query(&stmt, &params))?;
        let names: Arc<[String]> = stmt.columns().iter().map(|c| c.name().to_string()).collect();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(names.len());
            for i in 0..names.len() {
                let v: Value = row.try_get(i).map_err(|e| {
                    super::db::Error::conversion(names.get(i).map(String::as_str).unwrap_or("?"), e.to_string())
                })?;
                values.push(v);
            }
            out.push(Row { names: names.clone(), values });
        }
        Ok(out)
    }
}

/// A connection of its own that LISTENs on a channel: the server's
/// notifications arrive on a channel the caller waits on, without a query.
/// Notifications sent while it was disconnected are lost (PostgreSQL keeps
/// none for absent listeners): whoever reconnects must catch up by query.
pub struct Listener {
    heard: std::sync::mpsc::Receiver<Heard>,
    /// Kept so the connection stays open; dropping it closes it.
    _client: tokio_postgres::Client,
    /// The server process of this connection (`pg_backend_pid()`).
    pub pid: i64,
}

/// What a [`Listener`] heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// A notification on the channel.
    Notified,
    /// The connection ended: nothing more will be heard on it.
    Lost,
}

impl Listener {
    /// Connects to `url` and LISTENs on `channel` (letters, digits, `_`).
    pub fn listen(url: &str, channel: &str, timeout: Duration) -> Result<Listener> {
        use futures_util::StreamExt;
        if !channel.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(PgError::new(format!("a channel name of letters, digits and _ only: {channel}")).into());
        }
        let Settings { server, config, tls } = settings(url, timeout)?;
        let (tell, heard) = std::sync::mpsc::channel();
        let listen = format!("LISTEN {channel}");
        let connecting = runtime()?.spawn(async move {
            let (client, mut connection) = config.connect(tls).await?;
            tokio::spawn(async move {
                let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                while let Some(Ok(message)) = messages.next().await {
                    if matches!(message, tokio_postgres::AsyncMessage::Notification(_))
                        && tell.send(Heard::Notified).is_err()
                    {
                        return;
                    }
                }
                let _ = tell.send(Heard::Lost);
            });
            client.batch_execute(&listen).await?;
            let pid: i32 = client.query_one("SELECT pg_backend_pid()", &[]).await?.try_get(0)?;
            Ok::<_, tokio_postgres::Error>((client, pid))
        });
        let (client, pid) = futures_executor::block_on(connecting)
            .map_err(|e| PgError::new(format!("{server}: connecting failed: {e}")))?
            .map_err(|e| PgError::from_driver(&e, &server))?;
        Ok(Listener { heard, _client: client, pid: i64::from(pid) })
    }

    /// Waits up to `timeout` for what is heard next; `None` when nothing
    /// was. Everything heard meanwhile is taken at once (one look answers
    /// many notifications), a lost connection first.
    pub fn wait(&self, timeout: Duration) -> Option<Heard> {
        use std::sync::mpsc::RecvTimeoutError;
        let heard = match self.heard.recv_timeout(timeout) {
            Ok(h) => h,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => return Some(Heard::Lost),
        };
        if heard == Heard::Lost {
            return Some(heard);
        }
        loop {
            match self.heard.try_recv() {
                Ok(Heard::Lost) | Err(std::sync::mpsc::TryRecvError::Disconnected) => return Some(Heard::Lost),
                Ok(Heard::Notified) => {}
                Err(std::sync::mpsc::TryRecvError::Empty) => return Some(heard),
            }
        }
    }
}

/// `?1` → `$1`, outside quoted text.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '?' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                _ => i.to_string().to_sql(&Type::TEXT, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::FLOAT8 => f.to_sql(ty, out),
                _ => f.to_string().to_sql(&Type::TEXT, out),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => s.trim().parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.trim().parse::<i32>()?.to_sql(ty, out),
                Type::BOOL => matches!(s.trim(), "1" | "true" | "t").to_sql(ty, out),
                _ => s.as_str().to_sql(&Type::TEXT, out),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Value, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::OID => Value::Int(i64::from(u32::from_sql(ty, raw)?)),
            Type::BOOL => Value::Int(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::Text(<&str>::from_sql(ty, raw)?.to_string())
            }
            ref other => return Err(format!("a {other} column: cast it to bigint or text in the query").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Value, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quotes() {
        assert_eq!(placeholders("SELECT ?1, '?2' FROM t WHERE a = ?12"), "SELECT $1, '?2' FROM t WHERE a = $12");
    }

    #[test]
    fn the_address_is_described_without_its_password() {
        let d = describe("postgres://desk:s3cret@db.example.org:6543/vaihde?sslmode=require");
        assert_eq!(d, "db.example.org:6543/vaihde");
        assert!(!describe("postgres://u:s3cret@/x?host=/tmp").contains("s3cret"));
    }
}
