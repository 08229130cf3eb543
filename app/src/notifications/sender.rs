//! Outbound SMS and e-mail. A real gateway implements `Sender`; until one is contracted, the
//! built-in `LogSender` delivers each queued message to the structured log (marking it sent by
//! "log"), so nothing is silently dropped and an admin can read every message at /admin/outbox.
use crate::storage::{OutboxRow, Store, StoreResult};
use async_trait::async_trait;
use std::sync::Arc;

#[async_trait]
pub trait Sender: Send + Sync {
    /// Recorded with each message it delivers.
    fn name(&self) -> &'static str;
    async fn deliver(&self, message: &OutboxRow) -> Result<(), String>;
}

pub struct LogSender;

#[async_trait]
impl Sender for LogSender {
    fn name(&self) -> &'static str {
        "log"
    }
    async fn deliver(&self, m: &OutboxRow) -> Result<(), String> {
        let to = if m.channel == "sms" { crate::accounts::validate::mask_phone(&m.recipient) } else { super::mask_email(&m.recipient) };
        tracing::info!(channel = %m.channel, to = %to, outbox_id = m.id, body = %m.body, "outbound message");
        Ok(())
    }
}

/// Delivers what is queued; returns how many were sent.
pub async fn deliver_queued(store: &dyn Store, sender: &dyn Sender) -> StoreResult<usize> {
    let mut sent = 0;
    for m in store.queued_outbox(100).await? {
        let status = match sender.deliver(&m).await {
            Ok(()) => {
                sent += 1;
                "sent"
            }
            Err(e) => {
                tracing::warn!(outbox_id = m.id, error = %e, "delivery failed");
                "failed"
            }
        };
        store.mark_outbox(m.id, status, sender.name(), crate::time::now_unix()).await?;
    }
    Ok(sent)
}

/// Runs forever: delivers the outbox every few seconds.
pub async fn run(store: crate::storage::SharedStore, sender: Arc<dyn Sender>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        if let Err(e) = deliver_queued(&*store, &*sender).await {
            tracing::error!(error = %e, "outbox delivery failed");
        }
    }
}
