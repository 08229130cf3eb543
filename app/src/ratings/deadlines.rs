//! A rectification case past its deadline alerts the unit's supervisors once.
use crate::forms::Message;
use crate::applications::steps;
use crate::units;
use crate::storage::{Store, StoreResult};
use chrono::NaiveDate;

/// How many alerts were raised.
pub async fn run_once(store: &dyn Store, today: NaiveDate) -> StoreResult<usize> {
    let mut alerted = 0;
    let mut running = store.rectifications(None, Some("open"), None).await?;
    running.extend(store.rectifications(None, Some("called"), None).await?);
    for r in running {
        let late = super::lifecycle::CaseStatus::RUNNING.contains(&r.status.as_str()) && steps::parse_day(&r.deadline).is_some_and(|d| today > d);
        if !late {
            continue;
        }
        let ids = units::members(store, &r.unit_kind, &r.unit_code, true).await?;
        let told = Message::new("notice-rating-overdue").with("case", r.id.to_string()).with("deadline", &r.deadline);
        let notices = steps::notices(store, &ids, "overdue", &told).await?;
        if store.record_rectification_alert(r.id, &notices, crate::time::now_unix()).await? {
            alerted += 1;
        }
    }
    Ok(alerted)
}
