//! Demo e-certificate: 王秀英 holds a 老年人优待证, signed by 民政's key like any other, so a
//! newcomer meets the wallet, the share link and the public check without approving anything
//! first. Idempotent.
use linli_app::certificates::{issue, signing::Fact};
use linli_app::storage::Store;

pub async fn seed(store: &dyn Store) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    let Some(elder) = store.user_by_phone("13800000001").await.map_err(db)? else { return Ok(()) };
    if !store.e_certificates_of(elder.id).await.map_err(db)?.is_empty() {
        return Ok(());
    }
    let spec = issue::spec_of(store, "MZ009").await.map_err(db)?.ok_or("MZ009 issues no certificate")?;
    let now = linli_app::time::now_unix();
    let facts = vec![Fact { label: "优待类别".into(), label_en: "Category".into(), value: "70 周岁以上".into() }];
    let subject = issue::Subject { holder: &elder, service_code: "MZ009", department: "mz" };
    let certificate = issue::signed(store, subject, &spec, facts, linli_app::time::day_of(now), now).await.map_err(db)?;
    store.add_e_certificate(&certificate, now).await.map_err(db)
}
