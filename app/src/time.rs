//! Time as residents read it: Asia/Shanghai (UTC+8 all year, no daylight saving).
use chrono::{DateTime, Datelike, FixedOffset, Utc};

pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

pub fn now_unix() -> i64 {
    Utc::now().timestamp()
}

/// Where "now" comes from. Every time rule (the 10-minute undo, the 7-day rating window, the
/// 48-hour completion, deadline reminders) reads it through here, so a test can stand at the
/// exact edge of a rule instead of sleeping.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
    /// Today's date in Shanghai.
    fn today(&self) -> chrono::NaiveDate {
        DateTime::from_timestamp(self.now(), 0).unwrap_or_default().with_timezone(&shanghai()).date_naive()
    }
}

pub type SharedClock = std::sync::Arc<dyn Clock>;

/// The real clock of a deployment.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        now_unix()
    }
}

/// A clock that stands still until it is moved: for tests of time rules, and for replaying a
/// day's jobs.
#[derive(Debug)]
pub struct ManualClock(std::sync::atomic::AtomicI64);

impl ManualClock {
    pub fn at(unix: i64) -> Self {
        ManualClock(std::sync::atomic::AtomicI64::new(unix))
    }
    /// Noon in Shanghai on `day`, for rules that judge by the calendar day.
    pub fn on(day: chrono::NaiveDate) -> Self {
        let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc().timestamp() - 8 * 3600;
        ManualClock::at(noon)
    }
    pub fn set(&self, unix: i64) {
        self.0.store(unix, std::sync::atomic::Ordering::SeqCst);
    }
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A date as (year, month, day).
/// The Shanghai calendar day of a unix time.
pub fn day_of(unix: i64) -> chrono::NaiveDate {
    DateTime::from_timestamp(unix, 0).map(|t| t.with_timezone(&shanghai()).date_naive()).unwrap_or_default()
}

pub fn ymd(d: chrono::NaiveDate) -> (i32, u32, u32) {
    (d.year(), d.month(), d.day())
}

/// Today's date in Shanghai as (year, month, day).
pub fn today() -> (i32, u32, u32) {
    let d = Utc::now().with_timezone(&shanghai()).date_naive();
    (d.year(), d.month(), d.day())
}

/// `2026-11-25 09:30` in Shanghai time.
pub fn format_local(unix: i64) -> String {
    DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&shanghai()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_in_shanghai_time() {
        // 2026-01-01T00:00:00Z is 08:00 in Shanghai.
        assert_eq!(super::format_local(1_767_225_600), "2026-01-01 08:00");
    }
}
