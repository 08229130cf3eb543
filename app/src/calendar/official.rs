//! The official 2026 arrangement: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
//! Seeded once; afterwards an admin edits the calendar (and adds the next year's notice).
use super::rules::DayKind;
use chrono::{Days, NaiveDate};

/// (first day, last day, name) of each 2026 break.
const HOLIDAYS_2026: &[(&str, &str, &str)] = &[
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
];

/// Weekend days that are working days (调休).
const MAKE_UP_DAYS_2026: &[(&str, &str)] = &[
    ("2026-01-04", "元旦调休上班"),
    ("2026-02-14", "春节调休上班"),
    ("2026-02-28", "春节调休上班"),
    ("2026-05-09", "劳动节调休上班"),
    ("2026-09-20", "国庆节调休上班"),
    ("2026-10-10", "国庆节调休上班"),
];

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("calendar dates are valid")
}

pub fn official_2026() -> Vec<(NaiveDate, DayKind, &'static str)> {
    let mut days = Vec::new();
    for (first, last, name) in HOLIDAYS_2026 {
        let (mut day, last) = (date(first), date(last));
        while day <= last {
            days.push((day, DayKind::Holiday, *name));
            day = day + Days::new(1);
        }
    }
    days.extend(MAKE_UP_DAYS_2026.iter().map(|(day, name)| (date(day), DayKind::Workday, *name)));
    days
}
