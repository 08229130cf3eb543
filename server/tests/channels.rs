//! 渠道 through the router, on both engines: community staff record a phone call as an elder's
//! own feedback (the resident chosen by a search, the channel and her agreement required, nothing
//! stored without them; staff elsewhere meet a 404); she is told by SMS, sees it in her account
//! and only she may rate it; a relative files feedback for her; the board and the needs
//! dashboard count each channel, and name the residents served only offline.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::{FeedbackQuery, SharedStore};

async fn building_of(app: &App, community: &str) -> String {
    app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == community).unwrap().id.to_string()
}

/// Staff record a call for `for_id`, with `extra` parts (channel, consent) as given.
async fn record(app: &App, staff: &str, for_id: &str, building: &str, extra: &[(&'static str, &'static str)]) -> Reply {
    let mut parts = vec![
        Part::Text("for", for_id), Part::Text("category", "help-daily"), Part::Text("building", building),
        Part::Text("title", "楼道扶手松了"), Part::Text("body", "王阿姨来电：三楼楼道扶手松动，上下楼不安全。"),
    ];
    parts.extend(extra.iter().map(|(k, v)| Part::Text(k, v)));
    app.post_multipart("/feedback/new", staff, &parts).await
}

const BY_PHONE: &[(&str, &str)] = &[("channel", "phone"), ("consent", "phone"), ("consent_confirmed", "1")];

fn ref_of(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "expected a redirect to the item, got: {}", &r.body[..r.body.len().min(3000)]);
    r.location().trim_start_matches("/feedback/").trim_end_matches("?filed=1").to_string()
}

async fn staff_record_a_call_as_the_elders_own_feedback(store: SharedStore) {
    let app = app(store);
    let (elder_id, elder) = app.account("13810000601", 601, "resident", None, Some("cy-xfl")).await;
    let (son_id, son) = app.account("13810000602", 602, "resident", None, Some("hp-dh")).await;
    let (staff_id, staff) = app.account("13910000601", 603, "staff", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13910000602", 604, "staff", None, Some("hp-dh")).await;
    let building = building_of(&app, "cy-xfl").await;
    let elder_s = elder_id.to_string();
    let stored = || async { app.store.find_feedback(&FeedbackQuery { limit: 100, ..Default::default() }).await.unwrap().len() };

    let chooser = app.get("/feedback/new", &staff).await.body;
    assert!(chooser.contains("name=\"who\"") && !chooser.contains("name=\"title\""), "staff find the resident first");
    let nobody = app.post_multipart("/feedback/new", &staff, &[Part::Text("category", "help-daily"), Part::Text("title", "x"), Part::Text("body", "y")]).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nobody.body.contains("for-error"), "said where the resident is chosen");
    let unsaid = record(&app, &staff, &elder_s, &building, &[]).await;
    assert_eq!(unsaid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unsaid.body.contains("channel-error") && unsaid.body.contains("consent-error"), "the channel and her agreement, each beside its field");
    assert!(unsaid.body.contains("王阿姨来电"), "what was typed comes back");
    assert_eq!(stored().await, 0, "nothing stored");
    let foreign = record(&app, &elsewhere, &elder_s, &building, BY_PHONE).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "not a resident of theirs");

    let ref_no = ref_of(&record(&app, &staff, &elder_s, &building, BY_PHONE).await);
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!((f.resident_id, f.filed_by_id, f.channel.as_str()), (Some(elder_id), Some(staff_id), "phone"));
    let sms = app.store.outbox(50).await.unwrap().into_iter().any(|m| m.recipient == "13810000601" && m.channel == "sms" && m.body.contains(&ref_no));
    assert!(sms, "she is told by SMS, whatever she chose, since she came by phone");
    let audit = app.store.audit_for_subject(elder_id, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "feedback_filed_for" && a.actor_id == Some(staff_id)), "recorded on her record, with who did it");
    assert!(app.get("/me/feedback", &elder).await.body.contains(&ref_no), "in her own account");
    let page = app.get(&format!("/feedback/{ref_no}"), &elder).await.body;
    assert!(page.contains("受理渠道") && page.contains("<dd>电话</dd>"), "the item says how it came in");

    // Only she rates it: not the staff who recorded it, not her son.
    app.store.add_delegation(elder_id, son_id, linli_app::time::now_unix()).await.unwrap();
    assert_eq!(app.post(&format!("/feedback/{ref_no}/close"), &staff, &[("note", "已加固扶手。")]).await.status, StatusCode::SEE_OTHER);
    let rating = [("overall", "5"), ("efficiency", "5"), ("guide", "5"), ("convenience", "5"), ("usability", "5"), ("comment", "")];
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &staff, &rating).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &son, &rating).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &elder, &rating).await.status, StatusCode::SEE_OTHER);

    // Her son files for her online, as her relative: no channel to choose, his name on the filing.
    let by_son = ref_of(&app.post_multipart("/feedback/new", &son, &[
        Part::Text("for", &elder_s), Part::Text("category", "help-daily"), Part::Text("building", &building),
        Part::Text("title", "家门口声控灯坏了"), Part::Text("body", "我母亲说晚上回家看不见楼梯。"),
    ]).await);
    let f = app.store.feedback_by_ref(&by_son).await.unwrap().unwrap();
    assert_eq!((f.resident_id, f.filed_by_id, f.channel.as_str()), (Some(elder_id), Some(son_id), "online"));
    assert!(app.get(&format!("/feedback/{by_son}"), &elder).await.body.contains("亲友代为反映"));
    let (_, stranger) = app.account("13810000605", 605, "resident", None, Some("cy-xfl")).await;
    let not_his = app.post_multipart("/feedback/new", &stranger, &[Part::Text("for", &elder_s), Part::Text("category", "help-daily"),
        Part::Text("building", &building), Part::Text("title", "x"), Part::Text("body", "y")]).await;
    assert_eq!(not_his.status, StatusCode::NOT_FOUND, "only those she authorised");
}

