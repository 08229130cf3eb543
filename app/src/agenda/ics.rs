//! iCalendar (RFC 5545) as phone calendars read it: times in Asia/Shanghai with the zone written
//! out (China keeps +08:00 all year), an alarm on every event, text escaped and lines folded at
//! 75 octets without splitting a character, CRLF line ends.

/// One entry: a timed booking or an all-day deadline.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Stable across downloads, so re-importing updates instead of duplicating.
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub when: When,
}

#[derive(Clone, Debug, PartialEq)]
pub enum When {
    /// Unix seconds; minutes long. Reminded an hour before.
    Timed { starts_at: i64, minutes: i64 },
    /// `YYYY-MM-DD` (the deadline day). Reminded at 9:00 the day before.
    Day(String),
}

const ZONE: &str = "Asia/Shanghai";
const OFFSET_SECONDS: i64 = 8 * 3600;

/// A whole calendar: its name, then each event, stamped `now` (unix seconds).
pub fn calendar(name: &str, events: &[Event], now: i64) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Linli//Linli community services//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(name)),
        format!("X-WR-TIMEZONE:{ZONE}"),
        "BEGIN:VTIMEZONE".into(),
        format!("TZID:{ZONE}"),
        "BEGIN:STANDARD".into(),
        "DTSTART:19700101T000000".into(),
        "TZOFFSETFROM:+0800".into(),
        "TZOFFSETTO:+0800".into(),
        "TZNAME:CST".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
    ];
    for e in events {
        lines.extend(event_lines(e, now));
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

fn event_lines(e: &Event, now: i64) -> Vec<String> {
    let mut lines = vec!["BEGIN:VEVENT".to_string(), format!("UID:{}", e.uid), format!("DTSTAMP:{}", utc(now))];
    let (trigger, alarm_text) = match &e.when {
        When::Timed { starts_at, minutes } => {
            lines.push(format!("DTSTART;TZID={ZONE}:{}", local(*starts_at)));
            lines.push(format!("DTEND;TZID={ZONE}:{}", local(starts_at + minutes * 60)));
            ("-PT1H", e.summary.clone())
        }
        When::Day(day) => {
            let date = day.replace('-', "");
            lines.push(format!("DTSTART;VALUE=DATE:{date}"));
            lines.push(format!("DTEND;VALUE=DATE:{}", next_day(day).unwrap_or(date)));
            ("-PT15H", e.summary.clone())
        }
    };
    lines.push(format!("SUMMARY:{}", escape(&e.summary)));
    if !e.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&e.description)));
    }
    if !e.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(&e.location)));
    }
    if !e.url.is_empty() {
        lines.push(format!("URL:{}", e.url));
    }
    lines.extend([
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", escape(&alarm_text)),
        format!("TRIGGER:{trigger}"),
        "END:VALARM".into(),
        "END:VEVENT".into(),
    ]);
    lines
}

/// `YYYYMMDDTHHMMSS` in Beijing time.
fn local(unix: i64) -> String {
    stamp(unix + OFFSET_SECONDS, "")
}

fn utc(unix: i64) -> String {
    stamp(unix, "Z")
}

fn stamp(unix: i64, suffix: &str) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map(|t| format!("{}{suffix}", t.format("%Y%m%dT%H%M%S"))).unwrap_or_default()
}

fn next_day(day: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(d.succ_opt()?.format("%Y%m%d").to_string())
}

/// TEXT values: backslash, semicolon, comma and line breaks are escaped (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on lines starting with a space (§3.1), split between
/// characters: a Chinese character is three octets and must not be cut.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking() -> Event {
        Event {
            uid: "order-MK1@linli".into(),
            summary: "上门保洁（2 小时）".into(),
            description: "邻里家政服务有限公司, 订单 MK1; 请提前10分钟\n开门".into(),
            location: "幸福里小区 3 号楼 101".into(),
            url: "https://linli.example/market/orders/MK1".into(),
            // 2026-12-02 10:00 in Beijing.
            when: When::Timed { starts_at: 1_796_176_800, minutes: 120 },
        }
    }

    #[test]
    fn events_carry_the_zone_an_alarm_and_escaped_folded_text() {
        let text = calendar("邻里", &[booking(), Event { when: When::Day("2026-12-31".into()), uid: "app-1@linli".into(), ..booking() }], 1_764_000_000);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;TZID=Asia/Shanghai:20261202T100000\r\n"));
        assert!(text.contains("DTEND;TZID=Asia/Shanghai:20261202T120000\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"), "all day, to the next day");
        assert!(text.contains("TRIGGER:-PT1H") && text.contains("BEGIN:VALARM"));
        assert!(text.contains("DTSTAMP:20251124T160000Z"));
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(r"DESCRIPTION:邻里家政服务有限公司\, 订单 MK1\; 请提前10分钟\n开门"), "{unfolded}");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line} is {} octets", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn folding_never_cuts_a_character() {
        let long = format!("SUMMARY:{}", "路灯".repeat(40));
        let folded = fold(&long);
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75 && std::str::from_utf8(l.as_bytes()).is_ok()));
    }
}
