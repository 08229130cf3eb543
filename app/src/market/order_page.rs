//! One order as both sides see it: its terms, its timeline, and the steps the viewer may take.
use super::payments::METHODS;
use super::view::*;
use crate::components::{tr, FormBanner};
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
        <Title text=format!("{} {}", tr("订单", "Order"), o.ref_no)/>
        <h1>{o.title.clone()}</h1>
        <p class="lead"><span class=format!("status status-{}", o.status)>{o.status_label.clone()}</span>" · "{o.slot.clone()}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {state_e.map(|e| view! { <p class="banner banner-error" role="alert">{e}</p> })}
        <dl class="facts pairs">
            <dt>{tr("订单号", "Ref.")}</dt><dd>{o.ref_no.clone()}</dd>
            <dt>{tr("服务商", "Provider")}</dt><dd>{o.provider_name.clone()}" · "<a href=format!("tel:{}", o.provider_phone)>{o.provider_phone.clone()}</a></dd>
            <dt>{tr("服务对象", "For")}</dt><dd>{o.resident_name.clone()}{o.booked_for_by.clone().map(|b| format!("（{}{b}{}）", tr("由 ", "booked by "), tr(" 代约", "")))}</dd>
            <dt>{tr("上门地址", "Address")}</dt><dd>{o.address.clone()}</dd>
            <dt>{tr("联系电话", "Phone")}</dt><dd>{o.contact_phone.clone()}</dd>
            {(!o.note.is_empty()).then(|| view! { <dt>{tr("备注", "Note")}</dt><dd>{o.note.clone()}</dd> })}
            <dt>{tr("价格", "Price")}</dt><dd>{o.price.clone()}</dd>
            <dt>{tr("付款", "Payment")}</dt>
            <dd>{match o.paid.clone() {
                Some(p) => format!("{}{p}", tr("已线下支付 ", "Paid at the door: ")),
                None => tr("服务后当面付款（线下支付）", "Pay at the door after the service").to_string(),
            }}
            {(!o.online_payment).then(|| view! { <br/><small>{tr("在线支付暂未开通：本平台尚未接入支付机构，请勿向任何人转账预付。", "Online payment is not available: no payment provider is connected. Never transfer money in advance.")}</small> })}</dd>
            <dt>{tr("免费取消", "Free cancellation")}</dt><dd>{tr("截至 ", "Until ")}{o.free_cancel_until.clone()}</dd>
            {(!o.reason.is_empty()).then(|| view! { <dt>{tr("原因", "Reason")}</dt><dd>{o.reason.clone()}</dd> })}
        </dl>
        {match o.viewer.as_str() {
            "provider" => view! { <ProviderActions o=o.clone() base=base.clone() form=form.clone() lang/> }.into_any(),
            "resident" => view! { <ResidentActions o=o.clone() base=base.clone() form=form.clone()/> }.into_any(),
            _ => view! { <p class="hint">{tr("您正在查看居民投诉涉及的订单，本次查看已记录。", "You are reading an order under complaint; this view is recorded.")}</p> }.into_any(),
        }}
        {o.review.clone().map(|r| view! {
            <section class="card" aria-labelledby="review-h">
                <h2 id="review-h">{tr("居民评价", "The resident's rating")}</h2>
                <p><span role="img" aria-label=format!("{} {}", r.stars, tr("星", "stars"))>{"★".repeat(r.stars as usize)}</span>" "{r.body.clone()}</p>
                {r.reply.clone().map(|x| view! { <p class="reply"><strong>{tr("商家回复：", "Reply: ")}</strong>{x}</p> })}
            </section>
        })}
        {(!o.complaints.is_empty()).then(|| view! {
            <p>{tr("投诉：", "Complaints: ")}{o.complaints.iter().map(|c| view! { <a href=format!("/feedback/{c}")>{c.clone()}</a>" " }).collect_view()}</p>
        })}
        <h2>{tr("订单进度", "Timeline")}</h2>
        <ol class="timeline">
            {o.timeline.iter().map(|e| view! {
                <li>
                    <span class="when">{e.at.clone()}</span>" "<strong>{e.label.clone()}</strong>
                    {(!e.actor.is_empty()).then(|| format!(" · {}", e.actor))}
                    {(!e.note.is_empty()).then(|| view! { <p>{e.note.clone()}</p> })}
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
    let can_record = o.paid.is_none() && matches!(s.as_str(), "confirmed" | "on_the_way" | "served" | "completed");
    let unanswered = o.review.as_ref().is_some_and(|r| r.reply.is_none());
    view! {
        <section class="card officer-actions" aria-labelledby="provider-actions">
            <h2 id="provider-actions">{tr("接单与服务", "Handle this booking")}</h2>
            {(s == "requested").then(|| view! {
                <form method="post" action=format!("{base}/confirm") class="inline-form">
                    <button type="submit" class="button primary">{tr("确认接单", "Confirm")}</button>
                </form>
            })}
            {(s == "confirmed").then(|| view! {
                <form method="post" action=format!("{base}/depart") class="inline-form">
                    <button type="submit" class="button primary">{tr("出发上门", "On my way")}</button>
                </form>
            })}
            {matches!(s.as_str(), "confirmed" | "on_the_way").then(|| view! {
                <form method="post" action=format!("{base}/serve") class="inline-form">
                    <button type="submit" class="button">{tr("服务完成", "Service done")}</button>
                </form>
            })}
            {can_record.then(|| view! {
                <form method="post" action=format!("{base}/paid") class="stack">
                    <div class="field" class:invalid=amount_bad>
                        <label for="amount">{tr("实收金额（元）", "Amount received (yuan)")}</label>
                        <input id="amount" name="amount" type="text" inputmode="decimal" maxlength="9" aria-describedby=amount_id/>
                        {amount_e.map(|e| view! { <p class="error" id="amount-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=method_bad>
                        <label for="method">{tr("收款方式", "How it was paid")}</label>
                        <select id="method" name="method" aria-describedby=method_id>
                            {METHODS.iter().map(|(c, zh, en)| view! { <option value=*c>{if lang == Lang::En { *en } else { *zh }}</option> }).collect_view()}
                        </select>
                        {method_e.map(|e| view! { <p class="error" id="method-error">{e}</p> })}
                    </div>
                    <button type="submit" class="button">{tr("登记线下收款", "Record payment at the door")}</button>
                </form>
            })}
            {matches!(s.as_str(), "requested" | "confirmed").then(|| view! {
                <form method="post" action=format!("{base}/decline") class="stack">
                    <Note form=form.clone() id="decline-note" label=tr("无法服务？写明原因（居民会看到）", "Cannot do it? Give the reason (the resident sees it)")/>
                    <button type="submit" class="button">{tr("拒绝接单", "Decline")}</button>
                </form>
            })}
            {unanswered.then(|| view! {
                <form method="post" action=format!("{base}/reply") class="stack">
                    <Note form=form.clone() id="reply-note" label=tr("回复评价（只能回复一次）", "Reply to the review (once)")/>
                    <button type="submit" class="button">{tr("回复", "Reply")}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn ResidentActions(o: OrderView, base: String, form: FormState) -> impl IntoView {
    let s = o.status.clone();
    let (stars_e, stars_id, stars_bad) = error_of(&form, "stars");
    let cancellable = matches!(s.as_str(), "requested" | "confirmed");
    view! {
        <section class="card" aria-labelledby="your-actions">
            <h2 id="your-actions">{tr("您可以", "You can")}</h2>
            {(s == "served").then(|| view! {
                <form method="post" action=format!("{base}/complete") class="inline-form">
                    <button type="submit" class="button primary">{tr("确认服务完成", "Confirm the service is done")}</button>
                </form>
                <p class="hint">{tr("48 小时内未确认将自动完成；如有问题请先投诉。", "Completes automatically after 48 hours; complain first if something is wrong.")}</p>
            })}
            {(cancellable && o.can_cancel_free).then(|| view! {
                <form method="post" action=format!("{base}/cancel") class="inline-form">
                    <button type="submit" class="button">{tr("免费取消预约", "Cancel free of charge")}</button>
                </form>
            })}
            {(cancellable && !o.can_cancel_free).then(|| view! {
                <p>{tr("已过免费取消时间，如需取消请致电服务商协商。", "Free cancellation has ended; please call the provider to cancel.")}</p>
            })}
            {o.may_rate.then(|| view! {
                <form method="post" action=format!("{base}/rate") class="stack">
                    <fieldset class="field stars" class:invalid=stars_bad aria-describedby=stars_id>
                        <legend>{tr("为本次服务打分", "Rate this service")}</legend>
                        {(1..=5).rev().map(|n| view! {
                            <div class="checkbox">
                                <input type="radio" id=format!("stars-{n}") name="stars" value=n.to_string()/>
                                <label for=format!("stars-{n}")>{format!("{n} {}", tr("星", "stars"))}</label>
                            </div>
                        }).collect_view()}
                        {stars_e.map(|e| view! { <p class="error" id="stars-error">{e}</p> })}
                    </fieldset>
                    <Note form=form.clone() id="review-text" name="review" label=tr("评价内容（选填）", "Your review (optional)")/>
                    <button type="submit" class="button primary">{tr("提交评价", "Send rating")}</button>
                </form>
            })}
            {(s != "requested").then(|| view! {
                <details>
                    <summary>{tr("对订单有意见？向社区投诉", "A problem with this order? Complain to the community")}</summary>
                    <form method="post" action=format!("{base}/complain") class="stack">
                        <Note form=form.clone() id="complaint-text" name="complaint" label=tr("投诉内容（社区工作人员处理，可查看订单全过程）", "Your complaint (community staff handle it and can see the whole order)")/>
                        <button type="submit" class="button">{tr("提交投诉", "Complain")}</button>
                    </form>
                </details>
            })}
        </section>
    }
}
