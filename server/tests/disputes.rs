//! 身份争议: someone registered a stranger's ID number first. The true holder registers anyway
//! (the number is only claimed), community staff holding the card move it to them, the other
//! account loses it, its running applications are frozen and flagged, and both are told.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

async fn staff_with_the_card_move_a_claimed_number_to_its_holder(store: SharedStore) {
    let app = app(store.clone());
    linli_server::demo::seed(&*store).await.unwrap();
    let id = id_number(71);
    // The impostor got there first (and even reached level 2 somewhere) and applied for 社保.
    let (impostor_id, impostor) = app.account("13600007101", 71, "resident", None, Some("hp-dh")).await;
    let ref_no = ref_of(&apply_rs003(&app, &impostor, &[]).await);

    // The true holder registers with the same number: the account opens, the number only claimed.
    let r = app.register("13600007102", &id).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/me?welcome=1&claim=1"));
    let me = r.cookies();
    let claimant = store.user_by_phone("13600007102").await.unwrap().unwrap();
    assert!(claimant.id_claim_key.is_some() && claimant.id_number.starts_with("claim-"));
    let welcome = app.get("/me?welcome=1&claim=1", &me).await;
    assert!(welcome.body.contains("已被另一个账号登记") && welcome.body.contains("待社区核实"));
    assert!(app.get("/services/MZ004/apply", &me).await.body.contains("class=\"gate\""), "nothing in a claimed name");
    assert_eq!(store.user_by_id(impostor_id).await.unwrap().unwrap().id_number, id, "nothing moves without the card");

    // Staff of another community cannot settle it; staff of the claimant's community, with the card, can.
    let home = store.building(claimant.building_id.unwrap()).await.unwrap().unwrap().community_code;
    let (_, staff) = app.account("13900007103", 73, "staff", None, Some(&home)).await;
    let other = app.sign_in("13900000001", "linli2026").await.cookies();
    let settle = format!("/staff/residents/{}/claim", claimant.id);
    if home != "cy-xfl" {
        assert_eq!(app.post(&settle, &other, &[("id_seen", &id)]).await.status, StatusCode::NOT_FOUND);
    }
    let page = app.get("/staff/residents", &staff).await;
    assert!(page.body.contains("身份争议") && page.body.contains(&settle));
    let wrong = app.post(&settle, &staff, &[("id_seen", &id_number(72))]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("与该居民注册时填写的身份证号不一致"));
    let moved = app.post(&settle, &staff, &[("id_seen", &id)]).await;
    assert_eq!((moved.status, moved.location()), (StatusCode::SEE_OTHER, "/staff/residents?moved=1"));

    let holder = store.user_by_id(claimant.id).await.unwrap().unwrap();
    assert_eq!((holder.id_number.as_str(), holder.identity_method.as_str(), holder.id_claim_key.is_none()), (id.as_str(), "in_person", true));
    let lost = store.user_by_id(impostor_id).await.unwrap().unwrap();
    assert!(lost.id_number.starts_with("disputed-") && lost.identity_checked_at.is_none() && lost.id_disputed_at.is_some());
    // The impostor's running application is frozen: flagged to the department, no step taken.
    let frozen = store.application_by_ref(&ref_no).await.unwrap().unwrap();
    assert!(frozen.frozen_at.is_some());
    let officer = app.sign_in("13700000001", "linli2026").await.cookies();
    assert!(app.get("/me/inbox", &officer).await.body.contains(&format!("申请 {ref_no} 的申请人身份存在争议")));
    assert!(app.get(&format!("/work/{ref_no}"), &officer).await.body.contains("已冻结"));
    assert_ne!(app.post(&format!("/work/{ref_no}/accept"), &officer, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(store.application_by_ref(&ref_no).await.unwrap().unwrap().status, "submitted");
    // Both are told; the one who lost the number by SMS too.
    assert!(app.get("/me/inbox", &impostor).await.body.contains("已从你的账号移除"));
    assert!(store.outbox(50).await.unwrap().iter().any(|m| m.recipient == "13600007101" && m.body.contains("已从你的账号移除")));
    assert!(app.get("/me/inbox", &me).await.body.contains("身份证号已登记到你的账号"));
    assert!(store.audit_for_subject(impostor_id, 10).await.unwrap().iter().any(|a| a.action == "id_moved_away"));
    assert!(store.audit_for_subject(claimant.id, 10).await.unwrap().iter().any(|a| a.action == "id_moved_here"));
    // The holder now applies in their own name.
    assert_eq!(apply_rs003(&app, &me, &[]).await.status, StatusCode::SEE_OTHER);
    // The claim is settled: a second post finds nothing to settle.
    assert_eq!(app.post(&settle, &staff, &[("id_seen", &id)]).await.status, StatusCode::NOT_FOUND);
}

linli_app::on_both_engines!(staff_with_the_card_move_a_claimed_number_to_its_holder);
