//! The provider's side: `/provider` (application state, listings, booking inbox, promotions),
//! `/provider/apply`, and `/provider/listings/{id|new}` (a listing and its weekly slots).
use crate::i18n::t;
use super::vetting;
use super::pages::{ListingCards, OrderList};
use super::server::*;
use super::view::*;
use super::pages::nothing_here;
use crate::components::UploadProgress;
use crate::components::{loaded, written_lang, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A text input with its label and message; `value` is what to show before any post.
#[component]
fn Input(form: FormState, name: &'static str, label: &'static str, value: String,
    #[prop(default = "text")] kind: &'static str, #[prop(default = 60)] max: usize, #[prop(optional)] optional: bool) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, name);
    let value = if form.values.is_empty() { value } else { form.value(name) };
    view! {
        <div class="field" class:invalid=bad>
            <label for=name>{label}</label>
            <input id=name name=name type=kind value=value maxlength=max.to_string() required=!optional aria-describedby=eid/>
            {e.map(|e| view! { <p class="error" id=format!("{name}-error")>{e}</p> })}
        </div>
    }
}

/// Checkboxes for a list of codes.
#[component]
fn Checks(form: FormState, name: &'static str, legend: &'static str, options: Vec<Choice>, chosen: Vec<String>) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, name);
    let chosen: Vec<String> = if form.values.is_empty() { chosen } else { form.value(name).split(',').map(str::to_string).collect() };
    view! {
        <fieldset class="field checks" class:invalid=bad aria-describedby=eid>
            <legend>{legend}</legend>
            {options.into_iter().map(|c| {
                let id = format!("{name}-{}", c.code);
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() name=name value=c.code.clone() checked=chosen.contains(&c.code)/>
                        <label for=id>{c.label.clone()}</label>
                    </div>
                }
            }).collect_view()}
            {e.map(|e| view! { <p class="error" id=format!("{name}-error")>{e}</p> })}
        </fieldset>
    }
}

#[component]
fn FileInput(form: FormState, name: &'static str, label: &'static str, #[prop(optional)] multiple: bool, #[prop(optional)] optional: bool) -> impl IntoView {
    let (e, eid, bad) = error_of(&form, name);
    view! {
        <div class="field" class:invalid=bad>
            <label for=name>{label}</label>
            <input id=name name=name type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple=multiple required=!optional aria-describedby=eid/>
            {e.map(|e| view! { <p class="error" id=format!("{name}-error")>{e}</p> })}
        </div>
    }
}

#[component]
pub fn ProviderHomePage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_provider_home());
    let title = t("market-provider-centre");
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {loaded(data, nothing_here, move |h| view! { <ProviderHomeBody h form=form.clone()/> }.into_any())}
    }
}

#[component]
fn ProviderHomeBody(h: ProviderHome, form: FormState) -> impl IntoView {
    let Some(p) = h.provider.clone() else {
        return view! {
            <p class="lead">{t("market-local-housekeeping-repair-meal-and-home")}</p>
            <p><a class="button primary" href="/provider/apply">{t("market-apply-to-join")}</a></p>
        }.into_any();
    };
    let approved = vetting::is_approved(&p.status);
    let can_resubmit = vetting::allows(vetting::VetAction::Resubmit, &p.status);
    view! {
        <section class="card" aria-labelledby="standing-h">
            <h2 id="standing-h" lang=written_lang(&p.name)>{p.name.clone()}</h2>
            <p><span class=format!("status status-{}", p.status)>{p.status_label.clone()}</span></p>
            {(!p.reason.is_empty()).then(|| view! { <p><strong>{t("market-reason-2")}</strong><Written text=p.reason.clone()/></p> })}
            {can_resubmit.then(|| view! { <p><a class="button primary" href="/provider/apply">{t("market-change-and-send-again")}</a></p> })}
            <p class="meta">{t("market-uscc")}{p.uscc.clone()}" · "<a href="/provider/licence">{t("market-licence")}</a></p>
            <ol class="timeline">
                {p.history.iter().map(|e| view! { <li><span class="when">{e.at.clone()}</span>" "{e.label.clone()}{(!e.note.is_empty()).then(|| format!("：{}", e.note))}</li> }).collect_view()}
            </ol>
        </section>
        {approved.then(|| view! {
            <h2>{t("market-my-services")}</h2>
            <p><a class="button primary" href="/provider/listings/new">{t("market-list-a-new-service")}</a></p>
            <ListingCards items=h.listings.clone() edit=true/>
        })}
        <h2>{t("market-bookings")}</h2>
        <OrderList items=h.inbox.clone()/>
        {approved.then(|| view! { <Promotions items=h.promotions.clone() form=form.clone()/> })}
    }.into_any()
}

