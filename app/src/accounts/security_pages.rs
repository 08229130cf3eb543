//! `/login/totp` (the second factor) and `/me/security` (password, devices). Plain form posts.
use super::security::{get_second_factor, get_security, DeviceItem, SecondFactorView, SecurityView};
use crate::components::{Field, FormBanner};
use crate::forms::{use_form_state, FormState};
use crate::i18n::{t, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let s = use_strings();
    let form = use_form_state();
    let view = Resource::new(|| (), |_| get_second_factor());
    let next = {
        let posted = form.value("next");
        let query = use_query_map();
        if posted.is_empty() { query.get_untracked().get("next").unwrap_or_else(|| "/me".into()) } else { posted }
    };
    view! {
        <Title text=t("totp-title")/>
        <h1>{t("totp-title")}</h1>
        <FormBanner form=form.clone() message=s.form_has_errors/>
        <Suspense fallback=move || view! { <p>{s.loading}</p> }>
            {move || {
                let (form, next) = (form.clone(), next.clone());
                Suspend::new(async move {
                    match view.await {
                        Ok(Some(v)) => view! { <SecondFactorForm v form next/> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(_) => view! { <p class="banner banner-error" role="alert">{s.load_failed}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SecondFactorForm(v: SecondFactorView, form: FormState, next: String) -> impl IntoView {
    view! {
        {if v.enrol {
            view! {
                <p>{t("totp-enrol-intro")}</p>
                <div class="qr" role="img" aria-label=t("totp-qr-label") inner_html=v.qr_svg.unwrap_or_default()></div>
                <p>{t("totp-manual-key")}" "<code class="totp-secret">{v.secret.unwrap_or_default()}</code></p>
            }.into_any()
        } else {
            view! { <p>{t("totp-intro")}</p> }.into_any()
        }}
        <form method="post" action="/login/totp" class="stack">
            <input type="hidden" name="next" value=next/>
            <Field form name="code" label=t("field-totp") hint=t("field-totp-hint") autocomplete="one-time-code"
                inputmode="numeric" maxlength=6 no_echo=true/>
            <button type="submit" class="button primary">{t("totp-submit")}</button>
        </form>
        <p><A href="/login">{t("totp-start-again")}</A></p>
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let s = use_strings();
    let form = use_form_state();
    let view = Resource::new(|| (), |_| get_security());
    let changed = use_query_map().get_untracked().get("changed").is_some();
    let phone_changed = use_query_map().get_untracked().get("phone").is_some();
    view! {
        <Title text=t("security-title")/>
        <h1>{t("security-title")}</h1>
        {changed.then(|| view! { <div class="banner banner-ok" role="status">{t("security-password-changed")}</div> })}
        {phone_changed.then(|| view! { <div class="banner banner-ok" role="status">{t("phone-change-done")}</div> })}
        <FormBanner form=form.clone() message=s.form_has_errors/>
        <Suspense fallback=move || view! { <p>{s.loading}</p> }>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match view.await {
                        Ok(Some(v)) => view! { <SecurityView v form/> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login?next=/me/security"/> }.into_any(),
                        Err(_) => view! { <p class="banner banner-error" role="alert">{s.load_failed}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SecurityView(v: SecurityView, form: FormState) -> impl IntoView {
    let s = use_strings();
    let others = v.devices.iter().filter(|d| !d.current).count();
    view! {
        <dl class="facts">
            <div><dt>{s.field_phone}</dt><dd>{v.phone_masked}" "<A href="/me/security/phone">{t("phone-change-title")}</A></dd></div>
            {v.privileged.then(|| view! {
                <div><dt>{t("security-second-factor")}</dt><dd>{v.second_factor_since.map_or_else(|| t("security-second-factor-off").to_string(), |at| format!("{} {at}", t("security-second-factor-on")))}</dd></div>
            })}
        </dl>
        <h2>{t("security-change-password")}</h2>
        <form method="post" action="/me/security/password" class="stack">
            <Field form=form.clone() name="current" label=t("field-current-password") kind="password" autocomplete="current-password"
                maxlength=64 no_echo=true/>
            <Field form=form.clone() name="password" label=t("field-new-password") kind="password" hint=s.field_password_hint
                autocomplete="new-password" maxlength=64 no_echo=true/>
            <Field form=form.clone() name="password2" label=s.field_password2 kind="password" autocomplete="new-password"
                maxlength=64 no_echo=true/>
            <button type="submit" class="button primary">{t("security-change-password")}</button>
        </form>
        <h2>{t("security-devices")}</h2>
        <ul class="devices">
            {v.devices.into_iter().map(|d| view! { <Device d/> }).collect_view()}
        </ul>
        {(others > 0).then(|| view! {
            <form method="post" action="/me/security/sessions/end-others">
                <button type="submit" class="button">{t("security-sign-out-others")}</button>
            </form>
        })}
    }
}

#[component]
fn Device(d: DeviceItem) -> impl IntoView {
    view! {
        <li class="device">
            <p><strong>{d.device}</strong>{d.current.then(|| view! { " · "<span class="ok">{t("security-this-device")}</span> })}</p>
            <p>{t("security-signed-in-at")}" "{d.started}" · "{t("security-last-seen")}" "{d.last_seen}" · "{d.addr}</p>
            {(!d.current).then(|| view! {
                <form method="post" action="/me/security/sessions/end">
                    <input type="hidden" name="id" value=d.id/>
                    <button type="submit" class="button">{t("security-sign-out-device")}</button>
                </form>
            })}
        </li>
    }
}

pub const PHONE_PAGE: &str = "/me/security/phone";

/// `/me/security/phone`: 更换手机号, in two steps like registration.
#[component]
pub fn PhoneChangePage() -> impl IntoView {
    let s = use_strings();
    let form = use_form_state();
    let signed_in = crate::prefs::use_viewer().user.is_some();
    let step_two = super::code_pages::code_step(&form);
    let action = PHONE_PAGE;
    view! {
        <Title text=t("phone-change-title")/>
        <h1>{t("phone-change-title")}</h1>
        {if !signed_in {
            view! { <Redirect path="/login?next=/me/security/phone"/> }.into_any()
        } else {
            view! {
                <p>{t("phone-change-intro")}</p>
                <FormBanner form=form.clone() message=s.form_has_errors/>
                {if step_two {
                    view! {
                        <form method="post" action=action class="stack">
                            <Field form=form.clone() name="phone" label=t("phone-change-new") kind="tel" autocomplete="tel" inputmode="numeric" maxlength=13/>
                            <super::code_pages::CodeField form=form.clone()/>
                            <Field form=form.clone() name="current" label=t("field-current-password") kind="password"
                                autocomplete="current-password" maxlength=64 no_echo=true/>
                            <button type="submit" class="button primary">{t("phone-change-submit")}</button>
                        </form>
                        <super::code_pages::ResendCodeForm form=form.clone() action=action/>
                    }.into_any()
                } else {
                    view! { <super::code_pages::SendCodeForm form=form.clone() action=action/> }.into_any()
                }}
                <p><A href="/me/security">{t("security-title")}</A></p>
            }.into_any()
        }}
    }
}
