//! Outbound SMS and e-mail. Every message is first a row in the outbox (written in the same
//! transaction as what it reports), then a `Sender` delivers it:
//! - `HttpSender` posts JSON to the deployment's gateway (`LINLI_SMS_GATEWAY_URL`), retrying
//!   what the gateway could not take yet with a growing pause, and keeps the gateway's reference
//!   so delivery receipts (`POST /gateway/receipts`) can mark the message delivered or failed;
//! - `LogSender`, the default until a gateway is contracted, records each message as handed to
//!   the log: the line names the outbox id, the kind and the masked recipient, never the body
//!   (which may hold a code or a home address). An admin reads bodies at /admin/outbox (audited).
use crate::storage::{DeliveryRecord, OutboxRow, Store, StoreResult};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// Tries before a message the gateway keeps turning away is marked failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// What one attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The channel took it; the gateway's reference for receipts, if it gave one.
    Accepted { gateway_ref: Option<String> },
    /// Not now (the gateway is down, busy or slow): try again later.
    Retry(String),
    /// Never (the gateway refused this message): do not try again.
    Refused(String),
}

#[async_trait]
pub trait Sender: Send + Sync {
    /// Recorded with each message it delivers.
    fn name(&self) -> &'static str;
    async fn deliver(&self, message: &OutboxRow) -> Outcome;
}

pub struct LogSender;

#[async_trait]
impl Sender for LogSender {
    fn name(&self) -> &'static str {
        "log"
    }
    async fn deliver(&self, m: &OutboxRow) -> Outcome {
        tracing::info!(channel = %m.channel, kind = %m.kind, to = %masked_recipient(m), outbox_id = m.id, "outbound message");
        Outcome::Accepted { gateway_ref: None }
    }
}

pub fn masked_recipient(m: &OutboxRow) -> String {
    if m.channel == "sms" { crate::accounts::validate::mask_phone(&m.recipient) } else { super::mask_email(&m.recipient) }
}

/// A real gateway over HTTP(S): `POST {url}` with `{"id", "channel", "kind", "to", "body"}`,
/// `Authorization: Bearer {token}` when a token is set, and an `Idempotency-Key` per message so a
/// retry after a lost answer is not sent twice. A 2xx answer may carry `{"id": "…"}`, the
/// gateway's reference; 429, 5xx and network faults are retried; other 4xx are final.
pub struct HttpSender {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

impl HttpSender {
    pub fn new(url: &str, token: Option<String>) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).connect_timeout(Duration::from_secs(5)).build()?;
        Ok(Self { client, url: url.to_string(), token })
    }
}

#[async_trait]
impl Sender for HttpSender {
    fn name(&self) -> &'static str {
        "http"
    }
    async fn deliver(&self, m: &OutboxRow) -> Outcome {
        let body = serde_json::json!({"id": m.id, "channel": m.channel, "kind": m.kind, "to": m.recipient, "body": m.body});
        let mut request = self.client.post(&self.url).json(&body).header("Idempotency-Key", format!("linli-outbox-{}", m.id));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = match request.send().await {
            Ok(r) => r,
            // The error's text names the URL and the cause, never the body.
            Err(e) => return Outcome::Retry(e.without_url().to_string()),
        };
        let status = response.status();
        if status.is_success() {
            let reference = response.json::<serde_json::Value>().await.ok();
            let gateway_ref = reference.as_ref().and_then(|v| v.get("id")).and_then(|id| match id {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            Outcome::Accepted { gateway_ref }
        } else if status.as_u16() == 429 || status.is_server_error() {
            Outcome::Retry(format!("gateway answered {status}"))
        } else {
            Outcome::Refused(format!("gateway answered {status}"))
        }
    }
}

/// Seconds before the next try after `attempts` tries: 30 s, 1, 2, 4 minutes.
pub fn backoff(attempts: i64) -> i64 {
    30 * (1 << attempts.clamp(0, 6))
}

/// What the outbox row becomes after an attempt.
pub fn record(row: &OutboxRow, outcome: Outcome, sender: &str, now: i64) -> DeliveryRecord {
    let base = DeliveryRecord { status: "sent", sender: sender.to_string(), at: now, gateway_ref: None, error: None, next_attempt_at: None };
    match outcome {
        Outcome::Accepted { gateway_ref } => DeliveryRecord { gateway_ref, ..base },
        Outcome::Retry(error) if row.attempts + 1 < MAX_ATTEMPTS => {
            DeliveryRecord { status: "queued", error: Some(error), next_attempt_at: Some(now + backoff(row.attempts)), ..base }
        }
        Outcome::Retry(error) | Outcome::Refused(error) => DeliveryRecord { status: "failed", error: Some(error), ..base },
    }
}

/// Delivers what is due; returns how many the channel took.
pub async fn deliver_due(store: &dyn Store, sender: &dyn Sender, now: i64) -> StoreResult<usize> {
    let mut sent = 0;
    for m in store.due_outbox(now, 100).await? {
        let outcome = sender.deliver(&m).await;
        let record = record(&m, outcome, sender.name(), now);
        match record.status {
            "sent" => sent += 1,
            status => tracing::warn!(outbox_id = m.id, status, error = record.error.as_deref().unwrap_or(""), "delivery did not go through"),
        }
        store.record_delivery(m.id, &record).await?;
    }
    Ok(sent)
}

/// Runs forever: delivers the outbox every few seconds.
/// Every five seconds, on the one server holding the outbox's lease (renewed while it runs; a
/// batch never takes near its five minutes), so no message is sent twice by two servers.
pub async fn run(store: crate::storage::SharedStore, sender: Arc<dyn Sender>, clock: crate::time::SharedClock) {
    let holder = crate::jobs::holder_name();
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        let now = clock.now();
        match store.take_lease("outbox", &holder, now, now + 300).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::error!(error = %e, "could not take the outbox's lease");
                continue;
            }
        }
        if let Err(e) = deliver_due(&*store, &*sender, now).await {
            tracing::error!(error = %e, "outbox delivery failed");
        }
        if let Ok(backlog) = store.outbox_backlog().await {
            metrics::gauge!("linli_outbox_backlog").set(backlog as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(attempts: i64) -> OutboxRow {
        OutboxRow {
            id: 7, at: 0, user_id: None, kind: "code".into(), channel: "sms".into(), recipient: "13800000000".into(),
            body: "验证码 123456".into(), status: "queued".into(), sent_at: None, sender: String::new(), attempts,
            next_attempt_at: 0, gateway_ref: None, last_error: None,
        }
    }

    #[test]
    fn retries_wait_longer_each_time_then_give_up() {
        let first = record(&row(0), Outcome::Retry("503".into()), "http", 1_000);
        assert_eq!((first.status, first.next_attempt_at), ("queued", Some(1_030)));
        let third = record(&row(2), Outcome::Retry("503".into()), "http", 1_000);
        assert_eq!(third.next_attempt_at, Some(1_120));
        let last = record(&row(MAX_ATTEMPTS - 1), Outcome::Retry("503".into()), "http", 1_000);
        assert_eq!((last.status, last.next_attempt_at), ("failed", None));
        let refused = record(&row(0), Outcome::Refused("400".into()), "http", 1_000);
        assert_eq!(refused.status, "failed");
        let ok = record(&row(1), Outcome::Accepted { gateway_ref: Some("g-1".into()) }, "http", 1_000);
        assert_eq!((ok.status, ok.gateway_ref.as_deref()), ("sent", Some("g-1")));
    }
}