async fn the_board_and_the_dashboard_split_by_channel(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910000611", 611, "staff", None, Some("cy-xfl")).await;
    let building = building_of(&app, "cy-xfl").await;
    // Five residents reach the community only by phone; a sixth files online herself.
    for n in 0..5u32 {
        let (id, _) = app.account(&format!("1381000062{n}"), 620 + n, "resident", None, Some("cy-xfl")).await;
        ref_of(&record(&app, &staff, &id.to_string(), &building, BY_PHONE).await);
    }
    let (_, online) = app.account("13810000630", 630, "resident", None, Some("cy-xfl")).await;
    ref_of(&app.post_multipart("/feedback/new", &online, &[Part::Text("category", "help-daily"), Part::Text("building", &building),
        Part::Text("title", "想报名老年大学"), Part::Text("body", "请问社区有老年大学的名额吗？")]).await);

    let board = app.get("/board", "").await.body;
    let section = board.split("id=\"channels\"").nth(1).expect("the board's channel section");
    let row = |name: &str| section.split("<tr").find(|r| r.contains(&format!(">{name}</th>"))).map(|r| r.to_string());
    // applications, feedback, help, bookings, answers
    assert!(row("电话").expect("a phone row").contains("<td>0</td><td>5</td><td>0</td>"), "five calls recorded as feedback");
    assert!(row("网上").expect("an online row").contains("<td>0</td><td>1</td>"), "one filed online");
    let csv = app.get("/board.csv", "").await.body;
    assert!(csv.contains("\n受理渠道,") && csv.contains("\n电话,0,5,0,"), "the CSV splits by channel too: {csv}");

    let page = app.get("/insights", &staff).await.body;
    assert!(page.contains("从未自己上网的居民：5 人"), "the five served only by phone are named as a count");
    let section = page.split("id=\"channels\"").nth(1).expect("the dashboard's channel section");
    let online_row = section.split("<tr").find(|r| r.contains(">网上</th>")).unwrap();
    assert!(online_row.contains("<td>&lt;5</td>"), "small counts suppressed: {online_row}");
    let english = app.get("/insights?lang=en", &staff).await.body;
    assert!(english.contains("Phone call") && english.contains("How requests came in"), "in English too");
}

linli_app::on_both_engines!(staff_record_a_call_as_the_elders_own_feedback, the_board_and_the_dashboard_split_by_channel);
