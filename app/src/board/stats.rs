//! The supervision board's arithmetic, kept apart from storage so it can be checked by hand.
//! Per unit, for items received in the month:
//! - response rate: first reply (an answer, a question or the closing reply) on or before the
//!   first deadline;
//! - on-time resolution: closed on or before its deadline and never overdue (a late item stays
//!   late after it closes);
//! - satisfaction: ratings given in the month at 满意 or above (ratings set aside on appeal and
//!   ratings of rectification cases do not count);
//! - median time to first reply, in hours.
//! Ranking: by the mean of the three rates (satisfaction only where the unit was rated).
use crate::applications::steps::parse_day;
use crate::time::day_of;
use crate::storage::{EvaluationStatRow, FeedbackStatRow};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitStats {
    pub unit_kind: String,
    pub unit_code: String,
    pub unit_name: String,
    pub received: u32,
    pub responded_on_time: u32,
    pub resolved_on_time: u32,
    pub rated: u32,
    pub satisfied: u32,
    pub median_reply_hours: Option<f64>,
    pub score: f64,
    pub rank: u32,
}

impl UnitStats {
    fn rate(n: u32, of: u32) -> Option<f64> {
        (of > 0).then(|| n as f64 * 100.0 / of as f64)
    }
    pub fn response_rate(&self) -> Option<f64> {
        Self::rate(self.responded_on_time, self.received)
    }
    pub fn on_time_rate(&self) -> Option<f64> {
        Self::rate(self.resolved_on_time, self.received)
    }
    pub fn satisfaction_rate(&self) -> Option<f64> {
        Self::rate(self.satisfied, self.rated)
    }
}

/// A department's online applications received in a month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Casework {
    pub department: String,
    pub received: u32,
    pub in_bundles: u32,
    pub finished: u32,
    pub finished_on_time: u32,
}

/// Counts per department: received (a part still waiting for another counts too), how many came
/// in a 一件事, how many are finished (approved or refused), and of those how many on time.
pub fn casework(rows: &[crate::storage::ReceivedRow], today: chrono::NaiveDate) -> Vec<Casework> {
    use crate::applications::{steps::is_overdue, Status};
    let mut out: BTreeMap<String, Casework> = BTreeMap::new();
    for r in rows {
        let c = out.entry(r.department_code.clone()).or_insert_with(|| Casework { department: r.department_code.clone(), ..Default::default() });
        c.received += 1;
        c.in_bundles += r.in_bundle as u32;
        let status = Status::parse(&r.status).unwrap_or(Status::Submitted);
        if matches!(status, Status::Approved | Status::Rejected) {
            c.finished += 1;
            c.finished_on_time += u32::from(!is_overdue(status, &r.deadline, r.finished_at, today));
        }
    }
    out.into_values().collect()
}

pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

pub fn compute(items: &[FeedbackStatRow], ratings: &[EvaluationStatRow]) -> Vec<UnitStats> {
    type Slot = (UnitStats, Vec<f64>);
    fn slot<'a>(m: &'a mut BTreeMap<(String, String), Slot>, kind: &str, code: &str) -> &'a mut Slot {
        m.entry((kind.to_string(), code.to_string()))
            .or_insert_with(|| (UnitStats { unit_kind: kind.into(), unit_code: code.into(), ..Default::default() }, Vec::new()))
    }
    let mut by_unit: BTreeMap<(String, String), Slot> = BTreeMap::new();
    for f in items {
        let (s, hours) = slot(&mut by_unit, &f.unit_kind, &f.unit_code);
        s.received += 1;
        if let Some(at) = f.first_reply_at {
            hours.push((at - f.submitted_at).max(0) as f64 / 3600.0);
            if parse_day(&f.first_deadline).is_some_and(|d| day_of(at) <= d) {
                s.responded_on_time += 1;
            }
        }
        if let Some(at) = f.closed_at {
            if f.was_overdue == 0 && parse_day(&f.deadline).is_some_and(|d| day_of(at) <= d) {
                s.resolved_on_time += 1;
            }
        }
    }
    for r in ratings {
        let (s, _) = slot(&mut by_unit, &r.unit_kind, &r.unit_code);
        s.rated += 1;
        if r.overall >= 4 {
            s.satisfied += 1;
        }
    }
    let mut out: Vec<UnitStats> = by_unit
        .into_values()
        .map(|(mut s, mut hours)| {
            s.median_reply_hours = median(&mut hours);
            let rates: Vec<f64> = [s.response_rate(), s.on_time_rate(), s.satisfaction_rate()].into_iter().flatten().collect();
            s.score = if rates.is_empty() { 0.0 } else { rates.iter().sum::<f64>() / rates.len() as f64 };
            s
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.received.cmp(&a.received)).then(a.unit_code.cmp(&b.unit_code)));
    // Equal scores share a rank (1, 2, 2, 4).
    let mut prev: Option<f64> = None;
    for i in 0..out.len() {
        out[i].rank = match prev {
            Some(p) if (p - out[i].score).abs() < 1e-9 => out[i - 1].rank,
            _ => i as u32 + 1,
        };
        prev = Some(out[i].score);
    }
    out
}

