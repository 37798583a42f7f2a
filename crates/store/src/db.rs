//! The one way the directory talks SQL, whichever engine holds it: the
//! embedded SQLite of one desk, or a team's PostgreSQL. Every directory
//! operation (and so every business rule) is written once against this
//! [`Connection`], whose methods are the small part of rusqlite's API the
//! code uses (`execute`, `query_row`, `prepare_cached` + `query_map`,
//! `params!`), so a query reads the same as before there were two engines.
//!
//! Values cross as a small dynamic [`Value`] (null, integer, real, text),
//! as SQLite types them; the PostgreSQL side converts to and from the
//! server's column types (`store::postgres`). SQL is written in the common
//! dialect: `?N` placeholders (rewritten to `$N` for PostgreSQL),
//! `RETURNING id` rather than `last_insert_rowid()`, `lower(x)` rather
//! than `COLLATE NOCASE`.

use std::fmt;

/// A value going into or coming out of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Postgres(#[from] super::postgres::PgError),
    /// `query_row` found nothing.
    #[error("the query returned no rows")]
    NoRows,
    /// A write to a desk's read-only copy of the team database, made while
    /// the team database could not be reached (see `Store::open_copy`).
    #[error("the team database cannot be reached; this desk's copy of {copied_at} cannot be changed")]
    CopyOnly { copied_at: chrono::DateTime<chrono::Utc> },
    /// A column's value was not of the type the code reads it as.
    #[error("column {column}: {detail}")]
    Conversion { column: String, detail: String },
}

impl Error {
    /// A value read from a column that does not make sense (a bad date in
    /// a text column): the same error as a type mismatch.
    pub fn conversion(column: impl fmt::Display, detail: impl fmt::Display) -> Error {
        Error::Conversion { column: column.to_string(), detail: detail.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `.optional()` on a `query_row`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(Error::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// What may be passed as a query parameter.
pub trait ToSql {
    fn to_value(&self) -> Value;
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToSql::to_value)
    }
}

macro_rules! int_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_sql!(i64, i32, u32, u16, u8, usize, u64);

impl ToSql for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToSql for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToSql for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToSql for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToSql for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

/// What a column may be read as.
pub trait FromSql: Sized {
    fn from_value(v: &Value) -> std::result::Result<Self, String>;
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! int_from_sql {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_value(v: &Value) -> std::result::Result<Self, String> {
                match v {
                    Value::Int(i) => <$t>::try_from(*i).map_err(|_| format!("{i} is out of range")),
                    other => Err(format!("expected an integer, found {other:?}")),
                }
            }
        }
    )*};
}
int_from_sql!(i64, i32, u32, u16, u8, usize, u64);

impl FromSql for bool {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i != 0),
            other => Err(format!("expected a truth value, found {other:?}")),
        }
    }
}

impl FromSql for f64 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Real(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}

impl FromSql for String {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}

impl FromSql for Value {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        Ok(v.clone())
    }
}

/// A query's parameters: `[]`, `[id]`, `params![a, b]`, `&[&dyn ToSql]`.
pub trait Params {
    fn into_values(self) -> Vec<Value>;
}

impl Params for [&dyn ToSql; 0] {
    fn into_values(self) -> Vec<Value> {
        Vec::new()
    }
}

impl Params for &[&dyn ToSql] {
    fn into_values(self) -> Vec<Value> {
        self.iter().map(|p| p.to_value()).collect()
    }
}

impl Params for Vec<Value> {
    fn into_values(self) -> Vec<Value> {
        self
    }
}

macro_rules! array_params {
    ($($n:literal),*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn into_values(self) -> Vec<Value> {
                self.iter().map(ToSql::to_value).collect()
            }
        }
        impl<T: ToSql> Params for &[T; $n] {
            fn into_values(self) -> Vec<Value> {
                self.iter().map(ToSql::to_value).collect()
            }
        }
    )*};
}
array_params!(1, 2, 3, 4, 5, 6, 7, 8);

/// `params![a, b, c]`: mixed-type parameters, as rusqlite's macro.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::ToSql] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::ToSql),+] as &[&dyn $crate::db::ToSql] };
}
pub use crate::params;

/// One result row, its values read by position or column name.
#[derive(Debug, Clone)]
pub struct Row {
    pub(super) names: std::sync::Arc<[String]>,
    pub(super) values: Vec<Value>,
}

