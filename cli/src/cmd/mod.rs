//! One module per subcommand.

pub mod absence;
pub mod backup;
pub mod calendar;
pub mod call;
pub mod changes;
pub mod company;
pub mod delegate;
pub mod demo;
pub mod feed;
pub mod import;
pub mod line;
pub mod message;
pub mod operator;
pub mod person;
pub mod report;
pub mod role;
pub mod script;
pub mod search;
pub mod team;
pub mod who;
