//! 更换手机号: the new number proven with a code, the password confirming it is the owner, and
//! the old number told by SMS.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::SharedStore;

async fn a_resident_moves_to_a_new_number_and_the_old_one_is_told(store: SharedStore) {
    let (app, clock) = app_at(store.clone(), 1_790_000_000);
    let (me_id, me) = app.account("13600008181", 81, "resident", None, Some("cy-xfl")).await;
    app.account("13600008183", 83, "resident", None, Some("cy-xfl")).await;
    assert_eq!(app.get("/me/security/phone", &me).await.status, StatusCode::OK);
    let page = "/me/security/phone";

    let same = app.post(page, &me, &[("phone", "13600008181"), ("send_code", "1")]).await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same.body.contains("这就是你现在的手机号"));
    let sent = app.post(page, &me, &[("phone", "13600008182"), ("send_code", "1")]).await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.body.contains("验证码已发送"));
    let code = app.latest_code("13600008182").await.expect("a code for the new number, which has no account");
    let wrong = app.post(page, &me, &[("phone", "13600008182"), ("code", &code), ("current", "guess-2026"), ("code_step", "1")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("当前密码不正确"));
    let done = app.post(page, &me, &[("phone", "13600008182"), ("code", &code), ("current", "linli2026"), ("code_step", "1")]).await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/me/security?phone=1"));
    assert_eq!(store.user_by_id(me_id).await.unwrap().unwrap().phone, "13600008182");
    let told = store.outbox(20).await.unwrap();
    assert!(told.iter().any(|m| m.recipient == "13600008181" && m.kind == "security" && m.body.contains("136****8182")), "the old number hears of it");
    assert_eq!(app.sign_in("13600008182", "linli2026").await.status, StatusCode::SEE_OTHER);
    assert!(store.audit_for_subject(me_id, 10).await.unwrap().iter().any(|a| a.action == "phone_changed"));

    // A number that already has an account: said only after the code proves it.
    clock.advance(61);
    app.post(page, &me, &[("phone", "13600008183"), ("send_code", "1")]).await;
    let code = app.latest_code("13600008183").await.unwrap();
    let taken = app.post(page, &me, &[("phone", "13600008183"), ("code", &code), ("current", "linli2026"), ("code_step", "1")]).await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.body.contains("已注册了其他账号"));
    assert_eq!(store.user_by_id(me_id).await.unwrap().unwrap().phone, "13600008182");
}

linli_app::on_both_engines!(a_resident_moves_to_a_new_number_and_the_old_one_is_told);
