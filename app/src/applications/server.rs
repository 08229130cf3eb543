//! Server functions behind the application pages: thin, they check who is asking and call
//! `build`. `None` means "not found" to the page, whether it does not exist or is not theirs.
use super::view::*;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReceiptView {
    pub detail: ApplicationDetail,
    pub link: String,
    pub qr_svg: String,
}

#[cfg(feature = "ssr")]
pub(crate) fn failed(e: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(error = %e, "loading an application page failed");
    ServerFnError::new("internal error")
}

/// A signed-in caller asking for something that is not theirs gets a 404, also when the server
/// function is called directly (`/api/…`).
#[cfg(feature = "ssr")]
pub(crate) fn not_theirs<T>(found: Option<T>) -> Option<T> {
    if found.is_none() {
        crate::components::set_status(404);
    }
    found
}

#[server(endpoint = "applications/form")]
pub async fn load_apply_form(code: String, for_id: Option<i64>, who: Option<String>) -> Result<Option<ApplyView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::apply_form(&state, &user, &code, for_id, who.as_deref().unwrap_or_default()).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "applications/mine")]
pub async fn load_my_applications(for_id: Option<i64>) -> Result<Option<MyApplications>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::mine(&state, &user, for_id).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "applications/detail")]
pub async fn load_application(ref_no: String) -> Result<Option<ApplicationDetail>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::detail(&state, &user, &ref_no).await.map(not_theirs).map_err(failed)
}

#[server(endpoint = "applications/receipt")]
pub async fn load_receipt(ref_no: String) -> Result<Option<ReceiptView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let Some(detail) = not_theirs(ssr::detail(&state, &user, &ref_no).await.map_err(failed)?) else { return Ok(None) };
    let link = format!("{}/me/applications/{}", ssr::public_origin(&state), detail.ref_no);
    let qr_svg = crate::components::qr_svg(&link).map_err(failed)?;
    Ok(Some(ReceiptView { detail, link, qr_svg }))
}

