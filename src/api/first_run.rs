//! The first run: an empty directory is not filled with fictional
//! companies. The window asks: try the demo (kept in a directory of its
//! own beside the real one, as `scripts/demo` does), or start with a staff
//! file for the first client company.

use std::path::PathBuf;

use super::{ApiError, FirstRun, Session, StartArgs, StartReport};
use crate::directory::{Stamp, companies};
use crate::model::{Company, Refusal};

type Result<T> = std::result::Result<T, ApiError>;

/// Whether the window should show the first-run screen: the directory has
/// no companies yet.
pub fn first_run(session: &mut Session) -> Result<FirstRun> {
    let empty = companies::list(session.directory.conn())?.is_empty();
    // A desk's own directory may try the demo beside it; a team database does not.
    let local = session.location.as_ref().is_none_or(|l| l.dir().is_some());
    let demo_dir = session.data_dir.as_deref().filter(|_| local).map(crate::paths::demo_dir);
    Ok(FirstRun { empty, demo_dir: demo_dir.map(|d| d.display().to_string()) })
}

/// Moves the session to the demo directory beside the real one, loading
/// the demo there (relative to now) if it is not there yet. The real
/// directory stays as it was: empty.
pub fn try_demo(session: &mut Session) -> Result<()> {
    let Some(real) = session.data_dir.clone() else {
        return Err(Refusal::DemoFailed { detail: "this session has no data directory".into() }.into());
    };
    let demo: PathBuf = crate::paths::demo_dir(&real);
    let store = crate::Store::open_dir(&demo)?;
    let mut directory = crate::Directory::new(store);
    if directory.companies()?.is_empty() {
        let at = session.now();
        directory
            .store_mut()
            .write(|tx| crate::demo::load(tx, at, false))
            .map_err(|e| ApiError::from(Refusal::DemoFailed { detail: e.to_string() }))?;
        crate::demo::calendars::install(directory.store_mut(), &demo, at)
            .map_err(|e| ApiError::from(Refusal::DemoFailed { detail: e.to_string() }))?;
    }
    session.switch_directory(directory, demo);
    if let Some(trigger) = &session.sync_trigger {
        // The demo's calendars, at once; a sync thread that is gone says so itself.
        let _ = trigger.send(());
    }
    Ok(())
}

/// Joins a team's database from the first-run screen: connects (creating
/// the schema in an empty database), remembers it in the data directory
/// for the app and the CLI on this desk, and works on it from now on.
pub fn join_team(session: &mut Session, args: super::JoinTeamArgs) -> Result<()> {
    let address = args.address.trim();
    if !(address.starts_with("postgres://") || address.starts_with("postgresql://")) {
        return Err(ApiError::from(Refusal::NotATeamAddress).at(crate::model::Field::Address));
    }
    let Some(data_dir) = session.data_dir.clone() else {
        return Err(ApiError::bad_request("this session has no data directory to remember the team database in")
            .saying(crate::words::Phrase::new(crate::msg!("apiNoDataDir"))));
    };
    let store = crate::Store::open_postgres(address).map_err(|e| {
        ApiError::from(Refusal::TeamUnreachable { detail: e.to_string() }).at(crate::model::Field::Address)
    })?;
    crate::paths::save_team_database(&data_dir, address).map_err(|e| {
        ApiError::new(super::ErrorKind::Store, format!("remembering the team database: {e}"))
            .saying(crate::words::Phrase::new(crate::msg!("apiRememberTeam")).text("detail", e.to_string()))
    })?;
    session.join_team(crate::Directory::new(store), address);
    if let Some(trigger) = &session.sync_trigger {
        let _ = trigger.send(());
    }
    Ok(())
}

