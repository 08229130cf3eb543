//! `/services` (list, filters, search) and `/services/{code}` (one item, complete).
use super::facets::{channel_label, label, LIFE_EVENTS, TARGET_GROUPS};
use super::server::{get_service, list_services};
use super::{Service, ServiceList, ServiceQuery, ServiceSummary};
use crate::components::{encode_query, NotFound, ReadAloud};
use crate::i18n::text_with;
use crate::prefs::Lang;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// "5 working days", or "done on the spot" for 0.
pub fn time_limit_text(lang: Lang, days: i64) -> String {
    text_with(lang, "working-days", [("n", days.into())])
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_strings();
    let lang = use_viewer().lang;
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.get();
        ServiceQuery {
            q: p.get("q").unwrap_or_default(),
            dept: p.get("dept").unwrap_or_default(),
            event: p.get("event").unwrap_or_default(),
            group: p.get("group").unwrap_or_default(),
            page: p.get("page").and_then(|n| n.parse().ok()).unwrap_or(1),
        }
    });
    let data = Resource::new(move || query.get(), list_services);
    view! {
        <Title text=t.services_title/>
        <h1>{t.services_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match data.await {
                    Ok(list) => view! { <Filters query=q.clone() list=list.clone() lang/> <Results query=q list lang/> }.into_any(),
                    Err(_) => view! { <p class="banner banner-error" role="alert">{t.load_failed}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn options(table: &'static [(&'static str, &'static str, &'static str)], selected: String, lang: Lang) -> impl IntoView {
    table
        .iter()
        .map(|(code, zh, en)| {
            let text = if lang == Lang::En { *en } else { *zh };
            view! { <option value=*code selected=selected == *code>{text}</option> }
        })
        .collect_view()
}

#[component]
fn Filters(query: ServiceQuery, list: ServiceList, lang: Lang) -> impl IntoView {
    let t = use_strings();
    let ServiceQuery { q, dept, event, group, .. } = query;
    // Results come first on a phone: the choices wait behind 筛选, open when one is in use.
    let chosen = [&dept, &event, &group].iter().filter(|v| !v.is_empty()).count();
    let filtering = chosen > 0;
    let depts = list
        .departments
        .into_iter()
        .map(|d| {
            let selected = d.code == dept;
            let name = if lang == Lang::En { d.name_en } else { d.name };
            view! { <option value=d.code selected=selected>{name}</option> }
        })
        .collect_view();
    view! {
        <Form method="get" action="/services" attr:class="filters" attr:role="search">
            <label for="q" class="search-label">{t.filter_keyword}</label>
            <div class="search-row">
                <input id="q" name="q" type="search" value=q maxlength="50" autocomplete="off"/>
                <button type="submit" class="button primary">{t.home_search_button}</button>
            </div>
            <details class="more-filters" open=filtering>
            <summary>{crate::i18n::t("catalogue-filter")}{filtering.then(|| format!(" ({chosen})"))}</summary>
            <fieldset class="filter-selects">
                <legend>{t.filter_legend}</legend>
                <div class="field">
                    <label for="dept">{t.filter_dept}</label>
                    <select id="dept" name="dept">
                        <option value="">{t.filter_all}</option>
                        {depts}
                    </select>
                </div>
                <div class="field">
                    <label for="event">{t.filter_event}</label>
                    <select id="event" name="event">
                        <option value="">{t.filter_all}</option>
                        {options(LIFE_EVENTS, event, lang)}
                    </select>
                </div>
                <div class="field">
                    <label for="group">{t.filter_group}</label>
                    <select id="group" name="group">
                        <option value="">{t.filter_all}</option>
                        {options(TARGET_GROUPS, group, lang)}
                    </select>
                </div>
            </fieldset>
            <div class="actions">
                <button type="submit" class="button primary">{t.filter_apply}</button>
                <a href="/services" class="button">{t.filter_clear}</a>
            </div>
            </details>
        </Form>
    }
}

/// The list URL for another page of the same search.
fn page_href(query: &ServiceQuery, page: u32) -> String {
    format!(
        "/services?q={}&dept={}&event={}&group={}&page={page}",
        encode_query(&query.q),
        encode_query(&query.dept),
        encode_query(&query.event),
        encode_query(&query.group)
    )
}

#[component]
fn Results(query: ServiceQuery, list: ServiceList, lang: Lang) -> impl IntoView {
    let t = use_strings();
    if list.items.is_empty() {
        return view! { <p class="empty" role="status">{t.no_results}</p> }.into_any();
    }
    let (page, pages) = (list.page, list.pages);
    let position = text_with(lang, "page-of", [("page", page.into()), ("pages", pages.into())]);
    let count = if pages > 1 {
        text_with(lang, "results-count-paged", [("n", list.total.into()), ("page", page.into()), ("pages", pages.into())])
    } else {
        text_with(lang, "results-count", [("n", list.total.into())])
    };
    view! {
        <p class="count" role="status">{count}</p>
        <ul class="service-list">
            {list.items.into_iter().map(|s| view! { <ServiceCard service=s lang/> }).collect_view()}
        </ul>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=t.pages_label>
                {(page > 1).then(|| view! { <a href=page_href(&query, page - 1) rel="prev">{t.page_prev}</a> })}
                <span>{position.clone()}</span>
                {(page < pages).then(|| view! { <a href=page_href(&query, page + 1) rel="next">{t.page_next}</a> })}
            </nav>
        })}
    }
    .into_any()
}

