//! Figures for a period, per client company and per agent: the calls
//! handled and how they ended, how fast calls on the desk's line were
//! answered and how long they took, the messages taken, how fast urgent
//! ones were acknowledged (and how many climbed or raised the alarm), and
//! the callbacks and how long callers waited for them. Counted from the
//! call log and the messages as stored; `vaihde report --format csv|json`
//! prints them for spreadsheets. Pure over what it reads: the same store
//! and period give the same figures.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::call_log::{self, Call, CallOutcome};
use super::model::{EventKind, Message};
use crate::directory::Result;
use crate::model::Id;
use crate::store::db::Connection;

/// The figures of one company or one agent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Row {
    /// The company's name or the agent's.
    pub name: String,
    pub calls: u32,
    pub transferred: u32,
    pub messages: u32,
    pub information: u32,
    /// Closed without an outcome, or still open.
    pub no_outcome: u32,
    /// Ringing to answered, calls on the desk's line only (seconds).
    pub answer_median_s: Option<f64>,
    pub answer_p90_s: Option<f64>,
    /// Answered to closed (seconds).
    pub handle_median_s: Option<f64>,
    pub messages_taken: u32,
    pub urgent: u32,
    pub urgent_acknowledged: u32,
    /// Taken to acknowledged, urgent messages (minutes).
    pub ack_median_min: Option<f64>,
    /// Urgent messages sent on because nobody acknowledged them in time.
    pub escalated: u32,
    /// Urgent messages that ran out of recipients.
    pub alarms: u32,
    pub callbacks: u32,
    pub callbacks_done: u32,
    /// Taken to called back (minutes).
    pub callback_wait_median_min: Option<f64>,
}

/// Calls in one hour of the day (the company's own time), by outcome: what
/// a chart of the day draws.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hour {
    pub hour: u32,
    pub transferred: u32,
    pub messages: u32,
    pub information: u32,
    pub no_outcome: u32,
}

/// How many calls on the desk's line were answered within a span of
/// seconds: what the answer-time chart draws. `to_s` is `None` for the
/// last, open-ended span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bucket {
    pub from_s: u32,
    pub to_s: Option<u32>,
    pub calls: u32,
}

/// Where the answer-time spans end (seconds): a caller notices 10 s,
/// minds 20–30 s, and past a minute many hang up.
pub const ANSWER_SPANS_S: [u32; 5] = [5, 10, 20, 30, 60];

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub companies: Vec<Row>,
    pub agents: Vec<Row>,
    pub by_hour: Vec<Hour>,
    pub answer_times: Vec<Bucket>,
}

impl Figures {
    /// The calls counted, all companies together.
    pub fn calls(&self) -> u32 {
        self.companies.iter().map(|r| r.calls).sum()
    }

    /// Whether any call was answered on the desk's line (the answer-time
    /// chart has something to draw).
    pub fn has_answer_times(&self) -> bool {
        self.answer_times.iter().any(|b| b.calls > 0)
    }
}

/// The zone a period's days are counted in: the company's own, and for
/// every company together Helsinki's, the desks' own.
pub fn counting_zone(company: Option<&crate::model::Company>) -> Tz {
    company.map_or(chrono_tz::Europe::Helsinki, |c| c.tz())
}

/// The spans of [`ANSWER_SPANS_S`] with how many answer times fall in each.
pub fn answer_buckets(answer_s: &[f64]) -> Vec<Bucket> {
    let mut from = 0;
    let mut out: Vec<Bucket> = ANSWER_SPANS_S
        .iter()
        .map(|&to| {
            let b = Bucket { from_s: from, to_s: Some(to), calls: 0 };
            from = to;
            b
        })
        .collect();
    out.push(Bucket { from_s: from, to_s: None, calls: 0 });
    for &s in answer_s {
        // A span holds [from, to): an answer at exactly 10 s is in 10–20.
        let i = ANSWER_SPANS_S.iter().position(|&to| s < f64::from(to)).unwrap_or(ANSWER_SPANS_S.len());
        out[i].calls += 1;
    }
    out
}

/// The periods a team looks back over: today, this week (from Monday),
/// this month, each from its start in the given zone until now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == text.trim())
    }

    /// When the period began: the first midnight of today, this week or
    /// this month in `zone`.
    pub fn since(self, at: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        let today = at.with_timezone(&zone).date_naive();
        let first = match self {
            Period::Day => today,
            Period::Week => today - Duration::days(i64::from(today.weekday().num_days_from_monday())),
            Period::Month => NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today),
        };
        // Midnight may not exist where a zone's clocks jump at it: then the
        // first moment of that day that does.
        (0..=2)
            .find_map(|h| zone.from_local_datetime(&first.and_hms_opt(h, 0, 0)?).earliest())
            .map_or(at - Duration::days(1), |t| t.with_timezone(&Utc))
    }
}

