//! `/kiosk` (the start screen), `/kiosk/pair` (pairing a terminal's browser), `/admin/kiosks`
//! (registering terminals), and the bar every page shows on a terminal.
use super::*;
use crate::components::{loaded, FormBanner, Icon, NotYours, Written};
use crate::forms::{error_of, use_form_state};
use crate::i18n::{t, use_strings};
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn KioskHomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_kiosk_home());
    let signed_in = crate::prefs::use_viewer().user.is_some();
    view! {
        <Title text=t("kiosk-title")/>
        {loaded(data, not_a_terminal, move |k| view! { <KioskStart k signed_in/> }.into_any())}
    }
}

fn not_a_terminal() -> AnyView {
    view! {
        <h1>{t("kiosk-title")}</h1>
        <p>{t("kiosk-not-a-terminal")}</p>
        <p><a href="/kiosk/pair" class="button">{t("kiosk-pair-title")}</a></p>
    }.into_any()
}

/// The start screen: what a resident can do here, as big tiles.
#[component]
fn KioskStart(k: KioskHome, signed_in: bool) -> impl IntoView {
    let mut tiles: Vec<(&'static str, &'static str, String)> = Vec::new();
    if !signed_in {
        tiles.push(("me", "kiosk-sign-in", "/kiosk/sign-in".into()));
    }
    tiles.extend([
        ("services", "kiosk-guides", "/services".to_string()),
        ("applications", "kiosk-my-applications", "/me/applications".to_string()),
        ("feedback", "kiosk-feedback", "/feedback/new".to_string()),
        ("notices", "kiosk-notices", "/notices".to_string()),
        ("surveys", "kiosk-surveys", "/surveys".to_string()),
        ("market", "kiosk-market", "/market".to_string()),
    ]);
    if let Some(office) = &k.office {
        tiles.push(("place", "kiosk-take-number", format!("/queue/{office}/take")));
    }
    view! {
        <h1>{t("kiosk-welcome")}</h1>
        <p class="lead"><Written text=k.name.clone()/>" · "{t("kiosk-terminal-name")}</p>
        <ul class="tiles kiosk-tiles">
            {tiles.into_iter().map(|(icon, label, href)| view! {
                <li><A href=href attr:class="tile"><Icon name=icon/><span>{t(label)}</span></A></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn KioskPairPage() -> impl IntoView {
    let form = use_form_state();
    let (e, eid, bad) = error_of(&form, "secret");
    view! {
        <Title text=t("kiosk-pair-title")/>
        <h1>{t("kiosk-pair-title")}</h1>
        <p>{t("kiosk-pair-lead")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action="/kiosk/pair" class="stack">
            <div class="field" class:invalid=bad>
                <label for="secret">{t("kiosk-secret")}</label>
                <input id="secret" name="secret" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    maxlength="40" required=true aria-describedby=eid.clone()/>
                {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
            </div>
            <button type="submit" class="button primary">{t("kiosk-pair-submit")}</button>
        </form>
    }
}

/// On every page of a terminal, always in the same place: end and leave, call staff; and the
/// dialog `/kiosk.js` opens after a minute without a touch.
#[component]
pub fn KioskBar() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
    let search = if search.is_empty() || search.starts_with('?') { search } else { format!("?{search}") };
    let here = format!("{path}{search}");
    let called = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("called").is_some());
    view! {
        {called.then(|| view! { <p class="banner banner-ok kiosk-called" role="status">{t("kiosk-called")}</p> })}
        <div class="kiosk-bar" role="region" aria-label=t("kiosk-bar")>
            <form method="post" action="/kiosk/call">
                <input type="hidden" name="back" value=path/>
                <button type="submit" class="button">{t("kiosk-call-staff")}</button>
            </form>
            <form method="post" action="/kiosk/handoff">
                <input type="hidden" name="path" value=here/>
                <button type="submit" class="button">{t("kiosk-handoff")}</button>
            </form>
            <form method="post" action="/kiosk/end" id="kiosk-end">
                <button type="submit" class="button primary">{t("kiosk-end")}</button>
            </form>
        </div>
        <dialog id="kiosk-idle" class="kiosk-idle" data-idle=IDLE_SECONDS data-countdown=COUNTDOWN_SECONDS aria-labelledby="kiosk-idle-title">
            <h2 id="kiosk-idle-title">{t("kiosk-more-time")}</h2>
            <p>{t("kiosk-idle-before")}<span id="kiosk-idle-left" role="timer">{COUNTDOWN_SECONDS}</span>{t("kiosk-idle-after")}</p>
            <button type="button" class="button primary" id="kiosk-more-time">{t("kiosk-yes-more-time")}</button>
        </dialog>
    }
}

#[component]
pub fn AdminKiosksPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_kiosk_admin());
    view! {
        <Title text=t("kiosk-admin-title")/>
        <h1>{t("kiosk-admin-title")}</h1>
        <p>{t("kiosk-admin-lead")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {loaded(data, || view! { <NotYours/> }.into_any(), move |a| view! { <KioskAdminBody a form=form.clone()/> }.into_any())}
    }
}

#[component]
fn KioskAdminBody(a: KioskAdmin, form: crate::forms::FormState) -> impl IntoView {
    let (ne, nid, nbad) = error_of(&form, "name");
    let (ce, cid, cbad) = error_of(&form, "community");
    let chosen = form.value("community");
    view! {
        <form method="post" action="/admin/kiosks" class="stack">
            <div class="field" class:invalid=nbad>
                <label for="name">{t("kiosk-name")}</label>
                <input id="name" name="name" type="text" maxlength="40" required=true value=form.value("name") aria-describedby=nid.clone()/>
                {ne.map(|e| view! { <p class="error" id=nid>{e}</p> })}
            </div>
            <div class="field" class:invalid=cbad>
                <label for="community">{t("kiosk-community")}</label>
                <select id="community" name="community" required=true aria-describedby=cid.clone()>
                    <option value="">{t("channel-choose")}</option>
                    {a.communities.iter().map(|(code, name)| view! { <option value=code.clone() selected=*code == chosen>{name.clone()}</option> }).collect_view()}
                </select>
                {ce.map(|e| view! { <p class="error" id=cid>{e}</p> })}
            </div>
            <button type="submit" class="button primary">{t("kiosk-register")}</button>
        </form>
        <div class="table-scroll" tabindex="0" role="region" aria-label=t("kiosk-admin-title")>
        <table class="outbox">
            <thead><tr><th scope="col">{t("kiosk-name")}</th><th scope="col">{t("kiosk-community")}</th>
                <th scope="col">{t("kiosk-registered")}</th><th scope="col">{t("kiosk-status")}</th></tr></thead>
            <tbody>
                {a.kiosks.into_iter().map(|k| view! {
                    <tr><td><Written text=k.name.clone()/></td><td>{k.community.clone()}</td><td>{k.created.clone()}</td>
                        <td>{match k.revoked.clone() {
                            Some(at) => view! { {t("kiosk-revoked")}" "{at} }.into_any(),
                            None => view! {
                                <form method="post" action=format!("/admin/kiosks/{}/revoke", k.id) class="inline-form">
                                    <button type="submit" class="button">{t("kiosk-revoke")}</button>
                                </form>
                            }.into_any(),
                        }}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// `/kiosk/handoff?t=…`: the QR the resident scans to carry on with the page on their phone.
#[component]
pub fn KioskHandoffPage() -> impl IntoView {
    let token = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("t").unwrap_or_default());
    let data = Resource::new(move || token.clone(), load_handoff);
    view! {
        <Title text=t("kiosk-handoff")/>
        <h1>{t("kiosk-handoff")}</h1>
        {loaded(data, || view! { <p>{t("kiosk-handoff-gone")}</p><p><a href="/kiosk" class="button">{t("kiosk-title")}</a></p> }.into_any(),
            |h| view! {
                <p class="lead">{t("kiosk-handoff-lead")}</p>
                <figure class="qr handoff-qr">
                    <div role="img" aria-label=t("kiosk-handoff-qr") inner_html=h.qr_svg></div>
                </figure>
                <p><a href="/kiosk" class="button">{t("kiosk-handoff-done")}</a></p>
            }.into_any())}
    }
}
