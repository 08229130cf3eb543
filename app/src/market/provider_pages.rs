//! The provider's side: `/provider` (application state, listings, booking inbox, promotions),
//! `/provider/apply`, and `/provider/listings/{id|new}` (a listing and its weekly slots).
use super::pages::{ListingCards, OrderList};
use super::server::*;
use super::view::*;
use super::pages::nothing_here;
use crate::applications::pages::UploadProgress;
use crate::components::{loaded, tr, FormBanner};
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
    let title = tr("商户中心", "Provider centre");
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
            <p class="lead">{tr("家政、维修、助餐、上门照护等本地商户，经社区审核后即可在邻里发布服务、接受居民预约。", "Local housekeeping, repair, meal and home-care businesses can list services and take bookings once their community has vetted them.")}</p>
            <p><a class="button primary" href="/provider/apply">{tr("申请入驻", "Apply to join")}</a></p>
        }.into_any();
    };
    let approved = p.status == "approved";
    let can_resubmit = matches!(p.status.as_str(), "more_info" | "rejected");
    view! {
        <section class="card" aria-labelledby="standing-h">
            <h2 id="standing-h">{p.name.clone()}</h2>
            <p><span class=format!("status status-{}", p.status)>{p.status_label.clone()}</span></p>
            {(!p.reason.is_empty()).then(|| view! { <p><strong>{tr("说明：", "Reason: ")}</strong>{p.reason.clone()}</p> })}
            {can_resubmit.then(|| view! { <p><a class="button primary" href="/provider/apply">{tr("修改并重新提交", "Change and send again")}</a></p> })}
            <p class="meta">{tr("统一社会信用代码 ", "USCC ")}{p.uscc.clone()}" · "<a href="/provider/licence">{tr("营业执照", "Licence")}</a></p>
            <ol class="timeline">
                {p.history.iter().map(|e| view! { <li><span class="when">{e.at.clone()}</span>" "{e.label.clone()}{(!e.note.is_empty()).then(|| format!("：{}", e.note))}</li> }).collect_view()}
            </ol>
        </section>
        {approved.then(|| view! {
            <h2>{tr("我的服务", "My services")}</h2>
            <p><a class="button primary" href="/provider/listings/new">{tr("发布新服务", "List a new service")}</a></p>
            <ListingCards items=h.listings.clone() edit=true/>
        })}
        <h2>{tr("预约订单", "Bookings")}</h2>
        <OrderList items=h.inbox.clone()/>
        {approved.then(|| view! { <Promotions items=h.promotions.clone() form=form.clone()/> })}
    }.into_any()
}

#[component]
fn Promotions(items: Vec<PromotionView>, form: FormState) -> impl IntoView {
    view! {
        <h2>{tr("首页推广", "Home-page promotion")}</h2>
        <p class="hint">{tr("推广须经社区审核，在首页标注“推广”，长辈版不展示。", "Promotions are reviewed by the community, labelled 推广 on the home page, and never shown in 长辈版.")}</p>
        <ul class="cards">
            {items.into_iter().map(|m| view! {
                <li class="card"><strong>{m.title.clone()}</strong>" · "{m.starts_on.clone()}" – "{m.ends_on.clone()}" · "{m.status_label.clone()}
                    {(!m.reason.is_empty()).then(|| format!("（{}）", m.reason))}</li>
            }).collect_view()}
        </ul>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action="/provider/promotions" enctype="multipart/form-data" class="stack">
            <Input form=form.clone() name="promo_title" label=tr("推广标题", "Title") value=String::new() max=30/>
            <Input form=form.clone() name="starts_on" label=tr("开始日期", "Starts") value=String::new() kind="date" max=10/>
            <Input form=form.clone() name="ends_on" label=tr("结束日期（31 天内）", "Ends (within 31 days)") value=String::new() kind="date" max=10/>
            <FileInput form=form.clone() name="image" label=tr("推广图片（一张）", "One picture")/>
            <button type="submit" class="button">{tr("提交审核", "Send for review")}</button>
        </form>
    }
}

