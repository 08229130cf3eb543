//! 通知公告 through the router, on both engines: who a notice reaches (places, then groups),
//! 404 for everyone else, receipts counted once, staff telling residents in person, withdrawal
//! and republication, scheduling by the sweep, and delivery in resumable batches.
use crate::common;

use axum::http::StatusCode;
use common::{app, app_at, App};
use linli_app::storage::{DeliveryText, NewPublicNotice, Reader, SharedStore};

const STAFF: &str = "13600008001";

/// The first two buildings of 幸福里社区 (residents made by the helpers live in the first).
async fn xfl_buildings(app: &App) -> (i64, i64) {
    let b: Vec<i64> = app.store.buildings().await.unwrap().into_iter().filter(|b| b.community_code == "cy-xfl").map(|b| b.id).collect();
    (b[0], b[1])
}

fn id_from(location: &str) -> i64 {
    location.trim_start_matches("/work/notices/").parse().unwrap_or_else(|_| panic!("a notice page: {location}"))
}

async fn draft(app: &App, staff: &str, fields: &[(&str, &str)]) -> i64 {
    let mut form = vec![("category", "outage"), ("title", "1 号楼周五停水"), ("body", "周五上午 8 点到 12 点停水，请提前储水。")];
    form.extend_from_slice(fields);
    let r = app.post("/work/notices", staff, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    id_from(r.location())
}

async fn coverage(app: &App, id: i64) -> (i64, i64, i64, i64) {
    app.store.notice_coverage(id).await.unwrap().iter().fold((0, 0, 0, 0), |a, c| (a.0 + c.addressed, a.1 + c.read, a.2 + c.acknowledged, a.3 + c.told))
}

async fn a_notice_reaches_exactly_its_audience(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 801, "staff", None, Some("cy-xfl")).await;
    let (elder_id, elder) = app.account("13600008002", 802, "resident", None, Some("cy-xfl")).await;
    let (_, neighbour) = app.account("13600008003", 803, "resident", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13600008004", 804, "resident", None, Some("hp-dh")).await;
    let (b1, _) = xfl_buildings(&app).await;

    // Groups are stated only with consent.
    let refused = app.post("/me/groups", &elder, &[("groups", "elder")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.user_groups(elder_id).await.unwrap().is_empty(), "nothing stored without consent");
    assert_eq!(app.post("/me/groups", &elder, &[("groups", "elder"), ("consent", "1")]).await.status, StatusCode::SEE_OTHER);

    let id = draft(&app, &staff, &[("buildings", &b1.to_string()), ("groups", "elder"), ("ack_required", "1")]).await;
    let page = format!("/notices/{id}");
    assert_eq!(app.get(&page, &elder).await.status, StatusCode::NOT_FOUND, "a draft is its unit's only");
    assert!(app.get(&format!("/work/notices/{id}"), &staff).await.body.contains("1 号楼周五停水"), "the publisher previews it");

    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(coverage(&app, id).await, (1, 0, 0, 0), "only the older resident of that building is addressed");
    assert!(app.store.inbox(elder_id, 5).await.unwrap().iter().any(|n| n.text_zh.contains("1 号楼周五停水")), "it is in the inbox");

    let read = app.get(&page, &elder).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.body.contains("我已知晓"));
    for (who, cookie) in [("a neighbour outside the group", &neighbour), ("another community", &elsewhere), ("a stranger", &String::new())] {
        assert_eq!(app.get(&page, cookie).await.status, StatusCode::NOT_FOUND, "{who}");
        assert!(!app.get("/notices", cookie).await.body.contains("1 号楼周五停水"), "{who} does not list it");
    }
    assert!(app.get("/notices", &elder).await.body.contains("1 号楼周五停水"));
    assert_eq!(app.post(&format!("/notices/{id}/acknowledge"), &neighbour, &[]).await.status, StatusCode::NOT_FOUND);

    // Receipts count once, however often the page is opened.
    app.get(&page, &elder).await;
    for _ in 0..2 {
        assert_eq!(app.post(&format!("/notices/{id}/acknowledge"), &elder, &[]).await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(coverage(&app, id).await, (1, 1, 1, 0));
    assert!(app.get(&page, &elder).await.body.contains("已确认知晓"));
}

async fn staff_tell_the_unreached_and_only_their_unit_manages(store: SharedStore) {
    let app = app(store);
    let (staff_id, staff) = app.account(STAFF, 811, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13600008012", 812, "staff", None, Some("hp-dh")).await;
    let (elder_id, _) = app.account("13600008013", 813, "resident", None, Some("cy-xfl")).await;
    let id = draft(&app, &staff, &[]).await;
    assert_eq!(app.get(&format!("/work/notices/{id}"), &other_staff).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &other_staff, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &staff, &[]).await.status, StatusCode::CONFLICT, "published once");

    let unreached = app.store.unreached(id, 10).await.unwrap();
    assert_eq!(unreached.iter().map(|u| u.user_id).collect::<Vec<_>>(), [elder_id], "the whole community is addressed");
    assert!(app.get(&format!("/work/notices/{id}"), &staff).await.body.contains("已当面告知"));
    let told = app.post(&format!("/work/notices/{id}/told"), &staff, &[("resident", &elder_id.to_string()), ("how", "in_person")]).await;
    assert_eq!(told.status, StatusCode::SEE_OTHER);
    assert_eq!(coverage(&app, id).await, (1, 0, 0, 1));
    assert!(app.store.unreached(id, 10).await.unwrap().is_empty());
    let audit = app.store.audit_for_subject(elder_id, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "notice_told_in_person" && a.actor_id == Some(staff_id)), "who told whom is audited");

    // Withdrawal needs a reason; residents keep seeing it as withdrawn, with what replaced it.
    assert_eq!(app.post(&format!("/work/notices/{id}/withdraw"), &staff, &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/work/notices/{id}/withdraw"), &staff, &[("reason", "停水时间改了")]).await.status, StatusCode::SEE_OTHER);
    let copy = app.post(&format!("/work/notices/{id}/copy"), &staff, &[]).await;
    let new_id = id_from(copy.location());
    assert_eq!(app.store.public_notice(new_id).await.unwrap().unwrap().replaces_id, Some(id));
    let elder = app.sign_in("13600008013", "linli2026").await.cookies();
    let old = app.get(&format!("/notices/{id}"), &elder).await;
    assert_eq!(old.status, StatusCode::OK);
    assert!(old.body.contains("停水时间改了") && old.body.contains(&format!("/notices/{new_id}")), "withdrawn, and replaced");
    assert_eq!(app.get(&format!("/notices/{new_id}"), &elder).await.status, StatusCode::NOT_FOUND, "the new draft is not out yet");
}

async fn refusals_store_nothing_and_a_district_notice_is_public(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 821, "staff", None, Some("cy-xfl")).await;
    let r = app.post("/work/notices", &staff, &[("category", "notice"), ("title", "停"), ("body", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("标题需 2–60 字") && r.body.contains("请填写正文"), "each message beside its field");
    assert!(app.store.unit_notices("community", "cy-xfl", 10).await.unwrap().is_empty(), "nothing half-stored");
    let other_building = app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code != "cy-xfl").unwrap().id.to_string();
    let outside = app.post("/work/notices", &staff, &[("category", "notice"), ("title", "跨社区"), ("body", "x"), ("buildings", &other_building)]).await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND, "staff address only their own community");
    let (_, resident) = app.account("13600008022", 822, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.post("/work/notices", &resident, &[("category", "notice"), ("title", "居民发"), ("body", "x")]).await.status, StatusCode::NOT_FOUND);

    let (_, officer) = app.account("13600008023", 823, "officer", Some("rs"), None).await;
    let unknown = app.post("/work/notices", &officer, &[("category", "policy"), ("title", "养老保险开始缴费"), ("body", "截至 12 月 31 日。"), ("services", "XX999")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("请从列出的事项中选择"));
    let r = app.post("/work/notices", &officer, &[("category", "policy"), ("title", "养老保险开始缴费"), ("body", "截至 12 月 31 日。"), ("pinned", "1"),
        ("services", "RS001")]).await;
    let id = id_from(r.location());
    app.post(&format!("/work/notices/{id}/publish"), &officer, &[]).await;
    let anonymous = app.get(&format!("/notices/{id}"), "").await;
    assert_eq!(anonymous.status, StatusCode::OK, "a district-wide notice is public");
    assert!(anonymous.body.contains(r#"href="/services/RS001""#) && anonymous.body.contains("城乡居民基本养老保险参保登记"), "the policy links to the service");
    assert!(app.get("/notices?q=yanglao", "").await.body.contains("养老保险开始缴费"), "found by pinyin");
    assert!(app.get("/", "").await.body.contains("养老保险开始缴费"), "on the home page");
}

async fn the_sweep_publishes_scheduled_notices(store: SharedStore) {
    let start = 1_800_000_000;
    let (app, clock) = app_at(store, start);
    let (_, staff) = app.account(STAFF, 831, "staff", None, Some("cy-xfl")).await;
    let (elder_id, _) = app.account("13600008032", 832, "resident", None, Some("cy-xfl")).await;
    let id = draft(&app, &staff, &[]).await;
    let past = app.post(&format!("/work/notices/{id}/schedule"), &staff, &[("publish_at", "2020-01-01T09:00")]).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    let at = linli_app::open311::format::w3c(start + 7200)[..16].to_string();
    assert_eq!(app.post(&format!("/work/notices/{id}/schedule"), &staff, &[("publish_at", &at)]).await.status, StatusCode::SEE_OTHER);
    linli_app::notices::delivery::run_once(&*app.store, start + 3600).await.unwrap();
    assert_eq!(app.store.public_notice(id).await.unwrap().unwrap().status, "scheduled", "not before its time");
    clock.set(start + 7200);
    assert_eq!(linli_app::notices::delivery::run_once(&*app.store, start + 7200).await.unwrap(), (1, 1));
    assert_eq!(app.store.public_notice(id).await.unwrap().unwrap().status, "published");
    assert!(app.store.inbox(elder_id, 5).await.unwrap().iter().any(|n| n.text_zh.contains("1 号楼周五停水")));
}

/// Batches resume from the cursor and never address anyone twice.
async fn delivery_goes_in_resumable_batches(store: SharedStore) {
    let app = app(store);
    let (staff_id, _) = app.account(STAFF, 841, "staff", None, Some("cy-xfl")).await;
    let mut residents = Vec::new();
    for i in 0..3 {
        residents.push(app.account(&format!("136000084{i:02}"), 842 + i, "resident", None, Some("cy-xfl")).await.0);
    }
    let n = NewPublicNotice { unit_kind: "community".into(), unit_code: "cy-xfl".into(), author_id: staff_id, category: "outage".into(),
        title: "停电".into(), body: "周六停电".into(), communities: ",cy-xfl,".into(), ..Default::default() };
    let store = &app.store;
    let id = store.create_public_notice(&n, 1_000).await.unwrap();
    let text = DeliveryText { zh: "停电".into(), en: "Power cut".into(), by_sms: true };
    assert!(store.deliver_public_notice(id, &text, 2, 1_000).await.unwrap().done, "a draft delivers nothing");
    let audit = linli_app::storage::AuditEntry { actor_id: staff_id, subject_id: staff_id, action: "notice_published".into(), detail: String::new() };
    assert!(store.move_public_notice(id, &["draft"], "published", None, "", &audit, 1_000).await.unwrap());
    let first = store.deliver_public_notice(id, &text, 2, 1_000).await.unwrap();
    assert_eq!((first.written, first.done), (2, false));
    // A reader who opens it between batches is counted once.
    let (b1, _) = xfl_buildings(&app).await;
    store.mark_notice_read(id, &Reader { user_id: residents[2], community: "cy-xfl".into(), building_id: Some(b1) }, 1_001).await.unwrap();
    let second = store.deliver_public_notice(id, &text, 2, 1_002).await.unwrap();
    assert_eq!((second.written, second.done), (0, false), "the third was already there");
    assert!(store.deliver_public_notice(id, &text, 2, 1_003).await.unwrap().done);
    assert_eq!(store.public_notice(id).await.unwrap().unwrap().addressed, 3);
    assert_eq!(coverage(&app, id).await, (3, 1, 0, 0));
    let sms = store.outbox(20).await.unwrap().into_iter().filter(|m| m.body == "停电").count();
    assert_eq!(sms, 3, "an urgent notice goes by SMS to those who take it");
}

/// Each resident chooses per category: at once (the default), an evening digest, or nothing but
/// urgent notices; the notice is on their page whatever they choose.
async fn residents_choose_at_once_a_digest_or_nothing(store: SharedStore) {
    let ten_am = 1_800_000_000 - 6 * 3600; // 10:00 in Shanghai
    let (app, clock) = app_at(store, ten_am);
    let (_, staff) = app.account(STAFF, 851, "staff", None, Some("cy-xfl")).await;
    let (at_once, _) = app.account("13600008052", 852, "resident", None, Some("cy-xfl")).await;
    let (digest, digest_cookie) = app.account("13600008053", 853, "resident", None, Some("cy-xfl")).await;
    let (quiet, quiet_cookie) = app.account("13600008054", 854, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.post("/me/notice-settings", &digest_cookie, &[("event", "digest")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post("/me/notice-settings", &quiet_cookie, &[("event", "never"), ("outage", "never")]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/me/notice-settings", &digest_cookie).await.body.contains(r#"value="digest" checked"#));
    assert_eq!(app.store.notice_subscriptions(quiet).await.unwrap(), vec![("event".to_string(), "never".to_string())], "urgent ones cannot be silenced");

    let r = app.post("/work/notices", &staff, &[("category", "event"), ("title", "重阳节敬老联欢会"), ("body", "周六下午在社区活动室，欢迎参加。")]).await;
    let event = id_from(r.location());
    let outage = draft(&app, &staff, &[]).await;
    for id in [event, outage] {
        assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    }
    let inbox = |who: i64| { let app = &app; async move { app.store.inbox(who, 10).await.unwrap().into_iter().map(|n| n.text_zh).collect::<Vec<_>>().join("|") } };
    assert!(inbox(at_once).await.contains("重阳节敬老联欢会"));
    for who in [digest, quiet] {
        let lines = inbox(who).await;
        assert!(!lines.contains("重阳节敬老联欢会") && lines.contains("1 号楼周五停水"), "not yet, but the outage at once: {lines}");
    }
    assert_eq!(coverage(&app, event).await.0, 3, "everyone is addressed; the notice is on their page");
    assert_eq!(app.get(&format!("/notices/{event}"), &quiet_cookie).await.status, StatusCode::OK);

    linli_app::notices::delivery::run_once(&*app.store, ten_am + 3600).await.unwrap();
    assert!(!inbox(digest).await.contains("今天有"), "the digest waits for the evening");
    clock.set(ten_am + 8 * 3600 + 1800);
    linli_app::notices::delivery::run_once(&*app.store, ten_am + 8 * 3600 + 1800).await.unwrap();
    linli_app::notices::delivery::run_once(&*app.store, ten_am + 8 * 3600 + 2400).await.unwrap();
    let lines = inbox(digest).await;
    assert_eq!(lines.matches("今天有 1 条新通知：重阳节敬老联欢会").count(), 1, "one digest, once: {lines}");
    assert!(!inbox(quiet).await.contains("重阳节敬老联欢会"), "never means never, for this category");
}

async fn attachments_are_added_to_drafts_and_follow_the_notice(store: SharedStore) {
    use common::{pdf, photo, Part};
    let app = app(store);
    let (_, staff) = app.account(STAFF, 841, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13600008042", 842, "staff", None, Some("hp-dh")).await;
    let (_, resident) = app.account("13600008043", 843, "resident", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13600008044", 844, "resident", None, Some("hp-dh")).await;
    let id = draft(&app, &staff, &[]).await;
    let attach = format!("/work/notices/{id}/attachments");
    let a_pdf = || Part::File("attachments", "停水范围.pdf", pdf());

    // Refusals beside the field; nothing stored.
    let none = app.post_multipart(&attach, &staff, &[Part::Text("note", "x")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("请选择要上传的文件"), "{}", none.body);
    let exe = app.post_multipart(&attach, &staff, &[Part::File("attachments", "通知.exe", b"MZ\x90\x00 not a document".to_vec())]).await;
    assert_eq!(exe.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(exe.body.contains("只接受 JPEG、PNG、WebP 图片或 PDF 文件"));
    assert!(app.stored_files().is_empty() && app.store.notice_files(id).await.unwrap().is_empty(), "nothing half-stored");
    for (who, cookie) in [("another community's staff", &other_staff), ("a resident", &resident)] {
        assert_eq!(app.post_multipart(&attach, cookie, &[a_pdf()]).await.status, StatusCode::NOT_FOUND, "{who}");
    }

    let added = app.post_multipart(&attach, &staff, &[a_pdf(), Part::File("attachments", "示意图.jpg", photo(5))]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let files = app.store.notice_files(id).await.unwrap();
    assert_eq!(files.len(), 2);
    let four: Vec<Part> = (0..4).map(|_| a_pdf()).collect();
    let too_many = app.post_multipart(&attach, &staff, &four).await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_many.body.contains("一则通知最多 5 个附件"));
    let url = |f: i64| format!("/notices/{id}/files/{f}");
    assert_eq!(app.get(&url(files[0].id), &resident).await.status, StatusCode::NOT_FOUND, "a draft's files are its unit's only");
    assert_eq!(app.get(&url(files[0].id), &staff).await.status, StatusCode::OK, "the publisher previews them");

    // Taken off the draft: the row and the bytes (photo and thumbnail) go.
    let stored = app.stored_files().len();
    let off = app.post(&format!("{attach}/{}/remove", files[1].id), &staff, &[]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.notice_files(id).await.unwrap().len(), 1);
    assert_eq!(app.stored_files().len(), stored - 2);

    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    let got = app.get(&url(files[0].id), &resident).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers[axum::http::header::CONTENT_TYPE], "application/pdf");
    assert!(got.body.starts_with("%PDF"), "the reader gets the document itself");
    let page = app.get(&format!("/notices/{id}"), &resident).await.body;
    assert!(page.contains("停水范围.pdf") && page.contains(&url(files[0].id)), "the notice lists it");
    for (who, cookie) in [("another community", &elsewhere), ("a stranger", &String::new())] {
        assert_eq!(app.get(&url(files[0].id), cookie).await.status, StatusCode::NOT_FOUND, "{who}");
    }
    assert_eq!(app.get(&url(files[1].id), &resident).await.status, StatusCode::NOT_FOUND, "a file the notice no longer holds");

    // Frozen once out; the republished copy carries the file.
    assert_eq!(app.post_multipart(&attach, &staff, &[a_pdf()]).await.status, StatusCode::CONFLICT);
    assert_eq!(app.post(&format!("{attach}/{}/remove", files[0].id), &staff, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/notices/{id}/withdraw"), &staff, &[("reason", "范围有误")]).await.status, StatusCode::SEE_OTHER);
    let copy = app.post(&format!("/work/notices/{id}/copy"), &staff, &[]).await;
    let copy_id = id_from(copy.location());
    assert_eq!(app.store.notice_files(copy_id).await.unwrap().iter().map(|f| f.id).collect::<Vec<_>>(), vec![files[0].id]);
    // Taking it off the new draft keeps the bytes the withdrawn notice still shows.
    let stored = app.stored_files().len();
    app.post(&format!("/work/notices/{copy_id}/attachments/{}/remove", files[0].id), &staff, &[]).await;
    assert_eq!(app.stored_files().len(), stored);
    assert_eq!(app.get(&url(files[0].id), &resident).await.status, StatusCode::OK);
}

/// Everyone at one building and door is a household: it is reached when any of them is, and
/// the unreached list and the reminder are the households nobody reached.
async fn a_household_is_reached_through_any_member(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 851, "staff", None, Some("cy-xfl")).await;
    let (wife_id, wife) = app.account("13600008052", 852, "resident", None, Some("cy-xfl")).await;
    let (husband_id, husband) = app.account("13600008053", 853, "resident", None, Some("cy-xfl")).await;
    let (alone_id, _) = app.account("13600008054", 854, "resident", None, Some("cy-xfl")).await;
    let bad = app.post("/me/room", &wife, &[("room", "302; DROP")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("门牌号只能包含文字、数字、空格"), "beside the field");
    assert_eq!(app.store.user_by_id(wife_id).await.unwrap().unwrap().room, "", "nothing stored");
    assert_eq!(app.post("/me/room", &staff, &[("room", "1")]).await.status, StatusCode::NOT_FOUND, "staff have no household");
    let staff_page = app.get("/me/groups", &staff).await;
    assert_eq!(staff_page.status, StatusCode::OK);
    assert!(!staff_page.body.contains(r#"action="/me/room""#), "no door form for staff");
    for (cookie, typed) in [(&wife, "302"), (&husband, "３０２")] {
        assert_eq!(app.post("/me/room", cookie, &[("room", typed)]).await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(app.store.user_by_id(husband_id).await.unwrap().unwrap().room, "302", "one door however it is typed");
    assert!(app.get("/me/groups", &wife).await.body.contains(r#"value="302""#));

    let (b1, _) = xfl_buildings(&app).await;
    let id = draft(&app, &staff, &[("buildings", &b1.to_string())]).await;
    assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    let households = |c: Vec<linli_app::storage::BuildingCoverage>| c.iter().fold((0, 0), |a, c| (a.0 + c.households, a.1 + c.households_reached));
    assert_eq!(households(app.store.notice_coverage(id).await.unwrap()), (2, 0), "the couple's door and the resident alone");
    app.get(&format!("/notices/{id}"), &wife).await;
    assert_eq!(households(app.store.notice_coverage(id).await.unwrap()), (2, 1), "the wife read it: her household is reached");
    let unreached: Vec<i64> = app.store.unreached(id, 10).await.unwrap().iter().map(|u| u.user_id).collect();
    assert_eq!(unreached, vec![alone_id], "the husband's household is reached through her");
    let desk = app.get(&format!("/work/notices/{id}"), &staff).await.body;
    assert!(desk.contains("2 户：已读 1，已确认 0，已触达 1"), "households read, confirmed and reached, of households");
    let reminded = app.post(&format!("/work/notices/{id}/remind"), &staff, &[]).await;
    assert_eq!(reminded.location(), format!("/work/notices/{id}?reminded=1"), "exactly the household not reached");
}


/// A district's notices come thirty to a page, newest first, with links that keep the search.
async fn the_list_comes_a_page_at_a_time(store: SharedStore) {
    let app = app(store);
    let (_, officer) = app.account("13600008051", 851, "officer", Some("rs"), None).await;
    for i in 0..31 {
        let r = app.post("/work/notices", &officer, &[("category", "policy"), ("title", &format!("社保政策第{i}号")), ("body", "详见窗口。")]).await;
        let id = id_from(r.location());
        assert_eq!(app.post(&format!("/work/notices/{id}/publish"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    }
    let first = app.get("/notices", "").await;
    assert!(first.body.contains("社保政策第30号") && !first.body.contains("社保政策第0号"), "the newest thirty");
    assert!(first.body.contains(r#"rel="next""#) && first.body.contains("page=2") && !first.body.contains(r#"rel="prev""#));
    let second = app.get("/notices?q=shebao&page=2", "").await;
    assert!(second.body.contains("社保政策第0号") && !second.body.contains("社保政策第30号"), "the oldest on the next page, found by pinyin");
    assert!(second.body.contains(r#"rel="prev""#) && !second.body.contains(r#"rel="next""#) && second.body.contains("q=shebao"));
}

linli_app::on_both_engines!(
    residents_choose_at_once_a_digest_or_nothing,
    a_notice_reaches_exactly_its_audience,
    staff_tell_the_unreached_and_only_their_unit_manages,
    refusals_store_nothing_and_a_district_notice_is_public,
    the_sweep_publishes_scheduled_notices,
    delivery_goes_in_resumable_batches,
    attachments_are_added_to_drafts_and_follow_the_notice,
    a_household_is_reached_through_any_member,
    the_list_comes_a_page_at_a_time,
);
