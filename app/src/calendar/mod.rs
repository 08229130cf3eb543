//! The working-day calendar (工作日历) every deadline is counted in: weekends, public holidays
//! and make-up working days, seeded with the official 2026 arrangement and edited by admins.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod official;
#[cfg(feature = "ssr")]
pub mod rules;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: String,
    pub weekday: u8,
    pub holiday: bool,
    pub name: String,
}

/// English names of the official public holidays, as the State Council's notices name them in
/// Chinese. Names an admin typed that are not here are shown as written.
const HOLIDAY_NAMES: &[(&str, &str)] = &[
    ("元旦", "New Year's Day"),
    ("春节", "Spring Festival"),
    ("清明节", "Qingming Festival"),
    ("劳动节", "Labour Day"),
    ("端午节", "Dragon Boat Festival"),
    ("中秋节", "Mid-Autumn Festival"),
    ("国庆节", "National Day"),
];

/// A calendar day's name in the viewer's language, when it is an official holiday or the
/// make-up working day (…调休上班) of one; `None` for names only given in Chinese.
pub fn holiday_name_en(name: &str) -> Option<String> {
    let english = |zh: &str| HOLIDAY_NAMES.iter().find(|(z, _)| *z == zh).map(|(_, en)| *en);
    match name.strip_suffix("调休上班") {
        Some(holiday) => english(holiday).map(|en| format!("Make-up working day for {en}")),
        None => english(name).map(str::to_string),
    }
}

/// The exceptions of one year; `None` when the viewer is not an admin.
#[server(endpoint = "calendar/year")]
pub async fn calendar_year(year: i32) -> Result<Option<Vec<CalendarDay>>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => {}
        _ => return Ok(None),
    }
    ssr::year(&*state.store, year).await.map(Some).map_err(|e| {
        tracing::error!(error = %e, "loading the calendar failed");
        ServerFnError::new("internal error")
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::official::official_2026;
    use super::rules::{DayKind, WorkCalendar};
    use super::CalendarDay;
    use crate::storage::{CalendarDayRow, Store, StoreResult};
    use chrono::{Datelike, NaiveDate};

    const SEEDED_KEY: &str = "calendar_2026_seeded";

    /// Loads the official 2026 days once; later starts leave an admin's edits alone.
    pub async fn seed_official_once(store: &dyn Store) -> StoreResult<()> {
        if store.setting(SEEDED_KEY).await?.is_some() {
            return Ok(());
        }
        for (day, kind, name) in official_2026() {
            let row = CalendarDayRow { day: day.to_string(), kind: kind.as_str().into(), name: name.into() };
            store.set_calendar_day(&row, None, crate::time::now_unix()).await?;
        }
        store.set_setting(SEEDED_KEY, "1").await
    }

    pub async fn load(store: &dyn Store) -> StoreResult<WorkCalendar> {
        let rows = store.calendar_days().await?;
        Ok(WorkCalendar::new(rows.into_iter().filter_map(|r| {
            Some((NaiveDate::parse_from_str(&r.day, "%Y-%m-%d").ok()?, DayKind::parse(&r.kind)?))
        })))
    }

    pub async fn year(store: &dyn Store, year: i32) -> StoreResult<Vec<CalendarDay>> {
        Ok(store
            .calendar_days()
            .await?
            .into_iter()
            .filter_map(|r| {
                let date = NaiveDate::parse_from_str(&r.day, "%Y-%m-%d").ok()?;
                (date.year() == year).then(|| CalendarDay {
                    weekday: date.weekday().number_from_monday() as u8,
                    holiday: r.kind == "holiday",
                    day: r.day,
                    name: r.name,
                })
            })
            .collect())
    }

    /// "Submitted today, done by …": the deadline of a limit counted from today in Shanghai.
    pub async fn deadline_from_today(store: &dyn Store, limit_days: i64) -> StoreResult<String> {
        let (y, m, d) = crate::time::today();
        let today = NaiveDate::from_ymd_opt(y, m, d).expect("today is a date");
        let calendar = load(store).await?;
        Ok(calendar.deadline(today, limit_days.clamp(0, 3650) as u32).to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn official_holidays_and_their_make_up_days_have_english_names() {
        assert_eq!(super::holiday_name_en("国庆节").as_deref(), Some("National Day"));
        assert_eq!(super::holiday_name_en("春节调休上班").as_deref(), Some("Make-up working day for Spring Festival"));
        assert_eq!(super::holiday_name_en("社区开放日"), None);
    }
}
