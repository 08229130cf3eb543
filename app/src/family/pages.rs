//! `/me/family`: whom I authorised, whom I may act for, and the record of what others did for me.
use super::load_family;
use crate::applications::pages::SignInFirst;
use crate::components::{tr, Field, FormBanner};
use crate::forms::use_form_state;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FamilyPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_family());
    view! {
        <Title text=tr("亲友代办", "Family delegation")/>
        <h1>{tr("亲友代办", "Family delegation")}</h1>
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
                                        <h2 id="mine">{tr("我授权的亲友", "People I authorised")}</h2>
                                        <p>{tr("被授权的亲友可以替您在线申请、补正材料、查看进度和材料。您可以随时撤销。",
                                            "They can apply, supply corrections and see progress and materials for you. You can revoke this any time.")}</p>
                                        {if v.delegates.is_empty() { view! { <p>{tr("还没有授权任何人。", "Nobody yet.")}</p> }.into_any() } else { view! {
                                            <ul class="people">
                                                {v.delegates.iter().map(|d| view! {
                                                    <li>{d.name.clone()}" "{d.phone_masked.clone()}<span class="meta">" · "{tr("授权于 ", "since ")}{d.since.clone()}</span>
                                                        <form method="post" action=format!("/me/family/{}/revoke", d.id) class="inline-form">
                                                            <button type="submit" class="button" aria-label=format!("{} {}", tr("撤销授权", "Revoke"), d.name)>{tr("撤销授权", "Revoke")}</button>
                                                        </form>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        }.into_any() }}
                                        <h3>{tr("授权一位亲友", "Authorise someone")}</h3>
                                        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
                                        <form method="post" action="/me/family" class="stack">
                                            <Field form=form.clone() name="name" label=tr("亲友姓名", "Their name") maxlength=30/>
                                            <Field form=form.clone() name="phone" label=tr("亲友注册手机号", "Their registered phone") kind="tel" inputmode="numeric" maxlength=13/>
                                            <button type="submit" class="button primary">{tr("确认授权", "Authorise")}</button>
                                        </form>
                                    </section>
                                })}
                                {(!v.principals.is_empty()).then(|| view! {
                                    <section aria-labelledby="for">
                                        <h2 id="for">{tr("我可以代办的家人", "Relatives I can act for")}</h2>
                                        <ul class="people">
                                            {v.principals.iter().map(|p| view! {
                                                <li>{p.name.clone()}" "{p.phone_masked.clone()}" · "
                                                    <a href=format!("/me/applications?for={}", p.person_id)>{tr("查看申请", "Their applications")}</a>" · "
                                                    <a href="/services">{tr("去办事指南为他/她申请（申请页可选择家人）", "Apply for them from the service guide (choose them on the form)")}</a>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                <section aria-labelledby="record">
                                    <h2 id="record">{tr("他人为我办理和查看的记录", "What others did or viewed for me")}</h2>
                                    {if v.record.is_empty() { view! { <p>{tr("暂无记录。", "Nothing yet.")}</p> }.into_any() } else { view! {
                                        <ul class="record">
                                            {v.record.into_iter().map(|r| view! {
                                                <li><span class="when">{r.at}</span>" "{r.actor}" · "{r.action}" "<span class="meta">{r.detail}</span></li>
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
