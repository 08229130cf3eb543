//! `/register`, `/login`, `/me`, `/settings`, `/staff/residents`. Every form is a plain HTML post.
use crate::i18n::t;
use super::server::{get_profile, get_residents};
use super::code_pages::{code_step, CodeField, ResendCodeForm, SendCodeForm};
use super::{Profile, ResidentSummary};
use crate::community::{list_buildings, BuildingOption};
use crate::components::{written_lang, Field, FormBanner};
use crate::forms::{use_form_state, FormState};
use crate::i18n::role_label;
use crate::prefs::{Lang, Mode, Role};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_strings();
    let form = use_form_state();
    let buildings = Resource::new(|| (), |_| list_buildings());
    let building_form = form.clone();
    let step_two = code_step(&form);
    view! {
        <Title text=t.register_title/>
        <h1>{t.register_title}</h1>
        <p>{t.register_intro}</p>
        <FormBanner form=form.clone() message=t.form_has_errors/>
        {(!step_two).then(|| view! {
            <p>{crate::i18n::t("register-phone-proof")}</p>
            <SendCodeForm form=form.clone() action="/register"/>
        })}
        {step_two.then(|| view! {
        <form method="post" action="/register" class="stack">
            <Field form=form.clone() name="phone" label=t.field_phone kind="tel" autocomplete="tel" inputmode="numeric" maxlength=13/>
            <CodeField form=form.clone()/>
            <Field form=form.clone() name="name" label=t.field_name autocomplete="name" maxlength=30/>
            <Field form=form.clone() name="id_number" label=t.field_id_number hint=t.field_id_hint maxlength=18 no_echo=true/>
            <Field form=form.clone() name="password" label=t.field_password kind="password" hint=t.field_password_hint
                autocomplete="new-password" maxlength=64 no_echo=true/>
            <Field form=form.clone() name="password2" label=t.field_password2 kind="password" autocomplete="new-password"
                maxlength=64 no_echo=true/>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {
                    move || {
                        let form = building_form.clone();
                        Suspend::new(async move {
                            let list = buildings.await.unwrap_or_default();
                            view! { <BuildingSelect form list/> }
                        })
                    }
                }
            </Suspense>
            <ConsentBox form=form.clone()/>
            <button type="submit" class="button primary">{t.register_submit}</button>
        </form>
        <ResendCodeForm form=form.clone() action="/register"/>
        })}
        <p><A href="/login">{t.register_have_account}</A></p>
    }
}

