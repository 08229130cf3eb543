//! 便民服务: vetted local providers list services with weekly time slots; residents book them for
//! their door and rate them; community staff vet providers, approve promotions and handle
//! complaints. Providers use the same real-name account as everyone else.
#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod held;
#[cfg(feature = "ssr")]
pub mod jobs;
pub mod lifecycle;
#[cfg(feature = "ssr")]
pub mod orders;
pub mod order_page;
pub mod pages;
pub mod payments;
#[cfg(feature = "ssr")]
pub mod promotions;
pub mod provider_pages;
pub mod server;
#[cfg(feature = "ssr")]
pub mod slots;
pub mod staff_pages;
pub mod vetting;
pub mod view;

use crate::prefs::Lang;

/// (code, 中文, English)
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    ("housekeeping", "家政保洁", "Housekeeping"),
    ("repair", "家电维修", "Repairs"),
    ("meals", "老年助餐", "Meals for older people"),
    ("homecare", "上门照护", "Home care"),
    ("haircut", "上门理发", "Haircuts at home"),
    ("appliance", "家电清洗", "Appliance cleaning"),
];

/// Groups a service suits (the catalogue's codes, so the words match).
pub const SUITS: &[(&str, &str, &str)] = &[
    ("elderly", "老年人", "Older people"),
    ("disabled", "残疾人", "People with disabilities"),
    ("families", "儿童与家庭", "Children and families"),
];

pub fn label(table: &[(&str, &'static str, &'static str)], code: &str, lang: Lang) -> &'static str {
    table.iter().find(|(c, _, _)| *c == code).map(|(_, zh, en)| if lang == Lang::En { *en } else { *zh }).unwrap_or("")
}

/// Labels of a stored `,a,b,` list, joined for display.
pub fn labels(table: &[(&str, &'static str, &'static str)], list: &str, lang: Lang) -> Vec<String> {
    codes(list).filter_map(|c| Some(label(table, c, lang)).filter(|l| !l.is_empty())).map(str::to_string).collect()
}

pub fn codes(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').filter(|c| !c.is_empty())
}

/// `,a,b,` so that one `LIKE '%,a,%'` finds a member on both engines.
pub fn join_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<&str> = codes.into_iter().collect();
    if v.is_empty() { String::new() } else { format!(",{},", v.join(",")) }
}

pub fn provider_status_label(status: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match status {
        "pending" => "market-provider-status-pending",
        "more_info" => "market-provider-status-more-info",
        "approved" => "market-provider-status-approved",
        "rejected" => "market-provider-status-rejected",
        "suspended" => "market-provider-status-suspended",
        _ => "market-provider-status-other",
    })
}

pub fn order_status_label(status: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match status {
        "requested" => "market-order-status-requested",
        "confirmed" => "market-order-status-confirmed",
        "declined" => "market-order-status-declined",
        "on_the_way" => "market-order-status-on-the-way",
        "served" => "market-order-status-served",
        "completed" => "market-order-status-completed",
        "cancelled" => "market-order-status-cancelled",
        _ => "market-order-status-other",
    })
}

pub fn order_event_label(kind: &str, lang: Lang) -> &'static str {
    crate::i18n::text(lang, match kind {
        "requested" => "market-order-event-requested",
        "confirmed" => "market-order-event-confirmed",
        "declined" => "market-order-event-declined",
        "on_the_way" => "market-order-event-on-the-way",
        "served" => "market-order-event-served",
        "completed" => "market-order-event-completed",
        "auto_completed" => "market-order-event-auto-completed",
        "cancelled" => "market-order-event-cancelled",
        "paid_offline" => "market-order-event-paid-offline",
        "reviewed" => "market-order-event-reviewed",
        _ => "market-order-event-other",
    })
}

