//! Demo feedback and a promotion, so a newcomer meets them without creating any: 王秀英's public
//! report of a broken light at her building, answered and closed by 李敏 of the community (waiting
//! for her to confirm or reopen), and a
//! home-page promotion by the demo housekeeping business, approved by the community; and a
//! request 王秀英 made by telephone, recorded for her by 李敏 (so the channel split shows more
//! than 网上). Idempotent.
use linli_app::feedback::lifecycle::{Action, Actor, FeedbackStatus, TABLE};
use linli_app::storage::{FeedbackEffects, FeedbackQuery, FeedbackStep, NewFeedback, Store};
use linli_app::uploads;

const PROMOTION_IMAGE: &[u8] = include_bytes!("demo_promotion.png");

pub async fn seed(store: &dyn Store, files: &uploads::FileStore, keys: &linli_app::secrets::Keyring) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let now = linli_app::time::now_unix();
    let today = linli_app::time::day_of(now);
    let (Some(elder), Some(staff)) = (store.user_by_phone("13800000001").await.map_err(db)?, store.user_by_phone("13900000001").await.map_err(db)?) else {
        return Ok(());
    };
    let mine = store.find_feedback(&FeedbackQuery { resident_id: Some(elder.id), limit: 1, ..Default::default() }).await.map_err(db)?;
    if mine.is_empty() {
        let building = store.buildings().await.map_err(db)?.into_iter().find(|b| Some(b.id) == elder.building_id);
        let deadline = linli_app::applications::steps::deadline_from(store, today, 3).await.map_err(db)?;
        let report = NewFeedback {
            ref_no: format!("F{}000001", today.to_string().replace('-', "")),
            category_code: "report-light".into(),
            kind: "report".into(),
            resident_id: Some(elder.id),
            filed_by_id: Some(elder.id),
            source: "web",
            channel: "online",
            consent_note: String::new(),
            title: "1 号楼门口路灯不亮".into(),
            body: "幸福里小区 1 号楼单元门口的路灯这几天晚上都不亮，老人晚上出门看不清台阶。".into(),
            building_id: building.as_ref().map(|b| b.id),
            address: building.map(|b| format!("{} 单元门口", b.address(linli_app::prefs::Lang::Zh))).unwrap_or_default(),
            community_code: elder.community_code.clone().or(Some("cy-xfl".into())),
            is_public: true,
            unit_kind: "community".into(),
            unit_code: "cy-xfl".into(),
            deadline,
            ..Default::default()
        };
        let id = store.create_feedback(&report, &[], &[], &[], now).await.map_err(db)?;
        let close = TABLE.rule(Action::Close, Actor::Unit).ok_or("the table has closing")?;
        let effects = FeedbackEffects { closes_on: Some(today.to_string()), public: true, handler_id: Some(staff.id), first_reply: true, ..Default::default() };
        let step = FeedbackStep::new(id, close.from, close.to.map(FeedbackStatus::as_str), Action::Close.event())
            .by(staff.id)
            .note("物业电工已更换灯具并检查线路，今晚起恢复照明。请您确认是否解决。")
            .effects(effects);
        store.feedback_step(&step, now).await.map_err(db)?;
    }
    phoned_in(store, &elder, &staff, now).await?;
    promotion(store, files, keys, staff.id, now).await
}

/// 王秀英 phoned the community; 李敏 recorded the call as her own request, with her agreement.
async fn phoned_in(store: &dyn Store, elder: &linli_app::storage::UserRecord, staff: &linli_app::storage::UserRecord, now: i64) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let today = linli_app::time::day_of(now);
    let ref_no = format!("F{}000002", today.to_string().replace('-', ""));
    if store.feedback_by_ref(&ref_no).await.map_err(db)?.is_some() {
        return Ok(());
    }
    let deadline = linli_app::applications::steps::deadline_from(store, today, 5).await.map_err(db)?;
    let call = NewFeedback {
        ref_no,
        category_code: "help-daily".into(),
        kind: "help".into(),
        resident_id: Some(elder.id),
        filed_by_id: Some(staff.id),
        source: "web",
        channel: "phone",
        consent_note: linli_app::applications::access::staff_consent("phone", true, &staff.name).unwrap_or_default(),
        title: "想找人上门帮忙洗澡".into(),
        body: "王秀英来电：一个人在家洗澡不方便，想请社区介绍上门助浴服务，最好每周一次。".into(),
        building_id: elder.building_id,
        community_code: Some("cy-xfl".into()),
        unit_kind: "community".into(),
        unit_code: "cy-xfl".into(),
        deadline,
        ..Default::default()
    };
    store.create_feedback(&call, &[], &[], &[], now).await.map_err(db)?;
    Ok(())
}

async fn promotion(store: &dyn Store, files: &uploads::FileStore, keys: &linli_app::secrets::Keyring, staff_id: i64, now: i64) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let Some(owner) = store.user_by_phone("13500000001").await.map_err(db)? else { return Ok(()) };
    let Some(provider) = store.provider_by_owner(owner.id).await.map_err(db)? else { return Ok(()) };
    if !store.promotions(Some(provider.id)).await.map_err(db)?.is_empty() {
        return Ok(());
    }
    let prepared = uploads::prepare(PROMOTION_IMAGE).map_err(|p| format!("{p:?}"))?;
    let image = uploads::write_durably(files, keys, prepared, "冬季保洁.png", "promotion", false).await.map_err(|e| e.to_string())?;
    // Shown on the home page for the next 60 days.
    let (starts, ends) = (linli_app::time::day_of(now), linli_app::time::day_of(now + 60 * 86_400));
    let id = store
        .create_promotion(provider.id, owner.id, "冬季大扫除 · 日常保洁 2 小时", &image, &starts.to_string(), &ends.to_string(), &[], now)
        .await
        .map_err(db)?;
    let approve = linli_app::market::vetting::promotion_rule(linli_app::market::vetting::PromoAction::Approve);
    let to = approve.to.map(linli_app::market::vetting::PromoStatus::as_str).ok_or("approval has a target")?;
    store.review_promotion(id, approve.from, to, "", staff_id, &[], now).await.map_err(db)?;
    Ok(())
}