#[component]
fn ServiceCard(service: ServiceSummary, lang: Lang) -> impl IntoView {
    let t = use_strings();
    let href = format!("/services/{}", service.code);
    let (name, dept) = match lang {
        Lang::En => (service.name_en, service.department_en),
        Lang::Zh => (service.name, service.department),
    };
    view! {
        <li class="service-card">
            <h2><a href=href>{name}</a></h2>
            <p class="meta">
                <span>{dept}</span>" · "<span>{channel_label(service.channel, lang)}</span>" · "
                <span>{t.time_limit}" "{time_limit_text(lang, service.time_limit_days)}</span>
            </p>
            <p class="summary">{service.summary}</p>
        </li>
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let t = use_strings();
    let lang = use_viewer().lang;
    let params = use_params_map();
    let code = move || params.get().get("code").unwrap_or_default();
    let data = Resource::new(code, get_service);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(service)) => view! { <ServiceDetailView service lang/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p class="banner banner-error" role="alert">{t.load_failed}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn list_items(items: Vec<String>, ordered: bool) -> impl IntoView {
    let lis = items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view();
    if ordered {
        view! { <ol class="steps">{lis}</ol> }.into_any()
    } else {
        view! { <ul>{lis}</ul> }.into_any()
    }
}

#[component]
fn ServiceDetailView(service: Service, lang: Lang) -> impl IntoView {
    let t = use_strings();
    let Service { name, name_en, department, life_events, target_groups, channel, time_limit_days, detail, code, promised_by, .. } =
        service;
    let (title, dept) = match lang {
        Lang::En => (name_en.clone(), department.name_en.clone()),
        Lang::Zh => (name.clone(), department.name.clone()),
    };
    let events = life_events.iter().filter_map(|e| label(LIFE_EVENTS, e, lang)).collect::<Vec<_>>().join("、");
    let groups = target_groups.iter().filter_map(|g| label(TARGET_GROUPS, g, lang)).collect::<Vec<_>>().join("、");
    let subtitle = (lang == Lang::Zh).then(|| name_en.clone());
    let apply_href = (channel != super::Channel::Offline && detail.form.is_some()).then(|| format!("/services/{code}/apply"));
    view! {
        <Title text=title.clone()/>
        <article class="service-detail" id="service-content">
            <p class="crumb"><a href="/services">{t.detail_back}</a></p>
            <h1>{title}</h1>
            {subtitle.map(|s| view! { <p class="subtitle" lang="en">{s}</p> })}
            <ReadAloud target="service-content"/>
            <crate::components::PrintLinks/>
            <p class="lead">{detail.summary}</p>
            <dl class="facts">
                <div><dt>{t.detail_department}</dt><dd>{dept}</dd></div>
                <div><dt>{t.detail_channel}</dt><dd>{channel_label(channel, lang)}</dd></div>
                <div>
                    <dt>{t.time_limit}</dt>
                    <dd>{time_limit_text(lang, time_limit_days)}<br/><span class="promised">{text_with(lang, "promised-by", [("date", promised_by.into())])}</span></dd>
                </div>
                <div><dt>{t.detail_fee}</dt><dd>{detail.fee}</dd></div>
                {(!events.is_empty()).then(|| view! { <div><dt>{t.detail_events}</dt><dd>{events}</dd></div> })}
                {(!groups.is_empty()).then(|| view! { <div><dt>{t.detail_groups}</dt><dd>{groups}</dd></div> })}
            </dl>
            {apply_href.map(|href| view! {
                <p><a class="button primary apply" href=href>{crate::i18n::t("catalogue-apply-online")}</a></p>
            })}
            <section aria-labelledby="conditions-h"><h2 id="conditions-h">{t.detail_conditions}</h2>{list_items(detail.conditions, false)}</section>
            <section aria-labelledby="materials-h"><h2 id="materials-h">{t.detail_materials}</h2>{list_items(detail.materials, false)}</section>
            <section aria-labelledby="steps-h"><h2 id="steps-h">{t.detail_steps}</h2>{list_items(detail.steps, true)}</section>
            {(!detail.offline.is_empty()).then(|| view! {
                <section aria-labelledby="offline-h">
                    <h2 id="offline-h">{t.detail_offline}</h2>
                    {list_items(detail.offline.clone(), false)}
                    {(!detail.hours.is_empty()).then(|| view! { <p><strong>{t.detail_hours}"："</strong>{detail.hours.clone()}</p> })}
                </section>
            })}
            {(!detail.phone.is_empty()).then(|| view! { <p><strong>{t.detail_phone}"："</strong>{detail.phone.clone()}</p> })}
            <section aria-labelledby="faq-h">
                <h2 id="faq-h">{t.detail_faqs}</h2>
                <dl class="faqs">
                    {detail.faqs.into_iter().map(|f| view! { <dt>{f.q}</dt><dd>{f.a}</dd> }).collect_view()}
                </dl>
            </section>
            {(!detail.basis.is_empty()).then(|| view! { <p class="basis"><strong>{t.detail_basis}"："</strong>{detail.basis.clone()}</p> })}
            <p class="code">{code}</p>
        </article>
    }
}
