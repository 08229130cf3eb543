//! Community staff: `/work/providers` (providers serving their community, promotions to review)
//! and `/work/providers/{id}` (one application: licence, vetting decisions, suspension).
use super::server::*;
use super::view::*;
use super::pages::nothing_here;
use crate::components::{loaded, tr, FormBanner};
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
        <Title text=tr("便民服务商审核", "Vetting providers")/>
        <h1>{tr("便民服务商审核", "Vetting providers")}</h1>
        <p class="hint">{tr("居民对订单的投诉进入“诉求办理”。", "Residents' complaints about orders arrive under Feedback to handle.")}" "<a href="/work/feedback">{tr("诉求办理", "Feedback to handle")}</a></p>
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
        return view! { <p>{tr("暂无服务本社区的商户。", "No providers serve your community yet.")}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {providers.into_iter().map(|p| view! {
                <li class="card">
                    <h2><a href=format!("/work/providers/{}", p.id)>{p.name.clone()}</a></h2>
                    <p class="meta"><span class=format!("status status-{}", p.status)>{p.status_label.clone()}</span>" · "{p.categories.join("、")}</p>
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
fn PromotionReview(items: Vec<PromotionView>, form: FormState) -> impl IntoView {
    view! {
        <h2>{tr("首页推广审核", "Promotions to review")}</h2>
        {if items.is_empty() { view! { <p>{tr("暂无推广。", "No promotions.")}</p> }.into_any() } else { view! {
            <ul class="cards">
                {items.into_iter().map(|m| {
                    let field = format!("promo-reason-{}", m.id);
                    let (e, eid, bad) = error_of(&form, &field);
                    let pending = m.status == "pending";
                    view! {
                        <li class="card">
                            <img src=m.image.clone() alt=m.title.clone() width="320" height="160" loading="lazy"/>
                            <p><strong>{m.title.clone()}</strong>" · "{m.provider_name.clone()}" · "{m.starts_on.clone()}" – "{m.ends_on.clone()}" · "{m.status_label.clone()}</p>
                            {pending.then(|| view! {
                                <form method="post" class="stack">
                                    <div class="field" class:invalid=bad>
                                        <label for=field.clone()>{tr("不通过原因", "Reason if not approved")}</label>
                                        <input id=field.clone() name="reason" type="text" maxlength="300" aria-describedby=eid/>
                                        {e.map(|e| view! { <p class="error" id=format!("{field}-error")>{e}</p> })}
                                    </div>
                                    <div class="actions">
                                        <button type="submit" class="button primary" formaction=format!("/work/promotions/{}/approve", m.id)>{tr("通过", "Approve")}</button>
                                        <button type="submit" class="button" formaction=format!("/work/promotions/{}/reject", m.id)>{tr("不通过", "Reject")}</button>
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
        <Title text=tr("商户审核", "Vet a provider")/>
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
                    <label for=field.clone()>{tr("原因（服务商会看到）", "Reason (the provider sees it)")}</label>
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
        <h1>{p.name.clone()}</h1>
        <p><span class=format!("status status-{}", p.status)>{p.status_label.clone()}</span></p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <dl class="facts pairs">
            <dt>{tr("统一社会信用代码", "USCC")}</dt><dd>{p.uscc.clone()}" "<small>{tr("（格式与校验位已核对；请与执照原件比对）", "(format and check character verified; compare with the licence)")}</small></dd>
            <dt>{tr("营业执照", "Licence")}</dt><dd><a href=format!("{base}/licence")>{tr("查看营业执照", "View the licence")}</a></dd>
            <dt>{tr("联系人", "Contact")}</dt><dd>{p.contact_name.clone()}" · "{p.contact_phone.clone()}</dd>
            <dt>{tr("服务类别", "Services")}</dt><dd>{p.categories.join("、")}</dd>
            <dt>{tr("服务社区", "Communities")}</dt><dd>{p.communities.join("、")}</dd>
            {(p.radius_km > 0.0).then(|| view! { <dt>{tr("服务半径", "Radius")}</dt><dd>{format!("{} · {} km", p.base, p.radius_km)}</dd> })}
            {(!p.reason.is_empty()).then(|| view! { <dt>{tr("最近说明", "Latest reason")}</dt><dd>{p.reason.clone()}</dd> })}
        </dl>
        <section class="card officer-actions" aria-labelledby="vet-h">
            <h2 id="vet-h">{tr("审核操作", "Decisions")}</h2>
            {(s == "pending").then(|| view! {
                <Decision form=form.clone() base=base.clone() action="approve" label=tr("审核通过", "Approve") primary=true/>
                <Decision form=form.clone() base=base.clone() action="ask" label=tr("要求补充材料", "Ask for more") reason=true/>
                <Decision form=form.clone() base=base.clone() action="reject" label=tr("不予通过", "Reject") reason=true/>
            })}
            {(s == "approved").then(|| view! {
                <Decision form=form.clone() base=base.clone() action="suspend" label=tr("暂停服务（服务下架，历史订单保留）", "Suspend (listings hidden, history kept)") reason=true/>
            })}
            {(s == "suspended").then(|| view! {
                <Decision form=form.clone() base=base.clone() action="reinstate" label=tr("恢复服务", "Reinstate") primary=true/>
            })}
            {matches!(s.as_str(), "more_info" | "rejected").then(|| view! { <p>{tr("等待商户修改后重新提交。", "Waiting for the provider to send it again.")}</p> })}
        </section>
        <h2>{tr("审核记录", "History")}</h2>
        <ol class="timeline">
            {p.history.iter().map(|e| view! { <li><span class="when">{e.at.clone()}</span>" "{e.label.clone()}{(!e.note.is_empty()).then(|| format!("：{}", e.note))}</li> }).collect_view()}
        </ol>
        <p><a href="/work/providers">{tr("返回列表", "Back to the list")}</a></p>
    }
}
