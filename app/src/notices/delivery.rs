//! Delivering a published notice: every addressed resident gets a receipt row and an inbox line
//! (and an SMS for urgent categories, if they take SMS), written in batches of `BATCH` residents,
//! each its own transaction, so publishing to a whole district never holds the database for
//! long and never holds more than one batch in memory. The notice keeps its cursor: the sweep
//! finishes a delivery a restart interrupted, and releases scheduled notices when due.
use super::lifecycle::{Mover, NoticeAction, NOTICE_TABLE};
use crate::i18n::text_with;
use crate::prefs::Lang;
use crate::storage::{AuditEntry, DeliveryText, PublicNoticeRow, Store, StoreResult};

pub const BATCH: i64 = 500;

pub fn delivery_text(n: &PublicNoticeRow) -> DeliveryText {
    let line = |lang| text_with(lang, "notice-delivered", [("title", n.title.as_str().into())]);
    DeliveryText { zh: line(Lang::Zh), en: line(Lang::En), by_sms: super::URGENT.contains(&n.category.as_str()) }
}

/// Delivers the rest of a published notice; returns how many residents were addressed now.
pub async fn deliver(store: &dyn Store, id: i64, now: i64) -> StoreResult<u64> {
    let Some(n) = store.public_notice(id).await? else { return Ok(0) };
    let text = delivery_text(&n);
    let mut written = 0;
    loop {
        let step = store.deliver_public_notice(id, &text, BATCH, now).await?;
        written += step.written;
        if step.done {
            return Ok(written);
        }
    }
}

/// One pass of the sweep: scheduled notices whose time has come are published, and every
/// published notice whose delivery has not finished is finished. Returns (released, addressed).
pub async fn run_once(store: &dyn Store, now: i64) -> StoreResult<(u64, u64)> {
    let rule = NOTICE_TABLE.rule(NoticeAction::Release, Mover::Sweep).expect("the sweep releases scheduled notices");
    let to = rule.to.expect("a release leads somewhere").as_str();
    let mut released = 0;
    for id in store.due_public_notices(now).await? {
        let Some(n) = store.public_notice(id).await? else { continue };
        let audit = AuditEntry { actor_id: n.author_id, subject_id: n.author_id, action: "notice_released".into(), detail: format!("notice {id}") };
        if store.move_public_notice(id, rule.from, to, None, "", &audit, now).await? {
            released += 1;
        }
    }
    let mut addressed = 0;
    for id in store.undelivered_public_notices().await? {
        addressed += deliver(store, id, now).await?;
    }
    Ok((released, addressed))
}
