//! The certificate actions: download, share and end a share (the holder), revoke (an officer
//! of the issuing department), check a document (anyone, rate limited), rotate a department's
//! key (an admin), and the published keys.
use super::load::{checked, token_hash};
use super::signing::{random_text, Document};
use super::{SHARE_MINUTES, SHOWABLE};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::web::{redraw, Admin, AppError, AppResult, ClientAddr, FormPairs, Limit, Officer, Resident};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/linli-keys.json", get(published_keys))
        .route("/me/certificates/{serial}/download", get(download))
        .route("/me/certificates/{serial}/share", post(share))
        .route("/me/certificates/{serial}/shares/{id}/end", post(end_share))
        .route("/work/certificates/{serial}/revoke", post(revoke))
        .route("/verify", post(check_document))
        .route("/admin/keys/{department}/rotate", post(rotate))
}

/// The published keys (a JWK set with each key's department and dates).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct PublishedKeys {
    /// The certificate document format these keys verify.
    format: &'static str,
    keys: Vec<PublishedKey>,
}

/// One Ed25519 public key (RFC 8037 `OKP`), current or retired.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct PublishedKey {
    /// The id a certificate document names in its `kid`.
    kid: String,
    kty: &'static str,
    crv: &'static str,
    #[serde(rename = "use")]
    #[schema(rename = "use")]
    usage: &'static str,
    /// The public key, base64url without padding.
    x: String,
    /// The department that signs with it (its code).
    department: String,
    /// Unix seconds.
    created_at: i64,
    /// Unix seconds; what it signed before then still verifies.
    retired_at: Option<i64>,
}

/// Every key any department has signed with (current and retired), as a JWK set: a verifier
/// needs no account and no call per certificate.
#[utoipa::path(get, path = "/.well-known/linli-keys.json", tag = "certificates",
    responses((status = 200, description = "Every department's e-certificate signing keys", body = PublishedKeys, content_type = "application/json")))]
pub(crate) async fn published_keys(State(state): State<AppState>) -> AppResult {
    let keys = state.store.public_keys().await?.into_iter().map(|k| PublishedKey {
        kid: k.kid, kty: "OKP", crv: "Ed25519", usage: "sig", x: k.public_key,
        department: k.department_code, created_at: k.created_at, retired_at: k.retired_at,
    }).collect();
    let body = serde_json::to_string(&PublishedKeys { format: super::signing::FORMAT, keys }).map_err(AppError::internal)?;
    Ok(([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], body).into_response())
}

