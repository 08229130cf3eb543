//! One order as both sides see it: its terms, its timeline, and the steps the viewer may take.
use crate::i18n::t;
use super::lifecycle::{Action, Actor, TABLE as STEPS};
use super::payments::METHODS;
use super::view::*;
use crate::components::{written_lang, FormBanner, Grouped, Written};
use crate::forms::{error_of, FormState};
use crate::prefs::Lang;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Note(form: FormState, id: &'static str, label: &'static str, #[prop(optional)] name: Option<&'static str>) -> impl IntoView {
    let name = name.unwrap_or("note");
    let (e, eid, bad) = error_of(&form, name);
    view! {
        <div class="field" class:invalid=bad>
            <label for=id>{label}</label>
            <textarea id=id name=name rows="3" maxlength="1000" aria-describedby=eid>{form.value(name)}</textarea>
            {e.map(|e| view! { <p class="error" id=format!("{name}-error")>{e}</p> })}
        </div>
    }
}

#[component]
pub fn OrderBody(o: OrderView, form: FormState) -> impl IntoView {
    let base = format!("/market/orders/{}", o.ref_no);
    let lang = use_viewer().lang;
    let state_e = form.error("state").or(form.error("cancel")).or(form.error("pay"));
    view! {
        <Title text=format!("{} {}", t("market-order"), o.ref_no)/>
        <h1>{o.title.clone()}</h1>
        <p class="lead"><span class=format!("status status-{}", o.status)>{o.status_label.clone()}</span>" · "{o.slot.clone()}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {state_e.map(|e| view! { <p class="banner banner-error" role="alert">{e}</p> })}
        <dl class="facts pairs">
            <dt>{t("market-ref")}</dt><dd lang=written_lang(&o.ref_no)><Grouped text=o.ref_no.clone()/></dd>
            <dt>{t("market-provider")}</dt><dd>{o.provider_name.clone()}" · "<a href=format!("tel:{}", o.provider_phone)>{o.provider_phone.clone()}</a></dd>
            <dt>{t("market-for")}</dt><dd><Written text=o.resident_name.clone()/>{o.booked_for_by.clone().map(|b| format!("（{}{b}{}）", t("market-booked-by"), t("market-text")))}</dd>
            <dt>{t("market-address")}</dt><dd lang=written_lang(&o.address)>{o.address.clone()}</dd>
            <dt>{t("market-phone")}</dt><dd lang=written_lang(&o.contact_phone)>{o.contact_phone.clone()}</dd>
            {(!o.note.is_empty()).then(|| view! { <dt>{t("market-note")}</dt><dd lang=written_lang(&o.note)>{o.note.clone()}</dd> })}
            <dt>{t("market-price")}</dt><dd lang=written_lang(&o.price)>{o.price.clone()}</dd>
            <dt>{t("market-payment")}</dt>
            <dd>{match o.paid.clone() {
                Some(p) => format!("{}{p}", t("market-paid-at-the-door")),
                None => t("market-pay-at-the-door-after-the").to_string(),
            }}
            {(!o.online_payment).then(|| view! { <br/><small>{t("market-online-payment-is-not-available-no")}</small> })}</dd>
            <dt>{t("market-free-cancellation")}</dt><dd>{t("market-until")}{o.free_cancel_until.clone()}</dd>
            {(!o.reason.is_empty()).then(|| view! { <dt>{t("market-reason")}</dt><dd lang=written_lang(&o.reason)>{o.reason.clone()}</dd> })}
        </dl>
        {super::lifecycle::OrderStatus::parse(&o.status).is_some_and(|s| s.is_open()).then(|| view! {
            <p><a href=format!("{base}/calendar.ics") download="">{t("agenda-add-booking")}</a></p>
        })}
        {match o.viewer.as_str() {
            "provider" => view! { <ProviderActions o=o.clone() base=base.clone() form=form.clone() lang/> }.into_any(),
            "resident" => view! { <ResidentActions o=o.clone() base=base.clone() form=form.clone()/> }.into_any(),
            _ => view! { <p class="hint">{t("market-you-are-reading-an-order-under")}</p> }.into_any(),
        }}
        {o.review.clone().map(|r| view! {
            <section class="card" aria-labelledby="review-h">
                <h2 id="review-h">{t("market-the-residents-rating")}</h2>
                <p><span role="img" aria-label=format!("{} {}", r.stars, t("market-stars"))>{"★".repeat(r.stars as usize)}</span>" "<Written text=r.body.clone()/></p>
                {r.reply.clone().map(|x| view! { <p class="reply"><strong>{t("market-reply")}</strong>{x}</p> })}
            </section>
        })}
        {(!o.complaints.is_empty()).then(|| view! {
            <p>{t("market-complaints")}{o.complaints.iter().map(|c| view! { <a href=format!("/feedback/{c}")>{c.clone()}</a>" " }).collect_view()}</p>
        })}
        <h2>{t("market-timeline")}</h2>
        <ol class="timeline">
            {o.timeline.iter().map(|e| view! {
                <li>
                    <span class="when">{e.at.clone()}</span>" "<strong>{e.label.clone()}</strong>
                    {(!e.actor.is_empty()).then(|| format!(" · {}", e.actor))}
                    {(!e.note.is_empty()).then(|| view! { <p lang=written_lang(&e.note)>{e.note.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn ProviderActions(o: OrderView, base: String, form: FormState, lang: Lang) -> impl IntoView {
    let s = o.status.clone();
    let (amount_e, amount_id, amount_bad) = error_of(&form, "amount");
    let (method_e, method_id, method_bad) = error_of(&form, "method");
    let may = |action| STEPS.allows(action, Actor::Provider, &s);
    let can_record = o.paid.is_none() && may(Action::RecordPayment);
    let unanswered = o.review.as_ref().is_some_and(|r| r.reply.is_none());
    view! {
        <section class="card officer-actions" aria-labelledby="provider-actions">
            <h2 id="provider-actions">{t("market-handle-this-booking")}</h2>
            {may(Action::Confirm).then(|| view! {
                <form method="post" action=format!("{base}/confirm") class="inline-form">
                    <button type="submit" class="button primary">{t("market-confirm")}</button>
                </form>
            })}
            {may(Action::Depart).then(|| view! {
                <form method="post" action=format!("{base}/depart") class="inline-form">
                    <button type="submit" class="button primary">{t("market-on-my-way")}</button>
                </form>
            })}
            {may(Action::Serve).then(|| view! {
                <form method="post" action=format!("{base}/serve") class="inline-form">
                    <button type="submit" class="button">{t("market-service-done")}</button>
                </form>
            })}
            {can_record.then(|| view! {
                <form method="post" action=format!("{base}/paid") class="stack">
                    <div class="field" class:invalid=amount_bad>
                        <label for="amount">{t("market-amount-received-yuan")}</label>
                        <input id="amount" name="amount" type="text" inputmode="decimal" maxlength="9" aria-describedby=amount_id/>
                        {amount_e.map(|e| view! { <p class="error" id="amount-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=method_bad>
                        <label for="method">{t("market-how-it-was-paid")}</label>
                        <select id="method" name="method" aria-describedby=method_id>
                            {METHODS.iter().map(|(c, zh, en)| view! { <option value=*c>{if lang == Lang::En { *en } else { *zh }}</option> }).collect_view()}
                        </select>
                        {method_e.map(|e| view! { <p class="error" id="method-error">{e}</p> })}
                    </div>
                    <button type="submit" class="button">{t("market-record-payment-at-the-door")}</button>
                </form>
            })}
            {may(Action::Decline).then(|| view! {
                <form method="post" action=format!("{base}/decline") class="stack">
                    <Note form=form.clone() id="decline-note" label=t("market-cannot-do-it-give-the-reason")/>
                    <button type="submit" class="button">{t("market-decline")}</button>
                </form>
            })}
            {unanswered.then(|| view! {
                <form method="post" action=format!("{base}/reply") class="stack">
                    <Note form=form.clone() id="reply-note" label=t("market-reply-to-the-review-once")/>
                    <button type="submit" class="button">{t("market-reply-2")}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn ResidentActions(o: OrderView, base: String, form: FormState) -> impl IntoView {
    let s = o.status.clone();
    let (stars_e, stars_id, stars_bad) = error_of(&form, "stars");
    let cancellable = STEPS.allows(Action::Cancel, Actor::Resident, &s);
    view! {
        <section class="card" aria-labelledby="your-actions">
            <h2 id="your-actions">{t("market-you-can")}</h2>
            {STEPS.allows(Action::Complete, Actor::Resident, &s).then(|| view! {
                <form method="post" action=format!("{base}/complete") class="inline-form">
                    <button type="submit" class="button primary">{t("market-confirm-the-service-is-done")}</button>
                </form>
                <p class="hint">{t("market-completes-automatically-after-48-hours-complain")}</p>
            })}
            {(cancellable && o.can_cancel_free).then(|| view! {
                <form method="post" action=format!("{base}/cancel") class="inline-form">
                    <button type="submit" class="button">{t("market-cancel-free-of-charge")}</button>
                </form>
            })}
            {(cancellable && !o.can_cancel_free).then(|| view! {
                <p>{t("market-free-cancellation-has-ended-please-call")}</p>
            })}
            {o.may_rate.then(|| view! {
                <form method="post" action=format!("{base}/rate") class="stack">
                    <fieldset class="field stars" class:invalid=stars_bad aria-describedby=stars_id>
                        <legend>{t("market-rate-this-service")}</legend>
                        {(1..=5).rev().map(|n| view! {
                            <div class="checkbox">
                                <input type="radio" id=format!("stars-{n}") name="stars" value=n.to_string()/>
                                <label for=format!("stars-{n}")>{format!("{n} {}", t("market-stars"))}</label>
                            </div>
                        }).collect_view()}
                        {stars_e.map(|e| view! { <p class="error" id="stars-error">{e}</p> })}
                    </fieldset>
                    <Note form=form.clone() id="review-text" name="review" label=t("market-your-review-optional")/>
                    <button type="submit" class="button primary">{t("market-send-rating")}</button>
                </form>
            })}
            {(s != "requested").then(|| view! {
                <details>
                    <summary>{t("market-a-problem-with-this-order-complain")}</summary>
                    <form method="post" action=format!("{base}/complain") class="stack">
                        <Note form=form.clone() id="complaint-text" name="complaint" label=t("market-your-complaint-community-staff-handle-it")/>
                        <button type="submit" class="button">{t("market-complain")}</button>
                    </form>
                </details>
            })}
        </section>
    }
}
