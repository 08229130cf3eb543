//! Granting and revoking 亲友代办. Only the person being represented can do either.
use crate::accounts::validate;
use crate::forms::{msg, internal, lang_of, not_found, read_form, render_page, signed_in, FormState};
use crate::state::AppState;
use crate::storage::StoreError;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me/family", post(grant)).route("/me/family/{id}/revoke", post(revoke))
}

#[derive(Deserialize)]
struct Grant {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    name: String,
}

async fn grant(State(state): State<AppState>, req: Request) -> Response {
    let (parts, f) = match read_form::<Grant>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(user) = signed_in(&parts).filter(|u| u.0.role == "resident") else { return not_found() };
    let lang = lang_of(&parts);
    let mut form = FormState::default();
    form.values.insert("phone".into(), f.phone.chars().take(13).collect());
    form.values.insert("name".into(), f.name.chars().take(30).collect());
    let phone = validate::mobile(&f.phone);
    if let Err(p) = &phone {
        form.refuse("phone", p.message(lang));
    }
    if f.name.trim().is_empty() {
        form.refuse("name", msg(lang, "请填写对方的真实姓名", "Enter their real name"));
    }
    if !form.is_ok() {
        return render_page(state, parts, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let phone = phone.unwrap_or_default();
    // Phone and real name must both match a resident account: a typo never authorises a stranger.
    let delegate = match state.store.user_by_phone(&phone).await {
        Ok(d) => d.filter(|d| d.role == "resident" && d.name == f.name.trim() && d.id != user.0.id),
        Err(e) => return internal(e),
    };
    let Some(delegate) = delegate else {
        form.refuse("phone", msg(lang, "没有找到手机号和姓名都相符的实名居民账号，请对方先注册", "No registered resident has this phone and name; ask them to register first"));
        return render_page(state, parts, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match state.store.add_delegation(user.0.id, delegate.id, crate::time::now_unix()).await {
        Ok(()) => Redirect::to("/me/family").into_response(),
        Err(StoreError::Conflict(_)) => {
            form.refuse("phone", msg(lang, "已经授权过这位亲友", "You have already authorised this person"));
            render_page(state, parts, form, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

async fn revoke(State(state): State<AppState>, Path(id): Path<i64>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = signed_in(&parts) else { return not_found() };
    match state.store.revoke_delegation(user.0.id, id, crate::time::now_unix()).await {
        Ok(true) => Redirect::to("/me/family").into_response(),
        Ok(false) => not_found(),
        Err(e) => internal(e),
    }
}
