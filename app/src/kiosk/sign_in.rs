//! Signing in at a terminal without typing a password. The resident's phone (already signed in)
//! makes a one-time code: a QR to hold up to the terminal's camera, and the same code as eight
//! digits to type. For a resident with neither a phone nor a password, staff at the counter make
//! the code for them, recording how the resident agreed; such a code works only on the staff's
//! community's terminals. A code lives two minutes and is used once; only hashes are stored, and
//! the QR carries a random token, never a name or number.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a sign-in code may be used.
pub const CODE_SECONDS: i64 = 120;

/// What the QR holds: not a link (a phone scanning it by mistake opens nothing), only the token.
pub const QR_PREFIX: &str = "LINLI-KIOSK:";

/// A code as shown on the phone or to staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskCode {
    pub qr_svg: String,
    /// Eight digits in two groups of four.
    pub short: String,
    /// Until when (HH:MM, Asia/Shanghai).
    pub until: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffKioskCode {
    pub choices: Vec<crate::applications::view::PersonChoice>,
    pub chosen: i64,
    pub who: String,
    /// The chosen resident's name, masked.
    pub chosen_name: String,
    pub code: Option<KioskCode>,
}

/// The resident's own code, when `token` is one they made and it still lasts.
#[server(endpoint = "kiosk/my-code")]
pub async fn load_my_kiosk_code(token: Option<String>) -> Result<Option<Option<KioskCode>>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user().filter(|u| u.role == crate::prefs::Role::Resident) else {
        return Ok(crate::applications::server::not_theirs(None));
    };
    let code = ssr::shown(&state, token.as_deref().unwrap_or_default(), |c| c.user_id == user.id && c.started_by.is_none()).await?;
    Ok(Some(code))
}

/// The staff's page: find the resident, then the code made for them.
#[server(endpoint = "kiosk/staff-code")]
pub async fn load_staff_kiosk_code(for_id: Option<i64>, who: Option<String>, token: Option<String>) -> Result<Option<StaffKioskCode>, ServerFnError> {
    use crate::applications::server::{failed, not_theirs};
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user().filter(|u| u.role == crate::prefs::Role::Staff) else {
        return Ok(not_theirs(None));
    };
    let who = who.unwrap_or_default();
    let acting = match for_id {
        Some(id) => match crate::applications::access::acting_for(&*state.store, &user, Some(id)).await.map_err(failed)? {
            Some((p, "staff")) => Some(p),
            _ => return Ok(not_theirs(None)),
        },
        None => None,
    };
    let found = crate::applications::server::ssr::choices(&state, &user, &who).await.map_err(failed)?;
    let choices = crate::applications::server::ssr::with_chosen(found, acting.as_ref());
    let chosen = acting.as_ref().map(|p| p.id).unwrap_or(0);
    let code = match &acting {
        Some(p) => ssr::shown(&state, token.as_deref().unwrap_or_default(), |c| c.user_id == p.id && c.started_by == Some(user.id)).await?,
        None => None,
    };
    let chosen_name = acting.map(|p| crate::market::access::mask_name(&p.name)).unwrap_or_default();
    Ok(Some(StaffKioskCode { choices, chosen, who, chosen_name, code }))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::state::AppState;
    use crate::storage::KioskCodeRow;
    use sha2::{Digest, Sha256};

    /// The eight digits that stand for a token (the token cannot be worked back from them).
    pub fn short_of(token: &str) -> String {
        let digest = Sha256::digest(format!("short:{token}").as_bytes());
        let n = u64::from_be_bytes(digest[..8].try_into().expect("eight bytes")) % 100_000_000;
        format!("{n:08}")
    }

    pub fn token_hash(token: &str) -> String {
        super::super::ssr::secret_hash(&format!("code:{token}"))
    }

    pub fn short_hash(digits: &str) -> String {
        super::super::ssr::secret_hash(&format!("short:{digits}"))
    }

    /// The hash a terminal looks a code up by: the QR's text, or eight digits however typed.
    pub fn hash_of_entered(entered: &str) -> Option<String> {
        let entered = entered.trim();
        if let Some(token) = entered.strip_prefix(QR_PREFIX) {
            return (token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit())).then(|| token_hash(token));
        }
        let digits: String = entered.chars().filter(|c| c.is_ascii_digit()).collect();
        let only_digits = entered.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '-');
        (digits.len() == 8 && only_digits).then(|| short_hash(&digits))
    }

    /// The code behind `token`, drawn for showing, when `mine` says the viewer may see it.
    pub async fn shown(state: &AppState, token: &str, mine: impl Fn(&KioskCodeRow) -> bool) -> Result<Option<KioskCode>, ServerFnError> {
        use crate::applications::server::failed;
        if token.is_empty() {
            return Ok(None);
        }
        let Some(row) = state.store.kiosk_code(&token_hash(token), state.now()).await.map_err(failed)?.filter(|r| mine(r)) else {
            return Ok(None);
        };
        let short = short_of(token);
        Ok(Some(KioskCode {
            qr_svg: crate::components::qr_svg(&format!("{QR_PREFIX}{token}")).map_err(failed)?,
            short: format!("{} {}", &short[..4], &short[4..]),
            until: crate::time::format_local(row.expires_at).split(' ').nth(1).unwrap_or_default().to_string(),
        }))
    }

    /// Reads the QR in a photo of a phone's screen: its text, if it holds a sign-in code.
    /// CPU-heavy: call it from `spawn_blocking`.
    pub fn read_qr(photo: &[u8]) -> Option<String> {
        let pixels = crate::uploads::photo_pixels(photo)?.to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(pixels);
        prepared.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).find(|t| t.starts_with(QR_PREFIX))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_code_is_entered_as_its_qr_text_or_eight_digits() {
            let token = crate::secrets::random_token();
            let short = short_of(&token);
            assert_eq!(short.len(), 8);
            assert_eq!(hash_of_entered(&format!("{QR_PREFIX}{token}")), Some(token_hash(&token)));
            assert_eq!(hash_of_entered(&format!(" {} {} ", &short[..4], &short[4..])), Some(short_hash(&short)));
            assert_eq!(hash_of_entered("1234567"), None, "seven digits are not a code");
            assert_eq!(hash_of_entered("12a45678"), None);
            assert_eq!(hash_of_entered(&format!("{QR_PREFIX}nothex")), None);
        }

        #[test]
        fn the_qr_drawn_for_a_code_is_read_back_from_a_picture_of_it() {
            let text = format!("{QR_PREFIX}{}", crate::secrets::random_token());
            let png = crate::components::qr_png(&text, 6).unwrap();
            assert_eq!(read_qr(&png), Some(text));
            assert_eq!(read_qr(b"not a photo"), None);
        }
    }
}
