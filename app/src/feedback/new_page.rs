//! `/feedback/new`: filing a request, complaint or report, with photos, a place and the
//! similar open reports nearby (so a resident can follow one instead of filing it twice).
use super::pages::query_text;
use super::server::*;
use super::view::*;
use crate::applications::apply_page::PersonChooser;
use crate::components::{written_lang, ChannelChoice, FormBanner, SignInFirst, StaffConsent, UploadProgress, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::t;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewFeedbackPage() -> impl IntoView {
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    // After a refused post the page is drawn at /feedback/new without a query: the values come
    // back in the form state instead.
    let posted = form.clone();
    let value = move |key: &'static str| query_text(key)().or_else(|| Some(posted.value(key)).filter(|v| !v.is_empty()));
    let data = Resource::new(
        move || (value("category"), value("building").and_then(|b| b.parse::<i64>().ok()), value("lat"), value("lng"),
            value("for").and_then(|f| f.parse::<i64>().ok()), value("who")),
        |(c, b, la, ln, f, w)| load_new_feedback(c, b, la, ln, f, w),
    );
    view! {
        <Title text=t("feedback-give-feedback")/>
        <h1>{t("feedback-give-feedback")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(Some(v)) => view! { <NewFeedbackBody v form/> }.into_any(),
                                Ok(None) => crate::components::nothing_here(),
                                Err(_) => crate::components::load_failed(),
                            }
                        })
                    }
                }
            </Suspense>
        }.into_any() }}
    }
}

#[component]
fn NewFeedbackBody(v: NewFeedbackView, form: FormState) -> impl IntoView {
    let building = v.building_id.map(|b| b.to_string()).unwrap_or_default();
    let chosen = v.category.clone();
    // Staff choose the resident first; relatives may file for an elder they look after.
    let ready = !(v.is_staff && v.chosen == 0);
    let category = v.category.as_ref().map(|c| c.code.clone()).unwrap_or_default();
    view! {
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {(v.choices.len() > 1 || v.is_staff).then(|| view! {
            <PersonChooser action="/feedback/new".into() is_staff=v.is_staff choices=v.choices.clone() chosen=v.chosen who=v.who.clone()
                keep=vec![("category", category.clone())]/>
        })}
        {form.error("for").map(|e| view! { <p class="error" id="for-error">{e}</p> })}
        {ready.then(|| view! { <PlaceStep v=v.clone() form=form.clone() building=building.clone()/> })}
        {chosen.filter(|_| ready).map(|c| view! { <DetailsStep c v=v.clone() form=form.clone() building=building.clone()/> })}
    }
}

/// Step 1 (a GET form, so it works without JavaScript): the category and the place, which
/// decide who owns the item and which nearby reports to offer.
#[component]
fn PlaceStep(v: NewFeedbackView, form: FormState, building: String) -> impl IntoView {
    let chosen_code = v.category.as_ref().map(|c| c.code.clone()).unwrap_or_default();
    let step_two = v.category.is_some();
    let (cat_e, cat_id, cat_bad) = error_of(&form, "category");
    let (building_e, building_id, building_bad) = error_of(&form, "building");
    let (lat_e, lat_id, lat_bad) = error_of(&form, "lat");
    view! {
        <form method="get" action="/feedback/new" class="stack">
            <h2>{t("feedback-step-1-category-and-place")}</h2>
            <div class="field" class:invalid=cat_bad>
                <label for="category">{t("feedback-category-2")}</label>
                <select id="category" name="category" required=true aria-describedby=cat_id.clone()>
                    <option value="">{t("feedback-choose")}</option>
                    {v.categories.iter().map(|c| view! {
                        <option value=c.code.clone() selected=c.code == chosen_code>{c.kind_label.clone()}" · "{c.name.clone()}</option>
                    }).collect_view()}
                </select>
                {cat_e.map(|e| view! { <p class="error" id="category-error">{e}</p> })}
            </div>
            <div class="field" class:invalid=building_bad>
                <label for="building">{t("feedback-building-your-address-by-default")}</label>
                <select id="building" name="building" aria-describedby=building_id.clone()>
                    <option value="">{t("feedback-not-in-an-estate-write-the")}</option>
                    {v.buildings.iter().map(|b| view! {
                        <option value=b.id.to_string() selected=b.id.to_string() == building>{b.address()}</option>
                    }).collect_view()}
                </select>
                {building_e.map(|e| view! { <p class="error" id="building-error">{e}</p> })}
            </div>
            <details>
                <summary>{t("feedback-optional-coordinates")}</summary>
                <div class="field" class:invalid=lat_bad>
                    <label for="lat">{t("feedback-latitude")}</label>
                    <input id="lat" name="lat" type="text" inputmode="decimal" value=v.lat.clone() aria-describedby=lat_id.clone()/>
                    {lat_e.map(|e| view! { <p class="error" id="lat-error">{e}</p> })}
                </div>
                <div class="field">
                    <label for="lng">{t("feedback-longitude")}</label>
                    <input id="lng" name="lng" type="text" inputmode="decimal" value=v.lng.clone()/>
                </div>
            </details>
            {(v.chosen != 0).then(|| view! { <input type="hidden" name="for" value=v.chosen.to_string()/> })}
            <button type="submit" class="button">{if step_two { t("feedback-update") } else { t("feedback-next") }}</button>
        </form>
    }
}

