//! The figures panel's contract: a period's figures (today, this week, this
//! month) of the company on screen or of every one, per company and per
//! agent, with the two charts drawn as SVG and said in words, all in the
//! operator's language. The counting and the charts are the core's
//! (`messages::figures`, `messages::chart`), the same as the CLI's report
//! and the client's e-mail use.

use serde::{Deserialize, Serialize};

use super::{ApiError, ErrorKind, Session};
use crate::messages::chart;
use crate::messages::figures::{self, Figures, Period};
use crate::model::{Id, Language};
use crate::words::Words;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiguresArgs {
    /// One company's, or every company's (`null`).
    pub company_id: Option<Id>,
    pub period: Period,
    /// The operator's language, for the charts' words.
    pub language: Language,
}

/// A chart as the window shows it: an image with its title and a sentence
/// that says what it shows (the image's text alternative).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartView {
    pub title: String,
    pub said: String,
    /// An SVG document, shown as an image (never put into the page as markup).
    pub svg: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiguresView {
    pub figures: Figures,
    /// The zone the period's days are counted in.
    pub zone: String,
    pub calls: ChartView,
    /// Only when calls were answered on the desk's line.
    pub answers: Option<ChartView>,
}

pub fn figures(session: &mut Session, a: FiguresArgs) -> Result<FiguresView, ApiError> {
    let at = session.now();
    let company = a.company_id.map(|id| crate::directory::companies::get(session.directory.conn(), id)).transpose()?;
    let zone = figures::counting_zone(company.as_ref());
    let f = figures::figures(session.directory.conn(), a.company_id, a.period.since(at, zone), at)?;
    let words = Words::of(a.language);
    let drawn = |e: chart::ChartError| ApiError::new(ErrorKind::Internal, e.to_string());
    let calls = chart::calls_per_hour(&f.by_hour, words);
    let calls = ChartView {
        svg: chart::calls_per_hour_svg(&f.by_hour, words).map_err(drawn)?,
        title: calls.title,
        said: calls.said,
    };
    let answers = if f.has_answer_times() {
        let c = chart::answer_times(&f.answer_times, words);
        Some(ChartView {
            svg: chart::answer_times_svg(&f.answer_times, words).map_err(drawn)?,
            title: c.title,
            said: c.said,
        })
    } else {
        None
    };
    Ok(FiguresView { figures: f, zone: zone.name().to_string(), calls, answers })
}
