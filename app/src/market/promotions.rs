//! Home-page promotions: an approved provider proposes one (title, one picture, dates), staff of
//! its communities approve or reject it, and only then does the picture become public.
use super::access::staff_covers;
use super::handlers::{files_of, may_see, provider_for, provider_upload, refused, send_file, user_of, vetting_staff};
use crate::applications::apply::discard;
use crate::applications::handlers::UPLOAD_REQUEST_LIMIT;
use crate::applications::steps;
use crate::forms::{field, internal, lang_of, msg, not_found, read_form, render_at, FormState, Pairs};
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/provider/promotions", post(new_promotion).layer(DefaultBodyLimit::max(UPLOAD_REQUEST_LIMIT)))
        .route("/work/promotions/{id}/{action}", post(review_promotion))
        .route("/market/promotions/{id}/image", get(promotion_image))
}

/// POST `/provider/promotions` (multipart): title, one image, dates; staff approve it first.
async fn new_promotion(State(state): State<AppState>, req: Request) -> Response {
    let (parts, upload, user, provider) = match provider_upload(&state, req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = lang_of(&parts);
    let mut form = FormState::default();
    for key in ["promo_title", "starts_on", "ends_on"] {
        form.values.insert(key.into(), upload.text(key).chars().take(100).collect());
    }
    let title = upload.text("promo_title");
    if !(2..=30).contains(&title.chars().count()) {
        form.refuse("promo_title", msg(lang, "推广标题 2–30 字", "The title needs 2–30 characters"));
    }
    let today = steps::today();
    let starts = steps::parse_day(&upload.text("starts_on")).filter(|d| *d >= today);
    if starts.is_none() {
        form.refuse("starts_on", msg(lang, "开始日期不能早于今天，如 2026-12-01", "Start today or later, e.g. 2026-12-01"));
    }
    let ends = steps::parse_day(&upload.text("ends_on")).filter(|d| starts.is_some_and(|s| *d >= s && (*d - s).num_days() <= 31));
    if ends.is_none() {
        form.refuse("ends_on", msg(lang, "结束日期须在开始之后 31 天内", "End on or after the start, within 31 days"));
    }
    let images = match files_of(&state, &upload, "image", 1, &mut form, lang).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if images.first().is_some_and(|f| !f.mime.starts_with("image/")) {
        form.refuse("image", msg(lang, "请上传一张图片（JPEG、PNG 或 WebP）", "Upload one picture (JPEG, PNG or WebP)"));
    } else if images.is_empty() {
        form.refuse("image", msg(lang, "请上传一张推广图片", "Upload one picture"));
    }
    if !form.is_ok() {
        discard(&state, &images);
        return render_at(state.clone(), parts, "/provider", refused(lang, &upload, form), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let store = &*state.store;
    let staff = match vetting_staff(&state, &provider.communities, provider.base_building_id).await {
        Ok(s) => s,
        Err(e) => return internal(e),
    };
    let saved = async {
        let notices = steps::notices(store, &staff, "promotion",
            &format!("「{}」申请首页推广：{title}，请审核。", provider.name), &format!("{} asks to promote \"{title}\"; please review.", provider.name)).await?;
        store.create_promotion(provider.id, user.id, &title, &images[0], &upload.text("starts_on"), &upload.text("ends_on"), &notices, crate::time::now_unix()).await
    };
    match saved.await {
        Ok(_) => Redirect::to("/provider?promotion=1").into_response(),
        Err(e) => {
            discard(&state, &images);
            internal(e)
        }
    }
}

/// POST `/work/promotions/{id}/{approve|reject}`.
async fn review_promotion(State(state): State<AppState>, Path((id, action)): Path<(i64, String)>, req: Request) -> Response {
    let (parts, pairs) = match read_form::<Pairs>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(user) = user_of(&parts) else { return not_found() };
    let lang = lang_of(&parts);
    let store = &*state.store;
    let (promo, provider) = match store.promotion(id).await {
        Ok(Some(m)) => match provider_for(&state, m.provider_id).await {
            Ok(p) => (m, p),
            Err(r) => return r,
        },
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    match staff_covers(store, &user, &provider).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return internal(e),
    }
    let approve = match action.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return not_found(),
    };
    let reason: String = field(&pairs, "reason").chars().take(300).collect();
    if !approve && reason.is_empty() {
        let mut form = FormState::default();
        form.refuse(&format!("promo-reason-{id}"), msg(lang, "请写明不通过的原因", "Give the reason"));
        return render_at(state.clone(), parts, "/work/providers", form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (zh, en) = if approve { ("已通过审核，将在首页展示", "was approved") } else { ("未通过审核", "was not approved") };
    let notices = match steps::notices(store, &[provider.owner_id], "promotion",
        &format!("推广「{}」{zh}。{reason}", promo.title), &format!("Promotion \"{}\" {en}. {reason}", promo.title)).await {
        Ok(n) => n,
        Err(e) => return internal(e),
    };
    match store.review_promotion(id, approve, &reason, user.id, &notices, crate::time::now_unix()).await {
        Ok(true) => Redirect::to("/work/providers").into_response(),
        Ok(false) => (StatusCode::CONFLICT, msg(lang, "该推广已被他人审核", "Someone else already reviewed this promotion")).into_response(),
        Err(e) => internal(e),
    }
}

async fn promotion_image(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let promo = match state.store.promotion(id).await {
        Ok(Some(m)) => m,
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    let p = match provider_for(&state, promo.provider_id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match may_see(&state, &parts, &p, promo.status == "approved").await {
        Ok(true) => send_file(&state, promo.image_file_id, false).await,
        Ok(false) => not_found(),
        Err(r) => r,
    }
}
