//! Phone-first pages (#16) through the router: the tab bar and its unread count, the home
//! page's first screen in both modes, public pages that answer 200 with a sign-in prompt that
//! comes back, the style guide, and the icon sprite. Layout itself is measured in the browser
//! suite (`end2end/tests/phone.spec.ts`).
use crate::common;

use axum::http::StatusCode;
use common::market::{approved_provider, new_listing};
use common::*;
use linli_app::storage::{Notice, SharedStore};

async fn the_tab_bar_counts_unread_messages(store: SharedStore) {
    let app = app(store.clone());
    let r = app.register("13810001601", &id_number(161)).await;
    let cookie = r.cookies();
    let visitor = app.get("/", "").await;
    assert!(visitor.body.contains("class=\"tabbar\"") && visitor.body.contains("href=\"/notices\""), "a visitor's 消息 tab is the notices");
    assert!(!visitor.body.contains("tab-count"));
    let home = app.get("/", &cookie).await;
    assert!(home.body.contains("href=\"/me/inbox\""));
    let user = store.user_by_phone("13810001601").await.unwrap().unwrap();
    let before = store.unread_count(user.id).await.unwrap();
    let notice = |n: usize| Notice { user_id: user.id, kind: "test".into(), text_zh: format!("消息 {n}"), text_en: format!("Message {n}"), sms_to: None, email_to: None };
    store.notify(&[notice(1), notice(2), notice(3)], "/me", 1_780_000_000).await.unwrap();
    let home = app.get("/", &cookie).await;
    let shown = home.body.split("class=\"tab-count\"").nth(1).and_then(|s| s.split('>').nth(1)).and_then(|s| s.split('<').next());
    assert_eq!(shown, Some((before + 3).to_string().as_str()), "the count is the inbox's unread lines");
    app.post("/me/inbox/read", &cookie, &[]).await;
    assert!(!app.get("/", &cookie).await.body.contains("tab-count"), "read: no count");
}

async fn home_puts_the_top_tasks_first_in_both_modes(store: SharedStore) {
    let app = app(store);
    let standard = app.get("/?mode=standard", "").await.body;
    let search = standard.find("id=\"home-q\"").expect("a search box");
    let grid = standard.find("class=\"task-grid\"").expect("the top tasks");
    assert!(search < grid, "standard: search, then the tasks");
    assert!(standard.matches("class=\"task\"").count() >= 6);
    assert!(standard.contains("<symbol id=\"i-home\""), "the icon sprite is inline");
    let elder = app.get("/?mode=elder", "").await.body;
    let tiles = elder.find("class=\"tiles\"").expect("the big tiles");
    assert!(tiles < elder.find("id=\"home-q\"").unwrap(), "长辈版: the tiles come first under the header");
    assert!(!elder.contains("task-grid"));
}

async fn public_pages_answer_200_and_sign_in_comes_back(store: SharedStore) {
    let app = app(store.clone());
    app.register("13810001602", &id_number(162)).await;
    let (_, staff) = app.account("13910001603", 163, "staff", None, Some("cy-xfl")).await;
    let (provider, _) = approved_provider(&app, "13510001604", 164, &staff, &["cy-xfl"]).await;
    let id = new_listing(&app, &provider, "上门保洁", "0").await;
    let listing = app.get(&format!("/market/{id}"), "").await;
    assert_eq!(listing.status, StatusCode::OK, "a listing is public; only booking needs an account");
    assert!(listing.body.contains(&format!("href=\"/login?next=/market/{id}\"")), "the prompt comes back to the listing");
    assert!(!listing.body.contains("办理或查看申请"), "the prompt says what it is for");
    let apply = app.get("/services/RS003/apply", "").await;
    assert_eq!(apply.status, StatusCode::UNAUTHORIZED);
    assert!(apply.body.contains("href=\"/login?next=/services/RS003/apply\""));
    let with_query = app.get(&format!("/market/{id}?for=2"), "").await;
    assert!(with_query.body.contains(&format!("href=\"/login?next=/market/{id}%3Ffor%3D2\"")), "the query comes back too");
    let signed_in = app.post("/login", "", &[("phone", "13810001602"), ("password", "linli2026"), ("next", "/services/RS003/apply")]).await;
    assert_eq!((signed_in.status, signed_in.location()), (StatusCode::SEE_OTHER, "/services/RS003/apply"));
}

async fn the_style_guide_shows_every_icon(store: SharedStore) {
    let app = app(store);
    let r = app.get("/styleguide", "").await;
    assert_eq!(r.status, StatusCode::OK);
    for name in linli_app::components::NAMES {
        assert!(r.body.contains(&format!("href=\"#i-{name}\"")), "{name}");
    }
    assert!(r.body.contains("class=\"field invalid\""), "a refused field, drawn by the real component");
    assert!(!r.body.contains("style=\""), "no inline styles: the CSP forbids them");
}

async fn search_ranks_keywords_above_passing_mentions(store: SharedStore) {
    let app = app(store);
    let body = app.get("/services?q=%E7%A4%BE%E4%BF%9D", "").await.body;
    let card = body.find("/services/RS003").expect("社会保障卡申领 is found");
    for other in ["/services/GA001", "/services/GA002"] {
        if let Some(at) = body.find(other) {
            assert!(card < at, "{other} ranks below the card");
        }
    }
}

/// The opening tag of the filters' disclosure, attributes in whatever order they come.
fn filters_tag(body: &str) -> &str {
    let at = body.find("more-filters").expect("the filters");
    let start = body[..at].rfind("<details").unwrap();
    &body[start..at + body[at..].find('>').unwrap()]
}

async fn filters_wait_behind_a_disclosure_until_one_is_used(store: SharedStore) {
    let app = app(store);
    let plain = app.get("/services", "").await.body;
    assert!(!filters_tag(&plain).contains(" open"), "closed: the results come first");
    let filtered = app.get("/services?dept=rs", "").await.body;
    assert!(filters_tag(&filtered).contains(" open"), "open while a filter is in use: {}", filters_tag(&filtered));
    assert!(filtered.contains(" (1)</summary>"), "the summary counts the filters in use");
    let market = app.get("/market", "").await.body;
    assert!(!filters_tag(&market).contains(" open"));
    assert!(filters_tag(&app.get("/market?category=housekeeping", "").await.body).contains(" open"));
}

linli_app::on_both_engines!(
    filters_wait_behind_a_disclosure_until_one_is_used,
    the_tab_bar_counts_unread_messages,
    home_puts_the_top_tasks_first_in_both_modes,
    public_pages_answer_200_and_sign_in_comes_back,
    the_style_guide_shows_every_icon,
    search_ranks_keywords_above_passing_mentions,
);
