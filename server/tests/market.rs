//! The 便民服务 marketplace through the router, on SQLite and on PostgreSQL: applying and vetting,
//! listing with slots, booking (never oversold, even all at once), the order's life, reviews,
//! complaints, suspension, and who may see what.
use crate::common;

use axum::http::StatusCode;
use common::market::*;
use common::*;
use linli_app::storage::{OrderQuery, SharedStore};
use std::sync::Arc;

async fn apply_vet_list_book_serve_and_rate(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910000301", 301, "staff", None, Some("cy-xfl")).await;
    let (_, far_staff) = app.account("13910000302", 302, "staff", None, Some("hp-jx")).await;
    let (resident_id, resident) = app.account("13810000303", 303, "resident", None, Some("cy-xfl")).await;
    let (owner, cookie) = app.account("13510000304", 304, "provider", None, None).await;

    // A mistyped credit code is refused beside the field, and nothing (not even the licence) is kept.
    let bad = app.post_multipart("/provider/apply", &cookie, &[
        Part::Text("name", "好邻居家政"), Part::Text("uscc", "91350100M000100Y44"), Part::Text("contact_name", "林师傅"),
        Part::Text("contact_phone", "13510000304"), Part::Text("categories", "housekeeping"), Part::Text("communities", "cy-xfl"),
        Part::File("licence", "执照.pdf", pdf()),
    ]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("校验不通过"), "the check character is explained");
    assert!(app.store.provider_by_owner(owner).await.unwrap().is_none() && app.stored_files().is_empty());

    let ok = app.post_multipart("/provider/apply", &cookie, &[
        Part::Text("name", "好邻居家政"), Part::Text("uscc", "91350100m000100y43"), Part::Text("contact_name", "林师傅"),
        Part::Text("contact_phone", "13510000304"), Part::Text("categories", "housekeeping"), Part::Text("communities", "cy-xfl"),
        Part::File("licence", "执照.pdf", pdf()),
    ]).await;
    assert_eq!((ok.status, ok.location()), (StatusCode::SEE_OTHER, "/provider?applied=1"));
    let p = app.store.provider_by_owner(owner).await.unwrap().unwrap();
    assert_eq!((p.status.as_str(), p.uscc.as_str()), ("pending", "91350100M000100Y43"));
    let twice = app.post_multipart("/provider/apply", &cookie, &[Part::Text("name", "好邻居家政二号")]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("您已提交入驻申请"), "the page says so and links the progress");
    let staff_user = app.store.user_by_phone("13910000301").await.unwrap().unwrap();
    assert!(app.store.inbox(staff_user.id, 5).await.unwrap().iter().any(|n| n.text_zh.contains("好邻居家政")));

    // Not listed, and cannot list, before approval; staff of another community cannot see it.
    assert_eq!(app.get("/provider/listings/new", &cookie).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/work/providers/{}", p.id), &far_staff).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/providers/{}/approve", p.id), &far_staff, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/work/providers/{}/licence", p.id), &far_staff).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/work/providers/{}/licence", p.id), &staff).await.status, StatusCode::OK);
    assert_eq!(app.post(&format!("/work/providers/{}/ask", p.id), &staff, &[("reason", "")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/work/providers/{}/approve", p.id), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/work/providers/{}/approve", p.id), &staff, &[]).await.status, StatusCode::CONFLICT);

    // A listing: a bad price is refused beside the field; then it is saved with its photo.
    let r = app.post_multipart("/provider/listings/new", &cookie, &[
        Part::Text("title", "家庭保洁 2 小时"), Part::Text("description", "擦窗、拖地。"), Part::Text("categories", "housekeeping"),
        Part::Text("price_kind", "fixed"), Part::Text("price", "12o"), Part::Text("duration", "120"), Part::Text("cancel_hours", "4"),
    ]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("price-error"));
    let listing = new_listing(&app, &cookie, "家庭保洁 2 小时", "4").await;
    let starts_at = open_tomorrow(&app, &cookie, listing, "1").await;

    // Residents of the community find it, in Chinese or pinyin.
    assert!(app.get("/market", &resident).await.body.contains("家庭保洁 2 小时"));
    assert!(app.get("/market?q=baojie", &resident).await.body.contains("家庭保洁 2 小时"));
    assert!(app.get("/market?q=jtbj", &resident).await.body.contains("家庭保洁 2 小时"));
    assert!(!app.get("/market?q=weixiu", &resident).await.body.contains("家庭保洁 2 小时"));
    assert!(!app.get("/market?community=hp-jx", "").await.body.contains("家庭保洁 2 小时"), "it does not serve 锦绣社区");
    let page = app.get(&format!("/market/{listing}"), &resident).await;
    assert!(page.body.contains(&format!("slot-{starts_at}")) && page.body.contains("幸福里小区 1 号楼"), "slot offered, address prefilled");

    let bad = app.post(&format!("/market/{listing}/book"), &resident, &[("slot", &starts_at.to_string()), ("address", "1 号楼 302"), ("phone", "123")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("phone-error"));
    let ref_no = order_ref(&book(&app, &resident, listing, starts_at, "13810000303").await);
    let (_, neighbour) = app.account("13810000305", 305, "resident", None, Some("cy-xfl")).await;
    let full = book(&app, &neighbour, listing, starts_at, "13810000305").await;
    assert_eq!(full.status, StatusCode::CONFLICT, "the one place is taken");

    // The provider's side; a resident cannot take the provider's steps.
    let page = format!("/market/orders/{ref_no}");
    assert!(app.get(&page, &cookie).await.body.contains("302 室"));
    assert_eq!(app.post(&format!("{page}/confirm"), &resident, &[]).await.status, StatusCode::NOT_FOUND);
    for step in ["confirm", "depart", "serve"] {
        assert_eq!(app.post(&format!("{page}/{step}"), &cookie, &[]).await.status, StatusCode::SEE_OTHER, "{step}");
    }
    assert_eq!(app.post(&format!("{page}/paid"), &cookie, &[("amount", "abc"), ("method", "cash")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("{page}/paid"), &cookie, &[("amount", "120"), ("method", "cash")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{page}/paid"), &cookie, &[("amount", "120"), ("method", "cash")]).await.status, StatusCode::CONFLICT, "recorded once");
    // No gateway is connected: online payment says so, with a 503, never pretending.
    let online = app.post(&format!("{page}/pay_online"), &resident, &[]).await;
    assert_eq!(online.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(online.body.contains("在线支付尚未开通"));

    assert_eq!(app.post(&format!("{page}/rate"), &resident, &[("stars", "5")]).await.status, StatusCode::CONFLICT, "rated after completion only");
    assert_eq!(app.post(&format!("{page}/complete"), &resident, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{page}/rate"), &resident, &[("stars", "9")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("{page}/rate"), &resident, &[("stars", "5"), ("review", "很干净，师傅很细心")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{page}/rate"), &resident, &[("stars", "1")]).await.status, StatusCode::CONFLICT, "once");
    assert_eq!(app.post(&format!("{page}/reply"), &cookie, &[("note", "谢谢您的认可")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("{page}/reply"), &cookie, &[("note", "再次感谢")]).await.status, StatusCode::CONFLICT, "one reply");

    let o = app.store.order_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!((o.status.as_str(), o.paid_cents, o.resident_id), ("completed", Some(12000), resident_id));
    let timeline: Vec<String> = app.store.order_events(o.id).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(timeline, ["requested", "confirmed", "on_the_way", "served", "paid_offline", "completed", "reviewed"]);
    let shown = app.get(&format!("/market/{listing}"), "").await.body;
    for needle in ["★ 5.0", "很干净，师傅很细心", "谢谢您的认可", "已完成 1"] { assert!(shown.contains(needle), "{needle} missing: {}", &shown[shown.find("<main").unwrap_or(0)..]); }
    assert!(shown.contains("林*") || shown.contains("林**"), "the reviewer's name is masked");
}

async fn access_suspension_and_complaints(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910000401", 401, "staff", None, Some("cy-xfl")).await;
    let (_, far_staff) = app.account("13910000402", 402, "staff", None, Some("hp-jx")).await;
    let (_, resident) = app.account("13810000403", 403, "resident", None, Some("cy-xfl")).await;
    let (_, stranger) = app.account("13810000404", 404, "resident", None, Some("cy-xfl")).await;
    let (a, a_id) = approved_provider(&app, "13510000405", 405, &staff, &["cy-xfl"]).await;
    let (b, _) = approved_provider(&app, "13510000406", 406, &staff, &["cy-xfl"]).await;
    let listing = new_listing(&app, &a, "上门保洁", "0").await;
    let starts_at = open_tomorrow(&app, &a, listing, "2").await;
    let ref_no = order_ref(&book(&app, &resident, listing, starts_at, "13810000403").await);
    let page = format!("/market/orders/{ref_no}");
    assert!(app.get("/market?q=baojie", &resident).await.body.contains("上门保洁"));

    // Another provider, another resident, staff with no complaint before them: 404; signed out: sign in.
    for who in [&b, &stranger, &staff] {
        assert_eq!(app.get(&page, who).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.post(&format!("{page}/confirm"), who, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.post(&format!("{page}/cancel"), who, &[]).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(app.get(&page, "").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&format!("/provider/listings/{listing}"), &b).await.status, StatusCode::NOT_FOUND);
    let edit = app.post_multipart(&format!("/provider/listings/{listing}"), &b, &[
        Part::Text("title", "被改了"), Part::Text("description", "x"), Part::Text("categories", "housekeeping"),
        Part::Text("price_kind", "quote"), Part::Text("duration", "60"), Part::Text("cancel_hours", "0"),
    ]).await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/provider/listings/{listing}/slots"), &b, &[("weekday", "1"), ("start", "08:00"), ("capacity", "1")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/provider/listings/{listing}/active"), &b, &[("active", "0")]).await.status, StatusCode::NOT_FOUND);
    assert!(!app.get("/provider", &b).await.body.contains(&ref_no), "B's inbox holds only B's orders");
    assert!(app.get("/provider", &a).await.body.contains(&ref_no));
    assert!(app.get("/me/orders", &resident).await.body.contains(&ref_no));

    // A complaint goes to the community as feedback; its staff may then read the whole order.
    assert_eq!(app.post(&format!("{page}/confirm"), &a, &[]).await.status, StatusCode::SEE_OTHER);
    let r = app.post(&format!("{page}/complain"), &resident, &[("complaint", "师傅迟到一个小时，也没有提前打电话。")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", &r.body[..r.body.len().min(1500)]);
    let feedback_ref = r.location().trim_start_matches("/feedback/").trim_end_matches("?filed=1").to_string();
    let f = app.store.feedback_by_ref(&feedback_ref).await.unwrap().unwrap();
    assert_eq!((f.kind.as_str(), f.unit_code.as_str(), f.order_id.is_some()), ("complaint", "cy-xfl", true));
    assert!(app.get("/work/feedback", &staff).await.body.contains(&feedback_ref));
    let seen = app.get(&page, &staff).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("提交预约") && seen.body.contains("服务商确认接单"), "the whole timeline");
    assert_eq!(app.get(&page, &far_staff).await.status, StatusCode::NOT_FOUND);
    assert!(app.get(&format!("/feedback/{feedback_ref}"), &staff).await.body.contains(&format!("/market/orders/{ref_no}")), "the complaint links the order");

    // Suspension (with a reason the provider sees) hides the listings and stops booking by URL,
    // but the order history stays.
    assert_eq!(app.post(&format!("/work/providers/{a_id}/suspend"), &staff, &[("reason", "")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/work/providers/{a_id}/suspend"), &staff, &[("reason", "多次迟到被投诉，整改期间暂停")]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/provider", &a).await.body.contains("多次迟到被投诉"));
    assert!(!app.get("/market", &resident).await.body.contains("上门保洁"));
    assert!(!app.get("/market?q=baojie", &resident).await.body.contains("上门保洁"), "a search held from before is dropped");
    assert_eq!(app.get(&format!("/market/{listing}"), &resident).await.status, StatusCode::NOT_FOUND);
    assert_eq!(book(&app, &stranger, listing, starts_at, "13810000404").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&page, &resident).await.status, StatusCode::OK, "history kept");
    assert_eq!(app.post(&format!("/work/providers/{a_id}/reinstate"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/market", &resident).await.body.contains("上门保洁"));
}

/// Many residents press "book" for the last place at the same moment: exactly `capacity` win.
async fn the_last_places_go_to_exactly_as_many_residents(store: SharedStore) {
    let app = Arc::new(app(store));
    let (_, staff) = app.account("13910000501", 501, "staff", None, Some("cy-xfl")).await;
    let (cookie, _) = approved_provider(&app, "13510000502", 502, &staff, &["cy-xfl"]).await;
    for (capacity, crowd, first_serial) in [(1_u32, 8_u32, 510_u32), (3, 10, 530)] {
        let listing = new_listing(&app, &cookie, &format!("抢约测试 {capacity}"), "0").await;
        let starts_at = open_tomorrow(&app, &cookie, listing, &capacity.to_string()).await;
        let mut residents = Vec::new();
        for i in 0..crowd {
            let phone = format!("1381000{:04}", first_serial + i);
            residents.push((phone.clone(), app.account(&phone, first_serial + i, "resident", None, Some("cy-xfl")).await.1));
        }
        let tasks: Vec<_> = residents
            .into_iter()
            .map(|(phone, c)| {
                let app = app.clone();
                tokio::spawn(async move { book(&app, &c, listing, starts_at, &phone).await.status })
            })
            .collect();
        let mut won = 0;
        for t in tasks {
            match t.await.unwrap() {
                StatusCode::SEE_OTHER => won += 1,
                StatusCode::CONFLICT => {}
                other => panic!("unexpected {other}"),
            }
        }
        assert_eq!(won, capacity, "capacity {capacity}, {crowd} at once");
        let used = app.store.slot_use(listing, starts_at, starts_at + 1).await.unwrap();
        assert_eq!(used, vec![(starts_at, capacity as i64)]);
    }
}

async fn cancellation_window_and_completion_after_48_hours(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910000601", 601, "staff", None, Some("cy-xfl")).await;
    let (_, resident) = app.account("13810000602", 602, "resident", None, Some("cy-xfl")).await;
    let (cookie, _) = approved_provider(&app, "13510000603", 603, &staff, &["cy-xfl"]).await;

    // Free cancellation until 72 hours before: tomorrow's booking can no longer be cancelled online.
    let strict = new_listing(&app, &cookie, "严格取消", "72").await;
    let at = open_tomorrow(&app, &cookie, strict, "1").await;
    let late = order_ref(&book(&app, &resident, strict, at, "13810000602").await);
    let r = app.post(&format!("/market/orders/{late}/cancel"), &resident, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("已过免费取消时间"));

    // Within the window it is free, and the place goes back to the slot.
    let easy = new_listing(&app, &cookie, "随时取消", "0").await;
    let at = open_tomorrow(&app, &cookie, easy, "1").await;
    let free = order_ref(&book(&app, &resident, easy, at, "13810000602").await);
    assert_eq!(app.post(&format!("/market/orders/{free}/cancel"), &resident, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.slot_use(easy, at, at + 1).await.unwrap(), vec![(at, 0)]);
    let again = order_ref(&book(&app, &resident, easy, at, "13810000602").await);

    // Served and not confirmed: completed by the job 48 hours later, once.
    for step in ["confirm", "serve"] {
        assert_eq!(app.post(&format!("/market/orders/{again}/{step}"), &cookie, &[]).await.status, StatusCode::SEE_OTHER);
    }
    let now = linli_app::time::now_unix();
    assert_eq!(linli_app::market::jobs::run_once(&*app.store, now + 47 * 3600).await.unwrap(), 0);
    assert_eq!(linli_app::market::jobs::run_once(&*app.store, now + 49 * 3600).await.unwrap(), 1);
    assert_eq!(linli_app::market::jobs::run_once(&*app.store, now + 50 * 3600).await.unwrap(), 0);
    let o = app.store.order_by_ref(&again).await.unwrap().unwrap();
    assert_eq!((o.status.as_str(), o.auto_completed), ("completed", 1));
    let mine = app.store.orders(&OrderQuery { resident_id: Some(o.resident_id), limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(mine.len(), 3);
}

/// A promotion shows on the home page only once staff approve it, labelled 推广, and never in 长辈版.
async fn promotions_are_approved_labelled_and_kept_out_of_elder_mode(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910000701", 701, "staff", None, Some("cy-xfl")).await;
    let (_, far_staff) = app.account("13910000702", 702, "staff", None, Some("hp-jx")).await;
    let (cookie, _) = approved_provider(&app, "13510000703", 703, &staff, &["cy-xfl"]).await;
    let today = linli_app::applications::steps::today();
    let (from, to) = (today.to_string(), (today + chrono::Duration::days(7)).to_string());
    let kept = app.stored_files().len();
    let bad = app.post_multipart("/provider/promotions", &cookie, &[
        Part::Text("promo_title", "冬季保洁八折"), Part::Text("starts_on", &from), Part::Text("ends_on", &to), Part::File("image", "执照.pdf", pdf()),
    ]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "a PDF is not a picture");
    assert_eq!(app.stored_files().len(), kept, "the refused file is not kept");
    let r = app.post_multipart("/provider/promotions", &cookie, &[
        Part::Text("promo_title", "冬季保洁八折"), Part::Text("starts_on", &from), Part::Text("ends_on", &to), Part::File("image", "海报.jpg", photo(9)),
    ]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id = app.store.promotions(None).await.unwrap()[0].id;
    assert!(!app.get("/", "").await.body.contains("冬季保洁八折"), "not before approval");
    assert_eq!(app.get(&format!("/market/promotions/{id}/image"), "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/promotions/{id}/approve"), &far_staff, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&format!("/work/promotions/{id}/reject"), &staff, &[("reason", "")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post(&format!("/work/promotions/{id}/approve"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    let home = app.get("/?mode=standard", "").await.body;
    assert!(home.contains("冬季保洁八折") && home.contains(">推广<"), "shown and labelled");
    assert_eq!(app.get(&format!("/market/promotions/{id}/image"), "").await.status, StatusCode::OK);
    let elder = app.get("/?mode=elder", "").await.body;
    assert!(elder.contains("class=\"elder") && !elder.contains("冬季保洁八折") && !elder.contains("推广"), "never in 长辈版");
}

/// A relative (authorised under 代办) or community staff (recording consent) books for an elder.
async fn relatives_and_staff_book_for_an_elder(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13910000801", 801, "staff", None, Some("cy-xfl")).await;
    let (_, far_staff) = app.account("13910000802", 802, "staff", None, Some("hp-jx")).await;
    let (elder, elder_cookie) = app.account("13810000803", 803, "resident", None, Some("cy-xfl")).await;
    let (son, son_cookie) = app.account("13810000804", 804, "resident", None, Some("hp-dh")).await;
    app.store.add_delegation(elder, son, linli_app::time::now_unix()).await.unwrap();
    let (cookie, _) = approved_provider(&app, "13510000805", 805, &staff, &["cy-xfl"]).await;
    let listing = new_listing(&app, &cookie, "助浴上门", "0").await;
    let at = open_tomorrow(&app, &cookie, listing, "5").await;

    // The son's own home (东湖) is not served, but his mother's is: the form switches to her address.
    let form = app.get(&format!("/market/{listing}?for={elder}"), &son_cookie).await.body;
    assert!(form.contains("幸福里小区 1 号楼") && form.contains("13810000803"), "her address and phone are prefilled");
    let by_son = app.post(&format!("/market/{listing}/book"), &son_cookie, &[
        ("for", &elder.to_string()), ("slot", &at.to_string()), ("address", "幸福里小区 1 号楼 101 室"), ("phone", "13810000803"),
    ]).await;
    let ref_son = order_ref(&by_son);
    let o = app.store.order_by_ref(&ref_son).await.unwrap().unwrap();
    assert_eq!((o.resident_id, o.booked_by_id), (elder, son));
    for who in [&elder_cookie, &son_cookie] {
        assert!(app.get("/me/orders", who).await.body.contains(&ref_son));
        assert_eq!(app.get(&format!("/market/orders/{ref_son}"), who).await.status, StatusCode::OK);
    }
    assert!(app.store.audit_for_subject(elder, 20).await.unwrap().iter().any(|a| a.action == "order_booked_delegate"));
    // A stranger cannot book in someone else's name.
    let (_, stranger) = app.account("13810000806", 806, "resident", None, Some("cy-xfl")).await;
    let r = app.post(&format!("/market/{listing}/book"), &stranger, &[
        ("for", &elder.to_string()), ("slot", &at.to_string()), ("address", "幸福里小区 1 号楼 101 室"), ("phone", "13810000803"),
    ]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Staff of her community must record consent; staff elsewhere cannot act for her.
    let fields = |consent: &'static str, confirmed: &'static str| vec![
        ("for", elder.to_string()), ("slot", at.to_string()), ("address", "幸福里小区 1 号楼 101 室".to_string()),
        ("phone", "13810000803".to_string()), ("consent", consent.to_string()), ("consent_confirmed", confirmed.to_string()),
    ];
    let post = |cookie: String, f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(&format!("/market/{listing}/book"), &cookie, &pairs).await
        }
    };
    let r = post(staff.clone(), fields("", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("consent-error"));
    assert_eq!(post(far_staff.clone(), fields("phone", "1")).await.status, StatusCode::NOT_FOUND);
    let ref_staff = order_ref(&post(staff.clone(), fields("phone", "1")).await);
    let o = app.store.order_by_ref(&ref_staff).await.unwrap().unwrap();
    assert!(o.consent.contains("居民电话同意"), "{}", o.consent);
    assert_eq!(app.get(&format!("/market/orders/{ref_staff}"), &staff).await.status, StatusCode::OK, "staff follow what they booked");
    assert!(app.get("/me/orders", &elder_cookie).await.body.contains(&ref_staff));
}

/// A provider serving "within 2 km" reaches residents near its base, not those further away; one
/// asked for more information sends its application again.
async fn radius_service_areas_and_resubmission(store: SharedStore) {
    let app = app(store);
    let buildings = app.store.buildings().await.unwrap();
    let place = |community: &str| buildings.iter().find(|b| b.community_code == community).unwrap().id;
    let (base, near, far) = (place("cy-xfl"), place("cy-ch"), place("hp-jx"));
    app.store.set_building_location(base, 31.2300, 121.4700).await.unwrap();
    app.store.set_building_location(near, 31.2390, 121.4700).await.unwrap(); // about 1 km north
    app.store.set_building_location(far, 31.2800, 121.4700).await.unwrap(); // about 5.6 km
    let (_, staff) = app.account("13910000901", 901, "staff", None, Some("cy-xfl")).await;
    let (_, near_resident) = app.account("13810000902", 902, "resident", None, Some("cy-ch")).await;
    let (_, far_resident) = app.account("13810000903", 903, "resident", None, Some("hp-jx")).await;
    let (owner, cookie) = app.account("13510000904", 904, "provider", None, None).await;
    let code = uscc(904);
    let base_text = base.to_string();
    let apply = |licence: bool| {
        let mut parts = vec![
            Part::Text("name", "半径理发"), Part::Text("uscc", &code), Part::Text("contact_name", "林师傅"),
            Part::Text("contact_phone", "13510000904"), Part::Text("categories", "haircut"),
            Part::Text("base_building", &base_text), Part::Text("radius_km", "2"),
        ];
        if licence {
            parts.push(Part::File("licence", "执照.pdf", pdf()));
        }
        parts
    };
    assert_eq!(app.post_multipart("/provider/apply", &cookie, &apply(true)).await.status, StatusCode::SEE_OTHER);
    let p = app.store.provider_by_owner(owner).await.unwrap().unwrap();
    assert_eq!(app.post(&format!("/work/providers/{}/ask", p.id), &staff, &[("reason", "请补充从业人员健康证")]).await.status, StatusCode::SEE_OTHER);
    let home = app.get("/provider", &cookie).await.body;
    assert!(home.contains("需补充材料") && home.contains("请补充从业人员健康证"));
    // Sent again without a new licence: the first one is kept, and it is pending once more.
    assert_eq!(app.post_multipart("/provider/apply", &cookie, &apply(false)).await.status, StatusCode::SEE_OTHER);
    let again = app.store.provider_by_owner(owner).await.unwrap().unwrap();
    assert_eq!((again.status.as_str(), again.licence_file_id), ("pending", p.licence_file_id));
    let history: Vec<String> = app.store.provider_events(p.id).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(history, ["applied", "asked", "resubmitted"]);
    assert_eq!(app.post(&format!("/work/providers/{}/approve", p.id), &staff, &[]).await.status, StatusCode::SEE_OTHER);

    let r = app.post_multipart("/provider/listings/new", &cookie, &[
        Part::Text("title", "到家剪发"), Part::Text("description", "老人上门理发。"), Part::Text("categories", "haircut"),
        Part::Text("price_kind", "from"), Part::Text("price", "30"), Part::Text("duration", "30"), Part::Text("cancel_hours", "0"),
    ]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.get("/market", &near_resident).await.body.contains("到家剪发"), "1 km from the base");
    assert!(!app.get("/market", &far_resident).await.body.contains("到家剪发"), "5.6 km from the base");
}

/// Separation of duties: staff, officers and admins run no provider, and nobody vets a provider
/// they stand for as its contact.
async fn nobody_vets_what_they_run(store: SharedStore) {
    let app = app(store);
    let (staff_id, staff) = app.account("13910000301", 301, "staff", None, Some("cy-xfl")).await;
    let apply = |cookie: String, serial: u32| {
        let app = &app;
        async move {
            let (code, name) = (uscc(serial), format!("测试维修{serial}号店"));
            app.post_multipart("/provider/apply", &cookie, &[
                Part::Text("name", &name), Part::Text("uscc", &code), Part::Text("contact_name", "林师傅"),
                Part::Text("contact_phone", "13910000301"), Part::Text("categories", "housekeeping"), Part::Text("radius_km", ""),
                Part::Text("communities", "cy-xfl"), Part::File("licence", "执照.pdf", pdf()),
            ]).await
        }
    };
    assert_eq!(apply(staff.clone(), 301).await.status, StatusCode::FORBIDDEN, "a staff account applied as a provider");
    assert!(app.store.provider_by_owner(staff_id).await.unwrap().is_none());
    // A resident names the staff member as the shop's contact: that staff member may not vet it.
    let (owner, resident) = app.account("13810000302", 302, "resident", None, Some("cy-xfl")).await;
    assert_eq!(apply(resident, 302).await.status, StatusCode::SEE_OTHER);
    let p = app.store.provider_by_owner(owner).await.unwrap().unwrap();
    let approve = format!("/work/providers/{}/approve", p.id);
    assert_eq!(app.post(&approve, &staff, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.provider_by_owner(owner).await.unwrap().unwrap().status, "pending");
    let (_, colleague) = app.account("13910000303", 303, "staff", None, Some("cy-xfl")).await;
    assert_eq!(app.post(&approve, &colleague, &[]).await.status, StatusCode::SEE_OTHER);
}

/// Each community decides for itself: approval by one community's staff opens the provider there
/// only; another community's staff open it (and close it) for their residents.
async fn each_community_approves_a_provider_for_itself(store: SharedStore) {
    let app = app(store);
    let (_, here) = app.account("13910000961", 961, "staff", None, Some("cy-xfl")).await;
    let (_, there) = app.account("13910000962", 962, "staff", None, Some("cy-ch")).await;
    let (_, elsewhere) = app.account("13910000963", 963, "staff", None, Some("hp-dh")).await;
    let (_, neighbour) = app.account("13810000964", 964, "resident", None, Some("cy-xfl")).await;
    let (_, across) = app.account("13810000965", 965, "resident", None, Some("cy-ch")).await;
    let (cookie, id) = approved_provider(&app, "13510000966", 966, &here, &["cy-xfl", "cy-ch"]).await;
    let listing = new_listing(&app, &cookie, "两社区保洁", "2").await;
    let starts = open_tomorrow(&app, &cookie, listing, "3").await;
    assert!(app.get("/market", &neighbour).await.body.contains("两社区保洁"), "open where it was approved");
    assert!(!app.get("/market", &across).await.body.contains("两社区保洁"), "not where nobody has decided yet");
    assert_ne!(book(&app, &across, listing, starts, "13810000965").await.status, StatusCode::SEE_OTHER, "nor bookable there");

    let page = app.get(&format!("/work/providers/{id}"), &there).await;
    assert!(page.body.contains("尚未在本社区开放"));
    let open = format!("/work/providers/{id}/community/open");
    assert_eq!(app.post(&open, &elsewhere, &[]).await.status, StatusCode::NOT_FOUND, "a community it does not ask to serve");
    assert_eq!(app.post(&open, &cookie, &[]).await.status, StatusCode::NOT_FOUND, "the provider itself");
    assert_eq!(app.post(&open, &there, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(app.get("/market", &across).await.body.contains("两社区保洁"));
    assert_eq!(book(&app, &across, listing, starts, "13810000965").await.status, StatusCode::SEE_OTHER);
    let history: Vec<(String, String)> = app.store.provider_events(id).await.unwrap().into_iter().map(|e| (e.kind, e.note)).collect();
    assert!(history.contains(&("community_opened".into(), "cy-xfl".into())) && history.contains(&("community_opened".into(), "cy-ch".into())));
    assert!(app.get("/me/inbox", &cookie).await.body.contains("已在春晖社区开放"), "the provider is told");

    // Closing in one community leaves the other as it was.
    assert_eq!(app.post(&format!("/work/providers/{id}/community/close"), &there, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/market", &across).await.body.contains("两社区保洁"));
    assert!(app.get("/market", &neighbour).await.body.contains("两社区保洁"));
}

/// A search is ranked once a minute for everyone in a community. A change made through this server
/// shows at once (above, a suspension); one made elsewhere — another server, a command — within the
/// minute.
async fn a_change_made_elsewhere_shows_in_search_within_a_minute(store: SharedStore) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let (app, clock) = app_at(store, now);
    let (_, staff) = app.account("13910000501", 501, "staff", None, Some("cy-xfl")).await;
    let (_, resident) = app.account("13810000502", 502, "resident", None, Some("cy-xfl")).await;
    let (a, a_id) = approved_provider(&app, "13510000503", 503, &staff, &["cy-xfl"]).await;
    let listing = new_listing(&app, &a, "上门保洁", "0").await;
    open_tomorrow(&app, &a, listing, "2").await;
    assert!(app.get("/market?q=baojie", &resident).await.body.contains("上门保洁"));

    app.store.set_listing_active(listing, a_id, false, now).await.unwrap();
    assert!(app.get("/market?q=baojie", &resident).await.body.contains("上门保洁"), "held within the minute");
    assert_eq!(app.get(&format!("/market/{listing}"), &resident).await.status, StatusCode::NOT_FOUND, "the listing itself is read afresh");
    clock.advance(60);
    assert!(!app.get("/market?q=baojie", &resident).await.body.contains("上门保洁"), "ranked again a minute later");
}

linli_app::on_both_engines!(
    a_change_made_elsewhere_shows_in_search_within_a_minute,
    each_community_approves_a_provider_for_itself,
    nobody_vets_what_they_run,
    relatives_and_staff_book_for_an_elder,
    radius_service_areas_and_resubmission,
    promotions_are_approved_labelled_and_kept_out_of_elder_mode,
    apply_vet_list_book_serve_and_rate,
    access_suspension_and_complaints,
    the_last_places_go_to_exactly_as_many_residents,
    cancellation_window_and_completion_after_48_hours,
);
