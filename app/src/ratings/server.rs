//! Server functions behind the rating and rectification pages.
use super::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::applications::server::{failed, not_theirs};

#[server(endpoint = "ratings/form")]
pub async fn load_rate(kind: String, key: String) -> Result<Option<RateView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::rate_view(&state, &user, &kind, &key).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "ratings/rectifications")]
pub async fn load_rectifications() -> Result<Option<Vec<RectificationSummary>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::list(&state, &user).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "ratings/rectification")]
pub async fn load_rectification(id: i64) -> Result<Option<RectificationDetail>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::detail(&state, &user, id).await.map(not_theirs).map_err(failed)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::subjects::{resolve, unit_name};
    use super::*;
    use crate::applications::steps;
    use crate::units;
    use crate::state::AppState;
    use crate::storage::{RectificationRow, StoreResult, UserRecord};

    fn lang() -> Lang {
        crate::prefs::server_viewer().lang
    }

    pub async fn rate_view(state: &AppState, user: &UserRecord, kind: &str, key: &str) -> StoreResult<Option<RateView>> {
        let store = &*state.store;
        let lang = lang();
        let Some(s) = resolve(store, kind, key, lang).await? else { return Ok(None) };
        // Only the resident themself rates: not staff, not a relative on their behalf.
        if s.resident_id != user.id {
            return Ok(None);
        }
        let existing = store.evaluation_for(s.kind, s.id).await?;
        let now = state.now();
        let change_until = match &existing {
            Some(e) if e.created_at + CHANGE_WINDOW_SECS > now => Some(crate::time::format_local(e.created_at + CHANGE_WINDOW_SECS)),
            Some(_) => None,
            None => Some(String::new()),
        };
        Ok(Some(RateView {
            kind: s.kind.to_string(),
            key: key.to_string(),
            title: s.title,
            unit: unit_name(store, &s.unit_kind, &s.unit_code, lang).await?,
            back: s.link,
            levels: existing.as_ref().map(|e| vec![e.overall, e.efficiency, e.guide, e.convenience, e.usability]),
            comment: existing.as_ref().map(|e| e.comment.clone()).unwrap_or_default(),
            may_rate: s.finished && change_until.is_some(),
            change_until,
        }))
    }

    /// One case for a list; `names` from `units::all`, read once per page.
    pub async fn summary(state: &AppState, r: &RectificationRow, names: &[(String, String, String, String)], lang: Lang) -> StoreResult<RectificationSummary> {
        let store = &*state.store;
        let subject = match r.subject_kind.as_str() {
            "application" => store.application_by_id(r.subject_id).await?.map(|a| format!("{} {}", a.service_name, a.ref_no)),
            _ => store.feedback_by_id(r.subject_id).await?.map(|f| format!("{} {}", f.title, f.ref_no)),
        }
        .unwrap_or_else(|| format!("#{}", r.subject_id));
        Ok(RectificationSummary {
            id: r.id,
            subject,
            level: level_label(r.overall, lang).into(),
            comment: r.comment.clone(),
            status: r.status.clone(),
            status_label: rectification_status_label(&r.status, lang).into(),
            deadline: r.deadline.clone(),
            overdue: matches!(r.status.as_str(), "open" | "called") && steps::parse_day(&r.deadline).is_some_and(|d| steps::today() > d),
            unit: units::name_in(names, &r.unit_kind, &r.unit_code, lang),
        })
    }

    pub async fn list(state: &AppState, user: &UserRecord) -> StoreResult<Option<Vec<RectificationSummary>>> {
        let lang = lang();
        let rows = if user.role == crate::prefs::Role::Admin {
            state.store.rectifications(None, Some("appealed"), None).await?
        } else if let Some((kind, code)) = units::unit_of(user) {
            state.store.rectifications(Some((&kind, &code)), None, None).await?
        } else {
            state.store.rectifications(None, None, Some(user.id)).await?
        };
        let names = units::all(&*state.store).await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(summary(state, r, &names, lang).await?);
        }
        Ok(Some(out))
    }

    pub async fn detail(state: &AppState, user: &UserRecord, id: i64) -> StoreResult<Option<RectificationDetail>> {
        let store = &*state.store;
        let lang = lang();
        let Some(r) = store.rectification(id).await? else { return Ok(None) };
        let viewpoint = if units::works_for(user, &r.unit_kind, &r.unit_code) {
            "unit"
        } else if user.id == r.resident_id {
            "resident"
        } else if user.role == crate::prefs::Role::Admin {
            "admin"
        } else {
            return Ok(None);
        };
        let resident = if viewpoint == "unit" {
            crate::web::with_origin(store.audit(state.now(), Some(user.id), Some(r.resident_id), "rectification_viewed", &r.id.to_string())).await?;
            store.user_by_id(r.resident_id).await?.map(|u| format!("{} {}", u.name, u.phone))
        } else {
            None
        };
        let subject_link = match r.subject_kind.as_str() {
            "application" => store.application_by_id(r.subject_id).await?.map(|a| {
                if viewpoint == "unit" { format!("/work/{}", a.ref_no) } else { format!("/me/applications/{}", a.ref_no) }
            }),
            _ => store.feedback_by_id(r.subject_id).await?.map(|f| format!("/feedback/{}", f.ref_no)),
        }
        .unwrap_or_default();
        Ok(Some(RectificationDetail {
            summary: summary(state, &r, &units::all(store).await?, lang).await?,
            subject_link,
            viewpoint: viewpoint.into(),
            resident,
            call_note: r.call_note.clone(),
            outcome: match r.outcome.as_deref() {
                Some("fixed") => if lang == Lang::En { "Fixed" } else { "已整改" },
                Some("explained") => if lang == Lang::En { "Explained" } else { "已解释说明" },
                _ => "",
            }
            .into(),
            outcome_note: r.outcome_note.clone(),
            appeal_reason: r.appeal_reason.clone(),
            appeal_decision: match r.appeal_decision.as_deref() {
                Some("upheld") => if lang == Lang::En { "Upheld: the rating is set aside" } else { "申诉成立，该评价不计入统计" },
                Some("dismissed") => if lang == Lang::En { "Dismissed" } else { "申诉不成立" },
                _ => "",
            }
            .into(),
            appeal_note: r.appeal_note.clone(),
            rate_link: (viewpoint == "resident" && r.status == "done").then(|| format!("/rate/rectification/{}", r.id)),
        }))
    }
}
