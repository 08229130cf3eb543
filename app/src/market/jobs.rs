//! An order the provider marked served completes by itself after 48 hours if the resident has
//! neither confirmed nor complained; run by the ten-minute job. Each completion is one guarded
//! step, so two servers running the job complete an order once.
use crate::forms::Message;
use super::lifecycle::{self, Action, Actor, OrderStatus};
use super::AUTO_COMPLETE_SECS;
use crate::applications::steps;
use crate::storage::{OrderEffects, OrderQuery, OrderStep, Store, StoreResult};

/// Completes every order served more than 48 hours before `now`; how many it completed.
pub async fn run_once(store: &dyn Store, now: i64) -> StoreResult<usize> {
    let due = store
        .orders(&OrderQuery { statuses: vec![OrderStatus::Served.as_str()], served_before: Some(now - AUTO_COMPLETE_SECS), limit: 500, ..Default::default() })
        .await?;
    let mut done = 0;
    for o in due {
        let told = Message::new("notice-order-auto-completed").with("ref", &o.ref_no).with("title", &o.title);
        let notices = steps::notices(store, &[o.resident_id, o.provider_owner_id], "order", &told).await?;
        let rule = lifecycle::TABLE.rule(Action::AutoComplete, Actor::System).expect("the table has the automatic completion");
        let step = OrderStep {
            notices,
            effects: OrderEffects { completed: true, automatic: true, ..Default::default() },
            ..OrderStep::new(o.id, rule.from, rule.to.map(OrderStatus::as_str), rule.action.event())
        };
        if store.order_step(&step, now).await? {
            done += 1;
        }
    }
    Ok(done)
}
