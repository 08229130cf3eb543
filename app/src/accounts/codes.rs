//! One-time codes that prove a phone: six digits sent through the outbox (then the SMS channel),
//! living 5 minutes, stored only as a keyed hash bound to the phone and purpose, allowing 5
//! tries. Sending is limited per phone (one a minute, five an hour, counted in the database so it
//! holds across servers) and per address. The answer to "send a code" is the same whether or not
//! the phone has an account: nobody learns which numbers are registered.
use super::validate::{mask_phone, Problem};
use crate::forms::Message;
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{CodePurpose, NewMessage, StoreResult};
use crate::web::{AppError, Limit};
use std::net::IpAddr;

pub const CODE_SECONDS: i64 = 5 * 60;
pub const CODE_TRIES: i64 = 5;
const RESEND_SECONDS: i64 = 60;
const CODES_PER_HOUR: i64 = 5;

/// Whether a code for this purpose goes only to a phone with an account. Registration and a
/// phone change prove a new number; a reset or a sign-in code for an unknown phone is not sent,
/// and the page says the same.
fn needs_account(purpose: CodePurpose) -> bool {
    matches!(purpose, CodePurpose::Reset | CodePurpose::SignIn)
}

/// Sends a code unless this phone or address has asked too often (then `AppError::TooMany`).
pub async fn send(state: &AppState, phone: &str, purpose: CodePurpose, addr: IpAddr) -> Result<(), AppError> {
    state.limits.check(Limit::Code, addr).await?;
    let now = state.now();
    let phone_key = state.config.keys.phone_key(phone);
    let (count, first, last) = state.store.codes_issued_since(&phone_key, purpose, now - 3600).await?;
    if let Some(last) = last.filter(|last| now - last < RESEND_SECONDS) {
        return Err(AppError::wait((RESEND_SECONDS - (now - last)) as u64));
    }
    if count >= CODES_PER_HOUR {
        let wait = first.map_or(3600, |first| 3600 - (now - first)).max(1);
        return Err(AppError::wait(wait as u64));
    }
    let account = state.store.user_by_phone(phone).await?;
    let code = new_code();
    let hash = state.config.keys.code_hash(&phone_key, purpose.as_str(), &code);
    let message = if needs_account(purpose) && account.is_none() {
        None
    } else {
        let lang = account.as_ref().and_then(|a| Lang::parse(&a.lang)).unwrap_or(Lang::Zh);
        Some(NewMessage {
            user_id: account.as_ref().map(|a| a.id),
            kind: "code",
            channel: "sms",
            recipient: phone.to_string(),
            body: code_text(&code, purpose).text(lang),
        })
    };
    state.store.issue_code(&phone_key, purpose, &hash, now, now + CODE_SECONDS, message.as_ref()).await?;
    tracing::info!(to = %mask_phone(phone), purpose = purpose.as_str(), "one-time code issued");
    Ok(())
}

/// Checks a typed code; a right one is used up. A wrong one counts against the code's tries.
/// The inner result is the person's (what to say beside the field); the outer, ours.
pub async fn check(state: &AppState, phone: &str, purpose: CodePurpose, typed: &str) -> StoreResult<Result<(), Problem>> {
    let now = state.now();
    let phone_key = state.config.keys.phone_key(phone);
    let live = state.store.live_code(&phone_key, purpose, now).await?;
    let Some(live) = live.filter(|c| c.tries < CODE_TRIES) else { return Ok(Err(Problem::CodeExpired)) };
    if state.config.keys.code_hash(&phone_key, purpose.as_str(), typed) != live.code_hash {
        state.store.count_code_try(live.id).await?;
        return Ok(Err(Problem::CodeWrong(CODE_TRIES - live.tries - 1).or_expired()));
    }
    // Someone else may have used it a moment before.
    Ok(if state.store.use_code(live.id, now).await? { Ok(()) } else { Err(Problem::CodeExpired) })
}

impl Problem {
    /// The last wrong try ends the code: say so rather than "0 tries left".
    fn or_expired(self) -> Problem {
        match self {
            Problem::CodeWrong(left) if left <= 0 => Problem::CodeExpired,
            other => other,
        }
    }
}

/// What the page says after "send code": the same text whether or not anything was sent.
pub fn sent_notice(phone: &str) -> Message {
    Message::new("code-sent").with("phone", mask_phone(phone))
}

fn code_text(code: &str, purpose: CodePurpose) -> Message {
    let purpose = Message::new(match purpose {
        CodePurpose::Register => "sms-purpose-register",
        CodePurpose::Reset => "sms-purpose-reset",
        CodePurpose::SignIn => "sms-purpose-sign_in",
        CodePurpose::PhoneChange => "sms-purpose-phone_change",
    });
    Message::new("sms-code").with("code", code).with("purpose", purpose).with("minutes", CODE_SECONDS / 60)
}

fn new_code() -> String {
    use rand::Rng;
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..50).map(|_| new_code()).collect();
        assert!(codes.iter().all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        assert!(codes.len() > 45, "random, not a counter");
    }

    #[test]
    fn the_message_names_code_purpose_and_lifetime() {
        let text = code_text("042917", CodePurpose::Reset).text(Lang::Zh);
        assert!(text.contains("042917") && text.contains("重设密码") && text.contains("5 分钟"), "{text}");
        let text = code_text("042917", CodePurpose::Register).text(Lang::En);
        assert!(text.contains("042917") && text.contains("register"), "{text}");
    }

    #[test]
    fn the_last_wrong_try_reads_as_expired() {
        assert_eq!(Problem::CodeWrong(0).or_expired(), Problem::CodeExpired);
        assert_eq!(Problem::CodeWrong(2).or_expired(), Problem::CodeWrong(2));
    }
}