/// The figures of `[since, until)`, of one company or (`None`) every one.
pub fn figures(conn: &Connection, company: Option<Id>, since: DateTime<Utc>, until: DateTime<Utc>) -> Result<Figures> {
    let calls: Vec<Call> = call_log::list(conn, None, Some(since), 1_000_000)?
        .into_iter()
        .filter(|c| c.started_at < until && (company.is_none() || c.company_id == company))
        .collect();
    let messages: Vec<(Message, Option<DateTime<Utc>>, bool, bool)> = super::stored::list(
        conn,
        &super::stored::List { company_id: company, since: Some(since), ..Default::default() },
    )?
    .into_iter()
    .filter(|m| m.taken_at < until)
    .map(|m| {
        let events = super::stored::events(conn, m.id)?;
        let acked = events.iter().find(|e| e.what == EventKind::Acknowledged).map(|e| e.at);
        let escalated = events.iter().any(|e| e.what == EventKind::Escalated);
        let alarm = events.iter().any(|e| e.what == EventKind::Alarm);
        Ok((m, acked, escalated, alarm))
    })
    .collect::<Result<_>>()?;

    let mut by_company: Vec<(Id, Acc)> = Vec::new();
    let mut by_agent: Vec<(String, Acc)> = Vec::new();
    let mut hours: Vec<Hour> = (0..24).map(|hour| Hour { hour, ..Hour::default() }).collect();
    let mut answer_s = Vec::new();
    for c in &calls {
        let answer = c.answer_time().map(seconds);
        let handle = c.handle_time().map(seconds);
        answer_s.extend(answer);
        let agent = crate::model::operator(Some(&c.operator)).to_string();
        let company_name = c.company_name.clone().unwrap_or_default();
        for acc in
            [entry(&mut by_company, &c.company_id.unwrap_or(0), &company_name), entry(&mut by_agent, &agent, &agent)]
        {
            count_call(&mut acc.row, c);
            acc.answer.extend(answer);
            acc.handle.extend(handle);
        }
        let zone = crate::time::parse_zone(&c.zone).unwrap_or(chrono_tz::UTC);
        let h = &mut hours[c.started_at.with_timezone(&zone).hour() as usize];
        match c.outcome {
            CallOutcome::Transferred => h.transferred += 1,
            CallOutcome::Message => h.messages += 1,
            CallOutcome::Information => h.information += 1,
            CallOutcome::NoOutcome | CallOutcome::Open => h.no_outcome += 1,
        }
    }
    for (m, acked, escalated, alarm) in &messages {
        let agent = crate::model::operator(Some(&m.taken_by)).to_string();
        for acc in [entry(&mut by_company, &m.company_id, &m.company_name), entry(&mut by_agent, &agent, &agent)] {
            let r = &mut acc.row;
            r.messages_taken += 1;
            if m.urgent {
                r.urgent += 1;
                r.urgent_acknowledged += u32::from(acked.is_some());
                r.escalated += u32::from(*escalated);
                r.alarms += u32::from(*alarm);
                if let Some(at) = acked {
                    acc.ack.push(seconds(*at - m.taken_at) / 60.0);
                }
            }
            if let Some(cb) = &m.callback {
                acc.row.callbacks += 1;
                acc.row.callbacks_done += u32::from(cb.done_at.is_some());
                if let Some(done) = cb.done_at {
                    acc.callback.push(seconds(done - m.taken_at) / 60.0);
                }
            }
        }
    }
    Ok(Figures {
        since,
        until,
        companies: finish(by_company),
        agents: finish(by_agent),
        by_hour: hours,
        answer_times: answer_buckets(&answer_s),
    })
}

/// A row being counted, with the times its medians are taken from.
#[derive(Debug, Clone, Default)]
struct Acc {
    row: Row,
    answer: Vec<f64>,
    handle: Vec<f64>,
    ack: Vec<f64>,
    callback: Vec<f64>,
}

fn entry<'a, K: PartialEq + Clone>(list: &'a mut Vec<(K, Acc)>, key: &K, name: &str) -> &'a mut Acc {
    let i = match list.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            list.push((key.clone(), Acc { row: Row { name: name.to_string(), ..Row::default() }, ..Acc::default() }));
            list.len() - 1
        }
    };
    &mut list[i].1
}

