//! What residents see: `/notices` (the notices addressed to them, searchable in Chinese and
//! pinyin), `/notices/{id}` (read aloud, printable as an A4 poster with a QR code, and "我已知晓"
//! where the publisher asks), `/me/groups` (the groups they state, with consent) and
//! `/me/notice-settings` (how often each category reaches the inbox).
use super::*;
use crate::components::{loaded, FormBanner, NotYours, ReadAloud, SignInFirst, Written};
use crate::forms::{error_of, use_form_state, FormState};
use crate::i18n::{t, use_strings};
use crate::prefs::use_viewer;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn missing() -> AnyView {
    view! { <NotYours/> }.into_any()
}

/// One line of a list: category, title, who and when.
#[component]
pub fn NoticeLine(n: NoticeSummary, href: String) -> impl IntoView {
    view! {
        <li class="card notice-line">
            <p class="meta">
                {n.pinned.then(|| view! { <span class="status status-pinned">{t("notice-pinned")}</span>" " })}
                <span class="status">{n.category.clone()}</span>" · "{n.unit.clone()}" · "{n.published_on.clone()}
            </p>
            <h2><a href=href><Written text=n.title.clone()/></a></h2>
        </li>
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1));
    let data = Resource::new(move || (search(), page()), |(search, page)| load_notices(search, page));
    view! {
        <Title text=t("notice-title")/>
        <h1>{t("notice-title")}</h1>
        <form method="get" action="/notices" class="filters" role="search">
            <div class="field">
                <label for="q">{t("notice-search")}</label>
                <input id="q" name="q" type="search" value=search maxlength="40"/>
            </div>
            <button type="submit" class="button">{t("notice-search-button")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{use_strings().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.items.is_empty() && list.page == 1 => view! { <p>{t("notice-none")}</p> }.into_any(),
                    Ok(list) => view! { <NoticeListPage list/> }.into_any(),
                    Err(_) => crate::components::load_failed(),
                }
            })}
        </Suspense>
    }
}

/// One page of notices, with links to the pages before and after (keeping the search).
#[component]
fn NoticeListPage(list: NoticeList) -> impl IntoView {
    let search = list.search.clone();
    let href = move |page: u32| format!("/notices?q={}&page={page}", crate::components::encode_query(&search));
    let (page, has_next) = (list.page, list.has_next);
    view! {
        <ul class="cards">
            {list.items.into_iter().map(|n| { let href = format!("/notices/{}", n.id); view! { <NoticeLine n href/> } }).collect_view()}
        </ul>
        {(page > 1 || has_next).then(|| view! {
            <nav class="pager" aria-label=use_strings().pages_label>
                {(page > 1).then(|| view! { <a href=href(page - 1) rel="prev">{t("page-prev")}</a> })}
                " "
                {has_next.then(|| view! { <a href=href(page + 1) rel="next">{t("page-next")}</a> })}
            </nav>
        })}
    }
}

#[component]
pub fn NoticePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, load_notice);
    view! { {loaded(data, missing, |d| view! { <NoticeBody d/> }.into_any())} }
}

/// The notice as residents read it and as the poster prints.
#[component]
pub fn NoticeBody(d: NoticeDetail) -> impl IntoView {
    let s = d.summary.clone();
    let ack = format!("/notices/{}/acknowledge", s.id);
    view! {
        <Title text=s.title.clone()/>
        <article class="notice" id="notice-text">
            <p class="meta"><span class="status">{s.category.clone()}</span>" · "{s.unit.clone()}" · "{s.published_on.clone()}</p>
            <h1><Written text=s.title.clone()/></h1>
            {d.withdrawn_reason.clone().map(|r| view! {
                <p class="banner banner-error" role="status">{t("notice-withdrawn")}" "{r}
                    {d.replaced_by.map(|id| view! { " "<a href=format!("/notices/{id}")>{t("notice-see-replacement")}</a> })}
                </p>
            })}
            {d.replaces.map(|id| view! { <p class="hint">{t("notice-replaces")}" "<a href=format!("/notices/{id}")>{format!("#{id}")}</a></p> })}
            <div class="notice-body">
                {d.body.split('\n').filter(|p| !p.trim().is_empty()).map(|p| view! { <p><Written text=p.to_string()/></p> }).collect_view()}
            </div>
            {(!d.services.is_empty()).then(|| view! {
                <h2>{t("notice-services-legend")}</h2>
                <ul>{d.services.iter().map(|s| view! { <li><a href=format!("/services/{}", s.value)><Written text=s.label.clone()/></a></li> }).collect_view()}</ul>
            })}
            {(!d.attachments.is_empty()).then(|| view! { <Attachments notice=s.id files=d.attachments.clone()/> })}
            <p class="meta">{t("notice-audience")}" "{d.audience.clone()}</p>
            {(!d.expires_on.is_empty()).then(|| view! { <p class="meta">{t("notice-expires")}" "{d.expires_on.clone()}</p> })}
            <div class="poster-qr" aria-hidden="true" inner_html=d.qr_svg.clone()></div>
        </article>
        <crate::components::PrintLinks qr=false/>
        <div class="actions no-print">
            <ReadAloud target="notice-text"/>
            {d.may_acknowledge.then(|| view! {
                <form method="post" action=ack>
                    <button type="submit" class="button primary">{t("notice-acknowledge")}</button>
                </form>
            })}
            {d.acknowledged.then(|| view! { <p class="banner" role="status">{t("notice-acknowledged")}</p> })}
            <p class="hint">{t("notice-print-hint")}</p>
        </div>
    }
}

