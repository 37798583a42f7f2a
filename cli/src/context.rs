//! What every subcommand needs: the data directory, the moment (`--at`) and
//! who is acting. The directory is opened lazily so `--help` never touches it.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use vaihde::Directory;
use vaihde::directory::Stamp;
use vaihde::model::{Company, Language};
use vaihde::words::Words;

pub struct Context {
    pub data_dir: PathBuf,
    /// Where the directory is: the data directory, or a team database.
    pub location: vaihde::store::Location,
    pub at: DateTime<Utc>,
    /// The name given for this run (`--operator`, `VAIHDE_OPERATOR`); see [`Context::actor`].
    given: Option<String>,
    /// Whoever is signed in at this desk, looked up when the directory is opened.
    signed_in: std::sync::OnceLock<Option<String>>,
    /// The operator's words for human output.
    pub words: &'static Words,
}

impl Context {
    pub fn new(
        data_dir: Option<PathBuf>,
        database: Option<&str>,
        at: Option<&str>,
        actor: Option<String>,
        lang: Option<&str>,
    ) -> anyhow::Result<Context> {
        let data_dir = vaihde::paths::data_dir(data_dir.as_deref())?;
        let at = match at {
            Some(text) => vaihde::time::parse_instant(text, chrono_tz::Europe::Helsinki).context("--at")?,
            None => Utc::now(),
        };
        let given = actor.filter(|a| !a.trim().is_empty()).or_else(vaihde::shifts::given_by_environment);
        if let Some(l) = lang {
            crate::args::language(words(None), l)?;
        }
        let location = vaihde::store::Location::choose(database, &data_dir);
        Ok(Context { data_dir, location, at, given, signed_in: std::sync::OnceLock::new(), words: words(lang) })
    }

    pub fn open(&self) -> anyhow::Result<Directory> {
        let store = vaihde::Store::open_at(&self.location)?;
        let dir = Directory::new(store);
        if self.given.is_none() {
            // The core's rule: the given name, else whoever is signed in here.
            let desk = vaihde::shifts::this_desk();
            let _ = self.signed_in.set(vaihde::shifts::who_acts(dir.conn(), None, &desk)?);
        }
        Ok(dir)
    }

    /// Who acts in this run ([`vaihde::shifts::who_acts`]): the name given
    /// for it, else whoever is signed in at this desk (known once the
    /// directory is opened), else nobody.
    pub fn actor(&self) -> Option<String> {
        self.given.clone().or_else(|| self.signed_in.get().cloned().flatten())
    }

    /// The name given for this run only, not the desk's signed-in operator.
    pub fn given(&self) -> Option<&str> {
        self.given.as_deref()
    }

    pub fn stamp(&self) -> Stamp {
        Stamp::new(self.at, self.actor())
    }

    /// The company named by `--company`, or the only one there is.
    pub fn company(&self, dir: &Directory, query: Option<&str>) -> anyhow::Result<Company> {
        match query {
            Some(q) => Ok(dir.company(q)?),
            None => {
                let mut all = dir.companies()?;
                match all.len() {
                    1 => Ok(all.remove(0)),
                    0 => anyhow::bail!("{}", self.words.text("cliNoCompanies")),
                    _ => {
                        let slugs = all.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>().join(", ");
                        anyhow::bail!("{}", self.words.with("cliWhichCompany", &[("companies", (&slugs).into())]))
                    }
                }
            }
        }
    }
}

/// The operator's words: `--lang`, else the locale (a `--lang` that is not
/// one of ours is refused by [`Context::new`]; until then, the locale's).
pub fn words(lang: Option<&str>) -> &'static Words {
    let lang = lang.and_then(|l| l.parse::<Language>().ok()).unwrap_or_else(operator_language);
    Words::of(lang)
}

/// The first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides, as
/// for any program; a language we have no words in means English.
fn operator_language() -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| vaihde::words::language_from_locale(&v))
        .unwrap_or(Language::En)
}

/// A date or time argument read in the company's zone, in the forms the
/// desk's forms take too ("2026-11-30", "27.11. 14", "huomenna", "+3").
pub fn instant_in(text: &str, company: &Company, at: DateTime<Utc>) -> anyhow::Result<DateTime<Utc>> {
    Ok(vaihde::time_words::parse_typed(text, at, company.tz())?)
}
