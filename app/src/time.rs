//! Time as residents read it: Asia/Shanghai (UTC+8 all year, no daylight saving).
use chrono::{DateTime, Datelike, FixedOffset, Utc};

pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

pub fn now_unix() -> i64 {
    Utc::now().timestamp()
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