/// The notice's files: name, kind and size (a reader on a slow network decides), images with
/// their thumbnail.
#[component]
fn Attachments(notice: i64, files: Vec<Attachment>) -> impl IntoView {
    view! {
        <h2>{t("notice-attachments")}</h2>
        <ul class="attachments">
            {files.into_iter().map(|a| {
                let href = format!("/notices/{notice}/files/{}", a.id);
                let kind = if a.kind == "pdf" { t("notice-attachment-pdf") } else { t("notice-attachment-image") };
                view! {
                    <li>
                        {(a.kind == "image").then(|| view! { <img src=format!("{href}/thumb") alt="" width="96" height="96" loading="lazy"/> })}
                        <a href=href><Written text=a.name.clone()/></a>
                        <span class="meta">" "{kind}" · "{a.size.clone()}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn MyGroupsPage() -> impl IntoView {
    let form = use_form_state();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    let data = Resource::new(|| (), |_| load_my_groups());
    let signed_in = use_viewer().user.is_some();
    let missing = if signed_in { missing } else { || view! { <SignInFirst/> }.into_any() };
    view! {
        <Title text=t("groups-title")/>
        <h1>{t("groups-title")}</h1>
        <p>{t("groups-intro")}</p>
        {move || saved().then(|| view! { <p class="banner" role="status">{t("groups-saved")}</p> })}
        <FormBanner form=form.clone() message=use_strings().form_has_errors/>
        <MyRoom form=form.clone()/>
        {loaded(data, missing, move |groups| {
            let (e, eid, bad) = error_of(&form, "consent");
            view! {
                <form method="post" action="/me/groups" class="stack">
                    <fieldset>
                        <legend>{t("groups-legend")}</legend>
                        {groups.into_iter().map(|(g, on)| {
                            let id = format!("group-{}", g.value);
                            view! {
                                <div class="checkbox">
                                    <input type="checkbox" id=id.clone() name="groups" value=g.value checked=on/>
                                    <label for=id>{g.label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="checkbox" class:invalid=bad>
                        <input type="checkbox" id="consent" name="consent" value="1" aria-describedby=eid.clone()/>
                        <label for="consent">{t("groups-consent")}</label>
                        {e.map(|e| view! { <p class="error" id=eid>{e}</p> })}
                    </div>
                    <button type="submit" class="button primary">{t("groups-save")}</button>
                </form>
            }.into_any()
        })}
    }
}

/// The resident's door: everyone at the same building and door is one household, which staff
/// count and visit.
#[component]
fn MyRoom(form: FormState) -> impl IntoView {
    let data = Resource::new(|| (), |_| load_my_room());
    let (e, eid, bad) = error_of(&form, "room");
    let sent = form.values.get("room").cloned();
    let described = format!("room-hint {}", eid.clone().unwrap_or_default()).trim().to_string();
    view! {
        {loaded(data, || ().into_any(), move |(building, room)| view! {
            <form method="post" action="/me/room" class="stack card">
                <h2>{t("room-title")}</h2>
                <div class="field" class:invalid=bad>
                    <label for="room">{t("room-label")}" "<Written text=building/></label>
                    <p class="hint" id="room-hint">{t("room-hint")}</p>
                    <input id="room" name="room" maxlength="20" autocomplete="address-line2" value=sent.clone().unwrap_or(room) aria-describedby=described.clone()/>
                    {e.clone().map(|e| view! { <p class="error" id=eid.clone()>{e}</p> })}
                </div>
                <button type="submit" class="button">{t("room-save")}</button>
            </form>
        }.into_any())}
    }
}

/// `/me/notice-settings`: how often each category reaches the inbox.
#[component]
pub fn NoticeSettingsPage() -> impl IntoView {
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let data = Resource::new(|| (), |_| load_my_subscriptions());
    let signed_in = use_viewer().user.is_some();
    let missing = if signed_in { missing } else { || view! { <SignInFirst/> }.into_any() };
    let lang = use_viewer().lang;
    view! {
        <Title text=t("notice-settings-title")/>
        <h1>{t("notice-settings-title")}</h1>
        <p>{t("notice-settings-intro")}</p>
        {saved.then(|| view! { <p class="banner" role="status">{t("groups-saved")}</p> })}
        {loaded(data, missing, move |rows| view! {
            <form method="post" action="/me/notice-settings" class="stack">
                {rows.into_iter().map(|(c, chosen, urgent)| {
                    if urgent {
                        return view! { <p><strong>{c.label.clone()}</strong>" · "{t("notice-settings-urgent")}</p> }.into_any();
                    }
                    view! {
                        <fieldset class="field">
                            <legend>{c.label.clone()}</legend>
                            {["now", "digest", "never"].into_iter().map(|f| {
                                let id = format!("{}-{f}", c.value);
                                view! { <div class="checkbox"><input type="radio" id=id.clone() name=c.value.clone() value=f checked=chosen == f/>
                                    <label for=id>{crate::i18n::text_with(lang, &format!("notice-settings-{f}"), [])}</label></div> }
                            }).collect_view()}
                        </fieldset>
                    }.into_any()
                }).collect_view()}
                <button type="submit" class="button primary">{t("groups-save")}</button>
            </form>
        }.into_any())}
    }
}

/// The home page's latest notices for the viewer (pinned first); nothing when there are none.
#[component]
pub fn HomeNotices() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_latest_notices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if !list.is_empty() => view! {
                        <section aria-labelledby="notices-h" class="home-notices">
                            <h2 id="notices-h">{t("notice-title")}</h2>
                            <ul class="cards">
                                {list.into_iter().map(|n| { let href = format!("/notices/{}", n.id); view! { <NoticeLine n href/> } }).collect_view()}
                            </ul>
                            <p><a class="more-link" href="/notices">{t("notice-all")}</a></p>
                        </section>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
