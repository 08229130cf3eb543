//! Demo mutual help (see the README): 陈静 volunteers on 幸福里社区's team (approved by 李敏) and
//! has one confirmed service for 王秀英 on her record; 王秀英 has an open request waiting for a
//! volunteer. Idempotent.
use linli_app::storage::{AuditEntry, HelpMove, NewHelpRequest, NewHours, Store, StoreError};

pub async fn seed(store: &dyn Store) -> Result<(), String> {
    let db = |e: StoreError| e.to_string();
    let (Some(staff), Some(elder), Some(helper)) = (
        store.user_by_phone("13900000001").await.map_err(db)?,
        store.user_by_phone("13800000001").await.map_err(db)?,
        store.user_by_phone("13800000003").await.map_err(db)?,
    ) else {
        return Ok(());
    };
    if store.volunteer(helper.id).await.map_err(db)?.is_some() {
        return Ok(());
    }
    let now = linli_app::time::now_unix();
    store.join_team(helper.id, "cy-xfl", "escort,shopping,visit", "工作日晚上、周末", now).await.map_err(db)?;
    let approved = AuditEntry { actor_id: staff.id, subject_id: helper.id, action: "volunteer_active".into(), detail: "demo".into() };
    store.set_volunteer_status(helper.id, "cy-xfl", &["pending"], "active", "", &approved, now).await.map_err(db)?;

    let ask = |kind: &str, details: &str, days: i64| NewHelpRequest {
        community_code: "cy-xfl".into(), requester_id: elder.id, posted_by: elder.id, origin: "self", kind: kind.into(), details: details.into(),
        building_id: elder.building_id, needed_on: linli_app::time::day_of(now + days * 86_400).to_string(), time_slot: "上午 9 点".into(),
        urgent: false, status: "open", channel: "online", consent_note: String::new(),
    };
    // Last week: 陈静 bought groceries for 王秀英, 45 minutes, confirmed with thanks.
    let done = store.create_help_request(&ask("shopping", "帮忙买一周的菜和两袋米，送到家", -7), None, now - 8 * 86_400).await.map_err(db)?;
    let served_at = now - 7 * 86_400;
    let steps: [(&[&str], &str, i64); 4] = [(&["open"], "taken", 0), (&["taken"], "serving", 3600), (&["serving"], "served", 3600 + 45 * 60), (&["served"], "confirmed", 7200)];
    for (from, to, at) in steps {
        let m = HelpMove {
            id: done, from, to, volunteer_id: Some(helper.id), check_in: to == "serving", check_out: to == "served",
            rating: (to == "confirmed").then_some(5), thanks: (to == "confirmed").then(|| "小陈很细心，谢谢！".to_string()),
            hours: (to == "confirmed").then(|| NewHours {
                volunteer_id: helper.id, request_id: done, community_code: "cy-xfl".into(), kind: "shopping".into(),
                served_on: linli_app::time::day_of(served_at).to_string(), minutes: 45, confirmed_by: elder.id,
            }),
            ..Default::default()
        };
        store.move_help_request(&m, served_at + at).await.map_err(db)?;
    }
    store.create_help_request(&ask("escort", "周四上午陪我去社区卫生服务中心量血压、取药，我走路慢", 3), None, now).await.map_err(db)?;
    Ok(())
}