#[component]
fn Promotions(items: Vec<PromotionView>, form: FormState) -> impl IntoView {
    view! {
        <h2>{t("market-home-page-promotion")}</h2>
        <p class="hint">{t("market-promotions-are-reviewed-by-the-community")}</p>
        <ul class="cards">
            {items.into_iter().map(|m| view! {
                <li class="card"><strong><Written text=m.title.clone()/></strong>" · "{m.starts_on.clone()}" – "{m.ends_on.clone()}" · "{m.status_label.clone()}
                    {(!m.reason.is_empty()).then(|| format!("（{}）", m.reason))}</li>
            }).collect_view()}
        </ul>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action="/provider/promotions" enctype="multipart/form-data" class="stack">
            <Input form=form.clone() name="promo_title" label=t("market-title") value=String::new() max=30/>
            <Input form=form.clone() name="starts_on" label=t("market-starts") value=String::new() kind="date" max=10/>
            <Input form=form.clone() name="ends_on" label=t("market-ends-within-31-days") value=String::new() kind="date" max=10/>
            <FileInput form=form.clone() name="image" label=t("market-one-picture")/>
            <button type="submit" class="button">{t("market-send-for-review")}</button>
        </form>
    }
}

#[component]
pub fn ProviderApplyPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_provider_form());
    let title = t("market-apply-as-a-provider");
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {loaded(data, nothing_here, move |v| if v.locked {
            view! { <p>{t("market-you-have-applied-already")}" "<a href="/provider">{t("market-see-its-progress")}</a></p> }.into_any()
        } else {
            view! { <ApplyForm v form=form.clone()/> }.into_any()
        })}
    }
}

#[component]
fn ApplyForm(v: ProviderFormView, form: FormState) -> impl IntoView {
    let c = v.current.clone().unwrap_or_default();
    let resubmit = v.current.is_some();
    let (b_e, b_id, b_bad) = error_of(&form, "base_building");
    let base = if form.values.is_empty() { c.base_building.clone() } else { form.value("base_building") };
    view! {
        <p class="lead">{t("market-staff-of-the-communities-you-serve")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action="/provider/apply" enctype="multipart/form-data" class="stack upload-form">
            <Input form=form.clone() name="name" label=t("market-business-name-as-on-the-licence") value=c.name.clone()/>
            <Input form=form.clone() name="uscc" label=t("market-unified-social-credit-code-18-characters") value=c.uscc.clone() max=20/>
            <Input form=form.clone() name="contact_name" label=t("market-contact-person") value=c.contact_name.clone() max=20/>
            <Input form=form.clone() name="contact_phone" label=t("market-contact-mobile") value=c.contact_phone.clone() kind="tel" max=11/>
            <Checks form=form.clone() name="categories" legend=t("market-kinds-of-service") options=v.categories.clone() chosen=c.categories.clone()/>
            <Checks form=form.clone() name="communities" legend=t("market-communities-served") options=v.communities.clone() chosen=c.communities.clone()/>
            <div class="field" class:invalid=b_bad>
                <label for="base_building">{t("market-base-address-needed-for-a-radius")}</label>
                <select id="base_building" name="base_building" aria-describedby=b_id>
                    <option value="">{t("market-no-radius")}</option>
                    {v.buildings.iter().map(|b| view! { <option value=b.id.to_string() selected=b.id.to_string() == base>{b.address()}</option> }).collect_view()}
                </select>
                {b_e.map(|e| view! { <p class="error" id="base_building-error">{e}</p> })}
            </div>
            <Input form=form.clone() name="radius_km" label=t("market-radius-in-km-optional") value=c.radius_km.clone() max=5 optional=true/>
            <FileInput form=form.clone() name="licence" label=if resubmit { t("market-business-licence-upload-again-to-replace") } else { t("market-business-licence-photo-or-pdf") } optional=resubmit/>
            <UploadProgress/>
            <button type="submit" class="button primary">{if resubmit { t("market-send-again") } else { t("market-apply") }}</button>
        </form>
    }
}

#[component]
pub fn ListingEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|v| v.parse::<i64>().ok());
    let form = use_form_state();
    let data = Resource::new(id, load_listing_edit);
    let title = t("market-edit-service");
    view! {
        <Title text=title/>
        {loaded(data, nothing_here, move |v| view! { <ListingForm v form=form.clone()/> }.into_any())}
    }
}