/// The first client company, with its staff from a CSV, Excel (.xlsx) or vCard file, in
/// one transaction: a file that cannot be read leaves the directory empty.
pub fn start_with_file(session: &mut Session, args: StartArgs) -> Result<StartReport> {
    let name = args.company_name.trim();
    if name.is_empty() {
        return Err(ApiError::from(Refusal::CompanyNeedsName).at(crate::model::Field::CompanyName));
    }
    let file_path = PathBuf::from(args.file.trim());
    let options = crate::import::ReadOptions::default();
    let file = match &args.content {
        Some(bytes) if bytes.len() > super::types::MAX_STAFF_FILE => {
            let said = crate::words::Phrase::new(crate::msg!("staffFileTooLarge"))
                .number("megabytes", super::types::MAX_STAFF_FILE >> 20);
            return Err(ApiError::new(super::ErrorKind::Invalid, "the staff file is too large")
                .at(crate::model::Field::File)
                .saying(said));
        }
        Some(bytes) => crate::import::read_bytes(&file_path, bytes, &options),
        None => crate::import::read_file(&file_path, &options),
    }
    .map_err(|e| import_error(&e))?;
    let mut company = Company::new(&companies::slug_for(name), name, args.language, &args.timezone);
    company.fallback = String::new();
    let stamp = Stamp::new(session.now(), session.actor.clone());
    let report = session.directory.store_mut().write(|tx| {
        let id = companies::insert(tx, &company, &stamp, false)?;
        crate::import::merge(tx, id, &file_path, &file, false, &stamp).map(|report| (id, report))
    });
    let (company_id, report) = report.map_err(|e| match e {
        crate::import::ImportError::Directory(d) => {
            let field = match &d {
                crate::directory::DirectoryError::Refused(Refusal::UnknownZone { .. }) => {
                    Some(crate::model::Field::Timezone)
                }
                crate::directory::DirectoryError::Refused(Refusal::TooLong { .. } | Refusal::CompanyExists { .. }) => {
                    Some(crate::model::Field::CompanyName)
                }
                _ => None,
            };
            let err = ApiError::from(d);
            match field {
                Some(f) => err.at(f),
                None => err,
            }
        }
        // What is wrong with the file, naming its line.
        other => import_error(&other),
    })?;
    // A whole staff list arrived: the index is built again.
    session.forget_index();
    Ok(StartReport { company_id, added: report.added.len() as u32 })
}

