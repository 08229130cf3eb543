//! 催办与督办 for feedback: one working day before its deadline the owner (the handler, or the
//! whole unit before anyone has taken it) is reminded; once it has passed, the unit's
//! supervisors are alerted and the item is marked overdue for good, publicly too.
use crate::forms::Message;
use crate::units;
use crate::applications::steps;
use crate::notifications::Sweep;
use crate::storage::{FeedbackQuery, Store, StoreResult};
use crate::time::Clock;

/// One pass as of the clock's now: the day it judges by and the time it records are the same.
pub async fn run_once(store: &dyn Store, clock: &dyn Clock) -> StoreResult<Sweep> {
    let (today, now) = (clock.today(), clock.now());
    let calendar = crate::calendar::ssr::load(store).await?;
    let mut sweep = Sweep::default();
    let running = store.find_feedback(&FeedbackQuery { statuses: crate::feedback::lifecycle::FeedbackStatus::RUNNING.to_vec(), limit: 100_000, ..Default::default() }).await?;
    for f in running {
        let Some(deadline) = steps::parse_day(&f.deadline) else { continue };
        if today > deadline && f.overdue_alerted_at.is_none() {
            let mut ids = units::members(store, &f.unit_kind, &f.unit_code, true).await?;
            ids.extend(f.handler_id);
            let notices = steps::notices(store, &ids, "overdue", &told("notice-feedback-overdue", &f)).await?;
            if store.record_feedback_alert(f.id, true, &notices, now).await? {
                sweep.alerted += 1;
            }
        } else if today <= deadline && f.reminded_at.is_none() && calendar.working_days_between(today, deadline) <= 1 {
            let ids = match f.handler_id {
                Some(h) => vec![h],
                None => units::members(store, &f.unit_kind, &f.unit_code, false).await?,
            };
            let notices = steps::notices(store, &ids, "reminder", &told("notice-feedback-reminder", &f)).await?;
            if store.record_feedback_alert(f.id, false, &notices, now).await? {
                sweep.reminded += 1;
            }
        }
    }
    Ok(sweep)
}

/// A reminder or an overdue alert about one item.
fn told(id: &'static str, f: &crate::storage::FeedbackRow) -> Message {
    Message::new(id).with("ref", &f.ref_no).with("title", &f.title).with("deadline", &f.deadline)
}
