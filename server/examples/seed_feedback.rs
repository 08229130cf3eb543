//! For `cargo make bench`: fills one month with feedback so the supervision board has real work.
//! `seed_feedback <database url> <YYYY-MM> <count>`: items spread over the month and over the
//! demo district's communities; two in three are answered and closed within hours, the rest
//! stay open past their deadline.
use linli_app::storage::{FeedbackEffects, FeedbackStep, NewFeedback};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, month, count] = args.as_slice() else { panic!("usage: seed_feedback <database url> <YYYY-MM> <count>") };
    let count: i64 = count.parse().expect("a count");
    let keys = linli_server::keys_beside(db).expect("the server's keys");
    let store = linli_app::storage::connect(db, std::sync::Arc::new(keys)).await.expect("database opens");
    let (from, to) = linli_app::board::stats::month_span(month).expect("a YYYY-MM month");
    let buildings = store.buildings().await.expect("buildings");
    for i in 0..count {
        let b = &buildings[i as usize % buildings.len()];
        let at = from + (to - from) * i / count;
        let item = NewFeedback {
            ref_no: format!("B{month}{i:07}").replace('-', ""),
            category_code: "report-light".into(),
            kind: "report".into(),
            resident_id: None,
            filed_by_id: None,
            source: "web",
            channel: "online",
            consent_note: String::new(),
            api_key_id: None,
            reporter_name: String::new(),
            reporter_contact: String::new(),
            title: format!("{} 路灯不亮", b.name),
            body: "晚上一片漆黑。".into(),
            building_id: Some(b.id),
            address: format!("{} {} {}", b.street_name, b.community_name, b.name),
            community_code: Some(b.community_code.clone()),
            lat: None,
            lng: None,
            media_url: String::new(),
            order_id: None,
            is_public: true,
            unit_kind: "community".into(),
            unit_code: b.community_code.clone(),
            deadline: linli_app::time::day_of(at + 3 * 86_400).to_string(),
        };
        let id = store.create_feedback(&item, &[], &[], &[], at).await.expect("item stored");
        if i % 3 != 0 {
            let closed_at = at + 3600 * (1 + i % 48);
            let closes_on = Some(linli_app::time::day_of(closed_at).to_string());
            let effects = FeedbackEffects { public: true, first_reply: true, closes_on, ..Default::default() };
            let step = FeedbackStep::new(id, &["open"], Some("closed"), "closed").note("已修复").effects(effects);
            store.feedback_step(&step, closed_at).await.expect("item closed");
        }
    }
}

