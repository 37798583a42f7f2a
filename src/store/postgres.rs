//! The team database: PostgreSQL through tokio-postgres. (Filled in by the next commit.)

use super::db::{Result, Row, Value};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PgError(pub String);

pub struct Client;

impl Client {
    pub fn execute(&self, _sql: &str, _values: &[Value]) -> Result<usize> {
        Err(PgError("PostgreSQL is not built in yet".into()).into())
    }
    pub fn batch(&self, _sql: &str) -> Result<()> {
        Err(PgError("PostgreSQL is not built in yet".into()).into())
    }
    pub fn query(&self, _sql: &str, _values: &[Value]) -> Result<Vec<Row>> {
        Err(PgError("PostgreSQL is not built in yet".into()).into())
    }
}
