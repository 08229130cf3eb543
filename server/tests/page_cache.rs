//! Public pages held rendered (`page_cache`), through the router on both engines: each answer
//! carries its own CSP nonce, a change posted on this server shows at once, a change made behind
//! the server's back shows when the minute turns, and nothing drawn for one reader, or set with a
//! cookie, is handed to another unless all it shows is the same for both.
use crate::common;

use axum::http::{header, StatusCode};
use common::{app_at, Reply};
use linli_app::storage::{AuditEntry, Notice, SharedStore};

const START: i64 = 1_800_000_000;

/// The page's nonce, checked to be the one its policy allows.
fn nonce(r: &Reply) -> String {
    let policy = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let start = policy.find("'nonce-").expect("a page policy with a nonce") + 7;
    let nonce = policy[start..start + policy[start..].find('\'').unwrap()].to_string();
    assert!(r.body.contains(&format!("nonce=\"{nonce}\"")), "the scripts carry the policy's nonce");
    nonce
}

async fn held_pages_are_fresh_for_each_reader_and_dropped_on_change(store: SharedStore) {
    let (app, clock) = app_at(store, START);
    let first = app.get("/notices", "").await;
    let second = app.get("/notices", "").await;
    assert_eq!(first.status, StatusCode::OK);
    let (a, b) = (nonce(&first), nonce(&second));
    assert_ne!(a, b, "every answer has a nonce of its own");
    assert_eq!(first.body.replace(&a, "N"), second.body.replace(&b, "N"), "otherwise the same page");

    // Published through the server: the next anonymous reader sees it at once.
    let (officer_id, officer) = app.account("13600009101", 910, "officer", Some("rs"), None).await;
    let r = app.post("/work/notices", &officer, &[("category", "policy"), ("title", "医保缴费开始"), ("body", "截至 12 月 31 日。")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r.location().trim_start_matches("/work/notices/").parse().unwrap();
    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/notices", "").await.body.contains("医保缴费开始"), "a post on this server drops the held pages");

    // Changed behind the server's back (another server, a command): shown once the minute turns.
    let audit = AuditEntry { actor_id: officer_id, subject_id: officer_id, action: "notice_withdrawn".into(), detail: String::new() };
    assert!(app.store.move_public_notice(id, &["published"], "withdrawn", None, "发错了", &audit, START).await.unwrap());
    assert!(app.get("/notices", "").await.body.contains("医保缴费开始"), "held within the minute");
    assert_eq!(app.post("/logout", &officer, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/notices", "").await.body.contains("医保缴费开始"), "signing out changes no public page: still held");
    clock.set(START + 60);
    assert!(!app.get("/notices", "").await.body.contains("医保缴费开始"), "drawn again in the next minute");
}

async fn nothing_personal_is_held_or_shared(store: SharedStore) {
    let (app, _) = app_at(store, START);
    let (_, resident) = app.account("13600009102", 911, "resident", None, Some("cy-xfl")).await;
    let signed_in = app.get("/services", &resident).await;
    assert!(signed_in.body.contains(r#"action="/logout""#), "drawn for the resident");
    let anonymous = app.get("/services", "").await;
    assert!(anonymous.body.contains(r#"href="/login""#) && !anonymous.body.contains(r#"action="/logout""#), "never handed to anyone else");
    // And the other way: with the anonymous page held, the resident still gets their own.
    assert!(app.get("/services", &resident).await.body.contains(r#"action="/logout""#));
    assert_ne!(anonymous.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("private, no-store"));

    // Each mode and language is its own page; a `?lang=` switch still sets its cookie.
    let english = app.get("/services?lang=en", "").await;
    assert!(english.headers.get_all(header::SET_COOKIE).iter().any(|c| c.to_str().unwrap().contains("lang=en")));
    assert!(english.body.contains("lang=\"en\""));
    assert!(app.get("/services", "linli_lang=en").await.body.contains("lang=\"en\""), "the cookie's language, not the held Chinese page");
    assert!(app.get("/services", "").await.body.contains("lang=\"zh-CN\""));
    let elder = app.get("/services", "linli_mode=elder").await;
    assert!(elder.body.contains(r#"class="elder"#), "长辈版 is drawn as 长辈版");
}

/// A signed-in reader's catalogue is held by their role and unread count, the only things on it
/// that are theirs: an officer never gets a resident's menu, nor one resident another's count; a
/// page that shows the reader's own things (home, the market of their home) is theirs alone.
async fn a_signed_in_page_is_held_by_role_and_unread_count(store: SharedStore) {
    let (app, _) = app_at(store.clone(), START);
    let (a_id, a) = app.account("13600009111", 921, "resident", None, Some("cy-xfl")).await;
    let (b_id, b) = app.account("13600009112", 922, "resident", None, Some("hp-jx")).await;
    let (_, officer) = app.account("13600009113", 923, "officer", Some("rs"), None).await;
    let unread = |r: &Reply| r.body.split("class=\"tab-count\"").nth(1).and_then(|s| s.split('>').nth(1)).and_then(|s| s.split('<').next()).map(str::to_string);
    let (before_a, before_b) = (store.unread_count(a_id).await.unwrap(), store.unread_count(b_id).await.unwrap());
    assert_eq!(before_a, before_b, "the two residents start alike");
    for uri in ["/services", "/services/RS003", "/market?community=cy-xfl"] {
        let first = app.get(uri, &a).await;
        assert!(first.body.contains(r#"href="/me/applications""#) && !first.body.contains(r#"href="/work""#), "{uri}: a resident's menu");
        let seen = app.get(uri, &officer).await;
        assert!(seen.body.contains(r#"href="/work""#) && !seen.body.contains(r#"href="/me/applications""#), "{uri}: an officer's menu, not the resident's held one");
        assert!(app.get(uri, &a).await.body.contains(r#"href="/me/applications""#), "{uri}: and the resident's again");
    }
    // Without a community named, the market is the reader's own community's.
    let (home_a, home_b) = (app.get("/market", &a).await.body, app.get("/market", &b).await.body);
    let serving = |page: &str| page.split("服务范围覆盖：").nth(1).map(|s| s[..s.find("</p>").unwrap()].replace("<!>", ""));
    assert!(serving(&home_a).is_some_and(|c| c.contains("幸福里社区")), "{:?}", serving(&home_a));
    assert!(serving(&home_b).is_some_and(|c| c.contains("锦绣社区")), "{:?}: each resident's own community", serving(&home_b));
    let again = app.get("/market", &a).await.body;
    assert!(serving(&again).is_some_and(|c| c.contains("幸福里社区")), "{:?}: B's held market is not handed to A", serving(&again));
    // B's unread messages arrive behind the server's back (a job): B's count shows at once, A's none.
    let line = |n: usize| Notice { user_id: b_id, kind: "test".into(), text_zh: format!("消息 {n}"), text_en: format!("Message {n}"), sms_to: None, email_to: None };
    store.notify(&[line(1), line(2)], "/me", START).await.unwrap();
    assert_eq!(unread(&app.get("/services", &b).await), Some((before_b + 2).to_string()));
    assert_eq!(unread(&app.get("/services", &a).await), (before_a > 0).then(|| before_a.to_string()));
}

/// A page of the reader's own is held for them alone: a change behind the server's back shows
/// when the minute turns, a message sent to them (every step of their application sends one) at
/// once, and a change posted on this server at once for everyone.
async fn a_page_of_the_readers_own_is_held_for_them_alone(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), START);
    let (a_id, a) = app.account("13600009121", 931, "resident", None, Some("cy-xfl")).await;
    let (_, b) = app.account("13600009122", 932, "resident", None, Some("cy-xfl")).await;
    let (officer_id, officer) = app.account("13600009123", 933, "officer", Some("rs"), None).await;
    let publish = |title: &'static str| {
        let (app, officer) = (&app, officer.clone());
        async move {
            let r = app.post("/work/notices", &officer, &[("category", "policy"), ("title", title), ("body", "截至 12 月 31 日。")]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            let id: i64 = r.location().trim_start_matches("/work/notices/").parse().unwrap();
            assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
            id
        }
    };
    let id = publish("医保缴费开始").await;
    for (who, cookie) in [("A", &a), ("B", &b)] {
        for uri in ["/", "/notices"] {
            assert!(app.get(uri, cookie).await.body.contains("医保缴费开始"), "{who} {uri}: a post on this server shows at once");
        }
    }
    let audit = AuditEntry { actor_id: officer_id, subject_id: officer_id, action: "notice_withdrawn".into(), detail: String::new() };
    assert!(store.move_public_notice(id, &["published"], "withdrawn", None, "发错了", &audit, START).await.unwrap());
    for uri in ["/", "/notices"] {
        assert!(app.get(uri, &a).await.body.contains("医保缴费开始"), "{uri}: A's page is held within the minute");
    }
    // A message to A (a job, another server): A's pages are drawn again, B's stay held.
    let line = Notice { user_id: a_id, kind: "test".into(), text_zh: "材料需补正".into(), text_en: "Correction".into(), sms_to: None, email_to: None };
    store.notify(&[line], "/me", START).await.unwrap();
    for uri in ["/", "/notices"] {
        assert!(!app.get(uri, &a).await.body.contains("医保缴费开始"), "{uri}: drawn again for A, whose count changed");
        assert!(app.get(uri, &b).await.body.contains("医保缴费开始"), "{uri}: B's is still held");
    }
    clock.set(START + 60);
    assert!(!app.get("/notices", &b).await.body.contains("医保缴费开始"), "drawn again in the next minute");
    publish("供暖开始").await;
    assert!(app.get("/notices", &b).await.body.contains("供暖开始"), "a post on this server drops the held pages of every reader");
}

/// A catalogue search is held like the catalogue, and each time a held search that found nothing
/// is handed out it is counted again, under that reader's community (需求分析), as a drawn one is.
async fn a_held_search_that_found_nothing_counts_each_time(store: SharedStore) {
    let (app, _) = app_at(store.clone(), START);
    let (_, a) = app.account("13600009131", 941, "resident", None, Some("cy-xfl")).await;
    let (_, b) = app.account("13600009132", 942, "resident", None, Some("cy-xfl")).await;
    let (_, c) = app.account("13600009133", 943, "resident", None, Some("hp-jx")).await;
    let pets = "/services?q=%E5%AE%A0%E7%89%A9";
    // Only the first visitor's and A's first search draw the page; the rest are handed it held.
    for cookie in ["", "", &a, &a, &b, &b, &c, &b] {
        let page = app.get(pets, cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.headers.get("x-linli-search-miss").is_none(), "the mark is the page cache's alone");
    }
    let month = linli_app::board::ssr::this_month();
    let counted = |community: &'static str| {
        let store = store.clone();
        let month = month.clone();
        async move { store.search_misses(&month, community, "", 10).await.unwrap().into_iter().find(|m| m.query == "宠物").map(|m| m.n) }
    };
    assert_eq!(counted("").await, Some(8), "every search counted for the district, visitors' too");
    assert_eq!(counted("cy-xfl").await, Some(5), "A's two and B's three, for their community");
    assert_eq!(counted("hp-jx").await, None, "C's one is too few to show");
}

linli_app::on_both_engines!(
    a_held_search_that_found_nothing_counts_each_time,
    a_page_of_the_readers_own_is_held_for_them_alone,
    held_pages_are_fresh_for_each_reader_and_dropped_on_change,
    nothing_personal_is_held_or_shared,
    a_signed_in_page_is_held_by_role_and_unread_count,
);