/// The rows with their medians, by name.
fn finish<K>(list: Vec<(K, Acc)>) -> Vec<Row> {
    let mut rows: Vec<Row> = list
        .into_iter()
        .map(|(_, a)| Row {
            answer_median_s: quantile(&a.answer, 0.5),
            answer_p90_s: quantile(&a.answer, 0.9),
            handle_median_s: quantile(&a.handle, 0.5),
            ack_median_min: quantile(&a.ack, 0.5),
            callback_wait_median_min: quantile(&a.callback, 0.5),
            ..a.row
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

fn count_call(r: &mut Row, c: &Call) {
    r.calls += 1;
    match c.outcome {
        CallOutcome::Transferred => r.transferred += 1,
        CallOutcome::Message => r.messages += 1,
        CallOutcome::Information => r.information += 1,
        CallOutcome::NoOutcome | CallOutcome::Open => r.no_outcome += 1,
    }
}

fn seconds(d: Duration) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

/// The `q` quantile by the nearest rank (the value a person can find in
/// the list); `None` for no values.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// The figures as CSV for a spreadsheet: one line per company and per
/// agent (`scope` says which), times in seconds or minutes as named.
pub fn csv(f: &Figures) -> std::result::Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scope",
        "name",
        "calls",
        "transferred",
        "messages",
        "information",
        "no_outcome",
        "answer_median_s",
        "answer_p90_s",
        "handle_median_s",
        "messages_taken",
        "urgent",
        "urgent_acknowledged",
        "ack_median_min",
        "escalated",
        "alarms",
        "callbacks",
        "callbacks_done",
        "callback_wait_median_min",
    ])?;
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_default();
    for (scope, rows) in [("company", &f.companies), ("agent", &f.agents)] {
        for r in rows {
            w.write_record([
                scope.to_string(),
                r.name.clone(),
                r.calls.to_string(),
                r.transferred.to_string(),
                r.messages.to_string(),
                r.information.to_string(),
                r.no_outcome.to_string(),
                opt(r.answer_median_s),
                opt(r.answer_p90_s),
                opt(r.handle_median_s),
                r.messages_taken.to_string(),
                r.urgent.to_string(),
                r.urgent_acknowledged.to_string(),
                opt(r.ack_median_min),
                r.escalated.to_string(),
                r.alarms.to_string(),
                r.callbacks.to_string(),
                r.callbacks_done.to_string(),
                opt(r.callback_wait_median_min),
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let v = [30.0, 10.0, 20.0, 40.0];
        assert_eq!(quantile(&v, 0.5), Some(20.0));
        assert_eq!(quantile(&v, 0.9), Some(40.0));
        assert_eq!(quantile(&[5.0], 0.9), Some(5.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn a_period_begins_at_its_first_local_midnight() {
        let zone = chrono_tz::Europe::Helsinki;
        // Wednesday 2 December 2026, 14:30 in Helsinki (UTC+2).
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 12, 30, 0).unwrap();
        let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%a %Y-%m-%d %H:%M").to_string();
        assert_eq!(local(Period::Day.since(at, zone)), "Wed 2026-12-02 00:00");
        assert_eq!(local(Period::Week.since(at, zone)), "Mon 2026-11-30 00:00");
        assert_eq!(local(Period::Month.since(at, zone)), "Tue 2026-12-01 00:00");
        // Just after midnight UTC is already the next day in Helsinki.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 22, 30, 0).unwrap();
        assert_eq!(local(Period::Day.since(late, zone)), "Tue 2026-12-01 00:00");
        assert_eq!(Period::parse("week"), Some(Period::Week));
        assert_eq!(Period::parse("year"), None);
    }

    #[test]
    fn answer_times_fall_in_spans_that_include_their_start() {
        let b = answer_buckets(&[0.0, 4.9, 5.0, 10.0, 19.9, 59.0, 60.0, 300.0]);
        let counts: Vec<(u32, Option<u32>, u32)> = b.iter().map(|b| (b.from_s, b.to_s, b.calls)).collect();
        assert_eq!(
            counts,
            [(0, Some(5), 2), (5, Some(10), 1), (10, Some(20), 2), (20, Some(30), 0), (30, Some(60), 1), (60, None, 2)]
        );
        assert_eq!(answer_buckets(&[]).iter().map(|b| b.calls).sum::<u32>(), 0);
    }
}
