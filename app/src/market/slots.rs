//! Concrete time slots from a listing's weekly availability, in Shanghai time, and the
//! cancellation rule. Pure functions, so they are tested with fixed dates.
use crate::storage::AvailabilityRow;
use chrono::{DateTime, Datelike, Duration, NaiveDate};

/// Slots must start at least this long from now to be bookable (the provider needs to see it).
pub const LEAD_SECS: i64 = 3600;

#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub starts_at: i64,
    pub capacity: i64,
}

fn local_day(unix: i64) -> NaiveDate {
    DateTime::from_timestamp(unix, 0).unwrap_or_default().with_timezone(&crate::time::shanghai()).date_naive()
}

/// The Unix time of `minute` past midnight on `day` in Shanghai.
pub fn at(day: NaiveDate, minute: i64) -> i64 {
    day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or_default() - 8 * 3600 + minute * 60
}

/// Every slot of the next `days` days (today included) that starts after the lead time.
pub fn upcoming(rules: &[AvailabilityRow], now: i64, days: i64) -> Vec<Slot> {
    let first = local_day(now);
    let mut out = Vec::new();
    for offset in 0..days {
        let day = first + Duration::days(offset);
        let weekday = day.weekday().number_from_monday() as i64;
        for r in rules.iter().filter(|r| r.weekday == weekday) {
            let starts_at = at(day, r.start_minute);
            if starts_at >= now + LEAD_SECS {
                out.push(Slot { starts_at, capacity: r.capacity });
            }
        }
    }
    out.sort_by_key(|s| s.starts_at);
    out
}

/// Free cancellation runs until `cancel_hours` before the start.
pub fn free_cancel_until(starts_at: i64, cancel_hours: i64) -> i64 {
    starts_at - cancel_hours * 3600
}

/// "11-27 周五 09:00" for a concrete slot.
pub fn slot_text(starts_at: i64, lang: crate::prefs::Lang) -> String {
    let t = DateTime::from_timestamp(starts_at, 0).unwrap_or_default().with_timezone(&crate::time::shanghai());
    let weekday = super::weekday_label(t.weekday().number_from_monday() as i64, lang);
    format!("{} {weekday} {}", t.format("%m-%d"), t.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(weekday: i64, start_minute: i64, capacity: i64) -> AvailabilityRow {
        AvailabilityRow { id: 0, listing_id: 1, weekday, start_minute, capacity }
    }

    #[test]
    fn weekly_rules_become_shanghai_times() {
        // Thursday 2026-11-26 10:00 in Shanghai is 02:00 UTC.
        let now = at(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(), 600);
        assert_eq!(crate::time::format_local(now), "2026-11-26 10:00");
        let rules = [rule(4, 9 * 60, 2), rule(4, 14 * 60, 1), rule(1, 8 * 60 + 30, 3)];
        let slots = upcoming(&rules, now, 7);
        let shown: Vec<String> = slots.iter().map(|s| crate::time::format_local(s.starts_at)).collect();
        // Today 09:00 has passed; 14:00 today, then Monday 30 Nov; next Thursday is day 8.
        assert_eq!(shown, vec!["2026-11-26 14:00", "2026-11-30 08:30"]);
        assert_eq!(slots[1].capacity, 3);
        assert_eq!(slot_text(slots[1].starts_at, crate::prefs::Lang::Zh), "11-30 周一 08:30");
    }

    #[test]
    fn lead_time_and_cancel_window() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let now = at(day, 13 * 60 + 30);
        assert!(upcoming(&[rule(4, 14 * 60, 1)], now, 1).is_empty(), "starts within the hour");
        assert_eq!(free_cancel_until(at(day, 14 * 60), 2), at(day, 12 * 60));
    }
}