/// What is wrong with a staff file, in the operator's words, about the file field.
fn import_error(e: &crate::import::ImportError) -> ApiError {
    ApiError::new(super::ErrorKind::Invalid, e.to_string()).at(crate::model::Field::File).saying(e.phrase())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::super::{Clock, dispatch};
    use super::*;

    fn empty_session(dir: &std::path::Path) -> Session {
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        let data = dir.join("vaihde");
        let mut s = Session::new(crate::Directory::new(crate::Store::open_dir(&data).unwrap()), Clock::Fixed(at));
        s.location = Some(crate::store::Location::Dir(data.clone()));
        s.data_dir = Some(data);
        s
    }

    #[test]
    fn the_demo_is_kept_beside_the_real_directory_which_stays_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = empty_session(tmp.path());
        let run = dispatch(&mut s, "first_run", json!({})).unwrap();
        assert_eq!(run["empty"], true);
        assert!(run["demo_dir"].as_str().unwrap().ends_with("vaihde-demo"), "{run}");
        dispatch(&mut s, "try_demo", json!({})).unwrap();
        assert!(dispatch(&mut s, "companies", json!({})).unwrap().as_array().unwrap().len() >= 3);
        let rows =
            dispatch(&mut s, "search", json!({"query": "maija", "company_id": null, "all": true, "limit": 1})).unwrap();
        assert_eq!(rows[0]["person"]["name"], "Maija Virtanen", "searched in the demo");
        let real = crate::Directory::new(crate::Store::open_dir(&tmp.path().join("vaihde")).unwrap());
        assert!(real.companies().unwrap().is_empty(), "nothing fictional in the real directory");
        assert_eq!(s.data_dir.as_deref(), Some(tmp.path().join("vaihde-demo").as_path()));
        // Trying again opens the same demo, not a second copy.
        dispatch(&mut s, "try_demo", json!({})).unwrap();
        assert_eq!(s.directory.companies().unwrap().len(), 3);
    }

    #[test]
    fn a_staff_file_starts_the_first_company_or_leaves_the_directory_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = empty_session(tmp.path());
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/import/broken-ragged.csv");
        let args =
            json!({"company_name": "Koivu Oy", "language": "fi", "timezone": "Europe/Helsinki", "file": fixture});
        let e = dispatch(&mut s, "start_with_file", args).unwrap_err();
        assert_eq!(e.field, Some(crate::model::Field::File));
        assert!(e.message.contains("broken-ragged.csv"), "{}", e.message);
        // Worded by the window in the operator's language, the place as data.
        let said = e.said.as_ref().map(|p| crate::words::Words::of(crate::model::Language::Fi).phrase(p));
        let said = said.unwrap_or_default();
        assert!(said.contains("broken-ragged.csv, rivi 5:") && said.contains("solua, mutta otsikossa on"), "{said}");
        assert!(s.directory.companies().unwrap().is_empty(), "one transaction: nothing half-made");
        let good = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/import/henkilosto-excel-1252.csv");
        let args = json!({"company_name": "Koivu Oy", "language": "fi", "timezone": "Europe/Helsinki", "file": good});
        let report = dispatch(&mut s, "start_with_file", args).unwrap();
        assert!(report["added"].as_u64().unwrap() > 0, "{report}");
        let companies = s.directory.companies().unwrap();
        assert_eq!((companies[0].slug.as_str(), companies[0].name.as_str()), ("koivu-oy", "Koivu Oy"));
        let bad_zone = json!({"company_name": "B", "language": "sv", "timezone": "Mars/Base", "file": good});
        assert_eq!(
            dispatch(&mut s, "start_with_file", bad_zone).unwrap_err().field,
            Some(crate::model::Field::Timezone)
        );
    }

    /// A file chosen in the window's file dialog arrives as its name and
    /// bytes: read the same as a path, errors naming the file by its name.
    #[test]
    fn a_chosen_file_arrives_as_its_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = empty_session(tmp.path());
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/import/broken-email.csv")).unwrap();
        let args = json!({"company_name": "Koivu Oy", "language": "fi", "timezone": "Europe/Helsinki",
                          "file": "henkilot.csv", "content": bytes});
        let e = dispatch(&mut s, "start_with_file", args).unwrap_err();
        let said = e.said.as_ref().map(|p| crate::words::Words::of(crate::model::Language::Fi).phrase(p));
        assert_eq!(
            said.as_deref(),
            Some("henkilot.csv, rivi 3: sarake ”Email”: ”per(at)example.com” ei ole sähköpostiosoite")
        );
        let good = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/import/excel-staff.xlsx")).unwrap();
        let args = json!({"company_name": "Koivu Oy", "language": "fi", "timezone": "Europe/Helsinki",
                          "file": "staff.xlsx", "content": good});
        let report = dispatch(&mut s, "start_with_file", args).unwrap();
        assert!(report["added"].as_u64().unwrap() > 0, "{report}");
        let huge = vec![b'a'; super::super::types::MAX_STAFF_FILE + 1];
        let args = json!({"company_name": "B", "language": "sv", "timezone": "Europe/Helsinki", "file": "x.csv", "content": huge});
        let e = dispatch(&mut s, "start_with_file", args).unwrap_err();
        assert_eq!(e.said.map(|p| p.id), Some(crate::msg!("staffFileTooLarge")));
    }

    #[test]
    fn company_ids_from_names() {
        assert_eq!(companies::slug_for("Rakennus-Koivu Oy"), "rakennus-koivu-oy");
        assert_eq!(companies::slug_for("Skärgårdens Bygg Ab"), "skargardens-bygg-ab");
        assert_eq!(companies::slug_for("  ***  "), "company");
    }
}
