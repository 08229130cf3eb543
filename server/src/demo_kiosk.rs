//! Demo 自助终端: the 幸福里 community centre has a self-service terminal whose device secret is
//! published with the demo (like the demo passwords), so a newcomer can open `/kiosk/pair` in a
//! browser, type it, and meet the terminal. Idempotent.
use linli_app::kiosk::ssr::secret_hash;
use linli_app::storage::{AuditEntry, Store};

pub const DEMO_SECRET: &str = "DEMO-KIOS-KXFL-LINL-2026";

pub async fn seed(store: &dyn Store) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    if store.kiosk_by_secret(&secret_hash(DEMO_SECRET)).await.map_err(db)?.is_some() {
        return Ok(());
    }
    let Some(admin) = store.user_by_phone("13600000001").await.map_err(db)? else { return Ok(()) };
    let audit = AuditEntry { actor_id: admin.id, subject_id: admin.id, action: "kiosk_registered".into(), detail: "cy-xfl demo".into() };
    store.create_kiosk("幸福里党群服务中心 1 号机", "cy-xfl", &secret_hash(DEMO_SECRET), &audit, linli_app::time::now_unix()).await.map_err(db)?;
    Ok(())
}
