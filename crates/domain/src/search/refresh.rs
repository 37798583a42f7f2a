//! What a change in the directory means for a search index built before
//! it: nothing, these people to index again, or everything. One rule for
//! the window's live watch and for an index read back from disk that is
//! older than the store.

use crate::directory::live::{Changed, Topic};
use crate::directory::{Result, people};
use crate::model::Id;

/// Past this many people to index again, one fresh build is cheaper.
pub const REINDEX_AT_MOST: usize = 500;

/// What a change means for the search index.
#[derive(Debug, PartialEq, Eq)]
pub enum Reindex {
    Nothing,
    People(Vec<Id>),
    Everything,
}

/// People are indexed with their company's name and the roles they hold:
/// a changed person is indexed again, and a changed role or company
/// re-indexes its people.
pub fn reindex_for(conn: &crate::store::db::Connection, changed: &Changed) -> Result<Reindex> {
    if changed.everything {
        return Ok(Reindex::Everything);
    }
    let mut ids: Vec<Id> = changed.people.iter().copied().collect();
    if changed.topics.contains(&Topic::Role) || changed.topics.contains(&Topic::Company) {
        for &company in &changed.companies {
            ids.extend(people::list(conn, company)?.into_iter().map(|p| p.id));
            if ids.len() > REINDEX_AT_MOST {
                return Ok(Reindex::Everything);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(match ids.len() {
        0 => Reindex::Nothing,
        n if n > REINDEX_AT_MOST => Reindex::Everything,
        _ => Reindex::People(ids),
    })
}