async fn own_certificate(state: &AppState, user: &Resident, serial: &str) -> AppResult<crate::storage::ECertificateRow> {
    match state.store.e_certificate(serial).await? {
        Some(row) if row.holder_id == user.id => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

/// The signed document, for the holder to keep or hand to someone who checks it.
async fn download(State(state): State<AppState>, user: Resident, Path(serial): Path<String>) -> AppResult {
    let row = own_certificate(&state, &user, &serial).await?;
    let doc = Document::new(&row.kid, &row.payload, &row.signature);
    let body = serde_json::to_string_pretty(&doc).map_err(AppError::internal)?;
    let disposition = format!("attachment; filename=\"{}.json\"", row.serial);
    Ok(([(header::CONTENT_TYPE, "application/json".to_string()), (header::CONTENT_DISPOSITION, disposition),
         (header::CACHE_CONTROL, "no-store".to_string())], body).into_response())
}

/// A share link showing what the holder ticked, for the time they chose. The link is shown once
/// (only its hash is stored), with its QR code for the other person's phone.
async fn share(State(state): State<AppState>, user: Resident, Path(serial): Path<String>, headers: HeaderMap, pairs: FormPairs) -> AppResult {
    let row = own_certificate(&state, &user, &serial).await?;
    let page = format!("/me/certificates/{serial}");
    let ticked = pairs.all("shows");
    let shows: Vec<&str> = SHOWABLE.iter().map(|(k, _)| *k).filter(|k| ticked.iter().any(|s| s == k)).collect();
    let minutes = pairs.get("minutes").parse::<i64>().ok().filter(|m| SHARE_MINUTES.iter().any(|(n, _)| n == m));
    let mut form = FormState::default();
    let Some(minutes) = minutes else {
        form.refuse("minutes", Message::new("certificates-choose-how-long"));
        return Err(AppError::invalid(form).on_page(page));
    };
    if super::load::standing(&row, &super::load::today(&state)) != super::Standing::Current {
        form.notice = Some(Message::new("certificates-only-current-can-be-shared"));
        return Err(AppError::Refused { form, status: StatusCode::CONFLICT, page: Some(page) });
    }
    let token = random_text(26);
    let now = state.now();
    state.store.add_e_certificate_share(row.id, &token_hash(&token), &shows.join(","), now, now + minutes * 60).await?;
    let link = format!("{}/verify/s/{token}", crate::applications::server::ssr::origin_of(&state, Some(&headers)));
    form.values.insert("share_link".into(), link.clone());
    form.values.insert("share_qr".into(), crate::components::qr_svg(&link).map_err(AppError::internal)?);
    Ok(redraw(form, StatusCode::OK, Some(page)))
}

async fn end_share(State(state): State<AppState>, user: Resident, Path((serial, id)): Path<(String, i64)>) -> AppResult {
    let row = own_certificate(&state, &user, &serial).await?;
    if !state.store.end_e_certificate_share(row.id, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/me/certificates/{serial}")).into_response())
}

/// Revocation by an officer of the issuing department, with the reason the holder is told.
async fn revoke(State(state): State<AppState>, officer: Officer, Path(serial): Path<String>, pairs: FormPairs) -> AppResult {
    let row = state.store.e_certificate(&serial).await?.filter(|r| r.department_code == officer.department).ok_or(AppError::NotFound)?;
    let page = format!("/work/certificates/{serial}");
    let reason: String = pairs.get("reason").trim().chars().take(500).collect();
    if reason.chars().count() < 4 {
        let mut form = FormState::default();
        form.values.insert("reason".into(), reason);
        form.refuse("reason", Message::new("certificates-give-the-reason"));
        return Err(AppError::invalid(form).on_page(page));
    }
    let (claims, _) = checked(&*state.store, &row).await?;
    let title = claims.map(|c| (c.title, c.title_en)).unwrap_or_default();
    let told = Message::new("notice-certificate-revoked").with("serial", row.serial.clone()).with_names("title", title.0, title.1).with("reason", reason.clone());
    let notices = crate::applications::steps::notices(&*state.store, &[row.holder_id], "certificate", &told).await?;
    let audit = crate::storage::AuditEntry { actor_id: officer.user.id, subject_id: row.holder_id, action: "certificate_revoked".into(), detail: serial.clone() };
    if !state.store.revoke_e_certificate(&serial, &officer.department, &reason, &audit, &notices, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&page).into_response())
}

/// Checks a pasted certificate document: a genuine one goes to its status page (which says
/// whether it is still current); an altered, forged or unreadable one is refused beside the box.
/// Anyone may ask, so the address's allowance is counted before the body is read.
async fn check_document(State(state): State<AppState>, ClientAddr(addr): ClientAddr, req: Request) -> AppResult {
    let mut form = FormState::default();
    state.limits.check(Limit::Verify, addr).await.map_err(|e| e.too_many(form.clone(), "document").on_page("/verify"))?;
    let pairs = FormPairs::from_request(req, &state).await?;
    let text = pairs.get("document");
    form.values.insert("document".into(), text.chars().take(8_000).collect());
    let Ok(doc) = serde_json::from_str::<Document>(text.trim()) else {
        form.refuse("document", Message::new("certificates-not-a-certificate"));
        return Err(AppError::invalid(form).on_page("/verify"));
    };
    let keys = state.store.public_keys().await?;
    let claims = keys.iter().find(|k| k.kid == doc.kid).and_then(|k| doc.verified_claims(&k.public_key).filter(|c| c.issuer == k.department_code));
    match claims {
        Some(c) => Ok(Redirect::to(&format!("/verify/{}", c.serial)).into_response()),
        None => {
            form.refuse("document", Message::new("certificates-not-genuine"));
            Err(AppError::invalid(form).on_page("/verify"))
        }
    }
}

async fn rotate(State(state): State<AppState>, admin: Admin, Path(department): Path<String>) -> AppResult {
    if !state.store.departments().await?.iter().any(|d| d.code == department) {
        return Err(AppError::NotFound);
    }
    super::issue::rotate(&state, &department, admin.id).await?;
    Ok(Redirect::to("/admin/keys").into_response())
}
