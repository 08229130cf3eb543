//! What the certificate pages show, read from the store. Every page re-checks the stored
//! signature against the published key, so a row altered in the database reads as not genuine.
use super::signing::{verify, Claims};
use super::{CertificateCard, CertificateView, FactView, KeyView, ShareView, Standing, VerifyView, SHOWABLE};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::storage::{ECertificateRow, StoreResult, UserRecord};
use crate::time::format_local;
use sha2::{Digest, Sha256};

fn lang() -> Lang {
    crate::prefs::server_viewer().lang
}

pub fn today(state: &AppState) -> String {
    state.today().format("%Y-%m-%d").to_string()
}

/// The hash a share token is found by (the token itself is never stored).
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The claims of a stored certificate and whether its signature verifies under the key it names.
pub async fn checked(store: &dyn crate::storage::Store, row: &ECertificateRow) -> StoreResult<(Option<Claims>, bool)> {
    let keys = store.public_keys().await?;
    let genuine = keys.iter().any(|k| k.kid == row.kid && k.department_code == row.department_code
        && verify(&k.public_key, row.payload.as_bytes(), &row.signature));
    Ok((serde_json::from_str(&row.payload).ok(), genuine))
}

/// A stored certificate's standing on `today` (`YYYY-MM-DD`).
pub fn standing(row: &ECertificateRow, today: &str) -> Standing {
    Standing::of(row.revoked_at.is_some(), &row.valid_until, today)
}

fn card(row: &ECertificateRow, claims: Option<&Claims>, today: &str, lang: Lang) -> CertificateCard {
    CertificateCard {
        serial: row.serial.clone(),
        title: claims.map(|c| c.title_in(lang)).unwrap_or_default(),
        issuer: claims.map(|c| c.issuer_in(lang)).unwrap_or_default(),
        issued_on: claims.map(|c| c.issued_on.clone()).unwrap_or_default(),
        valid_until: row.valid_until.clone(),
        standing: standing(row, today),
    }
}

fn facts(claims: &Claims, lang: Lang) -> Vec<FactView> {
    claims.facts.iter().map(|f| FactView { label: f.label_in(lang), value: f.value.clone() }).collect()
}

pub async fn cards(state: &AppState, user: &UserRecord) -> StoreResult<Vec<CertificateCard>> {
    let (today, lang) = (today(state), lang());
    Ok(state.store.e_certificates_of(user.id).await?.iter().map(|r| {
        let claims: Option<Claims> = serde_json::from_str(&r.payload).ok();
        card(r, claims.as_ref(), &today, lang)
    }).collect())
}

/// What a share link shows, in the reader's words ("姓名、证照信息").
pub fn shows_label(shows: &str, lang: Lang) -> String {
    let parts: Vec<&str> = SHOWABLE.iter().filter(|(k, _)| shows.split(',').any(|s| s == *k)).map(|(_, id)| crate::i18n::text(lang, id)).collect();
    if parts.is_empty() { crate::i18n::text(lang, "certificates-shows-only-standing").to_string() } else { parts.join(if lang == Lang::En { ", " } else { "、" }) }
}

pub async fn one(state: &AppState, user: &UserRecord, serial: &str, officer: bool) -> StoreResult<Option<CertificateView>> {
    let Some(row) = state.store.e_certificate(serial).await? else { return Ok(None) };
    let allowed = if officer {
        user.role == crate::prefs::Role::Officer && user.department_code.as_deref() == Some(row.department_code.as_str())
    } else {
        row.holder_id == user.id
    };
    if !allowed {
        return Ok(None);
    }
    let now = state.now();
    if officer {
        crate::web::with_origin(state.store.audit(now, Some(user.id), Some(row.holder_id), "officer_viewed_certificate", serial)).await?;
    }
    let (claims, genuine) = checked(&*state.store, &row).await?;
    let (today, lang) = (today(state), lang());
    let verify_link = format!("{}/verify/{}", crate::applications::server::ssr::public_origin(state), row.serial);
    let shares = if officer { Vec::new() } else {
        state.store.e_certificate_shares(row.id, now).await?.into_iter()
            .map(|s| ShareView { id: s.id, shows: shows_label(&s.shows, lang), until: format_local(s.expires_at) }).collect()
    };
    let ref_no = match row.application_id {
        Some(id) => state.store.application_by_id(id).await?.map(|a| a.ref_no),
        None => None,
    };
    Ok(Some(CertificateView {
        card: card(&row, claims.as_ref(), &today, lang),
        holder_name: claims.as_ref().map(|c| c.holder_name.clone()).unwrap_or_default(),
        holder_id_masked: claims.as_ref().map(|c| c.holder_id_masked.clone()).unwrap_or_default(),
        facts: claims.as_ref().map(|c| facts(c, lang)).unwrap_or_default(),
        genuine,
        revoke_reason: row.revoke_reason.clone(),
        verify_qr: crate::components::qr_svg(&verify_link).unwrap_or_default(),
        verify_link,
        shares,
        ref_no,
        officer,
    }))
}

