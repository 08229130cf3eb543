//! `/admin/open311`: administrators issue api_keys to third-party Open311 clients. A key is shown
//! once, when issued; only its SHA-256 is stored. Issuing and revoking are audited.
use crate::i18n::t;
use crate::components::NotYours;
use crate::components::FormBanner;
use crate::forms::use_form_state;
use crate::i18n::use_strings;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub revoked: Option<String>,
    /// Whether the client may post public updates on reports.
    pub may_update: bool,
}

#[server(endpoint = "open311/keys")]
pub async fn load_api_keys() -> Result<Option<Vec<ApiKeyView>>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => {}
        _ => return Ok(crate::applications::server::not_theirs(None)),
    }
    let rows = state.store.api_keys().await.map_err(crate::applications::server::failed)?;
    Ok(Some(
        rows.into_iter()
            .map(|k| ApiKeyView {
                id: k.id,
                name: k.name,
                created: crate::time::format_local(k.created_at),
                revoked: k.revoked_at.map(crate::time::format_local),
                may_update: k.may_update == 1,
            })
            .collect(),
    ))
}

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_api_keys());
    let name_error = form.error("name");
    let has_name_error = name_error.is_some();
    view! {
        <Title text=t("open311-open311-api-keys")/>
        <h1>{t("open311-open311-api-keys-2")}</h1>
        <p>{t("open311-third-party-open311-clients-file-and")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action="/admin/open311/keys" class="stack">
            <div class="field" class:invalid=has_name_error>
                <label for="name">{t("open311-client-name")}</label>
                <input id="name" name="name" type="text" maxlength="60" required=true value=form.value("name")
                    aria-describedby=name_error.as_ref().map(|_| "name-error")/>
                {name_error.clone().map(|e| view! { <p class="error" id="name-error">{e}</p> })}
            </div>
            <button type="submit" class="button primary">{t("open311-issue-a-key")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(keys)) => view! {
                        <table class="outbox">
                            <thead><tr><th scope="col">{t("open311-client")}</th><th scope="col">{t("open311-issued")}</th><th scope="col">{t("open311-status")}</th>
                                <th scope="col">{t("open311-updates")}</th></tr></thead>
                            <tbody>
                                {keys.into_iter().map(|k| view! {
                                    <tr>
                                        <td>{k.name.clone()}</td><td>{k.created.clone()}</td>
                                        <td>{match k.revoked.clone() {
                                            Some(at) => view! { {t("open311-revoked")}{at} }.into_any(),
                                            None => view! {
                                                <form method="post" action=format!("/admin/open311/keys/{}/revoke", k.id) class="inline-form">
                                                    <button type="submit" class="button">{t("open311-revoke")}</button>
                                                </form>
                                            }.into_any(),
                                        }}</td>
                                        <td>{k.revoked.is_none().then(|| view! {
                                            <form method="post" action=format!("/admin/open311/keys/{}/updates", k.id) class="inline-form">
                                                <input type="hidden" name="allowed" value=if k.may_update { "0" } else { "1" }/>
                                                {if k.may_update { t("open311-updates-allowed") } else { t("open311-updates-not-allowed") }}" "
                                                <button type="submit" class="button">{if k.may_update { t("open311-stop-updates") } else { t("open311-allow-updates") }}</button>
                                            </form>
                                        })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Ok(None) => view! { <NotYours/> }.into_any(),
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{hash, routes};

#[cfg(feature = "ssr")]
mod ssr {
    use crate::forms::{FormState, Message};
    use crate::state::AppState;
    use crate::web::{redraw, Admin, AppError, AppResult, FormPairs};
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Redirect};
    use axum::routing::post;
    use axum::Router;

    pub fn routes() -> Router<AppState> {
        Router::new()
            .route("/admin/open311/keys", post(issue))
            .route("/admin/open311/keys/{id}/revoke", post(revoke))
            .route("/admin/open311/keys/{id}/updates", post(allow_updates))
    }

    pub fn hash(key: &str) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(key.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    async fn issue(State(state): State<AppState>, admin: Admin, pairs: FormPairs) -> AppResult {
        let name = pairs.get("name");
        let mut form = FormState::default();
        if name.is_empty() || name.chars().count() > 60 {
            form.values.insert("name".into(), name);
            form.refuse("name", Message::new("open311-name-the-client"));
            return Err(AppError::invalid(form).on_page("/admin/open311"));
        }
        let key: String = (0..32).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
        state.store.add_api_key(&name, &hash(&key), admin.id, state.now()).await?;
        // Shown once, on the page itself: the key is stored only as its hash.
        form.notice = Some(Message::new("open311-key-shown-once").with("name", name).with("key", key));
        Ok(redraw(form, StatusCode::OK, Some("/admin/open311".into())))
    }

    /// Lets a client post public updates on reports (`POST servicerequestupdates`), or stops it.
    async fn allow_updates(State(state): State<AppState>, admin: Admin, Path(id): Path<i64>, pairs: FormPairs) -> AppResult {
        if !state.store.allow_api_key_updates(id, pairs.get("allowed") == "1", admin.id, state.now()).await? {
            return Err(AppError::NotFound);
        }
        Ok(Redirect::to("/admin/open311").into_response())
    }

    async fn revoke(State(state): State<AppState>, admin: Admin, Path(id): Path<i64>) -> AppResult {
        if !state.store.revoke_api_key(id, admin.id, state.now()).await? {
            return Err(AppError::NotFound);
        }
        Ok(Redirect::to("/admin/open311").into_response())
    }
}
