//! A demo questionnaire (see the README): 李敏 asks 幸福里社区's households about help for older
//! residents, open for 30 days. Idempotent.
use linli_app::storage::{AuditEntry, NewSurvey, Store, StoreError};
use linli_app::surveys::questions::{Kind, Question};

const TITLE: &str = "幸福里社区老年人助餐与上门服务需求调查";

fn questions() -> Vec<Question> {
    let q = |id: &str, kind, label: &str, options: &[&str], required| Question {
        id: id.into(), kind, label: label.into(), options: options.iter().map(|o| o.to_string()).collect(), required, rows: Vec::new(), show_if: None,
    };
    vec![
        q("q1", Kind::Single, "家中 60 岁以上的老人有几位？", &["没有", "1 位", "2 位及以上"], true),
        q("q2", Kind::Multiple, "希望社区提供哪些服务？", &["助餐送餐", "陪同就医", "上门探访", "小修小补"], false),
        q("q3", Kind::LongText, "其他想法或建议", &[], false),
        Question {
            rows: ["老年食堂", "上门保洁", "文体活动"].map(String::from).to_vec(),
            ..q("q4", Kind::Matrix, "您对社区现有的这些服务满意吗？", &["满意", "一般", "不满意", "没用过"], false)
        },
        q("q5", Kind::Photo, "家中如有安全隐患（电线老化、地面湿滑等），可拍一张照片", &[], false),
    ]
}

pub async fn seed(store: &dyn Store) -> Result<(), String> {
    let db = |e: StoreError| e.to_string();
    let Some(staff) = store.user_by_phone("13900000001").await.map_err(db)? else { return Ok(()) };
    if store.unit_surveys("community", "cy-xfl", 50).await.map_err(db)?.iter().any(|s| s.title == TITLE) {
        return Ok(());
    }
    let now = linli_app::time::now_unix();
    let closes = linli_app::time::day_of(now + 30 * 86_400).to_string();
    let survey = NewSurvey {
        unit_kind: "community".into(),
        unit_code: "cy-xfl".into(),
        author_id: staff.id,
        title: TITLE.into(),
        intro: "为办好社区老年食堂和上门服务，请每户花一分钟填写。行动不便的老人，社区工作人员会上门或打电话代为填写。".into(),
        communities: ",cy-xfl,".into(),
        closes_on: closes,
        ..Default::default()
    };
    let id = store.create_survey(&survey, now).await.map_err(db)?;
    let json = serde_json::to_string(&questions()).map_err(|e| e.to_string())?;
    store.set_survey_questions(id, &json, now).await.map_err(db)?;
    let audit = AuditEntry { actor_id: staff.id, subject_id: staff.id, action: "survey_open".into(), detail: format!("survey {id} (demo)") };
    store.move_survey(id, &["draft"], "open", &audit, now).await.map_err(db)?;
    Ok(())
}
