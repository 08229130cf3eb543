//! 问卷 through the router, on both engines: only the audience answers (404 for anyone else),
//! refusals beside their questions with nothing stored, one answer per person that changes
//! until the questionnaire closes, staff answering for a resident with consent (origin kept,
//! audited), and results where cells under five answers are withheld.
use crate::common;

use axum::http::StatusCode;
use common::{app, App};
use linli_app::storage::{NewSurveyAnswer, Reader, SharedStore};

const STAFF: &str = "13600009001";

fn id_from(location: &str) -> i64 {
    location.trim_start_matches("/work/surveys/").parse().unwrap_or_else(|_| panic!("a survey page: {location}"))
}

/// A questionnaire of 幸福里社区 with a required choice and a number, open for a week.
async fn open_survey(app: &App, staff: &str) -> i64 {
    let closes = linli_app::time::day_of(linli_app::time::now_unix() + 7 * 86_400).to_string();
    let r = app.post("/work/surveys", staff, &[("title", "助餐需求调查"), ("closes_on", &closes)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_from(r.location());
    let empty = app.post(&format!("/work/surveys/{id}/open"), staff, &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "no questions, no opening");
    let bad = app.post(&format!("/work/surveys/{id}/questions"), staff, &[("kind", "single"), ("label", "几位老人"), ("options", "没有")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("选择题需 2–12 个选项"), "the refusal is beside the options");
    for q in [[("kind", "single"), ("label", "家中几位老人"), ("options", "没有\n1 位\n2 位及以上"), ("required", "1")],
              [("kind", "number"), ("label", "家中几口人"), ("options", ""), ("required", "")]] {
        assert_eq!(app.post(&format!("/work/surveys/{id}/questions"), staff, &q).await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(app.post(&format!("/work/surveys/{id}/open"), staff, &[]).await.status, StatusCode::SEE_OTHER);
    id
}

async fn residents_answer_and_change_it_until_it_closes(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 901, "staff", None, Some("cy-xfl")).await;
    let (resident_id, resident) = app.account("13600009002", 902, "resident", None, Some("cy-xfl")).await;
    let (_, elsewhere) = app.account("13600009003", 903, "resident", None, Some("hp-dh")).await;
    let id = open_survey(&app, &staff).await;
    let page = format!("/surveys/{id}");

    assert!(app.get("/surveys", &resident).await.body.contains("助餐需求调查"));
    assert!(!app.get("/surveys", &elsewhere).await.body.contains("助餐需求调查"));
    assert_eq!(app.get(&page, &elsewhere).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&page, &elsewhere, &[("q1", "没有")]).await.status, StatusCode::NOT_FOUND);

    let refused = app.post(&page, &resident, &[("q1", "三位"), ("q2", "五")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("请选择一项") && refused.body.contains("请填写数字"), "each refusal beside its question");
    assert!(app.store.survey_answer(id, resident_id).await.unwrap().is_none(), "nothing stored");

    assert_eq!(app.post(&page, &resident, &[("q1", "1 位"), ("q2", "3")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&page, &resident, &[("q1", "2 位及以上")]).await.status, StatusCode::SEE_OTHER);
    let stored = app.store.survey_answers(id).await.unwrap();
    assert_eq!(stored.len(), 1, "one answer per person");
    // A household is counted once: the resident's partner at the same door makes no second one.
    let (_, partner) = app.account("13600009004", 904, "resident", None, Some("cy-xfl")).await;
    for cookie in [&resident, &partner] {
        assert_eq!(app.post("/me/room", cookie, &[("room", "1101")]).await.status, StatusCode::SEE_OTHER);
    }
    let coverage = app.store.survey_coverage(id).await.unwrap();
    let total = coverage.iter().fold((0, 0, 0, 0), |a, c| (a.0 + c.addressed, a.1 + c.answered, a.2 + c.households, a.3 + c.households_answered));
    assert_eq!(total, (2, 1, 1, 1), "two residents, one answer, one household, answered");
    assert_eq!((stored[0].origin.as_str(), stored[0].answers.as_str()), ("self", r#"{"q1":"2 位及以上"}"#));
    assert!(app.get(&page, &resident).await.body.contains(r#"value="2 位及以上" checked"#), "the form shows the answer so far");

    let frozen = app.post(&format!("/work/surveys/{id}/questions"), &staff, &[("kind", "text"), ("label", "另加一题")]).await;
    assert_eq!(frozen.status, StatusCode::CONFLICT, "questions are fixed once it opens");
    assert_eq!(app.post(&format!("/work/surveys/{id}/close"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&page, &resident, &[("q1", "没有")]).await.status, StatusCode::CONFLICT, "closed");
}

async fn staff_answer_for_a_resident_with_consent(store: SharedStore) {
    let app = app(store);
    let (staff_id, staff) = app.account(STAFF, 911, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13600009012", 912, "staff", None, Some("hp-dh")).await;
    let (elder_id, _) = app.account("13600009013", 913, "resident", None, Some("cy-xfl")).await;
    let id = open_survey(&app, &staff).await;
    let desk = app.get(&format!("/work/surveys/{id}"), &staff).await;
    let proxy = format!("/work/surveys/{id}/residents/{elder_id}");
    assert!(desk.body.contains(&proxy), "the unanswered resident is listed with 代答");
    assert_eq!(app.get(&proxy, &other_staff).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&proxy, &other_staff, &[("q1", "1 位"), ("consent", "phone")]).await.status, StatusCode::NOT_FOUND);
    // A reminder goes to exactly those who have not answered; only the owning unit sends one.
    assert_eq!(app.post(&format!("/work/surveys/{id}/remind"), &other_staff, &[]).await.status, StatusCode::NOT_FOUND);
    let reminded = app.post(&format!("/work/surveys/{id}/remind"), &staff, &[]).await;
    assert_eq!((reminded.status, reminded.location()), (StatusCode::SEE_OTHER, format!("/work/surveys/{id}?reminded=1").as_str()));
    assert!(app.store.inbox(elder_id, 5).await.unwrap().iter().any(|n| n.text_zh.contains("请填写问卷：助餐需求调查")));
    assert_eq!(app.get(&proxy, &staff).await.status, StatusCode::OK);
    assert_eq!(app.post(&proxy, &staff, &[("q1", "1 位")]).await.status, StatusCode::UNPROCESSABLE_ENTITY, "consent must be stated");
    assert!(app.store.survey_answer(id, elder_id).await.unwrap().is_none());
    assert_eq!(app.post(&proxy, &staff, &[("q1", "1 位"), ("consent", "in_person")]).await.status, StatusCode::SEE_OTHER);
    let a = app.store.survey_answer(id, elder_id).await.unwrap().unwrap();
    assert_eq!((a.origin.as_str(), a.recorded_by, a.consent_note.as_str()), ("staff", Some(staff_id), "in_person"));
    let audit = app.store.audit_for_subject(elder_id, 20).await.unwrap();
    assert!(audit.iter().any(|r| r.action == "survey_answered_for" && r.actor_id == Some(staff_id)));
    assert!(audit.iter().any(|r| r.action == "survey_answer_viewed"), "opening a resident's answers is audited");

    // Named answers, for door-to-door follow-up: the owning unit only, and each export is on the
    // resident's own record.
    let named = format!("/work/surveys/{id}/answers.csv");
    assert_eq!(app.get(&named, &other_staff).await.status, StatusCode::NOT_FOUND);
    let csv = app.get(&named, &staff).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[axum::http::header::CACHE_CONTROL], "private, no-store");
    let name = common::person_name(913);
    assert!(csv.body.starts_with("\u{feff}\"姓名\",\"楼栋\",\"填写方式\",\"最后修改\",\"家中几位老人\",\"家中几口人\"\n"), "{}", csv.body);
    assert!(csv.body.contains(&format!("\"{name}\"")) && csv.body.contains("\"工作人员代填\"") && csv.body.contains("\"1 位\",\"\"\n"), "{}", csv.body);
    let audit = app.store.audit_for_subject(elder_id, 20).await.unwrap();
    assert!(audit.iter().any(|r| r.action == "survey_answers_exported" && r.actor_id == Some(staff_id)));
    let closes = linli_app::time::day_of(linli_app::time::now_unix() + 86_400).to_string();
    let anonymous = app.post("/work/surveys", &staff, &[("title", "匿名满意度"), ("closes_on", &closes), ("anonymous", "1")]).await;
    let anonymous_id = id_from(anonymous.location());
    assert_eq!(app.get(&format!("/work/surveys/{anonymous_id}/answers.csv"), &staff).await.status, StatusCode::NOT_FOUND, "no names for an anonymous one");
}

async fn results_withhold_cells_under_five(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 921, "staff", None, Some("cy-xfl")).await;
    let (first, _) = app.account("13600009022", 922, "resident", None, Some("cy-xfl")).await;
    let id = open_survey(&app, &staff).await;
    let building = app.store.user_by_id(first).await.unwrap().unwrap().building_id;
    let today = linli_app::time::day_of(linli_app::time::now_unix()).to_string();
    for i in 0..6u32 {
        let (user_id, _) = if i == 0 { (first, String::new()) } else { app.account(&format!("1360000903{i}"), 930 + i, "resident", None, Some("cy-xfl")).await };
        let answer = if i < 5 { r#"{"q1":"1 位"}"# } else { r#"{"q1":"没有"}"# };
        let saved = NewSurveyAnswer { survey_id: id, reader: Reader { user_id, community: "cy-xfl".into(), building_id: building },
            answers: answer.into(), origin: "self", recorded_by: None, consent_note: String::new(), channel: "online", photos: Vec::new(), replaces: Vec::new() };
        assert!(app.store.save_survey_answer(&saved, &today, None, 1_000).await.unwrap().is_some());
    }
    let csv = app.get(&format!("/work/surveys/{id}/results.csv"), &staff).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("\"家中几位老人\",\"1 位\",,5\n"), "{}", csv.body);
    assert!(csv.body.contains("\"家中几位老人\",\"没有\",,<5\n"), "one answer is withheld: {}", csv.body);
    assert!(!csv.body.contains(",1\n"), "no cell of one anywhere");
    let desk = app.get(&format!("/work/surveys/{id}"), &staff).await.body;
    assert!(desk.contains("&lt;5") && desk.contains("class=\"chart\""), "the chart and the table withhold it too");
    let (_, resident) = app.account("13600009040", 940, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.get(&format!("/work/surveys/{id}/results.csv"), &resident).await.status, StatusCode::NOT_FOUND);
}

/// A branch is asked only when its condition holds; a relative the resident authorised answers
/// for them (origin kept, audited); results are cross-tabulated by population group.
async fn branches_relatives_and_groups(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 951, "staff", None, Some("cy-xfl")).await;
    let (elder_id, _) = app.account("13600009052", 952, "resident", None, Some("cy-xfl")).await;
    let (son_id, son) = app.account("13600009053", 953, "resident", None, Some("hp-dh")).await;
    let (_, stranger) = app.account("13600009054", 954, "resident", None, Some("hp-dh")).await;
    app.store.add_delegation(elder_id, son_id, 1_000).await.unwrap();
    app.store.set_user_groups(elder_id, &["elder".to_string()], 1_000).await.unwrap();
    let closes = linli_app::time::day_of(linli_app::time::now_unix() + 7 * 86_400).to_string();
    let r = app.post("/work/surveys", &staff, &[("title", "助餐需求调查"), ("closes_on", &closes)]).await;
    let id = id_from(r.location());
    let add = |q: Vec<(&'static str, &'static str)>| { let app = &app; let staff = staff.clone(); async move { app.post(&format!("/work/surveys/{id}/questions"), &staff, &q).await } };
    assert_eq!(add(vec![("kind", "single"), ("label", "需要助餐吗"), ("options", "需要\n不需要"), ("required", "1")]).await.status, StatusCode::SEE_OTHER);
    let bad = add(vec![("kind", "text"), ("label", "每周几次"), ("show_if", "q1"), ("show_if_option", "也许")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "the option must be one of q1's");
    assert_eq!(add(vec![("kind", "text"), ("label", "每周几次"), ("show_if", "q1"), ("show_if_option", "需要"), ("required", "1")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/work/surveys/{id}/open"), &staff, &[]).await.status, StatusCode::SEE_OTHER);

    let page = format!("/surveys/{id}");
    assert!(app.get("/surveys", &son).await.body.contains(&format!("/surveys/{id}?for={elder_id}")), "listed for the relative he looks after");
    assert!(app.get(&format!("{page}?for={elder_id}"), &son).await.body.contains("（“需要助餐吗”选“需要”时回答）"), "the branch says when it applies");
    assert_eq!(app.get(&format!("{page}?for={elder_id}"), &stranger).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&page, &stranger, &[("for", &elder_id.to_string()), ("q1", "不需要")]).await.status, StatusCode::NOT_FOUND);
    let asked = app.post(&page, &son, &[("for", &elder_id.to_string()), ("q1", "需要")]).await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY, "asked, so required");
    let sent = app.post(&page, &son, &[("for", &elder_id.to_string()), ("q1", "不需要"), ("q2", "三次")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let a = app.store.survey_answer(id, elder_id).await.unwrap().unwrap();
    assert_eq!((a.origin.as_str(), a.recorded_by, a.answers.as_str()), ("relative", Some(son_id), r#"{"q1":"不需要"}"#), "the branch not asked is dropped");
    assert!(app.store.audit_for_subject(elder_id, 10).await.unwrap().iter().any(|r| r.action == "survey_answered_for" && r.actor_id == Some(son_id)));
    let desk = app.get(&format!("/work/surveys/{id}"), &staff).await.body;
    assert!(desk.contains("按人群") && desk.contains("亲友代填 1"), "cross-tab by group, and the relative origin counted");
}

/// A matrix: rows rated on the same options, every row required, a table per row in the results.
async fn a_matrix_takes_a_choice_per_row(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 961, "staff", None, Some("cy-xfl")).await;
    let (resident_id, resident) = app.account("13600009062", 962, "resident", None, Some("cy-xfl")).await;
    let closes = linli_app::time::day_of(linli_app::time::now_unix() + 7 * 86_400).to_string();
    let id = id_from(app.post("/work/surveys", &staff, &[("title", "社区服务满意度"), ("closes_on", &closes)]).await.location());
    let questions = format!("/work/surveys/{id}/questions");
    let one_row = app.post(&questions, &staff, &[("kind", "matrix"), ("label", "您对以下服务满意吗"), ("options", "满意\n一般\n不满意"), ("rows", "助餐")]).await;
    assert_eq!(one_row.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(one_row.body.contains("矩阵题需 2–10 行"));
    let added = app.post(&questions, &staff, &[("kind", "matrix"), ("label", "您对以下服务满意吗"), ("options", "满意\n一般\n不满意"),
        ("rows", "助餐\n保洁"), ("required", "1")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/work/surveys/{id}/open"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    let page = format!("/surveys/{id}");
    let form = app.get(&page, &resident).await.body;
    assert!(form.contains(r#"name="q1.0""#) && form.contains(r#"name="q1.1""#), "a group of choices per row");
    let half = app.post(&page, &resident, &[("q1.0", "满意")]).await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(half.body.contains("请每一行都作答") && half.body.contains(r#"value="满意" checked"#), "the refusal keeps what was chosen");
    assert_eq!(app.post(&page, &resident, &[("q1.0", "满意"), ("q1.1", "一般")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.survey_answer(id, resident_id).await.unwrap().unwrap().answers, r#"{"q1":["满意","一般"]}"#);
    let csv = app.get(&format!("/work/surveys/{id}/results.csv"), &staff).await.body;
    assert!(csv.contains("\"您对以下服务满意吗 — 保洁\",\"一般\",,<5"), "a row per matrix row: {csv}");
}

/// A photo question takes one photo through the upload pipeline; it is replaced, kept, shown to
/// the resident and the owning unit only (audited), linked from the named CSV, and deleted with
/// the account.
async fn a_photo_question_takes_one_cleaned_photo(store: SharedStore) {
    use common::{pdf, photo, Part};
    let app = app(store);
    let (staff_id, staff) = app.account(STAFF, 971, "staff", None, Some("cy-xfl")).await;
    let (_, other_staff) = app.account("13600009072", 972, "staff", None, Some("hp-dh")).await;
    let (resident_id, resident) = app.account("13600009073", 973, "resident", None, Some("cy-xfl")).await;
    let (_, neighbour) = app.account("13600009074", 974, "resident", None, Some("cy-xfl")).await;
    let closes = linli_app::time::day_of(linli_app::time::now_unix() + 7 * 86_400).to_string();
    let id = id_from(app.post("/work/surveys", &staff, &[("title", "烟感排查"), ("closes_on", &closes)]).await.location());
    for q in [[("kind", "photo"), ("label", "烟感报警器照片"), ("required", "1")], [("kind", "text"), ("label", "安装位置"), ("required", "")]] {
        assert_eq!(app.post(&format!("/work/surveys/{id}/questions"), &staff, &q).await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(app.post(&format!("/work/surveys/{id}/open"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    let page = format!("/surveys/{id}");
    let form = app.get(&page, &resident).await.body;
    assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains(r#"type="file""#), "the form takes a photo");

    // Refusals beside the question; nothing stored.
    for (parts, message) in [
        (vec![Part::Text("q2", "厨房")], "这一题必须回答"),
        (vec![Part::File("q1", "烟感.pdf", pdf())], "请上传照片（JPEG、PNG 或 WebP）"),
        (vec![Part::File("q1", "1.jpg", photo(1)), Part::File("q1", "2.jpg", photo(2))], "每题只能上传一张照片"),
    ] {
        let r = app.post_multipart(&page, &resident, &parts).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.body.contains(message), "{message}");
    }
    let claimed = app.post(&page, &resident, &[("q1", "photo")]).await;
    assert_eq!(claimed.status, StatusCode::UNPROCESSABLE_ENTITY, "a hand-made post cannot claim a photo it did not send");
    assert!(app.store.survey_answer(id, resident_id).await.unwrap().is_none() && app.stored_files().is_empty(), "nothing half-stored");

    let given = app.post_multipart(&page, &resident, &[Part::File("q1", "烟感.jpg", photo(3)), Part::Text("q2", "厨房")]).await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    let first = app.store.survey_photos(id, Some(resident_id)).await.unwrap()[0].file.id;
    let url = |f: i64| format!("/surveys/{id}/photos/{f}");
    let got = app.get(&url(first), &resident).await;
    assert_eq!((got.status, got.headers[axum::http::header::CONTENT_TYPE].to_str().unwrap()), (StatusCode::OK, "image/jpeg"));
    for (who, cookie) in [("a neighbour", &neighbour), ("another community's staff", &other_staff), ("a stranger", &String::new())] {
        assert_eq!(app.get(&url(first), cookie).await.status, StatusCode::NOT_FOUND, "{who}");
    }
    assert_eq!(app.get(&url(first), &staff).await.status, StatusCode::OK, "the owning unit sees it");
    assert!(app.store.audit_for_subject(resident_id, 20).await.unwrap().iter().any(|r| r.action == "survey_photo_viewed" && r.actor_id == Some(staff_id)));

    // Changing another answer keeps the photo; a new photo replaces it and the old bytes go.
    assert_eq!(app.post_multipart(&page, &resident, &[Part::Text("q2", "客厅")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.survey_photos(id, Some(resident_id)).await.unwrap()[0].file.id, first);
    let stored = app.stored_files().len();
    assert_eq!(app.post_multipart(&page, &resident, &[Part::File("q1", "新.jpg", photo(4))]).await.status, StatusCode::SEE_OTHER);
    let second = app.store.survey_photos(id, Some(resident_id)).await.unwrap()[0].file.id;
    assert_ne!(second, first);
    assert_eq!(app.get(&url(first), &resident).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.stored_files().len(), stored, "photo and thumbnail replaced, not added");
    let removed = app.post_multipart(&page, &resident, &[Part::Text("q1.remove", "1")]).await;
    assert_eq!(removed.status, StatusCode::UNPROCESSABLE_ENTITY, "a required photo cannot be taken away");
    let csv = app.get(&format!("/work/surveys/{id}/answers.csv"), &staff).await.body;
    assert!(csv.contains(&url(second)), "the named CSV links the photo: {csv}");
    assert!(app.get(&format!("/work/surveys/{id}"), &staff).await.body.contains("1 份答卷附有照片"), "the desk counts photos");

    // Closing the account deletes the photo, bytes and all.
    let closed = app.post("/me/data/close", &resident, &[("password", "linli2026"), ("confirm", "注销")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert!(app.store.survey_photos(id, None).await.unwrap().is_empty());
    assert!(app.stored_files().is_empty(), "{:?}", app.stored_files());
}

/// One answer per household: a member sees the household's answer and replaces it; the
/// unanswered list is of households.
async fn one_answer_per_household(store: SharedStore) {
    let app = app(store);
    let (_, staff) = app.account(STAFF, 981, "staff", None, Some("cy-xfl")).await;
    let (_, wife) = app.account("13600009082", 982, "resident", None, Some("cy-xfl")).await;
    let (husband_id, husband) = app.account("13600009083", 983, "resident", None, Some("cy-xfl")).await;
    let (alone_id, _) = app.account("13600009084", 984, "resident", None, Some("cy-xfl")).await;
    for cookie in [&wife, &husband] {
        assert_eq!(app.post("/me/room", cookie, &[("room", "502")]).await.status, StatusCode::SEE_OTHER);
    }
    let closes = linli_app::time::day_of(linli_app::time::now_unix() + 7 * 86_400).to_string();
    let r = app.post("/work/surveys", &staff, &[("title", "每户用水情况"), ("closes_on", &closes), ("per_household", "1")]).await;
    let id = id_from(r.location());
    let q = [("kind", "single"), ("label", "家中几位老人"), ("options", "没有\n1 位\n2 位及以上"), ("required", "1")];
    assert_eq!(app.post(&format!("/work/surveys/{id}/questions"), &staff, &q).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post(&format!("/work/surveys/{id}/open"), &staff, &[]).await.status, StatusCode::SEE_OTHER);
    let page = format!("/surveys/{id}");
    assert_eq!(app.post(&page, &wife, &[("q1", "1 位")]).await.status, StatusCode::SEE_OTHER);

    let form = app.get(&page, &husband).await.body;
    assert!(form.contains("您家已有人填写") && form.contains(&common::person_name(982)) && form.contains(r#"value="1 位" checked"#),
        "the household's answer, to change");
    let unanswered: Vec<i64> = app.store.survey_unanswered(id, 10).await.unwrap().iter().map(|u| u.user_id).collect();
    assert_eq!(unanswered, vec![alone_id], "the couple's household has answered");
    assert_eq!(app.post(&page, &husband, &[("q1", "2 位及以上")]).await.status, StatusCode::SEE_OTHER);
    let answers = app.store.survey_answers(id).await.unwrap();
    assert_eq!(answers.iter().map(|a| (a.user_id, a.answers.as_str())).collect::<Vec<_>>(), vec![(husband_id, r#"{"q1":"2 位及以上"}"#)],
        "one answer for the household, the latest");
    let coverage = app.store.survey_coverage(id).await.unwrap();
    let total = coverage.iter().fold((0, 0, 0, 0), |a, c| (a.0 + c.addressed, a.1 + c.answered, a.2 + c.households, a.3 + c.households_answered));
    assert_eq!(total, (3, 1, 2, 1));
}

linli_app::on_both_engines!(
    one_answer_per_household,
    a_photo_question_takes_one_cleaned_photo,
    a_matrix_takes_a_choice_per_row,
    branches_relatives_and_groups,
    residents_answer_and_change_it_until_it_closes,
    staff_answer_for_a_resident_with_consent,
    results_withhold_cells_under_five,
);
