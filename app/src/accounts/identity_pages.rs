//! `/me/identity`: the account's assurance level, what each level opens, and how to reach L2 (the
//! community counter; online too when a verifier is configured). `LevelGate` is what a form
//! shows instead of itself when the person it is for is below the level it needs.
use super::assurance::{Gate, Level, OfficeView};
use crate::components::FormBanner;
use crate::forms::{use_form_state, FormState};
use crate::i18n::{t, t_with, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentityView {
    pub level: Level,
    /// When and how L2 was reached ("2026-12-01 10:20 · 社区窗口核验").
    pub confirmed: Option<(String, String)>,
    pub office: Option<OfficeView>,
    pub online: bool,
}

#[server(endpoint = "accounts/identity")]
pub async fn load_identity() -> Result<Option<IdentityView>, ServerFnError> {
    use super::assurance::ssr::{level_of, office_for};
    let state = crate::state::app_state()?;
    let Some(user) = super::server::ssr::current_user() else { return Ok(None) };
    let lang = crate::prefs::server_viewer().lang;
    let office = office_for(&state, &user, lang).await.map_err(|e| {
        tracing::error!(error = %e, "loading the community office failed");
        ServerFnError::new("internal error")
    })?;
    let confirmed = user.identity_checked_at.map(|at| {
        let how = match user.identity_method.as_str() {
            "online" => "identity-method-online",
            "operator" => "identity-method-operator",
            _ => "identity-method-in-person",
        };
        (crate::time::format_local(at), crate::i18n::text(lang, how).to_string())
    });
    Ok(Some(IdentityView { level: level_of(&user), confirmed, office, online: state.config.identity.is_some() && user.holds_id_number() }))
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Identity => t("identity-level-2"),
        Level::Phone => t("identity-level-1"),
        Level::Unproven => t("identity-level-0"),
    }
}

#[component]
pub fn IdentityPage() -> impl IntoView {
    let s = use_strings();
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_identity());
    let done = use_query_map().get_untracked().get("done").is_some();
    view! {
        <Title text=t("identity-title")/>
        <h1>{t("identity-title")}</h1>
        {done.then(|| view! { <div class="banner banner-ok" role="status">{t("identity-done")}</div> })}
        <FormBanner form=form.clone() message=s.form_has_errors/>
        <Suspense fallback=move || view! { <p>{s.loading}</p> }>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => view! { <IdentityBody v form/> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login?next=/me/identity"/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IdentityBody(v: IdentityView, form: FormState) -> impl IntoView {
    let below = v.level < Level::Identity;
    view! {
        <dl class="facts pairs">
            <dt>{t("identity-your-level")}</dt><dd class="level">{level_name(v.level)}</dd>
            {v.confirmed.clone().map(|(at, how)| view! { <dt>{t("identity-confirmed")}</dt><dd>{at}" · "{how}</dd> })}
        </dl>
        <ul class="levels">
            <li>{t("identity-level-1-opens")}</li>
            <li>{t("identity-level-2-opens")}</li>
        </ul>
        {below.then(|| view! {
            <h2>{t("identity-how-to-reach")}</h2>
            <OfficeCard office=v.office.clone()/>
            {v.online.then(|| view! { <OnlineCheck form=form.clone()/> })}
        })}
    }
}

/// Where to go, with the ID card, to reach L2.
#[component]
fn OfficeCard(office: Option<OfficeView>) -> impl IntoView {
    match office {
        Some(o) => view! {
            <section class="card office" aria-labelledby="office-title">
                <h3 id="office-title">{t_with("identity-bring-your-card", [("community", o.community.clone().into())])}</h3>
                <dl class="facts pairs">
                    {(!o.address.is_empty()).then(|| view! { <dt>{t("identity-office-address")}</dt><dd>{o.address.clone()}</dd> })}
                    {(!o.hours.is_empty()).then(|| view! { <dt>{t("identity-office-hours")}</dt><dd>{o.hours.clone()}</dd> })}
                    {(!o.phone.is_empty()).then(|| view! { <dt>{t("identity-office-phone")}</dt><dd><a href=format!("tel:{}", o.phone)>{o.phone.clone()}</a></dd> })}
                </dl>
            </section>
        }.into_any(),
        None => view! { <p class="card">{t("identity-no-home-community")}</p> }.into_any(),
    }
}

#[component]
fn OnlineCheck(form: FormState) -> impl IntoView {
    let error = form.error("consent");
    let described = error.as_ref().map(|_| "consent-error");
    view! {
        <section class="card" aria-labelledby="online-title">
            <h3 id="online-title">{t("identity-online-title")}</h3>
            <p>{t("identity-online-intro")}</p>
            <form method="post" action="/me/identity" class="stack">
                <div class="field checkbox" class:invalid=error.is_some()>
                    <input type="checkbox" id="consent" name="consent" value="yes" required=true
                        aria-invalid=error.as_ref().map(|_| "true") aria-describedby=described/>
                    <label for="consent">{t("identity-online-consent")}</label>
                    {error.clone().map(|e| view! { <p class="error" id="consent-error">{e}</p> })}
                </div>
                <button type="submit" class="button primary">{t("identity-online-submit")}</button>
            </form>
        </section>
    }
}

/// Shown instead of a form whose level the person is below: what it needs and how to get there.
#[component]
pub fn LevelGate(gate: Gate) -> impl IntoView {
    let needed = level_name(gate.needed);
    view! {
        <section class="gate" aria-labelledby="gate-title">
            <h2 id="gate-title">{t_with("identity-gate-title", [("level", needed.into())])}</h2>
            <p>{if gate.for_other { t("identity-gate-for-other") } else { t("identity-gate-why") }}</p>
            <p>{t_with("identity-gate-have", [("level", level_name(gate.have).into())])}</p>
            <OfficeCard office=gate.office.clone()/>
            {(gate.online && !gate.for_other).then(|| view! { <p><A href="/me/identity">{t("identity-gate-online")}</A></p> })}
        </section>
    }
}
