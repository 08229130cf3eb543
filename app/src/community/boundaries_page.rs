//! `/admin/boundaries`: administrators draw each community's area as GeoJSON (exported from any
//! map tool). Reports that come with a point and no building are placed by it. Drawing is
//! audited; a drawing that does not parse is refused beside the field and nothing is stored.
use crate::components::{FormBanner, NotYours};
use crate::forms::use_form_state;
use crate::i18n::{t, t_with, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunityArea {
    pub code: String,
    pub name: String,
    /// How many points the drawing has; none when the community is not drawn.
    pub points: Option<usize>,
}

#[server(endpoint = "community/boundaries")]
pub async fn load_boundaries() -> Result<Option<Vec<CommunityArea>>, ServerFnError> {
    let state = crate::state::app_state()?;
    match crate::accounts::server::ssr::current_user() {
        Some(u) if u.role == crate::prefs::Role::Admin => {}
        _ => return Ok(crate::applications::server::not_theirs(None)),
    }
    let lang = crate::prefs::server_viewer().lang;
    let drawn = state.store.community_boundaries().await.map_err(crate::applications::server::failed)?;
    let mut areas = Vec::new();
    for building in state.store.buildings().await.map_err(crate::applications::server::failed)? {
        if areas.iter().any(|a: &CommunityArea| a.code == building.community_code) {
            continue;
        }
        let geojson = drawn.iter().find(|(code, _)| *code == building.community_code).map(|(_, g)| g.as_str()).unwrap_or("");
        areas.push(CommunityArea {
            code: building.community_code.clone(),
            name: building.community_label(lang),
            points: super::boundary::Boundary::parse(geojson).ok().map(|b| b.points()),
        });
    }
    Ok(Some(areas))
}

#[component]
pub fn BoundariesPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_boundaries());
    let error = form.error("boundary");
    let invalid = error.is_some();
    let chosen = form.value("community");
    view! {
        <Title text=t("boundary-title")/>
        <h1>{t("boundary-title")}</h1>
        <p>{t("boundary-intro")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || {
                let (error, chosen, drawing) = (error.clone(), chosen.clone(), form.value("boundary"));
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(areas)) => view! {
                            <table class="outbox">
                                <thead><tr><th scope="col">{t("boundary-community")}</th><th scope="col">{t("boundary-drawn")}</th></tr></thead>
                                <tbody>
                                    {areas.iter().map(|a| view! {
                                        <tr><td>{a.name.clone()}</td>
                                            <td>{match a.points {
                                                Some(n) => t_with("boundary-points", [("n", (n as i64).into())]),
                                                None => t("boundary-not-drawn").to_string(),
                                            }}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <form method="post" action="/admin/boundaries" class="stack">
                                <div class="field">
                                    <label for="community">{t("boundary-community")}</label>
                                    <select id="community" name="community">
                                        {areas.into_iter().map(|a| {
                                            let selected = a.code == chosen;
                                            view! { <option value=a.code selected=selected>{a.name}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field" class:invalid=invalid>
                                    <label for="boundary">{t("boundary-geojson")}</label>
                                    <p class="hint" id="boundary-hint">{t("boundary-hint")}</p>
                                    <textarea id="boundary" name="boundary" rows="8" required=true
                                        aria-describedby=if error.is_some() { "boundary-hint boundary-error" } else { "boundary-hint" }>{drawing}</textarea>
                                    {error.map(|e| view! { <p class="error" id="boundary-error">{e}</p> })}
                                </div>
                                <button type="submit" class="button primary">{t("boundary-save")}</button>
                            </form>
                        }.into_any(),
                        Ok(None) => view! { <NotYours/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
pub use ssr::routes;

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::boundary::Boundary;
    use crate::forms::{FormState, Message};
    use crate::state::AppState;
    use crate::web::{redraw, Admin, AppError, AppResult};
    use axum::extract::State;
    use axum::http::StatusCode;
    use axum::routing::post;
    use axum::{Form, Router};
    use serde::Deserialize;

    const PAGE: &str = "/admin/boundaries";

    pub fn routes() -> Router<AppState> {
        Router::new().route(PAGE, post(save))
    }

    #[derive(Deserialize)]
    struct Drawing {
        #[serde(default)]
        community: String,
        #[serde(default)]
        boundary: String,
    }

    /// The form travels with axum's own limit (1 MB), not the small one of ordinary forms:
    /// a drawing of a few thousand points is tens of kilobytes.
    async fn save(State(state): State<AppState>, admin: Admin, Form(d): Form<Drawing>) -> AppResult {
        let mut form = FormState::default();
        form.values.insert("community".into(), d.community.clone());
        if let Err(e) = Boundary::parse(&d.boundary) {
            form.values.insert("boundary".into(), d.boundary.chars().take(200_000).collect());
            form.refuse("boundary", Message::new(e.message_id()));
            return Err(AppError::invalid(form).on_page(PAGE));
        }
        if !state.store.set_community_boundary(&d.community, d.boundary.trim(), admin.id, state.now()).await? {
            return Err(AppError::NotFound);
        }
        form.notice = Some(Message::new("boundary-saved"));
        Ok(redraw(form, StatusCode::OK, Some(PAGE.into())))
    }
}
