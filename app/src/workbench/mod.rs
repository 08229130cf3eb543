//! 部门工作台: officers see their department's queue (oldest deadline first) and act on a case:
//! accept, ask once for corrections, approve with a result document, reject, transfer, notes.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;

use crate::applications::view::ApplicationSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkQueue {
    pub department: String,
    pub items: Vec<ApplicationSummary>,
    /// The department's open cases and how many of them are overdue, whatever the filter shows.
    pub open_count: usize,
    pub overdue_count: usize,
    /// More cases match than the page shows (it shows the earliest deadlines).
    pub more: bool,
}

/// Cases a queue page shows: the earliest deadlines come first, and they are the ones to do.
pub const QUEUE_PAGE: usize = 50;

/// A department's open and overdue counts, by department and day. Counting a city department's
/// tens of thousands of open cases takes tens of milliseconds, on every officer's every page; a
/// count ten seconds old is as good for the header, and any change written here counts again.
#[cfg(feature = "ssr")]
pub type QueueCounts = crate::web::Recent<String, (i64, i64)>;

#[cfg(feature = "ssr")]
pub fn queue_counts() -> QueueCounts {
    QueueCounts::new(|_| std::time::Duration::from_secs(10), 64)
}

/// `None` unless the viewer is a department officer. `status` empty: every open case.
#[server(endpoint = "workbench/queue")]
pub async fn load_work_queue(status: String, overdue_only: bool) -> Result<Option<WorkQueue>, ServerFnError> {
    use crate::applications::{build, steps, Status};
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let Some(dept) = user.department_code.clone().filter(|_| user.role == crate::prefs::Role::Officer) else { return Ok(None) };
    let lang = crate::prefs::server_viewer().lang;
    let failed = |e: crate::storage::StoreError| {
        tracing::error!(error = %e, "loading the queue failed");
        ServerFnError::new("internal error")
    };
    let store = &*state.store;
    let wanted = Status::parse(&status);
    let today = steps::today().format("%Y-%m-%d").to_string();
    // An open case is overdue by its deadline, which the index answers; a finished one by the day
    // it finished, which only its row tells (a rarely asked filter, over the page read).
    let open_only = wanted.is_none_or(|s| s.is_open());
    let overdue_before = (overdue_only && open_only).then_some(today.as_str());
    let rows = store
        .department_queue(&dept, wanted.map(|s| s.as_str()), overdue_before, QUEUE_PAGE as i64 + 1)
        .await
        .map_err(failed)?;
    let counted = state.queue_counts.get_or(format!("{dept} {today}"), store.department_queue_counts(&dept, &today)).await.map_err(failed)?;
    let (open_count, overdue_count) = *counted;
    let more = rows.len() > QUEUE_PAGE;
    let items = rows
        .iter()
        .take(QUEUE_PAGE)
        .map(|a| build::summary(a, lang))
        .filter(|a| !overdue_only || a.overdue)
        .collect();
    let department = store
        .departments()
        .await
        .map_err(failed)?
        .into_iter()
        .find(|d| d.code == dept)
        .map(|d| if lang == crate::prefs::Lang::En { d.name_en } else { d.name })
        .unwrap_or(dept);
    Ok(Some(WorkQueue { department, items, open_count: open_count as usize, overdue_count: overdue_count as usize, more }))
}