#[component]
fn ListingForm(v: ListingEditView, form: FormState) -> impl IntoView {
    let value = |k: &str| v.values.get(k).cloned().unwrap_or_default();
    let action = match v.id { Some(id) => format!("/provider/listings/{id}"), None => "/provider/listings/new".into() };
    let (d_e, d_id, d_bad) = error_of(&form, "description");
    let (k_e, k_id, k_bad) = error_of(&form, "price_kind");
    let description = if form.values.is_empty() { value("description") } else { form.value("description") };
    let kind = if form.values.is_empty() { value("price_kind") } else { form.value("price_kind") };
    let kind = if kind.is_empty() { "fixed".to_string() } else { kind };
    view! {
        <h1>{if v.id.is_some() { t("market-edit-service") } else { t("market-list-a-new-service") }}</h1>
        <p><a href="/provider">{t("market-back-to-the-provider-centre")}</a>
            {v.id.map(|id| view! { " · "<a href=format!("/market/{id}")>{t("market-see-it-as-residents-do")}</a> })}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action=action enctype="multipart/form-data" class="stack upload-form">
            <Input form=form.clone() name="title" label=t("market-title-2") value=value("title") max=40/>
            <div class="field" class:invalid=d_bad>
                <label for="description">{t("market-what-the-service-includes")}</label>
                <textarea id="description" name="description" rows="5" maxlength="1000" required=true aria-describedby=d_id lang=written_lang(&description)>{description.clone()}</textarea>
                {d_e.map(|e| view! { <p class="error" id="description-error">{e}</p> })}
            </div>
            <Checks form=form.clone() name="categories" legend=t("market-categories") options=v.categories.clone() chosen=v.chosen_categories.clone()/>
            <Checks form=form.clone() name="suits" legend=t("market-suits-optional") options=v.suits.clone() chosen=v.chosen_suits.clone()/>
            <fieldset class="field" class:invalid=k_bad aria-describedby=k_id>
                <legend>{t("market-pricing")}</legend>
                {[("fixed", t("market-fixed-price")), ("from", t("market-from")), ("quote", t("market-quoted-on-site"))].into_iter().map(|(code, label)| view! {
                    <div class="checkbox"><input type="radio" id=format!("price-{code}") name="price_kind" value=code checked=kind == code/>
                        <label for=format!("price-{code}")>{label}</label></div>
                }).collect_view()}
                {k_e.map(|e| view! { <p class="error" id="price_kind-error">{e}</p> })}
            </fieldset>
            <Input form=form.clone() name="price" label=t("market-price-in-yuan-not-needed-when") value=value("price") max=9 optional=true/>
            <Input form=form.clone() name="duration" label=t("market-duration-minutes") value=value("duration") kind="number" max=3/>
            <Input form=form.clone() name="cancel_hours" label=t("market-free-cancellation-until-how-many-hours") value=value("cancel_hours") kind="number" max=2/>
            <FileInput form=form.clone() name="photos" label=t("market-photos-up-to-6-optional") multiple=true optional=true/>
            <UploadProgress/>
            <button type="submit" class="button primary">{t("market-save")}</button>
        </form>
        {v.id.map(|id| view! { <Availability id v=v.clone() form=form.clone()/> })}
    }
}

#[component]
fn Availability(id: i64, v: ListingEditView, form: FormState) -> impl IntoView {
    let (w_e, w_id, w_bad) = error_of(&form, "weekday");
    let lang = use_viewer().lang;
    view! {
        <section class="card" aria-labelledby="slots-h">
            <h2 id="slots-h">{t("market-weekly-bookable-slots")}</h2>
            {if v.availability.is_empty() { view! { <p>{t("market-no-slots-yet-residents-cannot-book")}</p> }.into_any() } else { view! {
                <ul class="slot-rules">
                    {v.availability.iter().map(|a| view! {
                        <li>{a.text.clone()}" · "{t("market-takes")}{a.capacity}{t("market-bookings-2")}
                            <form method="post" action=format!("/provider/listings/{id}/slots/{}/delete", a.id) class="inline-form">
                                <button type="submit" class="button" aria-label=format!("{} {}", t("market-remove-slot"), a.text)>{t("market-remove")}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
            <form method="post" action=format!("/provider/listings/{id}/slots") class="stack">
                <div class="field" class:invalid=w_bad>
                    <label for="weekday">{t("market-day")}</label>
                    <select id="weekday" name="weekday" aria-describedby=w_id>
                        {(1..=7).map(|d| view! { <option value=d.to_string()>{super::weekday_label(d, lang)}</option> }).collect_view()}
                    </select>
                    {w_e.map(|e| view! { <p class="error" id="weekday-error">{e}</p> })}
                </div>
                <Input form=form.clone() name="start" label=t("market-starts-at") value="09:00".into() kind="time" max=5/>
                <Input form=form.clone() name="capacity" label=t("market-bookings-per-slot") value="1".into() kind="number" max=2/>
                <button type="submit" class="button">{t("market-add-slot")}</button>
            </form>
            <form method="post" action=format!("/provider/listings/{id}/active") class="inline-form">
                <input type="hidden" name="active" value=if v.active { "0" } else { "1" }/>
                <button type="submit" class="button">{if v.active { t("market-take-it-off-sale") } else { t("market-put-it-on-sale") }}</button>
            </form>
        </section>
    }
}
