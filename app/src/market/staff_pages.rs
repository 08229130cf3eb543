//! Community staff: `/work/providers` (providers serving their community, promotions to review)
//! and `/work/providers/{id}` (one application: licence, vetting decisions, suspension).
use crate::i18n::t;
use super::vetting::{allows, PromoStatus, VetAction::*};
use super::server::*;
use super::view::*;
use super::pages::nothing_here;
use crate::components::{loaded, written_lang, FormBanner, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::use_strings;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffProvidersPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_staff_market());
    view! {
        <Title text=t("market-vetting-providers")/>
        <h1>{t("market-vetting-providers")}</h1>
        <p class="hint">{t("market-residents-complaints-about-orders-arrive-under")}" "<a href="/work/feedback">{t("market-feedback-to-handle")}</a></p>
        {loaded(data, nothing_here, move |v| view! {
            <FormBanner form=form.clone() message=use_strings().form_has_errors/>
            <ProviderTable providers=v.providers/>
            <PromotionReview items=v.promotions form=form.clone()/>
        }.into_any())}
    }
}

#[component]
fn ProviderTable(providers: Vec<ProviderView>) -> impl IntoView {
    if providers.is_empty() {
        return view! { <p>{t("market-no-providers-serve-your-community-yet")}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {providers.into_iter().map(|p| view! {
                <li class="card">
                    <h2 lang=written_lang(&p.name)><a href=format!("/work/providers/{}", p.id)>{p.name.clone()}</a></h2>
                    <p class="meta"><span class=format!("status status-{}", p.status)>{p.status_label.clone()}</span>" · "{p.categories.join("、")}</p>
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
fn PromotionReview(items: Vec<PromotionView>, form: FormState) -> impl IntoView {
    view! {
        <h2>{t("market-promotions-to-review")}</h2>
        {if items.is_empty() { view! { <p>{t("market-no-promotions")}</p> }.into_any() } else { view! {
            <ul class="cards">
                {items.into_iter().map(|m| {
                    let field = format!("promo-reason-{}", m.id);
                    let (e, eid, bad) = error_of(&form, &field);
                    let pending = m.status == PromoStatus::Pending.as_str();
                    view! {
                        <li class="card">
                            <img src=m.image.clone() alt=m.title.clone() lang=written_lang(&m.title) width="320" height="160" loading="lazy"/>
                            <p><strong><Written text=m.title.clone()/></strong>" · "<Written text=m.provider_name.clone()/>" · "{m.starts_on.clone()}" – "{m.ends_on.clone()}" · "{m.status_label.clone()}</p>
                            {pending.then(|| view! {
                                <form method="post" class="stack">
                                    <div class="field" class:invalid=bad>
                                        <label for=field.clone()>{t("market-reason-if-not-approved")}</label>
                                        <input id=field.clone() name="reason" type="text" maxlength="300" aria-describedby=eid/>
                                        {e.map(|e| view! { <p class="error" id=format!("{field}-error")>{e}</p> })}
                                    </div>
                                    <div class="actions">
                                        <button type="submit" class="button primary" formaction=format!("/work/promotions/{}/approve", m.id)>{t("market-approve")}</button>
                                        <button type="submit" class="button" formaction=format!("/work/promotions/{}/reject", m.id)>{t("market-reject")}</button>
                                    </div>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any() }}
    }
}

#[component]
pub fn StaffProviderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let form = use_form_state();
    let data = Resource::new(id, load_staff_provider);
    view! {
        <Title text=t("market-vet-a-provider")/>
        {loaded(data, nothing_here, move |v| match v.providers.into_iter().next() {
            Some(p) => view! { <VetBody p form=form.clone()/> }.into_any(),
            None => nothing_here(),
        })}
    }
}

/// One decision: a button, with a reason box when the provider must be told why.
#[component]
fn Decision(form: FormState, base: String, action: &'static str, label: &'static str, #[prop(optional)] reason: bool, #[prop(optional)] primary: bool) -> impl IntoView {
    let field = format!("reason-{action}");
    let (e, eid, bad) = error_of(&form, &field);
    view! {
        <form method="post" action=format!("{base}/{action}") class="stack">
            {reason.then(|| view! {
                <div class="field" class:invalid=bad>
                    <label for=field.clone()>{t("market-reason-the-provider-sees-it")}</label>
                    <textarea id=field.clone() name="reason" rows="2" maxlength="500" aria-describedby=eid>{form.value("reason")}</textarea>
                    {e.map(|e| view! { <p class="error" id=format!("{field}-error")>{e}</p> })}
                </div>
            })}
            <button type="submit" class=if primary { "button primary" } else { "button" }>{label}</button>
        </form>
    }
}

#[component]
fn VetBody(p: ProviderView, form: FormState) -> impl IntoView {
    let base = format!("/work/providers/{}", p.id);
    let s = p.status.clone();
    view! {
        <h1 lang=written_lang(&p.name)>{p.name.clone()}</h1>
        <p><span class=format!("status status-{}", p.status)>{p.status_label.clone()}</span></p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <dl class="facts pairs">
            <dt>{t("market-uscc-2")}</dt><dd>{p.uscc.clone()}" "<small>{t("market-format-and-check-character-verified-compare")}</small></dd>
            <dt>{t("market-licence")}</dt><dd><a href=format!("{base}/licence")>{t("market-view-the-licence")}</a></dd>
            <dt>{t("market-contact")}</dt><dd><Written text=p.contact_name.clone()/>" · "{p.contact_phone.clone()}</dd>
            <dt>{t("market-services")}</dt><dd>{p.categories.join("、")}</dd>
            <dt>{t("market-communities")}</dt><dd>{p.communities.join("、")}</dd>
            <dt>{t("market-open-in")}</dt><dd>{if p.open_in.is_empty() { t("market-open-nowhere").to_string() } else { p.open_in.join("、") }}</dd>
            {(p.radius_km > 0.0).then(|| view! { <dt>{t("market-radius")}</dt><dd>{format!("{} · {} km", p.base, p.radius_km)}</dd> })}
            {(!p.reason.is_empty()).then(|| view! { <dt>{t("market-latest-reason")}</dt><dd lang=written_lang(&p.reason)>{p.reason.clone()}</dd> })}
        </dl>
        <section class="card officer-actions" aria-labelledby="vet-h">
            <h2 id="vet-h">{t("market-decisions")}</h2>
            {allows(Approve, &s).then(|| view! {
                <Decision form=form.clone() base=base.clone() action="approve" label=t("market-approve-2") primary=true/>
                <Decision form=form.clone() base=base.clone() action="ask" label=t("market-ask-for-more") reason=AskMore.needs_reason()/>
                <Decision form=form.clone() base=base.clone() action="reject" label=t("market-reject-2") reason=Reject.needs_reason()/>
            })}
            {allows(Suspend, &s).then(|| view! {
                <Decision form=form.clone() base=base.clone() action="suspend" label=t("market-suspend-listings-hidden-history-kept") reason=Suspend.needs_reason()/>
            })}
            {allows(Reinstate, &s).then(|| view! {
                <Decision form=form.clone() base=base.clone() action="reinstate" label=t("market-reinstate") primary=true/>
            })}
            {allows(Resubmit, &s).then(|| view! { <p>{t("market-waiting-for-the-provider-to-send")}</p> })}
            {(s == "approved").then(|| p.open_here.map(|open| view! {
                <p>{if open { t("market-open-here") } else { t("market-not-open-here") }}</p>
                <form method="post" action=format!("{base}/community/{}", if open { "close" } else { "open" }) class="stack">
                    <button type="submit" class=if open { "button" } else { "button primary" }>
                        {if open { t("market-close-here") } else { t("market-open-here-action") }}
                    </button>
                </form>
            })).flatten()}
        </section>
        <h2>{t("market-history")}</h2>
        <ol class="timeline">
            {p.history.iter().map(|e| view! { <li><span class="when">{e.at.clone()}</span>" "{e.label.clone()}{(!e.note.is_empty()).then(|| format!("：{}", e.note))}</li> }).collect_view()}
        </ol>
        <p><a href="/work/providers">{t("market-back-to-the-list")}</a></p>
    }
}
