//! A rectification case past its deadline alerts the unit's supervisors once.
use crate::forms::Message;
use crate::applications::steps;
use crate::units;
use crate::storage::{Store, StoreResult};
use crate::time::Clock;

/// How many alerts were raised.
/// One pass as of the clock's now: the day it judges by and the time it records are the same.
pub async fn run_once(store: &dyn Store, clock: &dyn Clock) -> StoreResult<usize> {
    let (today, now) = (clock.today(), clock.now());
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
        if store.record_rectification_alert(r.id, &notices, now).await? {
            alerted += 1;
        }
    }
    Ok(alerted)
}
