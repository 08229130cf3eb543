//! Feedback, 好差评 and the board through the router, on SQLite and on PostgreSQL.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::{FeedbackQuery, SharedStore};

fn ref_of(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "expected a redirect to the item, got: {}", &r.body[..r.body.len().min(3000)]);
    r.location().trim_start_matches("/feedback/").trim_end_matches("?filed=1").to_string()
}

async fn building_of(app: &App, community: &str) -> String {
    app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == community).unwrap().id.to_string()
}

async fn report_light(app: &App, cookie: &str, building: &str) -> Reply {
    app.post_multipart("/feedback/new", cookie, &[
        Part::Text("category", "report-light"),
        Part::Text("building", building),
        Part::Text("title", "3 单元门口路灯不亮"),
        Part::Text("body", "晚上一片漆黑，老人出门不安全。"),
        Part::Text("address", "3 单元门口"),
        Part::File("photos", "路灯.jpg", photo(5)),
    ]).await
}

fn month_now() -> String {
    let (y, m, _) = linli_app::time::today();
    format!("{y:04}-{m:02}")
}

async fn report_reply_rate_rectify_and_the_board_moves(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000101", 101, "resident", None, Some("cy-xfl")).await;
    let (_, staff) = app.account("13910000101", 102, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13910000102", 103, "staff", None, Some("hp-dh")).await;
    let (_, neighbour) = app.account("13810000102", 104, "resident", None, Some("cy-xfl")).await;
    let building = building_of(&app, "cy-xfl").await;

    let r = report_light(&app, &resident, &building).await;
    let ref_no = ref_of(&r);
    assert_eq!(app.stored_files().len(), 2, "the photo, cleaned, and its thumbnail");
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!((f.unit_kind.as_str(), f.unit_code.as_str(), f.status.as_str()), ("community", "cy-xfl", "open"));

    // Public, without the reporter's name; the photo is public with it.
    let public = app.get(&format!("/feedback/{ref_no}"), "").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("路灯不亮") && !public.body.contains(&person_name(101)), "no name in public");
    assert!(app.get("/feedback", "").await.body.contains(&ref_no));
    let photo_id = app.store.feedback_photos(f.id).await.unwrap()[0].id;
    assert_eq!(app.get(&format!("/feedback/{ref_no}/photos/{photo_id}"), "").await.status, StatusCode::OK);

    // A neighbour filing the same thing at the same building is offered "follow this instead".
    let new_form = app.get(&format!("/feedback/new?category=report-light&building={building}"), &neighbour).await;
    assert!(new_form.body.contains(&format!("/feedback/{ref_no}/follow")), "the open report is offered");
    assert_eq!(app.post(&format!("/feedback/{ref_no}/follow"), &neighbour, &[]).await.status, StatusCode::SEE_OTHER);

    // Staff see the name (to call back); staff of another community cannot act.
    let queue = app.get("/work/feedback", &staff).await;
    assert!(queue.body.contains(&ref_no));
    assert!(!app.get("/work/feedback", &other_staff).await.body.contains(&ref_no));
    assert!(app.get(&format!("/feedback/{ref_no}"), &staff).await.body.contains(&person_name(101)));
    let refused = app.post(&format!("/feedback/{ref_no}/close"), &other_staff, &[("note", "已修")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let empty = app.post(&format!("/feedback/{ref_no}/reply"), &staff, &[("note", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "a reply needs words or a template");

    // A template reply counts as the first reply; then the unit closes it.
    assert_eq!(app.post(&format!("/feedback/{ref_no}/reply"), &staff, &[("note", ""), ("template", "0")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/feedback/{ref_no}/close"), &staff, &[("note", "路灯已更换灯泡。")]).await.status, StatusCode::SEE_OTHER);
    let twice = app.post(&format!("/feedback/{ref_no}/close"), &staff, &[("note", "again")]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "closing twice is refused with the current state");
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert!(f.first_reply_at.is_some() && f.closed_at.is_some() && f.status == "closed");
    // The follower heard about it too.
    let neighbour_user = app.store.user_by_phone("13810000102").await.unwrap().unwrap();
    assert!(app.store.inbox(neighbour_user.id, 10).await.unwrap().iter().any(|n| n.text_zh.contains("已办结")));

    // Staff cannot rate on the resident's behalf; the neighbour cannot either.
    let rating = [("overall", "2"), ("efficiency", "2"), ("guide", "3"), ("convenience", "3"), ("usability", "4"), ("comment", "灯修了两天又坏了")];
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &staff, &rating).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &neighbour, &rating).await.status, StatusCode::NOT_FOUND);
    let half = app.post(&format!("/rate/feedback/{ref_no}"), &resident, &[("overall", "2")]).await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY, "every indicator is rated");
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &resident, &rating).await.status, StatusCode::SEE_OTHER);

    // 不满意 opened a rectification case for the community.
    let cases = app.store.rectifications(Some(("community", "cy-xfl")), None, None).await.unwrap();
    assert_eq!(cases.len(), 1);
    let case = cases[0].id;
    assert!(app.get("/work/rectifications", &staff).await.body.contains(&format!("/rectifications/{case}")));
    assert_eq!(app.get(&format!("/rectifications/{case}"), &other_staff).await.status, StatusCode::NOT_FOUND);
    // Changing the rating within 7 days updates it and does not open a second case.
    let changed = [("overall", "1"), ("efficiency", "1"), ("guide", "3"), ("convenience", "3"), ("usability", "4"), ("comment", "还是坏的")];
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &resident, &changed).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.rectifications(Some(("community", "cy-xfl")), None, None).await.unwrap().len(), 1);

    // The unit calls back, then fixes; the order is enforced.
    assert_eq!(app.post(&format!("/rectifications/{case}/fix"), &staff, &[("note", "已修")]).await.status, StatusCode::CONFLICT);
    assert_eq!(app.post(&format!("/rectifications/{case}/call"), &staff, &[("note", "已电话联系居民，约定明早复查")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/rectifications/{case}/fix"), &staff, &[("note", "更换整套灯具并加装护罩")]).await.status, StatusCode::SEE_OTHER);
    let rect_rating = [("overall", "5"), ("efficiency", "4"), ("guide", "4"), ("convenience", "5"), ("usability", "5")];
    assert_eq!(app.post(&format!("/rate/rectification/{case}"), &resident, &rect_rating).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.rectifications(None, None, None).await.unwrap().len(), 1, "rating a rectification opens nothing");

    // The board: received 1, answered and resolved on time, satisfaction 0 % (one 非常不满意).
    let board = app.get(&format!("/board?month={}", month_now()), "").await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.body.contains("幸福里社区") && board.body.contains("100.0%") && board.body.contains("0.0%"), "{}", &board.body[..board.body.len().min(4000)]);
    let csv = app.get(&format!("/board.csv?month={}", month_now()), "").await;
    assert!(csv.body.contains("幸福里社区,社区,1,100.0%,100.0%,0.0%,1,"), "{}", csv.body);
    assert_eq!(app.get("/board?month=2026-13", "").await.status, StatusCode::NOT_FOUND);
}

async fn reopen_transfer_and_appeal(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000111", 111, "resident", None, Some("cy-ch")).await;
    let (_, staff) = app.account("13910000111", 112, "staff", None, Some("cy-ch")).await;
    let (officer_id, officer) = app.account("13710000111", 113, "officer", Some("zj"), None).await;
    let (_, admin) = app.account("13610000111", 114, "admin", None, None).await;
    let building = building_of(&app, "cy-ch").await;
    let ref_no = ref_of(&report_light(&app, &resident, &building).await);

    // 首接负责: the community owns it until it transfers it, with a reason.
    let no_reason = app.post(&format!("/feedback/{ref_no}/transfer"), &staff, &[("to", "department:zj"), ("note", "")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let moved = app.post(&format!("/feedback/{ref_no}/transfer"), &staff, &[("to", "department:zj"), ("note", "属市政路灯，由住建局维修")]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/feedback/{ref_no}/reply"), &staff, &[("note", "x")]).await.status, StatusCode::NOT_FOUND, "no longer theirs");
    assert!(app.get("/work/feedback", &officer).await.body.contains(&ref_no));
    assert_eq!(app.post(&format!("/feedback/{ref_no}/ask"), &officer, &[("note", "是哪一根灯杆？")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/feedback/{ref_no}/answer"), &resident, &[("note", "靠近垃圾房那根")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/feedback/{ref_no}/close"), &officer, &[("note", "已修复")]).await.status, StatusCode::SEE_OTHER);

    // "Still not fixed" reopens it, restarts the clock and alerts the supervisor.
    app.store.set_supervisor(officer_id, true).await.unwrap();
    assert_eq!(app.post(&format!("/feedback/{ref_no}/reopen"), &resident, &[("note", "")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/feedback/{ref_no}/reopen"), &resident, &[("note", "晚上还是不亮")]).await.status, StatusCode::SEE_OTHER);
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!((f.status.as_str(), f.reopened, f.closed_at), ("open", 1, None));
    assert!(app.store.inbox(officer_id, 10).await.unwrap().iter().any(|n| n.text_zh.starts_with("督办") && n.text_zh.contains("仍未解决")));
    assert_eq!(app.post(&format!("/feedback/{ref_no}/close"), &officer, &[("note", "更换了灯杆线路")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/feedback/{ref_no}/confirm"), &resident, &[]).await.status, StatusCode::SEE_OTHER);

    // A malicious rating: the unit appeals, an admin upholds, and it leaves the statistics.
    let rating = [("overall", "1"), ("efficiency", "1"), ("guide", "1"), ("convenience", "1"), ("usability", "1"), ("comment", "随便打的")];
    assert_eq!(app.post(&format!("/rate/feedback/{ref_no}"), &resident, &rating).await.status, StatusCode::SEE_OTHER);
    let case = app.store.rectifications(Some(("department", "zj")), None, None).await.unwrap()[0].id;
    assert_eq!(app.post(&format!("/rectifications/{case}/uphold"), &officer, &[("note", "x")]).await.status, StatusCode::NOT_FOUND, "units cannot decide");
    assert_eq!(app.post(&format!("/rectifications/{case}/appeal"), &officer, &[("note", "已修复且居民已确认解决")]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/work/rectifications", &admin).await.body.contains(&format!("/rectifications/{case}")));
    assert_eq!(app.post(&format!("/rectifications/{case}/uphold"), &admin, &[("note", "居民已确认解决，评价与事实不符")]).await.status, StatusCode::SEE_OTHER);
    let (from, to) = (0, i64::MAX);
    assert!(app.store.evaluation_stats(from, to).await.unwrap().is_empty(), "a rating set aside on appeal is not counted");

    // Private notes stay private.
    assert_eq!(app.post(&format!("/feedback/{ref_no}/note"), &officer, &[("note", "内部：灯杆属老旧线路")]).await.status, StatusCode::SEE_OTHER);
    assert!(!app.get(&format!("/feedback/{ref_no}"), &resident).await.body.contains("老旧线路"));
    assert!(!app.get(&format!("/feedback/{ref_no}"), "").await.body.contains("老旧线路"));
}

async fn private_kinds_are_private_and_bad_input_is_refused(store: SharedStore) {
    let app = app(store);
    let (_, resident) = app.account("13810000121", 121, "resident", None, Some("hp-hpl")).await;
    let (_, stranger) = app.account("13810000122", 122, "resident", None, Some("hp-hpl")).await;
    let (_, officer) = app.account("13710000121", 123, "officer", Some("rs"), None).await;
    let building = building_of(&app, "hp-hpl").await;
    let r = app.post_multipart("/feedback/new", &resident, &[
        Part::Text("category", "complaint-service"), Part::Text("building", &building),
        Part::Text("title", "窗口人员态度差"), Part::Text("body", "办社保卡时被呵斥。"),
    ]).await;
    let ref_no = ref_of(&r);
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!((f.unit_kind.as_str(), f.unit_code.as_str(), f.is_public), ("department", "rs", 0));
    assert_eq!(app.get(&format!("/feedback/{ref_no}"), "").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&format!("/feedback/{ref_no}"), &stranger).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/feedback/{ref_no}"), &officer).await.status, StatusCode::OK);
    assert!(!app.get("/feedback", "").await.body.contains(&ref_no), "complaints are not listed publicly");
    // A promised time of 13 working days.
    assert_eq!(f.deadline, linli_app::applications::steps::deadline_from(&*app.store, linli_app::applications::steps::today(), 13).await.unwrap());

    // Bad input: messages beside the fields, a 422, nothing stored.
    let before = app.store.find_feedback(&FeedbackQuery { limit: 100, ..Default::default() }).await.unwrap().len();
    let bad = app.post_multipart("/feedback/new", &resident, &[
        Part::Text("category", "report-light"), Part::Text("building", &building), Part::Text("title", ""),
        Part::Text("body", "x"), Part::Text("lat", "31.2"), Part::File("photos", "a.txt", b"not an image".to_vec()),
    ]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("title-error") && bad.body.contains("lat-error"), "messages beside the fields");
    let bad_photo = app.post_multipart("/feedback/new", &resident, &[
        Part::Text("category", "report-light"), Part::Text("building", &building), Part::Text("title", "灯"),
        Part::Text("body", "坏了"), Part::File("photos", "a.jpg", b"not an image".to_vec()),
    ]).await;
    assert_eq!(bad_photo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_photo.body.contains("photos-error"));
    assert_eq!(app.store.find_feedback(&FeedbackQuery { limit: 100, ..Default::default() }).await.unwrap().len(), before);
    assert!(app.stored_files().is_empty(), "a refused photo leaves nothing on disk");

    // Admins set promised times; others cannot.
    let (_, admin) = app.account("13610000121", 124, "admin", None, None).await;
    assert_eq!(app.post("/admin/feedback/report-light", &officer, &[("days", "2")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post("/admin/feedback/report-light", &admin, &[("days", "abc")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post("/admin/feedback/report-light", &admin, &[("days", "2")]).await.status, StatusCode::SEE_OTHER);
    let cats = app.store.feedback_categories().await.unwrap();
    assert_eq!(cats.iter().find(|c| c.code == "report-light").unwrap().deadline_days, 2);
}

async fn reminders_and_overdue_across_national_day(store: SharedStore) {
    use chrono::NaiveDate;
    let app = app(store);
    let (_, resident) = app.account("13810000131", 131, "resident", None, Some("cy-yx")).await;
    let (staff_id, _) = app.account("13910000131", 132, "staff", None, Some("cy-yx")).await;
    let building = building_of(&app, "cy-yx").await;
    let ref_no = ref_of(&report_light(&app, &resident, &building).await);
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    // Pretend it came in on 30 Sep 2026 with 3 working days: due 10 Oct (a 调休 Saturday).
    let effects = linli_app::storage::FeedbackEffects { private: true, deadline: Some("2026-10-10".into()), ..Default::default() };
    let step = linli_app::storage::FeedbackStep::new(f.id, &["open"], None, "note").note("test clock").effects(effects);
    assert!(app.store.feedback_step(&step, linli_app::time::now_unix()).await.unwrap());
    let sweep = |d: &str| {
        let store = app.store.clone();
        let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        async move { linli_app::feedback::deadlines::run_once(&*store, &linli_app::time::ManualClock::on(day)).await.unwrap() }
    };
    assert_eq!(sweep("2026-10-05").await.reminded, 0, "8 Oct is the first working day after the holiday");
    assert_eq!(sweep("2026-10-09").await.reminded, 1, "one working day before");
    assert_eq!(sweep("2026-10-09").await.reminded, 0, "reminded once");
    assert_eq!(sweep("2026-10-11").await.alerted, 1, "overdue after 10 Oct");
    assert!(app.store.inbox(staff_id, 10).await.unwrap().iter().any(|n| n.text_zh.starts_with("督办")));
    let f = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!(f.was_overdue, 1);
    assert!(app.get(&format!("/feedback/{ref_no}"), "").await.body.contains("已超期"), "overdue is public");
}

/// A seeded month of thousands of items with known outcomes: the board's numbers are exact.
async fn the_board_is_right_on_a_busy_month(store: SharedStore) {
    use linli_app::storage::{FeedbackEffects, FeedbackStep, NewFeedback};
    let app = app(store);
    let store = &app.store;
    let (from, _) = linli_app::board::stats::month_span("2026-10").unwrap();
    let per_unit = 1000; // 3 units × 1,000 = 3,000 items
    for (u, unit) in ["cy-xfl", "cy-ch", "hp-dh"].iter().enumerate() {
        for i in 0..per_unit {
            let at = from + 86_400 * (i % 28) as i64 + 3600 * 9;
            let f = NewFeedback {
                ref_no: format!("B{u}{i:06}"), category_code: "report-light".into(), kind: "report".into(), resident_id: None,
                filed_by_id: None, source: "web", channel: "online", consent_note: String::new(), api_key_id: None, reporter_name: String::new(), reporter_contact: String::new(),
                title: "灯".into(), body: "灯坏了".into(), building_id: None, address: "x".into(), community_code: Some(unit.to_string()),
                lat: None, lng: None, media_url: String::new(), order_id: None, is_public: true, unit_kind: "community".into(), unit_code: unit.to_string(),
                deadline: "2026-12-31".into(),
            };
            let id = store.create_feedback(&f, &[], &[], &[], at).await.unwrap();
            // Unit u answers every item whose index is a multiple of (u + 1), two hours later.
            if i % (u + 1) == 0 {
                let closes_on = Some(linli_app::time::day_of(at + 7200).to_string());
                let effects = FeedbackEffects { first_reply: true, closes_on, ..Default::default() };
                let step = FeedbackStep::new(id, &["open"], Some("closed"), "closed").note("ok").effects(effects);
                store.feedback_step(&step, at + 7200).await.unwrap();
            }
        }
    }
    let started = std::time::Instant::now();
    let page = app.get("/board?month=2026-10", "").await;
    eprintln!("board page over 3,000 items: {:?}", started.elapsed());
    assert_eq!(page.status, StatusCode::OK);
    let csv = app.get("/board.csv?month=2026-10", "").await.body;
    // 1,000 answered of 1,000; 500 of 1,000; 334 of 1,000 (every third, from 0).
    assert!(csv.contains("幸福里社区,社区,1000,100.0%,100.0%,—,0,2.0"), "{csv}");
    assert!(csv.contains("春晖社区,社区,1000,50.0%,50.0%,—,0,2.0"), "{csv}");
    assert!(csv.contains("东湖社区,社区,1000,33.4%,33.4%,—,0,2.0"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("1,") && csv.contains("\n3,"), "ranked");
    // Nothing from October leaks into November.
    assert!(!app.get("/board.csv?month=2026-11", "").await.body.contains(",1000,"));
}

/// A list's notes come from the public timeline only, the latest first, for every item at once.
async fn glances_show_the_latest_public_note_of_each_item(store: SharedStore) {
    use linli_app::storage::{FeedbackEffects, FeedbackStep, NewFeedback};
    let app = app(store);
    let store = &app.store;
    let mut ids = Vec::new();
    for i in 0..3 {
        let f = NewFeedback {
            ref_no: format!("G{i:014}"), category_code: "report-light".into(), kind: "report".into(), resident_id: None,
            filed_by_id: None, source: "web", channel: "online", consent_note: String::new(), api_key_id: None, reporter_name: String::new(), reporter_contact: String::new(),
            title: "灯".into(), body: "灯坏了".into(), building_id: None, address: "x".into(), community_code: Some("cy-xfl".into()),
            lat: None, lng: None, media_url: String::new(), order_id: None, is_public: true, unit_kind: "community".into(),
            unit_code: "cy-xfl".into(), deadline: "2026-12-31".into(),
        };
        ids.push(store.create_feedback(&f, &[], &[], &[], 1_000 + i).await.unwrap());
    }
    let note = |id: i64, text: &str, public: bool| {
        FeedbackStep::new(id, &["open"], None, "note").note(text).effects(FeedbackEffects { public, ..Default::default() })
    };
    store.feedback_step(&note(ids[0], "已派人查看", true), 2_000).await.unwrap();
    store.feedback_step(&note(ids[0], "明天更换灯泡", true), 3_000).await.unwrap();
    store.feedback_step(&note(ids[0], "内部：备件不足", false), 4_000).await.unwrap();
    store.feedback_step(&note(ids[1], "内部：待核实", false), 2_000).await.unwrap();
    let glances = store.feedback_glances(&ids).await.unwrap();
    let of = |id: i64| glances.iter().find(|g| g.feedback_id == id).expect("every item has a glance");
    assert_eq!(glances.len(), 3);
    assert_eq!(of(ids[0]).status_note.as_deref(), Some("明天更换灯泡"), "the latest public note, not the internal one");
    assert_eq!(of(ids[1]).status_note, None, "an internal note is not shown");
    assert_eq!((of(ids[2]).status_note.clone(), of(ids[2]).first_photo), (None, None));
    assert!(store.feedback_glances(&[]).await.unwrap().is_empty());
}

linli_app::on_both_engines!(
    report_reply_rate_rectify_and_the_board_moves,
    reopen_transfer_and_appeal,
    private_kinds_are_private_and_bad_input_is_refused,
    reminders_and_overdue_across_national_day,
    the_board_is_right_on_a_busy_month,
    glances_show_the_latest_public_note_of_each_item,
);