/// The unix time span of a `YYYY-MM` month in Shanghai.
pub fn month_span(month: &str) -> Option<(i64, i64)> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    let start = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 { chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)? };
    let tz = crate::time::shanghai();
    let at = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(tz).single()).map(|t| t.timestamp());
    Some((at(start)?, at(next)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    fn item(unit: &str, submitted: &str, first_deadline: &str, reply: Option<&str>, closed: Option<&str>, late: bool) -> FeedbackStatRow {
        FeedbackStatRow {
            unit_kind: "community".into(),
            unit_code: unit.into(),
            submitted_at: unix(submitted),
            first_deadline: first_deadline.into(),
            deadline: first_deadline.into(),
            first_reply_at: reply.map(unix),
            closed_at: closed.map(unix),
            was_overdue: late as i64,
        }
    }

    #[test]
    fn casework_counts_bundled_parts_and_finishes_on_time() {
        let row = |dept: &str, status: &str, deadline: &str, finished: Option<&str>, in_bundle: i64| crate::storage::ReceivedRow {
            department_code: dept.into(),
            status: status.into(),
            deadline: deadline.into(),
            finished_at: finished.map(unix),
            waiting: 0,
            in_bundle,
        };
        let rows = [
            row("ga", "approved", "2026-12-08", Some("2026-12-08T15:00:00+08:00"), 1),
            row("ga", "rejected", "2026-12-08", Some("2026-12-09T09:00:00+08:00"), 0),
            row("ga", "submitted", "2026-12-20", None, 1),
            row("rs", "withdrawn", "2026-12-20", Some("2026-12-04T09:00:00+08:00"), 1),
        ];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let got = casework(&rows, today);
        assert_eq!(got[0], Casework { department: "ga".into(), received: 3, in_bundles: 2, finished: 2, finished_on_time: 1 });
        assert_eq!(got[1], Casework { department: "rs".into(), received: 1, in_bundles: 1, finished: 0, finished_on_time: 0 }, "a withdrawal is not finished work");
    }

    #[test]
    fn rates_medians_and_ranks_across_national_day() {
        // Filed 30 Sep with a 3-working-day limit: 1–7 Oct are off, so the deadline is 10 Oct
        // (a 调休 Saturday counts as a working day, 9 Oct is the 2nd, 10 Oct the 3rd).
        let calendar = crate::calendar::rules::WorkCalendar::new(
            crate::calendar::official::official_2026().into_iter().map(|(d, k, _)| (d, k)));
        assert_eq!(calendar.deadline(parse_day("2026-09-30").unwrap(), 3).to_string(), "2026-10-10");
        let items = vec![
            // Replied on 9 Oct 23:30 Shanghai: on time; closed 10 Oct: on time.
            item("a", "2026-09-30T10:00:00+08:00", "2026-10-10", Some("2026-10-09T23:30:00+08:00"), Some("2026-10-10T09:00:00+08:00"), false),
            // Replied 11 Oct 00:10 Shanghai: a day late, even though it is 10 Oct in UTC.
            item("a", "2026-09-30T12:00:00+08:00", "2026-10-10", Some("2026-10-11T00:10:00+08:00"), Some("2026-10-11T01:00:00+08:00"), true),
            // Never answered.
            item("a", "2026-09-30T13:00:00+08:00", "2026-10-10", None, None, true),
            item("b", "2026-09-29T08:00:00+08:00", "2026-09-30", Some("2026-09-29T10:00:00+08:00"), Some("2026-09-29T11:00:00+08:00"), false),
        ];
        let ratings = vec![
            EvaluationStatRow { unit_kind: "community".into(), unit_code: "a".into(), overall: 5 },
            EvaluationStatRow { unit_kind: "community".into(), unit_code: "a".into(), overall: 3 },
            EvaluationStatRow { unit_kind: "community".into(), unit_code: "b".into(), overall: 4 },
        ];
        let stats = compute(&items, &ratings);
        let a = stats.iter().find(|s| s.unit_code == "a").unwrap();
        assert_eq!((a.received, a.responded_on_time, a.resolved_on_time, a.rated, a.satisfied), (3, 1, 1, 2, 1));
        assert!((a.response_rate().unwrap() - 33.333).abs() < 0.01);
        assert_eq!(a.satisfaction_rate(), Some(50.0));
        // Replies after 229.5 h and 252.17 h: the median of two is their mean.
        assert!((a.median_reply_hours.unwrap() - (229.5 + 252.1666) / 2.0).abs() < 0.01, "{:?}", a.median_reply_hours);
        let b = stats.iter().find(|s| s.unit_code == "b").unwrap();
        assert_eq!((b.rank, a.rank), (1, 2));
        assert_eq!(b.median_reply_hours, Some(2.0));
    }

    #[test]
    fn months_are_shanghai_months() {
        let (from, to) = month_span("2026-10").unwrap();
        assert_eq!(from, unix("2026-10-01T00:00:00+08:00"));
        assert_eq!(to, unix("2026-11-01T00:00:00+08:00"));
        assert_eq!(month_span("2026-12").unwrap().1, unix("2027-01-01T00:00:00+08:00"));
        assert!(month_span("2026-13").is_none());
    }

    #[test]
    fn ties_share_a_rank() {
        let items = vec![
            item("a", "2026-11-02T10:00:00+08:00", "2026-11-05", Some("2026-11-02T11:00:00+08:00"), None, false),
            item("b", "2026-11-02T10:00:00+08:00", "2026-11-05", Some("2026-11-02T11:00:00+08:00"), None, false),
            item("c", "2026-11-02T10:00:00+08:00", "2026-11-05", None, None, false),
        ];
        let ranks: Vec<u32> = compute(&items, &[]).iter().map(|s| s.rank).collect();
        assert_eq!(ranks, vec![1, 1, 3]);
    }
}