/// "¥120", "¥80 起" or "上门报价".
pub fn price_text(kind: &str, cents: i64, lang: Lang) -> String {
    let yuan = if cents % 100 == 0 { format!("¥{}", cents / 100) } else { format!("¥{}.{:02}", cents / 100, cents % 100) };
    match kind {
        "fixed" => yuan,
        "from" => if lang == Lang::En { format!("from {yuan}") } else { format!("{yuan} 起") },
        _ => if lang == Lang::En { "Quoted on site".into() } else { "上门报价".into() },
    }
}

/// Parses "120" or "99.5" yuan into fen.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('¥');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || whole.len() > 6 || frac.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac_fen: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + frac_fen)
}

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The check character of an 18-character 统一社会信用代码 (GB 32100-2015): weights 3^i mod 31
/// over the first 17 characters from the 31-character set (no I, O, S, V, Z).
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let mut sum = 0usize;
    let mut weight = 1usize;
    for c in first17.chars() {
        sum += USCC_CHARS.find(c)? * weight;
        weight = weight * 3 % 31;
    }
    USCC_CHARS.chars().nth((31 - sum % 31) % 31)
}

/// A code is valid when it has 18 characters from the set and its last one checks.
pub fn uscc_is_valid(code: &str) -> bool {
    code.len() == 18 && code.is_ascii() && uscc_check_char(&code[..17]) == code[17..].chars().next()
}

/// Booking reference: M, the date in Shanghai and six random digits.
#[cfg(feature = "ssr")]
pub fn new_order_ref() -> String {
    let (y, m, d) = crate::time::today();
    format!("M{y:04}{m:02}{d:02}{:06}", rand::random::<u32>() % 1_000_000)
}

/// "周三 09:00" / "Wed 09:00" for a weekly slot.
pub fn weekday_label(weekday: i64, lang: Lang) -> &'static str {
    crate::i18n::weekday(lang, weekday)
}

pub fn minute_text(start_minute: i64) -> String {
    format!("{:02}:{:02}", start_minute / 60, start_minute % 60)
}

/// An order completes by itself this long after "served" if the resident says nothing.
pub const AUTO_COMPLETE_SECS: i64 = 48 * 3600;
/// How far ahead residents can book.
pub const BOOKING_DAYS: i64 = 14;
pub const MAX_PHOTOS: usize = 6;
/// The feedback category a complaint about an order is filed under (owned by the community).
pub const COMPLAINT_CATEGORY: &str = "complaint-market";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_check_character_follows_gb_32100() {
        // The standard's own example and two real registrations.
        for code in ["91350100M000100Y43", "91110000600037341L", "91440300708461136T"] {
            assert!(uscc_is_valid(code), "{code}");
        }
        assert!(!uscc_is_valid("91350100M000100Y44"), "wrong check character");
        assert!(!uscc_is_valid("91350100M000100Y4"), "17 characters");
        assert!(!uscc_is_valid("9135010OM000100Y43"), "letter O is not in the set");
        assert!(!uscc_is_valid("91350100M000100Y４3"), "full-width digit");
        assert_eq!(uscc_check_char("91110000600037341"), Some('L'));
    }

    #[test]
    fn prices_in_fen() {
        assert_eq!(parse_yuan("120"), Some(12000));
        assert_eq!(parse_yuan("99.5"), Some(9950));
        assert_eq!(parse_yuan("¥0.05"), Some(5));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("abc"), None);
        assert_eq!(parse_yuan(""), None);
        assert_eq!(price_text("fixed", 12000, Lang::Zh), "¥120");
        assert_eq!(price_text("from", 9950, Lang::Zh), "¥99.50 起");
        assert_eq!(price_text("quote", 0, Lang::En), "Quoted on site");
    }

    #[test]
    fn code_lists() {
        assert_eq!(join_codes(["a", "b"]), ",a,b,");
        assert_eq!(codes(",a,b,").collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(labels(CATEGORIES, ",meals,repair,", Lang::Zh), vec!["老年助餐", "家电维修"]);
    }
}
