//! 催办与督办: one working day before a deadline the handling officer (or, before anyone has taken
//! the case, the whole department) is reminded; once it has passed, the department's supervisors
//! and the resident's community staff are alerted and the case is marked overdue.
use crate::forms::Message;
use crate::applications::steps;
use crate::notifications::Sweep;
use crate::storage::{Store, StoreResult};
use crate::time::Clock;

/// Calendar days ahead a reminder may fall due (one working day across the longest holiday).
const REMINDER_HORIZON_DAYS: u64 = 15;
/// Cases one pass handles: a backlog (a city moving onto Linli) is worked off pass by pass
/// rather than in one pass that holds the database for minutes.
const PER_PASS: i64 = 500;

/// One pass as of the clock's now: the day it judges by and the time it records are the same.
pub async fn run_once(store: &dyn Store, clock: &dyn Clock) -> StoreResult<Sweep> {
    let (today, now) = (clock.today(), clock.now());
    let calendar = crate::calendar::ssr::load(store).await?;
    let mut sweep = Sweep::default();
    // Reminders fall one working day before a deadline; a long holiday stretches that to at
    // most a fortnight of calendar days, which bounds what is read. The calendar decides below.
    let horizon = (today + chrono::Days::new(REMINDER_HORIZON_DAYS)).format("%Y-%m-%d").to_string();
    let due = store.applications_due(&today.format("%Y-%m-%d").to_string(), &horizon, PER_PASS).await?;
    for app in due {
        let Some(deadline) = steps::parse_day(&app.deadline) else { continue };
        if today > deadline && app.overdue_alerted_at.is_none() {
            let mut ids: Vec<i64> = store.officers(&app.department_code, true).await?.iter().map(|u| u.id).collect();
            if let Some(c) = &app.applicant_community {
                ids.extend(store.community_staff(c).await?.iter().map(|u| u.id));
            }
            ids.extend(app.handler_id);
            let told = told("notice-application-overdue", &app).with("applicant", &app.applicant_name);
            let notices = steps::notices(store, &ids, "overdue", &told).await?;
            if store.record_alert(app.id, true, &notices, now).await? {
                sweep.alerted += 1;
            }
        } else if today <= deadline && app.reminded_at.is_none() && calendar.working_days_between(today, deadline) <= 1 {
            let ids: Vec<i64> = match app.handler_id {
                Some(h) => vec![h],
                None => store.officers(&app.department_code, false).await?.iter().map(|u| u.id).collect(),
            };
            let notices = steps::notices(store, &ids, "reminder", &told("notice-application-reminder", &app)).await?;
            if store.record_alert(app.id, false, &notices, now).await? {
                sweep.reminded += 1;
            }
        }
    }
    Ok(sweep)
}

/// A reminder or an overdue alert about one application.
fn told(id: &'static str, app: &crate::storage::ApplicationRow) -> Message {
    Message::new(id).with("ref", &app.ref_no).with_names("service", &app.service_name, &app.service_name_en).with("deadline", &app.deadline)
}
