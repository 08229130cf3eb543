//! Working-day arithmetic (工作日): weekends are days off, except the make-up working days
//! (调休) the State Council announces; public holidays are days off even on weekdays.
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    Holiday,
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
    pub fn parse(s: &str) -> Option<DayKind> {
        match s {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct WorkCalendar {
    overrides: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(overrides: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self { overrides: overrides.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.overrides.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    fn next_working_day(&self, mut day: NaiveDate) -> NaiveDate {
        loop {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                return day;
            }
        }
    }

    /// The promised deadline for something received on `received` with a limit of `limit`
    /// working days: counting starts the working day after it arrives, so the deadline is the
    /// `limit`-th working day after `received`. A limit of 0 (即办) means the day it arrives, or
    /// the next working day when it arrives on a day off.
    pub fn deadline(&self, received: NaiveDate, limit: u32) -> NaiveDate {
        if limit == 0 {
            return if self.is_working_day(received) { received } else { self.next_working_day(received) };
        }
        (0..limit).fold(received, |day, _| self.next_working_day(day))
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::official::official_2026;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::new(official_2026().into_iter().map(|(day, kind, _)| (day, kind)))
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        let c = cal();
        assert!(c.is_working_day(d("2026-11-25")), "an ordinary Wednesday");
        assert!(!c.is_working_day(d("2026-11-28")), "an ordinary Saturday");
        assert!(!c.is_working_day(d("2026-10-01")), "National Day");
        assert!(!c.is_working_day(d("2026-10-07")), "last day of the National Day break");
        assert!(c.is_working_day(d("2026-10-10")), "Saturday make-up working day");
        assert!(c.is_working_day(d("2026-09-20")), "Sunday make-up working day");
        assert!(c.is_working_day(d("2026-02-14")) && c.is_working_day(d("2026-02-28")));
        assert!(!c.is_working_day(d("2026-02-23")), "Spring Festival Monday");
        assert!(c.is_working_day(d("2026-01-04")), "New Year make-up Sunday");
        assert!(!c.is_working_day(d("2026-05-05")), "Labour Day Tuesday");
    }

    #[test]
    fn deadlines_across_national_day_and_its_make_up_saturday() {
        let c = cal();
        // Received Wed 30 Sep: 1–7 Oct off; Thu 8, Fri 9, then the make-up Saturday 10 Oct.
        assert_eq!(c.deadline(d("2026-09-30"), 1), d("2026-10-08"));
        assert_eq!(c.deadline(d("2026-09-30"), 3), d("2026-10-10"));
        assert_eq!(c.deadline(d("2026-09-30"), 4), d("2026-10-12"));
        // Received during the holiday: the clock starts after it.
        assert_eq!(c.deadline(d("2026-10-03"), 1), d("2026-10-08"));
        // Mid-Autumn (25–27 Sep, Fri–Sun) after the make-up Sunday 20 Sep.
        assert_eq!(c.deadline(d("2026-09-18"), 1), d("2026-09-20"));
        assert_eq!(c.deadline(d("2026-09-24"), 1), d("2026-09-28"));
    }

    #[test]
    fn deadlines_across_spring_festival() {
        let c = cal();
        // Fri 13 Feb: the make-up Saturday 14 Feb counts, then 15–23 Feb are off.
        assert_eq!(c.deadline(d("2026-02-13"), 1), d("2026-02-14"));
        assert_eq!(c.deadline(d("2026-02-13"), 2), d("2026-02-24"));
        // 20 working days from Mon 2 Feb: 3–6 Feb (4), 9–14 Feb with the make-up Saturday (10),
        // 15–23 Feb off, 24–28 Feb with the make-up Saturday (15), 2–6 Mar (20).
        assert_eq!(c.deadline(d("2026-02-02"), 20), d("2026-03-06"));
        assert_eq!(c.working_days_between(d("2026-02-02"), d("2026-03-06")), 20);
    }

    #[test]
    fn same_day_limits_and_counting() {
        let c = cal();
        assert_eq!(c.deadline(d("2026-11-25"), 0), d("2026-11-25"));
        assert_eq!(c.deadline(d("2026-11-28"), 0), d("2026-11-30"));
        assert_eq!(c.deadline(d("2026-12-31"), 1), d("2027-01-01"), "2027 is not announced yet: weekdays count");
        assert_eq!(c.working_days_between(d("2026-11-25"), d("2026-11-25")), 0);
        assert_eq!(c.working_days_between(d("2026-11-27"), d("2026-11-30")), 1);
    }
}
