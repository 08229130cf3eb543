//! Community boundaries: drawn by administrators at `/admin/boundaries` (refused beside the field
//! when the drawing does not parse, nothing stored; audited when it does), and used to place a
//! feedback report that comes with a point and no building. On both engines.
use crate::common;

use axum::http::StatusCode;
use common::app;
use linli_app::community::boundary::rectangle;
use linli_app::storage::SharedStore;

async fn administrators_draw_and_reports_are_placed_by_the_drawing(store: SharedStore) {
    let app = app(store);
    let (admin, cookie) = app.account("13600007101", 711, "admin", None, None).await;
    let (_, staff) = app.account("13600007102", 712, "staff", None, Some("cy-xfl")).await;
    let page = app.get("/admin/boundaries", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("未画出"), "nothing is drawn yet");

    // A ring that does not close: refused beside the field, and nothing stored.
    let open = r#"{"type":"Polygon","coordinates":[[[121.40,31.10],[121.41,31.10],[121.41,31.11],[121.40,31.11]]]}"#;
    let refused = app.post("/admin/boundaries", &cookie, &[("community", "cy-yx"), ("boundary", open)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r#"id="boundary-error""#) && refused.body.contains("首尾闭合"), "{}", refused.body);
    assert!(refused.body.contains("121.41,31.11"), "the drawing is kept in the field to mend");
    assert!(app.store.community_boundaries().await.unwrap().iter().all(|(_, g)| g.is_empty()));

    // Only administrators draw; an unknown community is not found.
    let area = rectangle(31.10, 121.40, 31.11, 121.41);
    assert_eq!(app.post("/admin/boundaries", &staff, &[("community", "cy-yx"), ("boundary", &area)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post("/admin/boundaries", &cookie, &[("community", "nowhere"), ("boundary", &area)]).await.status, StatusCode::NOT_FOUND);
    let saved = app.post("/admin/boundaries", &cookie, &[("community", "cy-yx"), ("boundary", &area)]).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("边界已保存"));
    assert!(app.get("/admin/boundaries", &cookie).await.body.contains("已画出（5 个点）"));
    let audit = app.store.audit_by_actor(admin, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "boundary_drawn" && a.detail == "cy-yx"));

    // A resident's report with a pin inside the drawing and no building goes to 银杏社区.
    let (_, resident) = app.account("13600007103", 713, "resident", None, Some("cy-xfl")).await;
    let filed = app
        .post_multipart("/feedback/new", &resident, &[
            common::Part::Text("category", "report-light"), common::Part::Text("title", "路灯不亮"),
            common::Part::Text("body", "公园东门的路灯整晚不亮"), common::Part::Text("lat", "31.105"), common::Part::Text("lng", "121.405"),
        ])
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let ref_no = filed.location().trim_start_matches("/feedback/").split('?').next().unwrap().to_string();
    let item = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
    assert_eq!((item.community_code.as_deref(), item.building_id), (Some("cy-yx"), None));
}

linli_app::on_both_engines!(administrators_draw_and_reports_are_placed_by_the_drawing);