#[component]
pub fn ProviderApplyPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_provider_form());
    let title = tr("商户入驻申请", "Apply as a provider");
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {loaded(data, nothing_here, move |v| if v.locked {
            view! { <p>{tr("您已提交入驻申请。", "You have applied already.")}" "<a href="/provider">{tr("查看进度", "See its progress")}</a></p> }.into_any()
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
        <p class="lead">{tr("提交后由服务社区的工作人员审核；审核通过前，您的服务不会展示给居民。", "Staff of the communities you serve vet your application; until then nothing is shown to residents.")}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action="/provider/apply" enctype="multipart/form-data" class="stack upload-form">
            <Input form=form.clone() name="name" label=tr("商户名称（与营业执照一致）", "Business name (as on the licence)") value=c.name.clone()/>
            <Input form=form.clone() name="uscc" label=tr("统一社会信用代码（18 位）", "Unified social credit code (18 characters)") value=c.uscc.clone() max=20/>
            <Input form=form.clone() name="contact_name" label=tr("联系人姓名", "Contact person") value=c.contact_name.clone() max=20/>
            <Input form=form.clone() name="contact_phone" label=tr("联系电话（手机）", "Contact mobile") value=c.contact_phone.clone() kind="tel" max=11/>
            <Checks form=form.clone() name="categories" legend=tr("服务类别", "Kinds of service") options=v.categories.clone() chosen=c.categories.clone()/>
            <Checks form=form.clone() name="communities" legend=tr("服务社区", "Communities served") options=v.communities.clone() chosen=c.communities.clone()/>
            <div class="field" class:invalid=b_bad>
                <label for="base_building">{tr("出发地址（按半径服务时必填）", "Base address (needed for a radius)")}</label>
                <select id="base_building" name="base_building" aria-describedby=b_id>
                    <option value="">{tr("不按半径服务", "No radius")}</option>
                    {v.buildings.iter().map(|b| view! { <option value=b.id.to_string() selected=b.id.to_string() == base>{b.address()}</option> }).collect_view()}
                </select>
                {b_e.map(|e| view! { <p class="error" id="base_building-error">{e}</p> })}
            </div>
            <Input form=form.clone() name="radius_km" label=tr("服务半径（公里，选填）", "Radius in km (optional)") value=c.radius_km.clone() max=5 optional=true/>
            <FileInput form=form.clone() name="licence" label=if resubmit { tr("营业执照（如需更换请重新上传）", "Business licence (upload again to replace it)") } else { tr("营业执照（照片或 PDF）", "Business licence (photo or PDF)") } optional=resubmit/>
            <UploadProgress/>
            <button type="submit" class="button primary">{if resubmit { tr("重新提交", "Send again") } else { tr("提交申请", "Apply") }}</button>
        </form>
    }
}

#[component]
pub fn ListingEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|v| v.parse::<i64>().ok());
    let form = use_form_state();
    let data = Resource::new(id, load_listing_edit);
    let title = tr("编辑服务", "Edit service");
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
        <h1>{if v.id.is_some() { tr("编辑服务", "Edit service") } else { tr("发布新服务", "List a new service") }}</h1>
        <p><a href="/provider">{tr("返回商户中心", "Back to the provider centre")}</a>
            {v.id.map(|id| view! { " · "<a href=format!("/market/{id}")>{tr("查看居民看到的页面", "See it as residents do")}</a> })}</p>
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="post" action=action enctype="multipart/form-data" class="stack upload-form">
            <Input form=form.clone() name="title" label=tr("服务名称", "Title") value=value("title") max=40/>
            <div class="field" class:invalid=d_bad>
                <label for="description">{tr("服务内容", "What the service includes")}</label>
                <textarea id="description" name="description" rows="5" maxlength="1000" required=true aria-describedby=d_id>{description}</textarea>
                {d_e.map(|e| view! { <p class="error" id="description-error">{e}</p> })}
            </div>
            <Checks form=form.clone() name="categories" legend=tr("类别", "Categories") options=v.categories.clone() chosen=v.chosen_categories.clone()/>
            <Checks form=form.clone() name="suits" legend=tr("适合人群（选填）", "Suits (optional)") options=v.suits.clone() chosen=v.chosen_suits.clone()/>
            <fieldset class="field" class:invalid=k_bad aria-describedby=k_id>
                <legend>{tr("计价方式", "Pricing")}</legend>
                {[("fixed", tr("一口价", "Fixed price")), ("from", tr("起步价", "From")), ("quote", tr("上门报价", "Quoted on site"))].into_iter().map(|(code, label)| view! {
                    <div class="checkbox"><input type="radio" id=format!("price-{code}") name="price_kind" value=code checked=kind == code/>
                        <label for=format!("price-{code}")>{label}</label></div>
                }).collect_view()}
                {k_e.map(|e| view! { <p class="error" id="price_kind-error">{e}</p> })}
            </fieldset>
            <Input form=form.clone() name="price" label=tr("价格（元；上门报价可不填）", "Price in yuan (not needed when quoted on site)") value=value("price") max=9 optional=true/>
            <Input form=form.clone() name="duration" label=tr("服务时长（分钟）", "Duration (minutes)") value=value("duration") kind="number" max=3/>
            <Input form=form.clone() name="cancel_hours" label=tr("服务开始前几小时可免费取消", "Free cancellation until how many hours before") value=value("cancel_hours") kind="number" max=2/>
            <FileInput form=form.clone() name="photos" label=tr("服务照片（最多 6 张，选填）", "Photos (up to 6, optional)") multiple=true optional=true/>
            <UploadProgress/>
            <button type="submit" class="button primary">{tr("保存", "Save")}</button>
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
            <h2 id="slots-h">{tr("每周可预约时段", "Weekly bookable slots")}</h2>
            {if v.availability.is_empty() { view! { <p>{tr("尚未设置时段，居民暂时无法预约。", "No slots yet: residents cannot book.")}</p> }.into_any() } else { view! {
                <ul class="slot-rules">
                    {v.availability.iter().map(|a| view! {
                        <li>{a.text.clone()}" · "{tr("每时段 ", "takes ")}{a.capacity}{tr(" 单", " bookings")}
                            <form method="post" action=format!("/provider/listings/{id}/slots/{}/delete", a.id) class="inline-form">
                                <button type="submit" class="button" aria-label=format!("{} {}", tr("删除时段", "Remove slot"), a.text)>{tr("删除", "Remove")}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
            <form method="post" action=format!("/provider/listings/{id}/slots") class="stack">
                <div class="field" class:invalid=w_bad>
                    <label for="weekday">{tr("星期", "Day")}</label>
                    <select id="weekday" name="weekday" aria-describedby=w_id>
                        {(1..=7).map(|d| view! { <option value=d.to_string()>{super::weekday_label(d, lang)}</option> }).collect_view()}
                    </select>
                    {w_e.map(|e| view! { <p class="error" id="weekday-error">{e}</p> })}
                </div>
                <Input form=form.clone() name="start" label=tr("开始时间", "Starts at") value="09:00".into() kind="time" max=5/>
                <Input form=form.clone() name="capacity" label=tr("每时段可接单数", "Bookings per slot") value="1".into() kind="number" max=2/>
                <button type="submit" class="button">{tr("添加时段", "Add slot")}</button>
            </form>
            <form method="post" action=format!("/provider/listings/{id}/active") class="inline-form">
                <input type="hidden" name="active" value=if v.active { "0" } else { "1" }/>
                <button type="submit" class="button">{if v.active { tr("下架此服务", "Take it off sale") } else { tr("重新上架", "Put it on sale") }}</button>
            </form>
        </section>
    }
}
