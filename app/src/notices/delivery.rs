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

/// The daily digest goes out at the first sweep after 18:00 Shanghai time, with every notice
/// delivered before then that its resident chose to hear of in a digest.
pub const DIGEST_HOUR: u32 = 18;

/// The latest digest time at or before `now`.
pub fn digest_cutoff(now: i64) -> i64 {
    let today = crate::time::day_of(now).and_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or_default().and_utc().timestamp() - 8 * 3600;
    if now >= today { today } else { today - 86_400 }
}

/// Sends every digest due: one inbox line per resident naming their waiting notices. Returns how
/// many residents got one.
pub async fn send_digests(store: &dyn Store, now: i64) -> StoreResult<u64> {
    let mut sent = 0;
    loop {
        let items = store.due_notice_digests(digest_cutoff(now), 2_000).await?;
        if items.is_empty() {
            return Ok(sent);
        }
        let mut at = 0;
        while at < items.len() {
            let user = items[at].user_id;
            let end = items[at..].iter().position(|i| i.user_id != user).map_or(items.len(), |p| at + p);
            let mine = &items[at..end];
            let titles: Vec<&str> = mine.iter().take(3).map(|i| i.title.as_str()).collect();
            let line = |lang| text_with(lang, "notice-digest", [("count", (mine.len() as i64).into()), ("titles", titles.join("、").into())]);
            let text = DeliveryText { zh: line(Lang::Zh), en: line(Lang::En), by_sms: false };
            let ids: Vec<i64> = mine.iter().map(|i| i.notice_id).collect();
            store.send_notice_digest(user, &ids, &text, now).await?;
            sent += 1;
            at = end;
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
    send_digests(store, now).await?;
    Ok((released, addressed))
}
