//! Home-page promotions: an approved provider proposes one (title, one picture, dates), staff of
//! its communities approve or reject it, and only then does the picture become public.
use super::vetting;
use super::access::staff_covers;
use super::handlers::{approved_provider, files_of, may_see, provider_for, send_file, vetting_staff};
use crate::applications::steps;
use crate::forms::{FormState, Message};
use crate::prefs::Lang;
use crate::state::AppState;
use crate::uploads::{choose_again, discard, uploads, Upload};
use crate::web::{AppError, AppResult, CurrentUser, FormPairs};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/provider/promotions", uploads(new_promotion))
        .route("/work/promotions/{id}/{action}", post(review_promotion))
        .route("/market/promotions/{id}/image", get(promotion_image))
}

/// POST `/provider/promotions` (multipart): title, one image, dates; staff approve it first.
async fn new_promotion(State(state): State<AppState>, user: CurrentUser, upload: Upload) -> AppResult {
    let provider = approved_provider(&state, &user).await?;
    let mut form = FormState::default();
    for key in ["promo_title", "starts_on", "ends_on"] {
        form.values.insert(key.into(), upload.text(key).chars().take(100).collect());
    }
    let title = upload.text("promo_title");
    if !(2..=30).contains(&title.chars().count()) {
        form.refuse("promo_title", Message::new("market-the-title-needs-2-30-characters"));
    }
    let today = state.clock.today();
    let starts = steps::parse_day(&upload.text("starts_on")).filter(|d| *d >= today);
    if starts.is_none() {
        form.refuse("starts_on", Message::new("market-start-today-or-later-e-g"));
    }
    let ends = steps::parse_day(&upload.text("ends_on")).filter(|d| starts.is_some_and(|s| *d >= s && (*d - s).num_days() <= 31));
    if ends.is_none() {
        form.refuse("ends_on", Message::new("market-end-on-or-after-the-start"));
    }
    let images = files_of(&state, &upload, "image", 1, &mut form).await?;
    if images.first().is_some_and(|f| !f.mime.starts_with("image/")) {
        form.refuse("image", Message::new("market-upload-one-picture-jpeg-png-or"));
    } else if images.is_empty() {
        form.refuse("image", Message::new("market-upload-one-picture"));
    }
    if !form.is_ok() {
        discard(&state, &images).await;
        return Err(AppError::invalid(choose_again(&upload, form)).on_page("/provider"));
    }
    let store = &*state.store;
    let staff = vetting_staff(&state, &provider.communities, provider.base_building_id).await?;
    let saved = async {
        let told = Message::new("notice-promotion-asked").with("name", &provider.name).with("title", &title);
        let notices = steps::notices(store, &staff, "promotion", &told).await?;
        store.create_promotion(provider.id, user.id, &title, &images[0], &upload.text("starts_on"), &upload.text("ends_on"), &notices, state.now()).await
    };
    match saved.await {
        Ok(_) => Ok(Redirect::to("/provider?promotion=1").into_response()),
        Err(e) => {
            discard(&state, &images).await;
            Err(e.into())
        }
    }
}

/// POST `/work/promotions/{id}/{approve|reject}`.
async fn review_promotion(State(state): State<AppState>, user: Option<CurrentUser>, lang: Lang, Path((id, action)): Path<(i64, String)>, pairs: FormPairs) -> AppResult {
    let user = user.ok_or(AppError::NotFound)?;
    let store = &*state.store;
    let promo = store.promotion(id).await?.ok_or(AppError::NotFound)?;
    let provider = provider_for(&state, promo.provider_id).await?;
    if !staff_covers(store, &user, &provider).await? {
        return Err(AppError::NotFound);
    }
    let rule = vetting::promotion_rule(vetting::PromoAction::from_path(&action).ok_or(AppError::NotFound)?);
    let approve = rule.action == vetting::PromoAction::Approve;
    let to = rule.to.map(vetting::PromoStatus::as_str).ok_or_else(|| AppError::internal("a promotion step without a target"))?;
    let reason: String = pairs.get("reason").chars().take(300).collect();
    if !approve && reason.is_empty() {
        let mut form = FormState::default();
        form.refuse(&format!("promo-reason-{id}"), Message::new("market-give-the-reason"));
        return Err(AppError::invalid(form).on_page("/work/providers"));
    }
    let told = if approve { Message::new("notice-promotion-approved") } else { Message::new("notice-promotion-rejected") };
    let notices = steps::notices(store, &[provider.owner_id], "promotion", &told.with("title", &promo.title).with("reason", &reason)).await?;
    if !store.review_promotion(id, rule.from, to, &reason, user.id, &notices, state.now()).await? {
        return Ok((StatusCode::CONFLICT, crate::i18n::text(lang, "market-someone-else-already-reviewed-this-promotion").to_string()).into_response());
    }
    Ok(Redirect::to("/work/providers").into_response())
}

async fn promotion_image(State(state): State<AppState>, user: Option<CurrentUser>, Path(id): Path<i64>) -> AppResult {
    let promo = state.store.promotion(id).await?.ok_or(AppError::NotFound)?;
    let p = provider_for(&state, promo.provider_id).await?;
    if !may_see(&state, user.as_deref(), &p, promo.status == vetting::PromoStatus::Approved.as_str()).await? {
        return Err(AppError::NotFound);
    }
    send_file(&state, promo.image_file_id, false).await
}