/// Step 2: what happened, with photos; first the similar open reports nearby to follow instead.
#[component]
fn DetailsStep(c: CategoryOption, v: NewFeedbackView, form: FormState, building: String) -> impl IntoView {
    let nearby = v.nearby.clone();
    let (title_e, title_id, title_bad) = error_of(&form, "title");
    let (body_e, body_id, body_bad) = error_of(&form, "body");
    let (address_e, address_id, address_bad) = error_of(&form, "address");
    let (photos_e, photos_id, photos_bad) = error_of(&form, "photos");
    view! {
        <p class="lead">{t("feedback-promised-reply")}
            {if c.deadline_days == 0 { t("feedback-the-same-working-day").to_string() } else { format!("{} {}", c.deadline_days, t("feedback-working-days")) }}</p>
        {(!nearby.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="nearby">
                <h2 id="nearby">{t("feedback-someone-nearby-already-reported-this")}</h2>
                <p>{t("feedback-follow-the-existing-report-to-get")}</p>
                <ul class="nearby">
                    {nearby.into_iter().map(|n| view! {
                        <li>
                            <a href=format!("/feedback/{}", n.ref_no) lang=written_lang(&n.title)>{n.title.clone()}</a>" · "<Written text=n.address.clone()/>" · "{n.status_label.clone()}
                            <form method="post" action=format!("/feedback/{}/follow", n.ref_no) class="inline-form">
                                <button type="submit" class="button">{t("feedback-follow-this-instead")}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <form method="post" action="/feedback/new" enctype="multipart/form-data" class="stack">
            <h2>{t("feedback-step-2-what-happened")}</h2>
            <input type="hidden" name="category" value=c.code.clone()/>
            <input type="hidden" name="building" value=building.clone()/>
            <input type="hidden" name="lat" value=v.lat.clone()/>
            <input type="hidden" name="lng" value=v.lng.clone()/>
            {(v.chosen != 0).then(|| view! { <input type="hidden" name="for" value=v.chosen.to_string()/> })}
            {v.is_staff.then(|| view! { <ChannelChoice form=form.clone()/><StaffConsent form=form.clone()/> })}
            <div class="field" class:invalid=title_bad>
                <label for="title">{t("feedback-in-one-line")}<span class="req" aria-hidden="true">" *"</span></label>
                <input id="title" name="title" type="text" maxlength="60" required=true value=form.value("title") aria-describedby=title_id.clone()/>
                {title_e.map(|e| view! { <p class="error" id="title-error">{e}</p> })}
            </div>
            <div class="field" class:invalid=body_bad>
                <label for="body">{t("feedback-details")}<span class="req" aria-hidden="true">" *"</span></label>
                <textarea id="body" name="body" rows="5" maxlength="2000" required=true aria-describedby=body_id.clone()>{form.value("body")}</textarea>
                {body_e.map(|e| view! { <p class="error" id="body-error">{e}</p> })}
            </div>
            <div class="field" class:invalid=address_bad>
                <label for="address">{t("feedback-exact-spot-e-g-outside-entrance")}</label>
                <input id="address" name="address" type="text" maxlength="100" value=form.value("address") aria-describedby=address_id.clone()/>
                {address_e.map(|e| view! { <p class="error" id="address-error">{e}</p> })}
            </div>
            <div class="field" class:invalid=photos_bad>
                <label for="photos">{t("feedback-photos-optional-up-to-6")}</label>
                <p class="hint" id="photos-hint">{t("feedback-jpeg-png-or-webp-up-to")}</p>
                <input id="photos" name="photos" type="file" multiple=true accept="image/jpeg,image/png,image/webp"
                    aria-describedby=photos_id.map(|e| format!("{e} photos-hint")).unwrap_or_else(|| "photos-hint".into())/>
                {photos_e.map(|e| view! { <p class="error" id="photos-error">{e}</p> })}
            </div>
            <UploadProgress/>
            <button type="submit" class="button primary">{t("feedback-submit")}</button>
        </form>
    }
}
