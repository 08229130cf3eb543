//! The account form posts. Each validates everything first, stores in one step, and answers a
//! refusal with the same page, a 4xx and a message beside the field (see `forms`).
use super::sign_in::{start_session, NewSession};
use super::validate::{self, Problem};
use super::{codes, session};
use crate::forms::{FormState, Message};
use crate::prefs::{Lang, Mode, Role};
use crate::state::AppState;
use crate::storage::{CodePurpose, NewUser, StoreError};
use crate::web::{redraw, AppError, AppResult, ClientAddr, CurrentUser, Limit, PostForm};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(super::sign_in::sign_in))
        .route("/reset", post(super::reset::reset))
        .route("/login/totp", post(super::second_factor::confirm))
        .route("/logout", post(sign_out))
        .route("/settings", post(save_settings))
        .merge(super::security_handlers::routes())
        .merge(super::identity_handlers::routes())
}

#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
    #[serde(default)]
    building: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    send_code: String,
    #[serde(default)]
    code_step: String,
}

async fn register(State(state): State<AppState>, ClientAddr(addr): ClientAddr, headers: HeaderMap, PostForm(f): PostForm<RegisterForm>) -> AppResult {
    let mut form = FormState::default();
    for (k, v) in [("name", &f.name), ("phone", &f.phone), ("building", &f.building)] {
        form.values.insert(k.into(), v.chars().take(100).collect());
    }
    if f.send_code != "1" || f.code_step == "1" {
        form.values.insert("code_step".into(), "1".into());
    }
    if f.send_code == "1" {
        return send_registration_code(&state, form, &f.phone, addr).await;
    }
    state.limits.check(Limit::Register, addr).await.map_err(|e| e.too_many(form.clone(), "phone"))?;
    let mut refuse = |field: &str, p: Problem| form.refuse(field, p.message());

    let name = validate::real_name(&f.name).map_err(|p| refuse("name", p)).ok();
    let phone = validate::mobile(&f.phone).map_err(|p| refuse("phone", p)).ok();
    let code = validate::one_time_code(&f.code).map_err(|p| refuse("code", p)).ok();
    let id_number = validate::resident_id(&f.id_number, crate::time::ymd(state.clock.today())).map_err(|p| refuse("id_number", p)).ok();
    if let Err((field, p)) = validate::new_password(&f.password, &f.password2) {
        refuse(field, p);
    }
    let building = match f.building.parse::<i64>() {
        Ok(id) => state.store.building(id).await?,
        Err(_) => None,
    };
    if building.is_none() {
        refuse("building", Problem::BuildingUnknown);
    }
    if f.consent != "yes" {
        refuse("consent", Problem::ConsentMissing);
    }
    let (Some(name), Some(phone), Some(code), Some(id_number), Some(building), true) = (name, phone, code, id_number, building, form.is_ok())
    else {
        return Err(AppError::invalid(form));
    };
    // The phone is proven before anything about existing accounts is said.
    if let Err(problem) = codes::check(&state, &phone, CodePurpose::Register, &code).await? {
        form.refuse("code", problem.message());
        return Err(AppError::invalid(form));
    }

    let password = f.password.clone();
    let password_hash = session::hash_in_turn(password).await?;
    let mut new_user = NewUser {
        phone,
        name,
        id_number,
        password_hash,
        role: Role::Resident,
        department_code: None,
        community_code: Some(building.community_code.clone()),
        building_id: Some(building.id),
        id_claim_key: None,
    };
    let now = state.now();
    let mut welcome = "/me?welcome=1";
    let id = match state.store.create_user(&new_user, now).await {
        Ok(id) => id,
        Err(StoreError::Conflict("phone")) => {
            form.refuse("phone", Message::new("problem-phone-registered-proven"));
            return Err(AppError::conflict(form));
        }
        Err(StoreError::Conflict(_)) => {
            // Another account holds this ID number. The phone is proven, so the account opens
            // with the number only claimed, for community staff to settle with the card.
            new_user.id_claim_key = Some(state.config.keys.id_key(&new_user.id_number));
            new_user.id_number = super::disputes::claim_placeholder();
            welcome = "/me?welcome=1&claim=1";
            match state.store.create_user(&new_user, now).await {
                Ok(id) => id,
                Err(StoreError::Conflict(_)) => {
                    form.refuse("phone", Message::new("problem-phone-registered-proven"));
                    return Err(AppError::conflict(form));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => return Err(e.into()),
    };
    if let Err(e) = state.store.audit(now, Some(id), Some(id), "register", "").await {
        tracing::error!(error = %e, "audit write failed");
    }
    start_session(&state, &headers, NewSession::Fresh { addr, user_id: id }, welcome).await
}

/// "Send code" on the registration form: only the phone is read; the page comes back with the
/// name, phone and building kept, and the same notice whether or not the phone is registered.
async fn send_registration_code(state: &AppState, mut form: FormState, phone: &str, addr: std::net::IpAddr) -> AppResult {
    let phone = match validate::mobile(phone) {
        Ok(p) => p,
        Err(p) => {
            form.refuse("phone", p.message());
            return Err(AppError::invalid(form));
        }
    };
    codes::send(state, &phone, CodePurpose::Register, addr).await.map_err(|e| e.too_many(form.clone(), "code"))?;
    form.values.insert("code_step".into(), "1".into());
    form.notice = Some(codes::sent_notice(&phone));
    Ok(redraw(form, StatusCode::OK, None))
}

async fn sign_out(State(state): State<AppState>, user: Option<CurrentUser>, headers: HeaderMap) -> AppResult {
    if let Some(hash) = session::session_hash(&headers, state.config.secure_cookies) {
        state.store.delete_session(&hash).await?;
        if let Some(user) = user {
            let _ = state.store.audit(state.now(), Some(user.id), Some(user.id), "sign_out", "").await;
        }
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session::cookie(session::SESSION_COOKIE, "", 0, state.config.secure_cookies));
    // What the browser kept of this person's pages goes with them: the HTTP cache and the
    // offline copies (the service worker also drops its own as the sign-out passes it).
    response.headers_mut().insert("clear-site-data", axum::http::HeaderValue::from_static("\"cache\", \"storage\""));
    Ok(response)
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    lang: String,
}

async fn save_settings(State(state): State<AppState>, user: Option<CurrentUser>, PostForm(f): PostForm<SettingsForm>) -> AppResult {
    let (Some(mode), Some(lang)) = (Mode::parse(&f.mode), Lang::parse(&f.lang)) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, "未知的设置 / Unknown setting").into_response());
    };
    if let Some(user) = user {
        state.store.set_user_prefs(user.id, mode.as_str(), lang.as_str()).await?;
    }
    let secure = state.config.secure_cookies;
    let mut response = Redirect::to("/settings?saved=1").into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, session::preference_cookie(session::MODE_COOKIE, mode.as_str(), secure));
    headers.append(header::SET_COOKIE, session::preference_cookie(session::LANG_COOKIE, lang.as_str(), secure));
    Ok(response)
}
