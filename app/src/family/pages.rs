//! `/me/family`: whom I authorised, whom I may act for, and the record of what others did for me.
use crate::i18n::t;
use super::load_family;
use crate::components::SignInFirst;
use crate::components::{Field, FormBanner, Written};
use crate::forms::use_form_state;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FamilyPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_family());
    let invited = leptos_router::hooks::use_query_map().get_untracked().get("invited").is_some();
    view! {
        <Title text=t("family-family-delegation")/>
        <h1>{t("family-family-delegation")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            let Ok(Some(v)) = data.await else {
                                return crate::components::load_failed();
                            };
                            view! {
                                {v.is_resident.then(|| view! {
                                    <section aria-labelledby="mine">
                                        <h2 id="mine">{t("family-people-i-authorised")}</h2>
                                        <p>{t("family-they-can-apply-supply-corrections-and")}</p>
                                        {if v.delegates.is_empty() { view! { <p>{t("family-nobody-yet")}</p> }.into_any() } else { view! {
                                            <ul class="people">
                                                {v.delegates.iter().map(|d| view! {
                                                    <li><Written text=d.name.clone()/>" "{d.phone_masked.clone()}<span class="meta">" · "{t("family-since")}{d.since.clone()}</span>
                                                        <form method="post" action=format!("/me/family/{}/revoke", d.id) class="inline-form">
                                                            <button type="submit" class="button" aria-label=format!("{} {}", t("family-revoke"), d.name)>{t("family-revoke")}</button>
                                                        </form>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        }.into_any() }}
                                        {(!v.invites_sent.is_empty()).then(|| view! {
                                            <h3>{t("family-invites-waiting")}</h3>
                                            <ul class="people">
                                                {v.invites_sent.iter().map(|i| view! {
                                                    <li>{i.who.clone()}<span class="meta">" · "{t("family-invite-until")}" "{i.until.clone()}</span>
                                                        <form method="post" action=format!("/me/family/invites/{}/withdraw", i.id) class="inline-form">
                                                            <button type="submit" class="button">{t("family-invite-withdraw")}</button>
                                                        </form>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        })}
                                        <h3>{t("family-authorise-someone")}</h3>
                                        {invited.then(|| view! { <div class="banner banner-ok" role="status">{t("family-invite-sent")}</div> })}
                                        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
                                        {match v.gate.clone() {
                                            Some(gate) => view! { <crate::accounts::identity_pages::LevelGate gate/> }.into_any(),
                                            None => view! {
                                                <form method="post" action="/me/family" class="stack">
                                                    <Field form=form.clone() name="name" label=t("family-their-name") maxlength=30/>
                                                    <Field form=form.clone() name="phone" label=t("family-their-registered-phone") kind="tel" inputmode="numeric" maxlength=13/>
                                                    <button type="submit" class="button primary">{t("family-authorise")}</button>
                                                </form>
                                            }.into_any(),
                                        }}
                                    </section>
                                })}
                                {(!v.invites_received.is_empty()).then(|| view! {
                                    <section aria-labelledby="asked">
                                        <h2 id="asked">{t("family-invites-for-me")}</h2>
                                        <ul class="people">
                                            {v.invites_received.iter().map(|i| view! {
                                                <li><Written text=i.who.clone()/>" "{t("family-invite-asks")}
                                                    <form method="post" action=format!("/me/family/invites/{}/accept", i.id) class="inline-form">
                                                        <button type="submit" class="button primary">{t("family-invite-accept")}</button>
                                                    </form>
                                                    <form method="post" action=format!("/me/family/invites/{}/decline", i.id) class="inline-form">
                                                        <button type="submit" class="button">{t("family-invite-decline")}</button>
                                                    </form>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                {(!v.principals.is_empty()).then(|| view! {
                                    <section aria-labelledby="for">
                                        <h2 id="for">{t("family-relatives-i-can-act-for")}</h2>
                                        <ul class="people">
                                            {v.principals.iter().map(|p| view! {
                                                <li><Written text=p.name.clone()/>" "{p.phone_masked.clone()}" · "
                                                    <a href=format!("/me/applications?for={}", p.person_id)>{t("family-their-applications")}</a>" · "
                                                    <a href="/services">{t("family-apply-for-them-from-the-service")}</a>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                <section aria-labelledby="record">
                                    <h2 id="record">{t("family-what-others-did-or-viewed-for")}</h2>
                                    {if v.record.is_empty() { view! { <p>{t("family-nothing-yet")}</p> }.into_any() } else { view! {
                                        <ul class="record">
                                            {v.record.into_iter().map(|r| view! {
                                                <li><span class="when">{r.at}</span>" "<Written text=r.actor/>" · "{r.action}" "<span class="meta">{r.detail}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any() }}
                                </section>
                            }.into_any()
                        })
                    }
                }
            </Suspense>
        }.into_any() }}
    }
}
