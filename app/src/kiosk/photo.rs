//! 用手机拍材料: while applying at a terminal, a material can be photographed with the resident's
//! own phone. The terminal shows a one-time QR (ten minutes, a random token, nothing personal);
//! the phone opens an upload page with no sign-in, and the photos go into the resident's materials
//! wallet under that material, where the terminal's form offers them. The token only lets
//! photos in: nothing of the resident can be read through it.
use crate::components::{loaded, FormBanner, NotYours};
use crate::forms::{error_of, use_form_state};
use crate::i18n::{t, use_strings};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// A photo handoff lasts ten minutes and takes one upload (of one or more photos).
pub const PHOTO_SECONDS: i64 = 600;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhotoQr {
    pub qr_svg: String,
    pub link: String,
}

/// The terminal's QR for a photo handoff its signed-in resident made.
#[server(endpoint = "kiosk/photo")]
pub async fn load_photo_qr(token: String) -> Result<Option<PhotoQr>, ServerFnError> {
    use crate::applications::server::{failed, not_theirs};
    let state = crate::state::app_state()?;
    let (Some(_), Some(user)) = (super::ssr::current(), crate::accounts::server::ssr::current_user()) else { return Ok(not_theirs(None)) };
    let found = state.store.photo_handoff(&ssr::token_hash(&token), state.now()).await.map_err(failed)?;
    if found.map(|(owner, _)| owner) != Some(user.id) {
        return Ok(not_theirs(None));
    }
    let link = format!("{}/h/p/{token}", crate::applications::server::ssr::public_origin(&state));
    Ok(Some(PhotoQr { qr_svg: crate::components::qr_svg(&link).map_err(failed)?, link }))
}

/// Whether a photo handoff can still be used (the phone's page).
#[server(endpoint = "kiosk/phone-photo")]
pub async fn load_phone_photo(token: String) -> Result<Option<()>, ServerFnError> {
    let state = crate::state::app_state()?;
    let found = state.store.photo_handoff(&ssr::token_hash(&token), state.now()).await.map_err(crate::applications::server::failed)?;
    Ok(crate::applications::server::not_theirs(found.map(|_| ())))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    pub fn token_hash(token: &str) -> String {
        super::super::ssr::secret_hash(&format!("photo:{token}"))
    }
}

/// On a terminal's apply form: one button per material, each making a QR for the phone.
#[component]
pub fn PhonePhotoButtons(slots: Vec<crate::applications::view::SlotView>, back: String) -> impl IntoView {
    view! {
        <section class="card kiosk-phone-photo" aria-labelledby="phone-photo">
            <h2 id="phone-photo">{t("kiosk-photo-with-phone")}</h2>
            <p class="hint">{t("kiosk-photo-with-phone-lead")}</p>
            <ul class="stack">
                {slots.into_iter().map(|s| view! {
                    <li><form method="post" action="/kiosk/photo">
                        <input type="hidden" name="kind" value=s.kind.clone()/>
                        <input type="hidden" name="back" value=back.clone()/>
                        <button type="submit" class="button">{t("kiosk-photo-this")}" "{s.label.clone()}</button>
                    </form></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/kiosk/photo?t=…&back=…`: the QR the resident scans, and the way back to the form.
#[component]
pub fn KioskPhotoPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let token = query.with_untracked(|q| q.get("t").unwrap_or_default());
    let back = query.with_untracked(|q| q.get("back")).filter(|b| crate::components::is_same_site_path(b)).unwrap_or_else(|| "/kiosk".into());
    let data = Resource::new(move || token.clone(), load_photo_qr);
    view! {
        <Title text=t("kiosk-photo-with-phone")/>
        <h1>{t("kiosk-photo-with-phone")}</h1>
        {loaded(data, || view! { <NotYours/> }.into_any(), move |p| view! {
            <p class="lead">{t("kiosk-photo-scan")}</p>
            <figure class="qr"><div role="img" aria-label=t("kiosk-photo-qr") inner_html=p.qr_svg></div></figure>
            <p class="hint">{t("kiosk-photo-once")}</p>
            <p><a class="button primary" href=back.clone()>{t("kiosk-photo-done")}</a></p>
        }.into_any())}
    }
}

/// `/h/p/{token}` on the resident's phone: take or choose the photos and send them.
#[component]
pub fn PhonePhotoPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let form = use_form_state();
    let data = Resource::new({ let token = token.clone(); move || token.clone() }, load_phone_photo);
    view! {
        <Title text=t("kiosk-photo-phone-title")/>
        <h1>{t("kiosk-photo-phone-title")}</h1>
        {loaded(data, || view! { <p>{t("kiosk-photo-gone")}</p> }.into_any(), move |_| {
            let (e, eid, bad) = error_of(&form, "photo");
            view! {
                <FormBanner form=form.clone() message=use_strings().form_has_errors/>
                <form method="post" action=format!("/h/p/{token}") enctype="multipart/form-data" class="stack">
                    <div class="field" class:invalid=bad>
                        <label for="photo">{t("kiosk-photo-take")}</label>
                        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple=true
                            required=true aria-describedby=eid.clone()/>
                        {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                    </div>
                    <button type="submit" class="button primary">{t("kiosk-photo-send")}</button>
                </form>
            }.into_any()
        })}
    }
}

/// `/h/photo-received`: the phone's last page; the resident goes back to the terminal.
#[component]
pub fn PhotoReceivedPage() -> impl IntoView {
    view! {
        <Title text=t("kiosk-photo-received")/>
        <h1>{t("kiosk-photo-received")}</h1>
        <p class="lead">{t("kiosk-photo-received-lead")}</p>
    }
}
