//! Server functions for account pages. Data leaves the server masked (PIPL).
use super::Profile;
use leptos::prelude::*;

#[server(endpoint = "accounts/profile")]
pub async fn get_profile() -> Result<Option<Profile>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = ssr::current_user() else { return Ok(None) };
    ssr::profile(&state, &user).await.map(Some).map_err(|e| {
        tracing::error!(error = %e, "loading profile failed");
        ServerFnError::new("internal error")
    })
}

/// One page of the counter's resident list, found by name or phone (`q`); `None` when the
/// viewer is not community staff.
#[server(endpoint = "accounts/residents")]
pub async fn get_residents(q: String, page: u32) -> Result<Option<super::ResidentPage>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = ssr::current_user() else { return Ok(None) };
    let Some(community) = user.community_code.clone().filter(|_| user.role == crate::prefs::Role::Staff) else { return Ok(None) };
    ssr::residents(&state, &community, q.trim(), page.max(1)).await.map(Some).map_err(|e| {
        tracing::error!(error = %e, "listing residents failed");
        ServerFnError::new("internal error")
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::session::SignedIn;
    use super::super::validate::{mask_id, mask_phone};
    use super::super::{activity_label, Activity, Profile, ResidentSummary};
    use crate::prefs::{Lang, Mode, Viewer};
    use crate::state::AppState;
    use crate::storage::{StoreResult, UserRecord};
    use crate::time::format_local;
    use leptos::prelude::use_context;
    use std::sync::Arc;

    pub fn current_user() -> Option<Arc<UserRecord>> {
        let parts = use_context::<http::request::Parts>()?;
        parts.extensions.get::<SignedIn>().map(|s| s.0.clone())
    }

    fn viewer_lang() -> Lang {
        use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<Viewer>().map(|v| v.lang))
            .unwrap_or_default()
    }

    pub async fn profile(state: &AppState, user: &UserRecord) -> StoreResult<Profile> {
        let lang = viewer_lang();
        let address = match user.building_id {
            Some(id) => state.store.building(id).await?.map(|b| b.address(lang)),
            None => None,
        };
        let scope = match (&user.department_code, &user.community_code, user.role.as_str()) {
            (Some(d), _, "officer") => state.store.departments().await?.into_iter().find(|x| &x.code == d).map(|x| x.name),
            (_, Some(c), "staff") => Some(c.clone()),
            _ => None,
        };
        let activity = state
            .store
            .audit_for_subject(user.id, 20)
            .await?
            .into_iter()
            .map(|a| Activity { at: format_local(a.at), action: activity_label(&a.action, lang).to_string() })
            .collect();
        Ok(Profile {
            name: user.name.clone(),
            phone_masked: mask_phone(&user.phone),
            id_masked: if user.holds_id_number() { mask_id(&user.id_number) } else { crate::i18n::text(lang, "dispute-id-pending").to_string() },
            address,
            role: user.role,
            scope,
            checked_in_person_at: user.identity_checked_at.map(format_local),
            mode: Mode::parse(&user.mode).unwrap_or_default(),
            lang: Lang::parse(&user.lang).unwrap_or_default(),
            activity,
        })
    }

    /// Residents shown on one page of the counter's list.
    pub const RESIDENTS_PER_PAGE: i64 = 30;

    /// One page of the community's residents: by phone when `q` is a mobile number, else by the
    /// start of the name. One row more than a page is read, to know whether a next page exists.
    pub async fn residents(state: &AppState, community: &str, q: &str, page: u32) -> StoreResult<super::super::ResidentPage> {
        let phone = super::super::validate::mobile(q).ok();
        let filter = crate::storage::ResidentFilter {
            name_prefix: if phone.is_some() { String::new() } else { q.chars().take(20).collect() },
            phone: phone.unwrap_or_default(),
            offset: (i64::from(page) - 1) * RESIDENTS_PER_PAGE,
            limit: RESIDENTS_PER_PAGE + 1,
        };
        let mut rows = state.store.find_residents(community, &filter).await?;
        let has_next = rows.len() as i64 > RESIDENTS_PER_PAGE;
        rows.truncate(RESIDENTS_PER_PAGE as usize);
        Ok(super::super::ResidentPage { items: summaries(state, rows).await?, page, has_next, q: q.to_string() })
    }

    async fn summaries(state: &AppState, rows: Vec<UserRecord>) -> StoreResult<Vec<ResidentSummary>> {
        let buildings = state.store.buildings().await?;
        let lang = viewer_lang();
        Ok(rows
            .into_iter()
            .map(|u| ResidentSummary {
                id: u.id,
                building: buildings
                    .iter()
                    .find(|b| Some(b.id) == u.building_id)
                    .map(|b| b.building_name(lang).to_string())
                    .unwrap_or_default(),
                name: u.name.clone(),
                phone_masked: mask_phone(&u.phone),
                id_masked: if u.holds_id_number() { mask_id(&u.id_number) } else { crate::i18n::text(lang, "dispute-id-pending").to_string() },
                checked_in_person_at: u.identity_checked_at.map(format_local),
                claim: u.id_claim_key.is_some(),
            })
            .collect())
    }
}
