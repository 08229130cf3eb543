//! The home page. Standard mode: search, life events, groups, departments. 长辈版: a large search
//! box and at most six big entries — no promotions, nothing that pops up.
use crate::catalogue::facets::{DEPARTMENTS, LIFE_EVENTS, TARGET_GROUPS};
use crate::components::{encode_query, Icon, ReadAloud};
use crate::prefs::{Lang, Role};
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_strings();
    let viewer = use_viewer();
    let lang = viewer.lang;
    let is_resident = viewer.user.as_ref().is_some_and(|u| u.role == Role::Resident);
    let closed = leptos_router::hooks::use_query_map().get_untracked().get("closed").is_some();
    // The first screen holds what residents come for: in 长辈版 the big tiles come first, in
    // the standard mode the search and the icon grid of top tasks; then what needs them.
    view! {
        <Title text=t.home_title/>
        <div id="home-content">
            <h1 class="home-title">{t.site_name}" · "{t.site_tagline}</h1>
            {closed.then(|| view! { <div class="banner banner-ok" role="status">{crate::i18n::t("home-account-closed")}</div> })}
            {if viewer.mode.is_elder() {
                view! {
                    <ElderTiles/><SearchBox/>
                    <p class="elder-intro">{t.home_elder_intro}</p>
                    <ReadAloud target="home-content"/>
                }.into_any()
            } else {
                view! { <SearchBox/><TopTasks/> }.into_any()
            }}
            {is_resident.then(|| view! { <NeedsAction/> })}
            <crate::notices::pages::HomeNotices/>
            {(!viewer.mode.is_elder()).then(|| view! { <StandardHome lang/> })}
        </div>
    }
}

#[component]
fn SearchBox() -> impl IntoView {
    let t = use_strings();
    view! {
        <Form method="get" action="/services" attr:class="search" attr:role="search">
            <label for="home-q">{t.home_search_label}</label>
            <div class="search-row">
                <input id="home-q" name="q" type="search" maxlength="50" autocomplete="off"/>
                <button type="submit" class="button primary">{t.home_search_button}</button>
            </div>
        </Form>
    }
}

/// The most used services and life events, as the icon grid residents know from their apps.
#[component]
fn TopTasks() -> impl IntoView {
    let tasks: [(&'static str, &'static str, String); 8] = [
        ("id", crate::i18n::t("tile-shebao"), format!("/services?q={}", encode_query("社保"))),
        ("medical", crate::i18n::t("tile-yibao"), format!("/services?q={}", encode_query("医保"))),
        ("elderly_care", crate::i18n::t("home-task-elderly"), "/services?event=elderly_care".into()),
        ("birth", crate::i18n::t("home-task-birth"), "/services?event=birth".into()),
        ("school", crate::i18n::t("home-task-school"), "/services?event=school".into()),
        ("market", crate::i18n::t("home-task-market"), "/market".into()),
        ("feedback", crate::i18n::t("home-task-feedback"), "/feedback/new".into()),
        ("help", crate::i18n::t("home-task-help"), "/help".into()),
    ];
    view! {
        <nav aria-labelledby="tasks-h" class="top-tasks">
            <h2 id="tasks-h" class="visually-hidden">{crate::i18n::t("home-top-tasks")}</h2>
            <ul class="task-grid">
                {tasks.into_iter().map(|(icon, label, href)| view! {
                    <li><A href=href attr:class="task"><Icon name=icon/><span>{label}</span></A></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// A resident's applications waiting for them (补正), so they see it before anything else.
#[component]
fn NeedsAction() -> impl IntoView {
    let data = Resource::new(|| (), |_| crate::applications::server::load_my_applications(None));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let waiting: Vec<_> = match data.await {
                    Ok(Some(mine)) => mine.items.into_iter().filter(|a| a.status == "correction").collect(),
                    _ => Vec::new(),
                };
                (!waiting.is_empty()).then(|| view! {
                    <section aria-labelledby="action-h" class="needs-action">
                        <h2 id="action-h">{crate::i18n::t("home-needs-action")}</h2>
                        <crate::applications::pages::ApplicationList items=waiting/>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn ElderTiles() -> impl IntoView {
    let t = use_strings();
    let tiles: [(&str, &str, String); 6] = [
        ("services", t.tile_services, "/services".into()),
        ("id", t.tile_shebao, format!("/services?q={}", encode_query("社保"))),
        ("medical", t.tile_yibao, format!("/services?q={}", encode_query("医保"))),
        ("elderly_care", t.tile_elderly, "/services?event=elderly_care".into()),
        ("access", t.tile_disability, "/services?group=disabled".into()),
        ("me", t.tile_me, "/me".into()),
    ];
    view! {
        <ul class="tiles">
            {tiles.into_iter().map(|(icon, label, href)| view! { <li><A href=href attr:class="tile"><Icon name=icon/><span>{label}</span></A></li> }).collect_view()}
        </ul>
    }
}

#[component]
fn StandardHome(lang: Lang) -> impl IntoView {
    let t = use_strings();
    let pick = move |zh: &'static str, en: &'static str| if lang == Lang::En { en } else { zh };
    view! {
        <p class="elder-invite">
            <a href="/?mode=elder" rel="external" class="button">{t.home_elder_invite}</a>
        </p>
        <section aria-labelledby="events-h">
            <h2 id="events-h">{t.home_by_event}</h2>
            <ul class="chips">
                {LIFE_EVENTS.iter().map(|(code, zh, en)| view! {
                    <li><A href=format!("/services?event={code}")>{pick(zh, en)}</A></li>
                }).collect_view()}
            </ul>
            <p><a href="/things">{crate::i18n::t("home-things")}</a></p>
            <p><a href="/counter">{crate::i18n::t("home-counter")}</a></p>
        </section>
        <section aria-labelledby="groups-h">
            <h2 id="groups-h">{t.home_by_group}</h2>
            <ul class="chips">
                {TARGET_GROUPS.iter().map(|(code, zh, en)| view! {
                    <li><A href=format!("/services?group={code}")>{pick(zh, en)}</A></li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="depts-h">
            <h2 id="depts-h">{t.home_by_dept}</h2>
            <ul class="chips">
                {DEPARTMENTS.iter().map(|(code, zh, en)| view! {
                    <li><A href=format!("/services?dept={code}")>{pick(zh, en)}</A></li>
                }).collect_view()}
            </ul>
        </section>
        <crate::market::pages::HomePromotions/>
    }
}