/// A column by position (`0`) or by name (`"id"`).
pub trait RowIndex {
    fn index(&self, row: &Row) -> Option<usize>;
    fn name(&self) -> String;
}

impl RowIndex for usize {
    fn index(&self, row: &Row) -> Option<usize> {
        (*self < row.values.len()).then_some(*self)
    }
    fn name(&self) -> String {
        self.to_string()
    }
}

impl RowIndex for &str {
    fn index(&self, row: &Row) -> Option<usize> {
        row.names.iter().position(|n| n.eq_ignore_ascii_case(self))
    }
    fn name(&self) -> String {
        (*self).to_string()
    }
}

impl Row {
    /// The columns' names, in the query's order.
    pub fn columns(&self) -> &[String] {
        &self.names
    }

    /// The values, in the columns' order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let i = idx.index(self).ok_or_else(|| Error::conversion(idx.name(), "no such column"))?;
        T::from_value(&self.values[i]).map_err(|detail| Error::conversion(idx.name(), detail))
    }
}

/// Which engine holds the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(super::postgres::Client),
}

/// A connection to the directory's database, SQLite or PostgreSQL.
pub struct Connection {
    inner: Inner,
}

impl Connection {
    pub(super) fn sqlite(conn: rusqlite::Connection) -> Connection {
        Connection { inner: Inner::Sqlite(conn) }
    }

    pub(super) fn postgres(client: super::postgres::Client) -> Connection {
        Connection { inner: Inner::Postgres(client) }
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection itself, for what only SQLite has (pragmas,
    /// `data_version`); `None` on PostgreSQL.
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Postgres(_) => None,
        }
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        let values = params.into_values();
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(values.iter().map(sqlite_value)))?)
            }
            Inner::Postgres(c) => c.execute(sql, &values),
        }
    }

    /// Runs several statements without parameters (schema, `BEGIN`).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(c) => c.batch(sql),
        }
    }

    /// Every row of a query, read whole: for what handles rows of any
    /// table alike (copying a directory between databases).
    pub fn query_rows<P: Params>(&self, sql: &str, params: P) -> Result<Vec<Row>> {
        self.rows(sql, params.into_values(), None)
    }

    /// The first row, read by `f`; [`Error::NoRows`] when there is none.
    pub fn query_row<T, P: Params, F: FnOnce(&Row) -> Result<T>>(&self, sql: &str, params: P, f: F) -> Result<T> {
        let rows = self.rows(sql, params.into_values(), Some(1))?;
        match rows.first() {
            Some(row) => f(row),
            None => Err(Error::NoRows),
        }
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement { conn: self, sql: sql.to_string() })
    }

    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        self.prepare(sql)
    }

    /// Every row (up to `limit`), read whole.
    fn rows(&self, sql: &str, values: Vec<Value>, limit: Option<usize>) -> Result<Vec<Row>> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let names: std::sync::Arc<[String]> = stmt.column_names().map(|n| n.to_string()).collect();
                let count = names.len();
                let mut rows = stmt.query(rusqlite::params_from_iter(values.iter().map(sqlite_value)))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut row = Vec::with_capacity(count);
                    for i in 0..count {
                        row.push(from_sqlite(r.get_ref(i)?));
                    }
                    out.push(Row { names: names.clone(), values: row });
                    if limit.is_some_and(|l| out.len() >= l) {
                        break;
                    }
                }
                Ok(out)
            }
            Inner::Postgres(c) => c.query(sql, &values),
        }
    }
}

/// A statement to run, perhaps many times (`prepare_cached`).
pub struct Statement<'c> {
    conn: &'c Connection,
    sql: String,
}

impl Statement<'_> {
    /// Every row through `f`, read whole before the first is mapped.
    pub fn query_map<T, P: Params, F: FnMut(&Row) -> Result<T>>(
        &mut self,
        params: P,
        mut f: F,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let rows = self.conn.rows(&self.sql, params.into_values(), None)?;
        Ok(rows.iter().map(&mut f).collect::<Vec<_>>().into_iter())
    }

    pub fn query_row<T, P: Params, F: FnOnce(&Row) -> Result<T>>(&mut self, params: P, f: F) -> Result<T> {
        self.conn.query_row(&self.sql, params, f)
    }

    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        self.conn.execute(&self.sql, params)
    }
}

fn sqlite_value(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Real(f) => rusqlite::types::Value::Real(*f),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
    }
}

fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        // The directory stores no blobs; one read as text says what it holds.
        ValueRef::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
    }
}
