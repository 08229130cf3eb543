//! Demo 一件事: 张伟 has filed 新生儿出生一件事 for his baby, so a newcomer meets one bundle
//! with its three departments, the social security card waiting for the birth registration, and
//! the officers of 公安 and 医保 each with their part in the queue. Idempotent.
use linli_app::applications::steps;
use linli_app::storage::{NewApplication, NewBundle, NewBundlePart, Store};
use linli_app::things::{chain_days, find, plan};

pub async fn seed(store: &dyn Store) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let Some(father) = store.user_by_phone("13800000002").await.map_err(db)? else { return Ok(()) };
    if !store.bundles_of(father.id).await.map_err(db)?.is_empty() {
        return Ok(());
    }
    let thing = find("birth").ok_or("no birth bundle in the catalogue")?;
    let planned = plan(thing, |service| service == "RS003");
    let mut services = Vec::new();
    for p in &planned {
        services.push(store.service(&p.part.service).await.map_err(db)?.ok_or("a birth item is missing")?);
    }
    let days: Vec<i64> = services.iter().map(|s| s.time_limit_days).collect();
    let today = steps::today();
    let mut deadlines = Vec::new();
    for chain in chain_days(&planned, &days) {
        deadlines.push(steps::deadline_from(store, today, chain).await.map_err(db)?);
    }
    let fields = r#"{"child_birthdate":"2026-11-26","child_name":"张小满","reason":"孩子随父落户"}"#;
    let parts: Vec<NewBundlePart> = planned
        .iter()
        .zip(&services)
        .zip(&deadlines)
        .map(|((p, s), deadline)| NewBundlePart {
            app: NewApplication {
                ref_no: steps::new_ref_no(),
                service_code: s.code.clone(),
                applicant_id: father.id,
                filed_by_id: father.id,
                filed_as: "self".into(),
                consent_note: String::new(),
                channel: "online",
                department_code: s.department_code.clone(),
                fields_json: if s.code == "RS003" { r#"{"reason":"孩子随父落户"}"#.into() } else { fields.into() },
                deadline: deadline.clone(),
                certificates: Vec::new(),
            },
            after: p.after,
            slots: Vec::new(),
            notices: Vec::new(),
        })
        .collect();
    let bundle = NewBundle {
        ref_no: steps::new_ref_no(),
        thing_code: thing.code.clone(),
        applicant_id: father.id,
        filed_by_id: father.id,
        filed_as: "self".into(),
        promised_by: deadlines.iter().max().cloned().unwrap_or_default(),
    };
    store.create_bundle(&bundle, &parts, &[], &[], &[], &[], linli_app::time::now_unix()).await.map_err(db)?;
    Ok(())
}
