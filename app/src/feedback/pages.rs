//! `/feedback` (public reports), `/feedback/new`, `/feedback/{ref}`, `/me/feedback`,
//! `/work/feedback` (a unit's queue) and `/admin/feedback` (promised times).
use super::server::*;
use super::view::*;
use crate::applications::pages::{NotYours, SignInFirst, UploadProgress};
use crate::components::{tr, FormBanner};
use crate::forms::{error_of, use_form_state, FormState};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A list of items with status, deadline and the overdue mark.
#[component]
pub fn FeedbackItems(items: Vec<FeedbackSummary>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>{tr("暂无诉求。", "Nothing here yet.")}</p> }.into_any();
    }
    view! {
        <ul class="cards feedback-list">
            {items.into_iter().map(|f| view! {
                <li class="card">
                    <h2><a href=format!("/feedback/{}", f.ref_no)>{f.title.clone()}</a></h2>
                    <p class="meta">
                        <span class=format!("status status-{}", f.status)>{f.status_label.clone()}</span>
                        {f.overdue.then(|| view! { " " <strong class="overdue">{tr("已超期", "Overdue")}</strong> })}
                        " · "{f.kind_label.clone()}" · "{f.category.clone()}
                    </p>
                    <p class="meta">{f.address.clone()}</p>
                    <p class="meta">{tr("编号 ", "Ref. ")}{f.ref_no.clone()}" · "{f.submitted.clone()}" · "
                        {tr("承办：", "Owner: ")}{f.unit.clone()}" · "{tr("答复期限 ", "Due ")}{f.deadline.clone()}</p>
                </li>
            }).collect_view()}
        </ul>
    }.into_any()
}

