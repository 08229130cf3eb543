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
    pub open_count: usize,
    pub overdue_count: usize,
}

/// `None` unless the viewer is a department officer. `status` empty: every open case.
#[server(endpoint = "workbench/queue")]
pub async fn load_work_queue(status: String, overdue_only: bool) -> Result<Option<WorkQueue>, ServerFnError> {
    use crate::applications::{build, Status};
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
    let rows = store.department_queue(&dept, wanted.map(|s| s.as_str())).await.map_err(failed)?;
    let all: Vec<ApplicationSummary> = rows
        .iter()
        .filter(|a| wanted.is_some() || Status::parse(&a.status).is_some_and(|s| s.is_open()))
        .map(|a| build::summary(a, lang))
        .collect();
    let open_count = all.len();
    let overdue_count = all.iter().filter(|a| a.overdue).count();
    let items = all.into_iter().filter(|a| !overdue_only || a.overdue).collect();
    let department = store
        .departments()
        .await
        .map_err(failed)?
        .into_iter()
        .find(|d| d.code == dept)
        .map(|d| if lang == crate::prefs::Lang::En { d.name_en } else { d.name })
        .unwrap_or(dept);
    Ok(Some(WorkQueue { department, items, open_count, overdue_count }))
}