#[server(endpoint = "applications/wallet")]
pub async fn load_wallet() -> Result<Option<Vec<WalletFile>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    let lang = crate::prefs::server_viewer().lang;
    let files = state.store.wallet(user.id).await.map_err(failed)?;
    Ok(Some(files.iter().map(|f| super::build::wallet_file(f, lang)).collect()))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::access::{acting_for, application_access, community_of, Access};
    use super::super::build;
    use super::super::view::*;
    use crate::catalogue::ServiceDetail;
    use crate::state::AppState;
    use crate::storage::{StoreResult, UserRecord};

    fn lang() -> crate::prefs::Lang {
        crate::prefs::server_viewer().lang
    }

    /// People this user may file for: themself (residents), their principals (delegates), or
    /// (staff) the residents of their community whose name starts with `who` or whose phone it
    /// is, one page at most: a community is searched, never listed whole.
    pub async fn choices(state: &AppState, user: &UserRecord, who: &str) -> StoreResult<Vec<PersonChoice>> {
        let store = &*state.store;
        let mut out = Vec::new();
        if user.role == crate::prefs::Role::Resident {
            out.push(PersonChoice { id: user.id, name: user.name.clone() });
            out.extend(store.principals_of(user.id).await?.into_iter().map(|d| PersonChoice { id: d.principal_id, name: d.other_name }));
        } else if user.role == crate::prefs::Role::Staff && !who.trim().is_empty() {
            if let Some(c) = community_of(store, user).await? {
                let found = crate::accounts::server::ssr::residents(state, &c, who.trim(), 1).await?;
                out.extend(found.items.into_iter().map(|r| PersonChoice { id: r.id, name: r.name }));
            }
        }
        Ok(out)
    }

    /// The choices with the person already chosen among them (staff found them by a search
    /// that the next page no longer carries).
    pub fn with_chosen(mut choices: Vec<PersonChoice>, chosen: Option<&UserRecord>) -> Vec<PersonChoice> {
        if let Some(p) = chosen.filter(|p| !choices.iter().any(|c| c.id == p.id)) {
            choices.insert(0, PersonChoice { id: p.id, name: p.name.clone() });
        }
        choices
    }

    pub async fn apply_form(state: &AppState, user: &UserRecord, code: &str, for_id: Option<i64>, who: &str) -> StoreResult<Option<ApplyView>> {
        let store = &*state.store;
        let Some(service) = store.service(code).await?.filter(|s| s.channel != "offline") else { return Ok(None) };
        let lang = lang();
        let Some(spec) = serde_json::from_str::<ServiceDetail>(&service.detail_json).ok().and_then(|d| d.in_language(lang).form) else { return Ok(None) };
        let found = choices(state, user, who).await?;
        // Staff with nobody chosen yet see the form with the chooser only.
        let acting = acting_for(store, user, for_id).await?;
        let (principal, acting_as) = match acting {
            Some((p, how)) => (Some(p), how),
            None if user.role == crate::prefs::Role::Staff && for_id.is_none() => (None, "staff"),
            None => return Ok(None),
        };
        let wallet = match &principal {
            Some(p) => store.wallet(p.id).await?,
            None => Vec::new(),
        };
        let gate = match &principal {
            Some(p) => crate::accounts::assurance::ssr::gate(state, p, spec.assurance, acting_as != "self", lang).await?,
            None => None,
        };
        let applicant = match &principal {
            Some(p) => build::applicant_view(store, p, lang).await?,
            None => ApplicantView { id: 0, name: String::new(), id_masked: String::new(), phone_masked: String::new(), address: String::new() },
        };
        let kinds: Vec<(String, String, bool)> = spec.materials.iter().map(|m| (m.kind.clone(), m.label.clone(), m.required)).collect();
        let depts = store.departments().await?;
        let department = depts
            .iter()
            .find(|d| d.code == service.department_code)
            .map(|d| if lang == crate::prefs::Lang::En { d.name_en.clone() } else { d.name.clone() })
            .unwrap_or_default();
        Ok(Some(ApplyView {
            service_code: service.code.clone(),
            service_name: if lang == crate::prefs::Lang::En { service.name_en.clone() } else { service.name.clone() },
            department,
            time_limit_days: service.time_limit_days,
            promised_by: crate::calendar::ssr::deadline_from_today(store, service.time_limit_days).await?,
            fields: build::field_views(&spec, lang),
            slots: with_certificates(state, build::slots(&kinds, &wallet, lang), principal.as_ref().map(|p| p.id)).await?,
            applicant,
            acting_as: acting_as.to_string(),
            choices: with_chosen(found, principal.as_ref()),
            who: who.to_string(),
            gate,
        }))
    }

    /// Offers, in each slot, the applicant's current e-certificates that can stand in for it.
    pub async fn with_certificates(state: &AppState, mut slots: Vec<SlotView>, holder: Option<i64>) -> StoreResult<Vec<SlotView>> {
        let Some(holder) = holder else { return Ok(slots) };
        let usable = crate::certificates::issue::usable(state, holder).await?;
        for slot in &mut slots {
            slot.certificates = usable.iter().filter(|u| u.kind == slot.kind)
                .map(|u| LabelValue { label: format!("{} {}", u.title, u.row.serial), value: u.row.serial.clone() }).collect();
        }
        Ok(slots)
    }

    pub async fn mine(state: &AppState, user: &UserRecord, for_id: Option<i64>) -> StoreResult<Option<MyApplications>> {
        let store = &*state.store;
        let lang = lang();
        if user.role == crate::prefs::Role::Staff {
            // Community staff see what they filed for residents.
            let items = store.applications_filed_by(user.id).await?.iter().map(|a| build::summary(a, lang)).collect();
            return Ok(Some(MyApplications { person: PersonChoice { id: user.id, name: user.name.clone() }, choices: Vec::new(), items }));
        }
        let choices = choices(state, user, "").await?;
        let person = match for_id.filter(|id| *id != user.id) {
            None if user.role == crate::prefs::Role::Resident => PersonChoice { id: user.id, name: user.name.clone() },
            Some(id) if user.role == crate::prefs::Role::Resident && store.is_delegate(id, user.id).await? => {
                match choices.iter().find(|c| c.id == id) {
                    Some(c) => c.clone(),
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let items = store.applications_of(person.id).await?.iter().map(|a| build::summary(a, lang)).collect();
        Ok(Some(MyApplications { person, choices, items }))
    }

    pub async fn detail(state: &AppState, user: &UserRecord, ref_no: &str) -> StoreResult<Option<ApplicationDetail>> {
        let store = &*state.store;
        let Some(app) = store.application_by_ref(ref_no).await? else { return Ok(None) };
        let Some(access) = application_access(store, user, &app).await? else { return Ok(None) };
        let now = state.now();
        // Every look by an officer or staff member is recorded where the resident can read it.
        if matches!(access, Access::Officer | Access::Filer) {
            crate::web::with_origin(store.audit(now, Some(user.id), Some(app.applicant_id), "staff_viewed_application", &app.ref_no)).await?;
        }
        let mut detail = build::detail(store, &app, access, lang(), now).await?;
        // A correction can be answered with an e-certificate too, as when applying.
        if !detail.correction_slots.is_empty() {
            let slots = std::mem::take(&mut detail.correction_slots);
            detail.correction_slots = with_certificates(state, slots, Some(app.applicant_id)).await?;
        }
        Ok(Some(detail))
    }

    /// The address residents' phones should open (from the request's Host).
    pub fn public_origin(state: &AppState) -> String {
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        origin_of(state, parts.as_ref().map(|p| &p.headers))
    }

    /// The origin a request was made to (its Host, if it is a plain host name), for links.
    pub fn origin_of(state: &AppState, headers: Option<&http::HeaderMap>) -> String {
        let host = headers
            .and_then(|h| h.get(http::header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string))
            .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
            .unwrap_or_else(|| "localhost".into());
        let scheme = if state.config.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{host}")
    }
}
