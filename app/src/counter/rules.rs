//! The pure rules of the counter: which slots a week of published hours opens (working days
//! only, by the calendar), when repeated no-shows pause booking, and how long a number waits.
use crate::calendar::rules::WorkCalendar;
use crate::market::slots::at;
use crate::storage::CounterHoursRow;
use chrono::{Datelike, Duration, NaiveDate};

/// The in-person identity check (现场身份核验), booked like any item.
pub const IDENTITY: &str = "identity";
/// How far ahead a slot may be booked.
pub const BOOKING_DAYS: i64 = 14;
/// A slot closes for booking this long before it starts.
pub const LEAD_SECS: i64 = 1800;
/// Appointments one resident may hold at once (across offices and services).
pub const MOST_HELD: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    pub starts_at: i64,
    pub capacity: i64,
}

/// The weekday whose hours a working day keeps: its own, except a weekend worked in exchange
/// for a holiday (调休上班), which keeps Monday's.
fn hours_of(day: NaiveDate) -> i64 {
    match day.weekday().number_from_monday() {
        6 | 7 => 1,
        n => n as i64,
    }
}

/// Every slot of `service` from now over the next `days` days that still takes bookings: held
/// on working days only, none on a holiday, Monday's hours on a make-up working day.
pub fn open_slots(hours: &[CounterHoursRow], service: &str, calendar: &WorkCalendar, now: i64, days: i64) -> Vec<Slot> {
    let first = crate::time::day_of(now);
    let mut out = Vec::new();
    for offset in 0..days {
        let day = first + Duration::days(offset);
        if !calendar.is_working_day(day) {
            continue;
        }
        let weekday = hours_of(day);
        for h in hours.iter().filter(|h| h.service == service && h.weekday == weekday) {
            let starts_at = at(day, h.start_minute);
            if starts_at >= now + LEAD_SECS {
                out.push(Slot { starts_at, capacity: h.capacity });
            }
        }
    }
    out.sort_by_key(|s| s.starts_at);
    out
}

/// How many no-shows within how many days pause booking, and for how long after the last.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NoShowPolicy {
    pub limit: i64,
    pub window_days: i64,
    pub pause_days: i64,
}

impl Default for NoShowPolicy {
    fn default() -> Self {
        NoShowPolicy { limit: 3, window_days: 90, pause_days: 30 }
    }
}

impl NoShowPolicy {
    pub const SETTING: &'static str = "counter.no_show_policy";

    /// Read from the setting "limit,window,pause"; the default when unset or unreadable.
    pub fn parse(setting: Option<&str>) -> NoShowPolicy {
        let parts: Vec<i64> = setting.unwrap_or_default().split(',').filter_map(|p| p.trim().parse().ok()).collect();
        match parts[..] {
            [limit, window_days, pause_days] if limit > 0 && window_days > 0 && pause_days >= 0 => NoShowPolicy { limit, window_days, pause_days },
            _ => NoShowPolicy::default(),
        }
    }

    pub fn setting(&self) -> String {
        format!("{},{},{}", self.limit, self.window_days, self.pause_days)
    }

    /// Until when booking is paused, given the start times of the resident's no-shows; `None`
    /// when they may book.
    pub fn paused_until(&self, no_shows: &[i64], now: i64) -> Option<i64> {
        let since = now - self.window_days * 86_400;
        let recent: Vec<i64> = no_shows.iter().copied().filter(|t| *t >= since && *t <= now).collect();
        if (recent.len() as i64) < self.limit {
            return None;
        }
        let until = recent.iter().max().copied().unwrap_or(now) + self.pause_days * 86_400;
        (until > now).then_some(until)
    }
}

