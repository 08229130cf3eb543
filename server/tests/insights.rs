//! 需求分析 through the router, on both engines: a community's staff see their buildings' known
//! counts (and no other community's), cells under five suppressed on the page and in the CSV, the
//! group filter narrowing every count; a department's officers see their casework only;
//! residents meet a 404; every look is audited.
use crate::common;

use axum::http::StatusCode;
use common::{app, apply_rs003, Part};
use linli_app::storage::NewEvaluation;
use linli_app::storage::SharedStore;

async fn the_dashboard_counts_by_building_and_suppresses_small_cells(store: SharedStore) {
    let app = app(store);
    let (staff_id, staff) = app.account("13700009001", 901, "staff", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13700009002", 902, "staff", None, Some("hp-dh")).await;
    let (_, officer) = app.account("13700009003", 903, "officer", Some("rs"), None).await;
    let mut residents = Vec::new();
    for n in 0..6u32 {
        residents.push(app.account(&format!("137000091{n:02}"), 910 + n, "resident", None, Some("cy-xfl")).await);
    }
    for (id, _) in &residents[..5] {
        app.store.set_user_groups(*id, &["alone".to_string(), "elder".to_string()], linli_app::time::now_unix()).await.unwrap();
    }
    let day = linli_app::time::day_of(linli_app::time::now_unix() + 2 * 86_400).to_string();
    let asked = app.post("/help", &residents[0].1, &[("kind", "escort"), ("details", "陪我去医院复查"), ("needed_on", &day)]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    assert_eq!(apply_rs003(&app, &residents[5].1, &[]).await.status, StatusCode::SEE_OTHER);

    let building = app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == "cy-xfl").unwrap().name;
    let page = app.get("/insights", &staff).await;
    assert_eq!(page.status, StatusCode::OK);
    let row = page.body.split("<tr>").skip(1).find(|r| r.contains(&building)).expect("the building's row");
    let cells: Vec<&str> = row.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap()).collect();
    // residents, alone, applications, finished, bundles, feedback, answered, help, served, notices, unread
    assert_eq!(cells, ["6", "5", "&lt;5", "0", "0", "0", "0", "&lt;5", "0", "0", "0"]);
    assert!(page.body.contains(&format!("{building}: 5 位独居老人，&lt;5 个求助未响应")), "the gap is named");
    let (y, m, _) = linli_app::time::today();
    let this_month = format!("{y:04}-{m:02}");
    let trend_row = page.body.split("<tr>").find(|r| r.contains(&format!(">{this_month}</th>"))).expect("this month in the trend's table");
    assert!(trend_row.contains("<td>&lt;5</td><td>0</td><td>&lt;5</td>"), "one application and one help request, suppressed: {trend_row}");
    assert!(page.body.contains("<svg viewBox") && page.body.matches("<polyline").count() == 3, "the chart, drawn on the server");
    let alone = app.get("/insights?group=alone", &staff).await.body;
    let row = alone.split("<tr>").skip(1).find(|r| r.contains(&building)).unwrap();
    assert!(row.contains("<td>5</td><td>5</td><td>0</td>"), "the filter narrows every count: {row}");

    assert!(!app.get("/insights", &elsewhere).await.body.contains(&building), "another community's staff see their own buildings");
    let casework = app.get("/insights", &officer).await.body;
    assert!(casework.contains(&building) && !casework.contains("需要关注"), "a department sees its casework only");
    assert_eq!(app.get("/insights", &residents[0].1).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/insights.csv", &residents[0].1).await.status, StatusCode::NOT_FOUND);

    let csv = app.get("/insights.csv", &staff).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[axum::http::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.body.contains(&format!("{building},6,5,<5,")), "{}", csv.body);
    let looks = app.store.audit_by_actor(staff_id, 10).await.unwrap().into_iter().filter(|a| a.action == "insights_viewed").count();
    assert_eq!(looks, 3, "two pages and a CSV, each audited");
}

/// The cells of the row of a breakdown table whose heading cell holds `label`.
fn cells_of(body: &str, section: &str, label: &str) -> Vec<String> {
    let table = body.split(&format!("id=\"{section}\"")).nth(1).expect("the section").split("</table>").next().unwrap();
    let row = table.split("<tr>").skip(1).find(|r| r.contains(label)).unwrap_or_else(|| panic!("{label} in {section}: {table}"));
    row.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap().to_string()).collect()
}

async fn the_breakdowns_match_a_seeded_community(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account("13700009301", 921, "staff", None, Some("cy-xfl")).await;
    let mut residents = Vec::new();
    for n in 0..6u32 {
        residents.push(app.account(&format!("137000092{n:02}"), 930 + n, "resident", None, Some("cy-xfl")).await);
    }
    for (_, cookie) in &residents {
        assert_eq!(apply_rs003(&app, cookie, &[]).await.status, StatusCode::SEE_OTHER);
    }
    // Five requests for help with daily life, rated 5, 5, 5, 4 and 2: four of five satisfied.
    let building = app.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == "cy-xfl").unwrap().id.to_string();
    for (i, (id, cookie)) in residents[..5].iter().enumerate() {
        let filed = app.post_multipart("/feedback/new", cookie, &[Part::Text("category", "help-daily"), Part::Text("building", &building),
            Part::Text("title", "想请人帮忙买菜"), Part::Text("body", "腿脚不便，想请志愿者每周帮忙买一次菜。")]).await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
        let ref_no = filed.location().trim_start_matches("/feedback/").trim_end_matches("?filed=1").to_string();
        let item = app.store.feedback_by_ref(&ref_no).await.unwrap().unwrap();
        let overall = [5, 5, 5, 4, 2][i];
        let rating = NewEvaluation { subject_kind: "feedback", subject_id: item.id, resident_id: *id, unit_kind: "community".into(),
            unit_code: "cy-xfl".into(), levels: [overall, 4, 4, 4, 4], comment: String::new() };
        app.store.save_evaluation(&rating, None, &[], linli_app::time::now_unix(), 0).await.unwrap();
    }
    // What residents looked for and did not find: six asked about 宠物 (pets), four for 理发 (not shown),
    // one typed an ID number (never kept).
    for (n, (_, cookie)) in residents.iter().enumerate() {
        assert_eq!(app.get("/services?q=%E5%AE%A0%E7%89%A9", cookie).await.status, StatusCode::OK);
        if n < 4 {
            app.get("/services?q=%E7%90%86%E5%8F%91", cookie).await;
        }
    }
    app.get("/services?q=110105194803120042", &residents[0].1).await;

    let page = app.get("/insights", &staff).await.body;
    assert_eq!(cells_of(&page, "by-service", "社会保障卡申领"), ["6", "0", "0", "6"]);
    assert_eq!(cells_of(&page, "by-category", "生活求助"), ["5", "0", "5", "80%"]);
    assert_eq!(cells_of(&page, "unmet-searches", "宠物"), ["6"]);
    assert!(!page.contains("理发") && !page.contains("110105"), "four searches, and numbers, are never shown");
    let csv = app.get("/insights.csv", &staff).await.body;
    assert!(csv.contains("社会保障卡申领,6,0,0,6\r\n") && csv.contains("生活求助,5,0,5,80%\r\n") && csv.contains("宠物,6\r\n"), "{csv}");
    let alone = app.get("/insights?group=alone", &staff).await.body;
    assert!(!alone.contains("宠物"), "nobody of that group searched for it");
}

linli_app::on_both_engines!(the_dashboard_counts_by_building_and_suppresses_small_cells, the_breakdowns_match_a_seeded_community);