/// Counts one more public verification by this address: over its limit, the page is a 429 that
/// says how long to wait (`components::too_many`); a limit that cannot be counted refuses too.
pub async fn within_limit(state: &AppState) -> Result<(), leptos::prelude::ServerFnError> {
    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else { return Ok(()) };
    let addr = crate::web::ClientAddr::from_parts(&parts).0;
    match state.limits.check(crate::web::Limit::Verify, addr).await {
        Ok(()) => Ok(()),
        Err(crate::web::AppError::TooMany { retry_after, .. }) => Err(crate::components::too_many(retry_after)),
        Err(e) => {
            tracing::error!(error = ?e, "counting a verification failed");
            Err(leptos::prelude::ServerFnError::new("counting a verification failed"))
        }
    }
}

pub async fn verification(state: &AppState, serial: &str) -> StoreResult<Option<VerifyView>> {
    let Some(row) = state.store.e_certificate(serial.trim()).await? else { return Ok(None) };
    let (claims, genuine) = checked(&*state.store, &row).await?;
    Ok(Some(VerifyView { card: card(&row, claims.as_ref(), &today(state), lang()), genuine, shown: Vec::new(), share_until: None }))
}

pub async fn shared(state: &AppState, token: &str) -> StoreResult<Option<VerifyView>> {
    let now = state.now();
    let Some(share) = state.store.e_certificate_share(&token_hash(token), now).await? else { return Ok(None) };
    let Some(row) = state.store.e_certificate_by_id(share.certificate_id).await? else { return Ok(None) };
    let (claims, genuine) = checked(&*state.store, &row).await?;
    let lang = lang();
    let card = card(&row, claims.as_ref(), &today(state), lang);
    // What the holder chose to show, and only while the certificate stands.
    let mut shown = Vec::new();
    if let (Some(c), true) = (claims.as_ref(), genuine && card.standing == Standing::Current) {
        let chose = |k: &str| share.shows.split(',').any(|s| s == k);
        if chose("name") {
            shown.push(FactView { label: crate::i18n::text(lang, "certificates-holder").into(), value: c.holder_name.clone() });
        }
        if chose("id") {
            shown.push(FactView { label: crate::i18n::text(lang, "certificates-holder-id").into(), value: c.holder_id_masked.clone() });
        }
        if chose("facts") {
            shown.extend(facts(c, lang));
        }
    }
    let viewer = crate::accounts::server::ssr::current_user().map(|u| u.id);
    crate::web::with_origin(state.store.audit(now, viewer, Some(row.holder_id), "certificate_share_viewed", &row.serial)).await?;
    Ok(Some(VerifyView { card, genuine, shown, share_until: Some(format_local(share.expires_at)) }))
}

pub async fn keys(state: &AppState) -> StoreResult<Vec<KeyView>> {
    let depts = state.store.departments().await?;
    let lang = lang();
    Ok(state.store.public_keys().await?.into_iter().map(|k| KeyView {
        department: depts.iter().find(|d| d.code == k.department_code)
            .map(|d| if lang == Lang::En { d.name_en.clone() } else { d.name.clone() }).unwrap_or_default(),
        department_code: k.department_code,
        kid: k.kid,
        created: format_local(k.created_at),
        retired: k.retired_at.map(format_local),
    }).collect())
}