/// Minutes a number with `ahead` numbers before it may wait: the day's mean service time (six
/// minutes until one is known) over the windows calling, rounded up.
pub fn estimated_wait_minutes(ahead: usize, mean_service_secs: Option<i64>, windows: usize) -> i64 {
    let per = mean_service_secs.filter(|s| *s > 0).unwrap_or(360);
    let secs = ahead as i64 * per / windows.max(1) as i64;
    (secs + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::rules::DayKind;

    fn hours(service: &str, weekday: i64, minute: i64, capacity: i64) -> CounterHoursRow {
        CounterHoursRow { id: 0, office_id: 1, service: service.into(), weekday, start_minute: minute, capacity }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn slots_fall_on_working_days_only() {
        // 2026-09-25 is a Friday; National Day runs 10-01..10-08, with Sunday 09-27 and Saturday
        // 10-10 worked in exchange.
        let calendar = WorkCalendar::new(
            (1..=8).map(|d| (day(2026, 10, d), DayKind::Holiday)).chain([(day(2026, 9, 27), DayKind::Workday), (day(2026, 10, 10), DayKind::Workday)]),
        );
        let now = at(day(2026, 9, 25), 8 * 60);
        let rules = [hours("MZ001", 1, 9 * 60, 2), hours("MZ001", 5, 9 * 60, 1), hours(IDENTITY, 1, 14 * 60, 4)];
        let shown: Vec<String> = open_slots(&rules, "MZ001", &calendar, now, 16).iter().map(|s| crate::time::format_local(s.starts_at)).collect();
        assert_eq!(shown, [
            "2026-09-25 09:00", // Friday
            "2026-09-27 09:00", // a Sunday worked in exchange: Monday's hours
            "2026-09-28 09:00", // Monday; then the holiday (Friday 10-02 and Monday 10-05 included)
            "2026-10-09 09:00", // Friday
            "2026-10-10 09:00", // a Saturday worked in exchange
        ]);
    }

    #[test]
    fn a_slot_closes_half_an_hour_before() {
        let monday = day(2026, 12, 7);
        let rules = [hours("MZ001", 1, 9 * 60, 1)];
        assert_eq!(open_slots(&rules, "MZ001", &WorkCalendar::default(), at(monday, 8 * 60 + 29), 1).len(), 1);
        assert!(open_slots(&rules, "MZ001", &WorkCalendar::default(), at(monday, 8 * 60 + 31), 1).is_empty());
        assert!(open_slots(&rules, IDENTITY, &WorkCalendar::default(), at(monday, 0), 7).is_empty(), "each service its own hours");
    }

    #[test]
    fn repeated_no_shows_pause_booking_for_a_while() {
        let p = NoShowPolicy::default();
        let now = 1_800_000_000;
        let d = 86_400;
        assert_eq!(p.paused_until(&[now - 10 * d, now - 5 * d], now), None, "two are forgiven");
        assert_eq!(p.paused_until(&[now - 20 * d, now - 10 * d, now - 5 * d], now), Some(now + 25 * d));
        assert_eq!(p.paused_until(&[now - 100 * d, now - 10 * d, now - 5 * d], now), None, "outside the window");
        assert_eq!(p.paused_until(&[now - 60 * d, now - 50 * d, now - 40 * d], now), None, "the pause is over");
        let strict = NoShowPolicy::parse(Some("1, 30, 7"));
        assert_eq!(strict, NoShowPolicy { limit: 1, window_days: 30, pause_days: 7 });
        assert_eq!(strict.paused_until(&[now - d], now), Some(now + 6 * d));
        assert_eq!(NoShowPolicy::parse(Some("0,30,7")), NoShowPolicy::default(), "a limit of 0 would pause everyone");
        assert_eq!(NoShowPolicy::parse(Some(&strict.setting())), strict);
    }

    #[test]
    fn the_wait_is_the_numbers_ahead_over_the_windows() {
        assert_eq!(estimated_wait_minutes(0, Some(300), 1), 0);
        assert_eq!(estimated_wait_minutes(3, None, 1), 18, "six minutes each until the day knows better");
        assert_eq!(estimated_wait_minutes(5, Some(250), 2), 11);
        assert_eq!(estimated_wait_minutes(5, Some(250), 0), 21, "no window calling yet counts as one");
    }
}