#[component]
pub fn FeedbackListPage() -> impl IntoView {
    let query = use_query_map();
    let category = move || query.with(|q| q.get("category"));
    let status = move || query.with(|q| q.get("status"));
    let data = Resource::new(move || (category(), status()), |(c, s)| load_feedback_list(c, s));
    view! {
        <Title text=tr("公开报事", "Public reports")/>
        <h1>{tr("公开报事", "Public reports")}</h1>
        <p class="lead">{tr("路灯、下水道、垃圾、道路等公共问题，办理进度公开（不显示反映人）。", "Street lights, drains, rubbish, roads: progress is public (the reporter's name is not).")}</p>
        <p><a class="button primary" href="/feedback/new">{tr("我要反映", "Report a problem")}</a>" "
           <a class="button" href="/me/feedback">{tr("我的诉求", "My feedback")}</a>" "
           <a class="button" href="/board">{tr("办理情况排行榜", "Response-time board")}</a></p>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                let Ok(list) = data.await else { return crate::components::load_failed() };
                view! {
                    <form method="get" action="/feedback" class="filters">
                        <div class="field">
                            <label for="category">{tr("类别", "Category")}</label>
                            <select id="category" name="category">
                                <option value="">{tr("全部", "All")}</option>
                                {list.categories.iter().map(|c| view! { <option value=c.code.clone() selected=c.code == list.category>{c.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="status">{tr("状态", "Status")}</label>
                            <select id="status" name="status">
                                <option value="">{tr("全部", "All")}</option>
                                <option value="open" selected=list.status == "open">{tr("处理中", "Being handled")}</option>
                                <option value="closed" selected=list.status == "closed">{tr("已答复", "Answered")}</option>
                            </select>
                        </div>
                        <button type="submit" class="button">{tr("筛选", "Filter")}</button>
                    </form>
                    <FeedbackItems items=list.items/>
                }.into_any()
            })}
        </Suspense>
    }
}

fn query_text(key: &'static str) -> impl Fn() -> Option<String> + Copy {
    let query = use_query_map();
    move || query.with(|q| q.get(key)).filter(|v| !v.is_empty())
}

#[component]
pub fn NewFeedbackPage() -> impl IntoView {
    let form = use_form_state();
    let signed_in = use_viewer().user.is_some();
    // After a refused post the page is drawn at /feedback/new without a query: the values come
    // back in the form state instead.
    let posted = form.clone();
    let value = move |key: &'static str| query_text(key)().or_else(|| Some(posted.value(key)).filter(|v| !v.is_empty()));
    let data = Resource::new(
        move || (value("category"), value("building").and_then(|b| b.parse::<i64>().ok()), value("lat"), value("lng")),
        |(c, b, la, ln)| load_new_feedback(c, b, la, ln),
    );
    view! {
        <Title text=tr("反映诉求", "Give feedback")/>
        <h1>{tr("反映诉求", "Give feedback")}</h1>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {
                    let form = form.clone();
                    move || {
                        let form = form.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(Some(v)) => view! { <NewFeedbackBody v form/> }.into_any(),
                                Ok(None) => view! { <SignInFirst/> }.into_any(),
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
    let chosen = v.category.clone();
    let chosen_code = chosen.as_ref().map(|c| c.code.clone()).unwrap_or_default();
    let building = v.building_id.map(|b| b.to_string()).unwrap_or_default();
    let (title_e, title_id, title_bad) = error_of(&form, "title");
    let (body_e, body_id, body_bad) = error_of(&form, "body");
    let (address_e, address_id, address_bad) = error_of(&form, "address");
    let (photos_e, photos_id, photos_bad) = error_of(&form, "photos");
    let (cat_e, cat_id, cat_bad) = error_of(&form, "category");
    let (building_e, building_id, building_bad) = error_of(&form, "building");
    let (lat_e, lat_id, lat_bad) = error_of(&form, "lat");
    let step_two = chosen.is_some();
    view! {
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <form method="get" action="/feedback/new" class="stack">
            <h2>{tr("第一步：类别和地点", "Step 1: category and place")}</h2>
            <div class="field" class:invalid=cat_bad>
                <label for="category">{tr("诉求类别", "Category")}</label>
                <select id="category" name="category" required=true aria-describedby=cat_id.clone()>
                    <option value="">{tr("请选择", "Choose")}</option>
                    {v.categories.iter().map(|c| view! {
                        <option value=c.code.clone() selected=c.code == chosen_code>{c.kind_label.clone()}" · "{c.name.clone()}</option>
                    }).collect_view()}
                </select>
                {cat_e.map(|e| view! { <p class="error" id="category-error">{e}</p> })}
            </div>
            <div class="field" class:invalid=building_bad>
                <label for="building">{tr("楼栋（默认您的住址）", "Building (your address by default)")}</label>
                <select id="building" name="building" aria-describedby=building_id.clone()>
                    <option value="">{tr("不在小区内（在下方填写地址）", "Not in an estate (write the address below)")}</option>
                    {v.buildings.iter().map(|b| view! {
                        <option value=b.id.to_string() selected=b.id.to_string() == building>{b.address()}</option>
                    }).collect_view()}
                </select>
                {building_e.map(|e| view! { <p class="error" id="building-error">{e}</p> })}
            </div>
            <details>
                <summary>{tr("可选：经纬度坐标", "Optional: coordinates")}</summary>
                <div class="field" class:invalid=lat_bad>
                    <label for="lat">{tr("纬度", "Latitude")}</label>
                    <input id="lat" name="lat" type="text" inputmode="decimal" value=v.lat.clone() aria-describedby=lat_id.clone()/>
                    {lat_e.map(|e| view! { <p class="error" id="lat-error">{e}</p> })}
                </div>
                <div class="field">
                    <label for="lng">{tr("经度", "Longitude")}</label>
                    <input id="lng" name="lng" type="text" inputmode="decimal" value=v.lng.clone()/>
                </div>
            </details>
            <button type="submit" class="button">{if step_two { tr("更新", "Update") } else { tr("下一步", "Next") }}</button>
        </form>
        {chosen.map(|c| {
            let nearby = v.nearby.clone();
            view! {
                <p class="lead">{tr("承诺答复时限：", "Promised reply: ")}
                    {if c.deadline_days == 0 { tr("当天", "the same working day").to_string() } else { format!("{} {}", c.deadline_days, tr("个工作日", "working days")) }}</p>
                {(!nearby.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="nearby">
                        <h2 id="nearby">{tr("附近已有人反映同类问题", "Someone nearby already reported this")}</h2>
                        <p>{tr("关注已有的反映即可收到同样的进度通知，不必重复提交。", "Follow the existing report to get the same updates, instead of filing a duplicate.")}</p>
                        <ul class="nearby">
                            {nearby.into_iter().map(|n| view! {
                                <li>
                                    <a href=format!("/feedback/{}", n.ref_no)>{n.title.clone()}</a>" · "{n.address.clone()}" · "{n.status_label.clone()}
                                    <form method="post" action=format!("/feedback/{}/follow", n.ref_no) class="inline-form">
                                        <button type="submit" class="button">{tr("关注这一条", "Follow this instead")}</button>
                                    </form>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                <form method="post" action="/feedback/new" enctype="multipart/form-data" class="stack">
                    <h2>{tr("第二步：说明情况", "Step 2: what happened")}</h2>
                    <input type="hidden" name="category" value=c.code.clone()/>
                    <input type="hidden" name="building" value=building.clone()/>
                    <input type="hidden" name="lat" value=v.lat.clone()/>
                    <input type="hidden" name="lng" value=v.lng.clone()/>
                    <div class="field" class:invalid=title_bad>
                        <label for="title">{tr("一句话说明", "In one line")}<span class="req" aria-hidden="true">" *"</span></label>
                        <input id="title" name="title" type="text" maxlength="60" required=true value=form.value("title") aria-describedby=title_id.clone()/>
                        {title_e.map(|e| view! { <p class="error" id="title-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=body_bad>
                        <label for="body">{tr("具体情况", "Details")}<span class="req" aria-hidden="true">" *"</span></label>
                        <textarea id="body" name="body" rows="5" maxlength="2000" required=true aria-describedby=body_id.clone()>{form.value("body")}</textarea>
                        {body_e.map(|e| view! { <p class="error" id="body-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=address_bad>
                        <label for="address">{tr("具体位置（如 3 单元门口）", "Exact spot (e.g. outside entrance 3)")}</label>
                        <input id="address" name="address" type="text" maxlength="100" value=form.value("address") aria-describedby=address_id.clone()/>
                        {address_e.map(|e| view! { <p class="error" id="address-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=photos_bad>
                        <label for="photos">{tr("照片（可选，最多 6 张）", "Photos (optional, up to 6)")}</label>
                        <p class="hint" id="photos-hint">{tr("JPEG、PNG 或 WebP，每张不超过 10 MB；位置等隐私信息会被清除", "JPEG, PNG or WebP, up to 10 MB each; location data is removed")}</p>
                        <input id="photos" name="photos" type="file" multiple=true accept="image/jpeg,image/png,image/webp"
                            aria-describedby=photos_id.map(|e| format!("{e} photos-hint")).unwrap_or_else(|| "photos-hint".into())/>
                        {photos_e.map(|e| view! { <p class="error" id="photos-error">{e}</p> })}
                    </div>
                    <UploadProgress/>
                    <button type="submit" class="button primary">{tr("提交", "Submit")}</button>
                </form>
            }
        })}
    }
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let form = use_form_state();
    let data = Resource::new(move || params.with(|p| p.get("ref_no").unwrap_or_default()), load_feedback);
    let filed = move || query.with(|q| q.get("filed").is_some());
    view! {
        <Title text=tr("诉求详情", "Feedback")/>
        {move || filed().then(|| view! { <p class="banner banner-ok" role="status">{tr("已提交，处理进度会通过消息通知您。", "Submitted. You will be told of every step.")}</p> })}
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(d)) => view! { <FeedbackBody d form/> }.into_any(),
                            Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                            Err(_) => crate::components::load_failed(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn FeedbackBody(d: FeedbackDetail, form: FormState) -> impl IntoView {
    let s = d.summary.clone();
    let base = format!("/feedback/{}", s.ref_no);
    let status = s.status.clone();
    let running = status == "open" || status == "asked";
    view! {
        <h1>{s.title.clone()}</h1>
        <p class="meta">
            <span class=format!("status status-{}", s.status)>{s.status_label.clone()}</span>
            {s.overdue.then(|| view! { " " <strong class="overdue">{tr("已超期", "Overdue")}</strong> })}
            " · "{s.kind_label.clone()}" · "{s.category.clone()}
        </p>
        <dl class="facts pairs">
            <dt>{tr("编号", "Reference")}</dt><dd>{s.ref_no.clone()}</dd>
            <dt>{tr("提交时间", "Submitted")}</dt><dd>{s.submitted.clone()}</dd>
            <dt>{tr("地点", "Place")}</dt><dd>{s.address.clone()}{d.coordinates.clone().map(|c| format!(" ({c})"))}</dd>
            <dt>{tr("承办单位", "Owner")}</dt><dd>{s.unit.clone()}</dd>
            <dt>{tr("答复期限", "Reply due")}</dt><dd>{s.deadline.clone()}</dd>
            {d.resident.clone().map(|r| view! { <dt>{tr("反映人", "Reported by")}</dt><dd>{r}</dd> })}
            {d.is_public.then(|| view! { <dt>{tr("关注人数", "Followers")}</dt><dd>{d.followers}</dd> })}
        </dl>
        <p class="body-text">{d.body.clone()}</p>
        {(!d.photos.is_empty()).then(|| view! {
            <ul class="photos">
                {d.photos.iter().enumerate().map(|(i, p)| view! {
                    <li><a href=p.url.clone()><img src=p.thumb.clone() alt=format!("{} {}", tr("现场照片", "Photo"), i + 1) width="160" height="120"/></a></li>
                }).collect_view()}
            </ul>
        })}
        {(d.is_public && d.signed_in_resident && d.viewpoint == Viewpoint::Public && !d.following && running).then(|| view! {
            <form method="post" action=format!("{base}/follow") class="inline-form">
                <button type="submit" class="button">{tr("我也遇到了，关注进度", "Me too: follow this")}</button>
            </form>
        })}
        {d.following.then(|| view! { <p class="hint">{tr("您已关注，进度会通知您。", "You follow this; you will be told of progress.")}</p> })}
        {d.order_link.clone().map(|l| view! { <p><a class="button" href=l>{tr("查看被投诉的订单及其全过程", "See the order complained about, step by step")}</a></p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        {match d.viewpoint {
            Viewpoint::Unit => view! { <UnitActions d=d.clone() base=base.clone() form=form.clone()/> }.into_any(),
            Viewpoint::Resident => view! { <ResidentActions d=d.clone() base=base.clone() form=form.clone()/> }.into_any(),
            Viewpoint::Public => ().into_any(),
        }}
        <h2>{tr("办理过程", "Timeline")}</h2>
        <ol class="timeline">
            {d.entries.iter().map(|e| view! {
                <li class:private=e.private>
                    <span class="when">{e.at.clone()}</span>" "<strong>{e.label.clone()}</strong>
                    {(!e.by.is_empty()).then(|| format!(" · {}", e.by))}
                    {(!e.note.is_empty()).then(|| view! { <p>{e.note.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

/// A text box for a step's note, with its error.
#[component]
fn NoteField(form: FormState, id: &'static str, label: &'static str) -> impl IntoView {
    let error = form.error("note");
    let has_error = error.is_some();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id>{label}</label>
            <textarea id=id name="note" rows="3" maxlength="2000" aria-describedby=error.as_ref().map(|_| error_id.clone())>{form.value("note")}</textarea>
            {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

#[component]
fn ResidentActions(d: FeedbackDetail, base: String, form: FormState) -> impl IntoView {
    let status = d.summary.status.clone();
    view! {
        <section class="card" aria-labelledby="your-actions">
            <h2 id="your-actions">{tr("您可以", "You can")}</h2>
            {(status == "asked").then(|| view! {
                <form method="post" action=format!("{base}/answer") class="stack">
                    <NoteField form=form.clone() id="answer-note" label=tr("回答工作人员的询问", "Answer the staff's question")/>
                    <button type="submit" class="button primary">{tr("提交说明", "Send answer")}</button>
                </form>
            })}
            {(status == "closed").then(|| view! {
                <form method="post" action=format!("{base}/confirm") class="inline-form">
                    <button type="submit" class="button primary">{tr("问题已解决", "It is resolved")}</button>
                </form>
                <form method="post" action=format!("{base}/reopen") class="stack">
                    <NoteField form=form.clone() id="reopen-note" label=tr("仍未解决？请说明情况", "Still not fixed? Say what is wrong")/>
                    <button type="submit" class="button">{tr("仍未解决，重新办理", "Still not fixed: reopen")}</button>
                </form>
            })}
            {d.rate_link.clone().map(|l| view! {
                <p><a class="button" href=l>{if d.rated.is_some() { tr("查看或修改评价", "See or change your rating") } else { tr("评价本次办理（好差评）", "Rate this (好差评)") }}</a>
                   {d.rated.clone().map(|r| format!(" {}：{r}", tr("已评价", "Rated")))}</p>
            })}
            {(status == "open").then(|| view! { <p>{tr("正在办理，请留意消息通知。", "Being handled; watch your messages.")}</p> })}
        </section>
    }
}

#[component]
fn UnitActions(d: FeedbackDetail, base: String, form: FormState) -> impl IntoView {
    let running = matches!(d.summary.status.as_str(), "open" | "asked");
    let to_error = form.error("to");
    let has_to_error = to_error.is_some();
    view! {
        <section class="card officer-actions" aria-labelledby="unit-actions">
            <h2 id="unit-actions">{tr("办理操作", "Actions")}</h2>
            {running.then(|| view! {
                <form method="post" class="stack">
                    <NoteField form=form.clone() id="reply-note" label=tr("答复内容（留空则使用所选常用答复）", "Reply (left empty: the chosen template)")/>
                    <div class="field">
                        <label for="template">{tr("常用答复", "Templates")}</label>
                        <select id="template" name="template">
                            <option value="">{tr("不使用", "None")}</option>
                            {d.templates.iter().enumerate().map(|(i, (t, _))| view! { <option value=i.to_string()>{t.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button" formaction=format!("{base}/reply")>{tr("答复", "Reply")}</button>
                        <button type="submit" class="button" formaction=format!("{base}/ask")>{tr("向居民询问", "Ask the resident")}</button>
                        <button type="submit" class="button primary" formaction=format!("{base}/close")>{tr("办结并答复", "Close with this reply")}</button>
                    </div>
                </form>
                <form method="post" action=format!("{base}/transfer") class="stack">
                    <h3>{tr("转办（首接负责：转出须说明理由）", "Transfer (the first unit owns it until it gives a reason)")}</h3>
                    <div class="field" class:invalid=has_to_error>
                        <label for="to">{tr("转给", "To")}</label>
                        <select id="to" name="to" aria-describedby=to_error.as_ref().map(|_| "to-error")>
                            <option value="">{tr("请选择", "Choose")}</option>
                            {d.transfer_targets.iter().map(|(k, n)| view! { <option value=k.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                        {to_error.clone().map(|e| view! { <p class="error" id="to-error">{e}</p> })}
                    </div>
                    <div class="field">
                        <label for="transfer-note">{tr("转办理由", "Reason")}</label>
                        <textarea id="transfer-note" name="note" rows="2" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{tr("转办", "Transfer")}</button>
                </form>
            })}
            <form method="post" action=format!("{base}/note") class="stack">
                <div class="field">
                    <label for="private-note">{tr("内部备注（居民看不到）", "Internal note (not shown to the resident)")}</label>
                    <textarea id="private-note" name="note" rows="2" maxlength="2000"></textarea>
                </div>
                <button type="submit" class="button">{tr("添加备注", "Add note")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn MyFeedbackPage() -> impl IntoView {
    let signed_in = use_viewer().user.is_some();
    let data = Resource::new(|| (), |_| load_my_feedback());
    view! {
        <Title text=tr("我的诉求", "My feedback")/>
        <h1>{tr("我的诉求", "My feedback")}</h1>
        <p><a class="button primary" href="/feedback/new">{tr("反映新诉求", "Give feedback")}</a></p>
        {if !signed_in { view! { <SignInFirst/> }.into_any() } else { view! {
            <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(items)) => view! { <FeedbackItems items/> }.into_any(),
                        Ok(None) => view! { <SignInFirst/> }.into_any(),
                        Err(_) => crate::components::load_failed(),
                    }
                })}
            </Suspense>
        }.into_any() }}
    }
}

#[component]
pub fn UnitFeedbackPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status"));
    let overdue = move || query.with(|q| q.get("overdue").is_some_and(|v| v == "1"));
    let data = Resource::new(move || (status(), overdue()), |(s, o)| load_unit_feedback(s, Some(o)));
    view! {
        <Title text=tr("诉求办理", "Feedback to handle")/>
        <h1>{tr("诉求办理", "Feedback to handle")}</h1>
        <p><a href="/work/rectifications">{tr("差评整改", "Rectification cases")}</a></p>
        <form method="get" action="/work/feedback" class="filters">
            <div class="field">
                <label for="status">{tr("状态", "Status")}</label>
                <select id="status" name="status">
                    <option value="">{tr("全部在办", "All open")}</option>
                    <option value="open" selected=move || status().as_deref() == Some("open")>{tr("处理中", "Being handled")}</option>
                    <option value="asked" selected=move || status().as_deref() == Some("asked")>{tr("待居民补充", "Waiting for the resident")}</option>
                    <option value="closed" selected=move || status().as_deref() == Some("closed")>{tr("已办结", "Closed")}</option>
                    <option value="all" selected=move || status().as_deref() == Some("all")>{tr("全部", "All")}</option>
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="overdue" name="overdue" value="1" checked=overdue/>
                <label for="overdue">{tr("只看已超期", "Overdue only")}</label>
            </div>
            <button type="submit" class="button">{tr("筛选", "Filter")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(items)) => view! { <FeedbackItems items/> }.into_any(),
                    Ok(None) => if use_viewer().user.is_none() { view! { <SignInFirst/> }.into_any() } else { view! { <NotYours/> }.into_any() },
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminFeedbackPage() -> impl IntoView {
    let form = use_form_state();
    let data = Resource::new(|| (), |_| load_category_admin());
    let saved = move || use_query_map().with(|q| q.get("saved").is_some());
    view! {
        <Title text=tr("诉求类别与时限", "Feedback categories and deadlines")/>
        <h1>{tr("诉求类别与时限", "Feedback categories and deadlines")}</h1>
        <p>{tr("时限按工作日计算（0 表示当天办结），修改只影响之后提交的诉求，并记入审计日志。", "In working days (0: the same day). A change applies to feedback filed afterwards and is audited.")}</p>
        {move || saved().then(|| view! { <p class="banner banner-ok" role="status">{tr("已保存。", "Saved.")}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {
                let form = form.clone();
                move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some((rows, days))) => view! {
                                <form method="post" action="/admin/rectification-days" class="inline-form">
                                    <label for="rectification_days">{tr("差评整改时限（工作日）", "Rectification cases: working days")}</label>" "
                                    <input id="rectification_days" name="days" class="days" type="text" inputmode="numeric"
                                        value=if form.values.contains_key("rectification_days") { form.value("rectification_days") } else { days.to_string() }
                                        aria-describedby=form.error("rectification_days").map(|_| "rectification_days-error")/>
                                    <button type="submit" class="button">{tr("保存", "Save")}</button>
                                    {form.error("rectification_days").map(|e| view! { <p class="error" id="rectification_days-error">{e}</p> })}
                                </form>
                                <table class="outbox">
                                    <thead><tr><th scope="col">{tr("类别", "Category")}</th><th scope="col">{tr("承办", "Owner")}</th>
                                        <th scope="col">{tr("时限（工作日）", "Working days")}</th></tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| {
                                            let name = format!("days_{}", r.code);
                                            let error = form.error(&name);
                                            let value = if form.values.contains_key(&name) { form.value(&name) } else { r.deadline_days.to_string() };
                                            view! {
                                                <tr>
                                                    <td>{r.kind_label.clone()}" · "{r.name.clone()}</td>
                                                    <td>{r.owner.clone()}</td>
                                                    <td>
                                                        <form method="post" action=format!("/admin/feedback/{}", r.code) class="inline-form">
                                                            <label for=name.clone() class="visually-hidden">{r.name.clone()}</label>
                                                            <input id=name.clone() name="days" class="days" type="text" inputmode="numeric" value=value
                                                                aria-describedby=error.as_ref().map(|_| format!("{name}-error"))/>
                                                            <button type="submit" class="button">{tr("保存", "Save")}</button>
                                                            {error.map(|e| view! { <p class="error" id=format!("{name}-error")>{e}</p> })}
                                                        </form>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Ok(None) => view! { <NotYours/> }.into_any(),
                            Err(_) => crate::components::load_failed(),
                        }
                    })
                }
            }
        </Suspense>
    }
}
