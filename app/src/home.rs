//! The home page. Standard mode: search, life events, groups, departments. 长辈版: a large search
//! box and at most six big entries — no promotions, nothing that pops up.
use crate::catalogue::facets::{DEPARTMENTS, LIFE_EVENTS, TARGET_GROUPS};
use crate::components::{encode_query, ReadAloud};
use crate::prefs::Lang;
use crate::{i18n::use_strings, prefs::use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_strings();
    let viewer = use_viewer();
    let lang = viewer.lang;
    let closed = leptos_router::hooks::use_query_map().get_untracked().get("closed").is_some();
    view! {
        <Title text=t.home_title/>
        <div id="home-content">
            <h1 class="home-title">{t.site_name}" · "{t.site_tagline}</h1>
            {closed.then(|| view! { <div class="banner banner-ok" role="status">{crate::i18n::t("home-account-closed")}</div> })}
            <SearchBox/>
            <crate::notices::pages::HomeNotices/>
            {if viewer.mode.is_elder() { view! { <ElderTiles/> }.into_any() } else { view! { <StandardHome lang/> }.into_any() }}
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

#[component]
fn ElderTiles() -> impl IntoView {
    let t = use_strings();
    let tiles: [(&str, String); 6] = [
        (t.tile_services, "/services".into()),
        (t.tile_shebao, format!("/services?q={}", encode_query("社保"))),
        (t.tile_yibao, format!("/services?q={}", encode_query("医保"))),
        (t.tile_elderly, "/services?event=elderly_care".into()),
        (t.tile_disability, "/services?group=disabled".into()),
        (t.tile_me, "/me".into()),
    ];
    view! {
        <p class="elder-intro">{t.home_elder_intro}</p>
        <ReadAloud target="home-content"/>
        <ul class="tiles">
            {tiles.into_iter().map(|(label, href)| view! { <li><A href=href attr:class="tile">{label}</A></li> }).collect_view()}
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