/// Buildings grouped by street and community; a select works everywhere, no map needed.
#[component]
fn BuildingSelect(form: FormState, list: Vec<BuildingOption>) -> impl IntoView {
    let t = use_strings();
    let selected = form.value("building");
    let error = form.error("building");
    let has_error = error.is_some();
    let mut groups: Vec<(String, Vec<BuildingOption>)> = Vec::new();
    for b in list {
        let key = format!("{} · {}", b.street, b.community);
        match groups.last_mut() {
            Some((k, items)) if *k == key => items.push(b),
            _ => groups.push((key, vec![b])),
        }
    }
    let described = error.as_ref().map(|_| "building-error");
    view! {
        <div class="field" class:invalid=has_error>
            <label for="building">{t.field_building}<span class="req" aria-hidden="true">" *"</span></label>
            <select id="building" name="building" required=true aria-invalid=error.as_ref().map(|_| "true") aria-describedby=described>
                <option value="">{t.field_building_choose}</option>
                {groups.into_iter().map(|(label, items)| {
                    let selected = selected.clone();
                    view! {
                        <optgroup label=label>
                            {items.into_iter().map(|b| {
                                let value = b.id.to_string();
                                let is_selected = value == selected;
                                view! { <option value=value selected=is_selected>{b.name}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                }).collect_view()}
            </select>
            {error.map(|e| view! { <p class="error" id="building-error">{e}</p> })}
        </div>
    }
}

#[component]
fn ConsentBox(form: FormState) -> impl IntoView {
    let t = use_strings();
    let error = form.error("consent");
    let has_error = error.is_some();
    let described = error.as_ref().map(|_| "consent-error");
    view! {
        <div class="field checkbox" class:invalid=has_error>
            <input type="checkbox" id="consent" name="consent" value="yes" required=true
                aria-invalid=error.as_ref().map(|_| "true") aria-describedby=described/>
            <label for="consent">{t.field_consent}</label>
            {error.map(|e| view! { <p class="error" id="consent-error">{e}</p> })}
        </div>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_strings();
    let form = use_form_state();
    let query = use_query_map();
    let next = {
        let posted = form.value("next");
        move || if posted.is_empty() { query.get_untracked().get("next").unwrap_or_else(|| "/me".into()) } else { posted.clone() }
    };
    let was_reset = query.get_untracked().get("reset").is_some();
    let code_needed = form.value("code_needed") == "1";
    view! {
        <Title text=t.sign_in_title/>
        <h1>{t.sign_in_title}</h1>
        {was_reset.then(|| view! { <div class="banner banner-ok" role="status">{crate::i18n::t("reset-done")}</div> })}
        <FormBanner form=form.clone() message=t.form_has_errors/>
        <form method="post" action="/login" class="stack">
            <input type="hidden" name="next" value=next()/>
            <Field form=form.clone() name="phone" label=t.field_phone kind="tel" autocomplete="username" inputmode="numeric" maxlength=13/>
            <Field form=form.clone() name="password" label=t.field_password kind="password" autocomplete="current-password"
                maxlength=64 no_echo=true/>
            {code_needed.then(|| view! { <CodeField form=form.clone()/> })}
            <button type="submit" class="button primary">{t.sign_in_submit}</button>
        </form>
        {code_needed.then(|| view! { <ResendCodeForm form=form.clone() action="/login" keep=vec![("next", next())]/> })}
        <p><A href="/reset">{crate::i18n::t("sign-in-forgot")}</A></p>
        <p><A href="/register">{t.sign_in_no_account}</A></p>
    }
}

#[component]
pub fn MePage() -> impl IntoView {
    let t = use_strings();
    let profile = Resource::new(|| (), |_| get_profile());
    let welcome = use_query_map().get_untracked().get("welcome").is_some();
    let claim = use_query_map().get_untracked().get("claim").is_some();
    view! {
        <Title text=t.me_title/>
        <h1>{t.me_title}</h1>
        {welcome.then(|| view! { <div class="banner banner-ok" role="status">{t.me_welcome}</div> })}
        {claim.then(|| view! { <p class="banner banner-error" role="alert">{crate::i18n::t("dispute-registered-as-claim")}</p> })}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(Some(p)) => view! { <ProfileView p/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login?next=/me"/> }.into_any(),
                    Err(_) => view! { <p class="banner banner-error" role="alert">{t.load_failed}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileView(p: Profile) -> impl IntoView {
    let s = use_strings();
    let lang = use_viewer().lang;
    let checked = match p.checked_in_person_at {
        Some(at) => format!("{}（{at}）", s.me_verified_offline),
        None => s.me_verified_online.to_string(),
    };
    view! {
        <dl class="facts" id="profile">
            <div><dt>{s.field_name}</dt><dd lang=written_lang(&p.name)>{p.name.clone()}</dd></div>
            <div><dt>{s.field_phone}</dt><dd>{p.phone_masked}</dd></div>
            <div><dt>{s.field_id_number}</dt><dd class="masked-id">{p.id_masked}</dd></div>
            {p.address.map(|a| view! { <div><dt>{s.me_address}</dt><dd>{a}</dd></div> })}
            <div><dt>{s.me_role}</dt><dd>{role_label(p.role, lang)}</dd></div>
            {p.scope.map(|scope| view! { <div><dt>{s.me_scope}</dt><dd>{scope}</dd></div> })}
            <div><dt>{s.me_verified}</dt><dd>{checked}</dd></div>
        </dl>
        <ul class="chips">
            {(p.role == Role::Resident).then(|| view! {
                <li><A href="/me/applications">{t("accounts-my-applications")}</A></li>
                <li><A href="/me/wallet">{t("accounts-materials-wallet")}</A></li>
                <li><A href="/me/certificates">{t("certificates-mine")}</A></li>
                <li><A href="/me/family">{t("accounts-family-delegation")}</A></li>
                <li><A href="/me/kiosk-code">{t("kiosk-my-code-title")}</A></li>
            })}
            {(p.role == Role::Staff).then(|| view! { <li><A href="/work/kiosk-code">{t("kiosk-staff-code-title")}</A></li> })}
            {(p.role == Role::Officer).then(|| view! { <li><A href="/work">{t("accounts-department-workbench")}</A></li> })}
            {(p.role == Role::Admin).then(|| view! { <li><A href="/admin/keys">{t("certificates-keys")}</A></li> })}
            <li><A href="/me/inbox">{t("accounts-messages-and-how-to-tell-me")}</A></li>
            <li><A href="/me/identity">{t("accounts-identity-level")}</A></li>
            <li><A href="/me/data">{t("my-data-title")}</A></li>
            <li><A href="/me/calendar">{t("agenda-title")}</A></li>
            <li><A href="/me/groups">{t("groups-title")}</A></li>
            <li><A href="/me/notice-settings">{t("notice-settings-title")}</A></li>
            <li><A href="/me/security">{t("security-title")}</A></li>
            <li><A href="/settings">{s.nav_settings}</A></li>
        </ul>
        <h2>{s.me_activity}</h2>
        {if p.activity.is_empty() {
            view! { <p>{s.me_no_activity}</p> }.into_any()
        } else {
            view! {
                <ul class="activity">
                    {p.activity.into_iter().map(|a| view! { <li><time>{a.at}</time>" "{a.action}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let t = use_strings();
    let viewer = use_viewer();
    let saved = use_query_map().get_untracked().get("saved").is_some();
    let radio = |name: &'static str, value: &'static str, label: &'static str, checked: bool| {
        let id = format!("{name}-{value}");
        view! {
            <div class="radio">
                <input type="radio" id=id.clone() name=name value=value checked=checked/>
                <label for=id lang=written_lang(label)>{label}</label>
            </div>
        }
    };
    view! {
        <Title text=t.settings_title/>
        <h1>{t.settings_title}</h1>
        {saved.then(|| view! { <div class="banner banner-ok" role="status">{t.settings_saved}</div> })}
        <form method="post" action="/settings" class="stack">
            <fieldset>
                <legend>{t.settings_mode}</legend>
                {radio("mode", "standard", t.settings_mode_standard, viewer.mode == Mode::Standard)}
                {radio("mode", "elder", t.settings_mode_elder, viewer.mode == Mode::Elder)}
            </fieldset>
            <fieldset>
                <legend>{t.settings_lang}</legend>
                {radio("lang", "zh", "中文", viewer.lang == Lang::Zh)}
                {radio("lang", "en", "English", viewer.lang == Lang::En)}
            </fieldset>
            <button type="submit" class="button primary">{t.settings_save}</button>
        </form>
    }
}

#[component]
pub fn StaffResidentsPage() -> impl IntoView {
    let t = use_strings();
    let query = use_query_map();
    let residents = Resource::new(
        move || query.with(|q| (q.get("q").unwrap_or_default(), q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1))),
        |(q, page)| get_residents(q, page),
    );
    let signed_in = use_viewer().user.is_some();
    let form = use_form_state();
    let checked = query.get_untracked().get("checked").is_some();
    let moved = query.get_untracked().get("moved").is_some();
    view! {
        <Title text=t.staff_title/>
        <h1>{t.staff_title}</h1>
        {checked.then(|| view! { <div class="banner banner-ok" role="status">{crate::i18n::t("staff-checked")}</div> })}
        {moved.then(|| view! { <div class="banner banner-ok" role="status">{crate::i18n::t("dispute-moved")}</div> })}
        <FormBanner form=form.clone() message=t.form_has_errors/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || { let form = form.clone(); Suspend::new(async move {
                match residents.await {
                    Ok(Some(found)) => view! { <p>{t.staff_intro}</p> <ResidentSearch found=found.clone()/> <ResidentTable list=found.items.clone() form/> <ResidentPages found/> }.into_any(),
                    Ok(None) if !signed_in => view! { <Redirect path="/login?next=/staff/residents"/> }.into_any(),
                    Ok(None) => {
                        crate::components::set_status(403);
                        view! { <p class="banner banner-error" role="alert">{t.staff_only}</p> }.into_any()
                    }
                    Err(_) => view! { <p class="banner banner-error" role="alert">{t.load_failed}</p> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// Finds a resident at the counter by the start of their name or by their phone.
#[component]
fn ResidentSearch(found: crate::accounts::ResidentPage) -> impl IntoView {
    view! {
        <form method="get" action="/staff/residents" class="search" role="search">
            <label for="resident-q">{crate::i18n::t("staff-find-resident")}</label>
            <input type="search" id="resident-q" name="q" value=found.q maxlength="20" autocomplete="off"/>
            <button type="submit" class="button">{crate::i18n::t("staff-find")}</button>
        </form>
    }
}

/// Earlier and later pages of the list, keeping the search.
#[component]
fn ResidentPages(found: crate::accounts::ResidentPage) -> impl IntoView {
    let href = move |page: u32| format!("/staff/residents?q={}&page={page}", crate::components::encode_query(&found.q));
    view! {
        <nav class="pager" aria-label=crate::i18n::t("staff-pages")>
            {(found.page > 1).then(|| view! { <a href=href(found.page - 1) rel="prev">{crate::i18n::t("staff-previous-page")}</a> })}
            " "
            {found.has_next.then(|| view! { <a href=href(found.page + 1) rel="next">{crate::i18n::t("staff-next-page")}</a> })}
        </nav>
    }
}

#[component]
fn ResidentTable(list: Vec<ResidentSummary>, form: FormState) -> impl IntoView {
    let t = use_strings();
    if list.is_empty() {
        return view! { <p>{t.staff_none}</p> }.into_any();
    }
    view! {
        <ul class="resident-list">
            {list.into_iter().map(|r| {
                let action = format!("/staff/residents/{}/verify", r.id);
                view! {
                    <li class="resident">
                        <p class="resident-name" lang=written_lang(&r.name)>{r.name.clone()}</p>
                        <p>{r.building}" · "{r.phone_masked}" · "<span class="masked-id">{r.id_masked}</span></p>
                        {match (r.claim, r.checked_in_person_at) {
                            (false, Some(at)) => view! { <p class="ok">{t.staff_verified_at}" "{at}</p> }.into_any(),
                            (claim, _) => {
                                // The number typed from the card, and its problem, stay with this resident's row.
                                let this_row = form.value("resident") == r.id.to_string();
                                let row_form = if this_row { form.clone() } else { FormState::default() };
                                let id = format!("id-seen-{}", r.id);
                                let (action, button) = if claim {
                                    (format!("/staff/residents/{}/claim", r.id), crate::i18n::t("dispute-settle"))
                                } else {
                                    (action, t.staff_verify)
                                };
                                view! {
                                    {claim.then(|| view! { <p class="error">{crate::i18n::t("dispute-staff-explain")}</p> })}
                                    <form method="post" action=action class="stack">
                                        <Field form=row_form name="id_seen" id=id label=crate::i18n::t("staff-id-seen")
                                            hint=crate::i18n::t("staff-id-seen-hint") autocomplete="off" maxlength=18/>
                                        <button type="submit" class="button">{button}</button>
                                    </form>
                                }.into_any()
                            }
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
