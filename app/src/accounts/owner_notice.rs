//! Telling an account's owner about its security: in the inbox, and by SMS whatever their
//! channel choices (the owner may be the only one who can act), and by e-mail if they chose it.
use crate::forms::Message;
use crate::state::AppState;
use crate::storage::{Notice, StoreResult, UserRecord};

pub async fn tell_owner(state: &AppState, owner: &UserRecord, message: &Message, action: &str) -> StoreResult<()> {
    let prefs = state.store.notify_prefs(owner.id).await?;
    let (text_zh, text_en) = message.both();
    let notice = Notice {
        user_id: owner.id,
        kind: "security".into(),
        text_zh,
        text_en,
        sms_to: Some(owner.phone.clone()),
        email_to: (prefs.email == 1 && !prefs.email_address.is_empty()).then(|| prefs.email_address.clone()),
    };
    state.store.security_notice(&notice, action, state.now()).await
}
