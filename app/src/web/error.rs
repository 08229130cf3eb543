//! One error type for every handler, after axum's `error-handling` example. What a person sees
//! depends only on the kind; internal causes are logged (inside the request's span, which carries
//! its id) and never shown.
use crate::forms::FormState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

pub type AppResult<T = Response> = Result<T, AppError>;

#[derive(Debug)]
pub enum AppError {
    /// The record does not exist, or the asker may not know it does: the same answer for both.
    NotFound,
    /// Signing in is needed first (browsers go to the sign-in page, which brings them back).
    SignIn { next: Option<String> },
    /// The form was refused: the page is drawn again with the typed values and a message beside
    /// each field (422 for bad input, 409 for a conflict). `page` names another page to draw
    /// (an action posted to `/work/{ref}/reject` redraws `/work/{ref}`).
    Refused { form: FormState, status: StatusCode, page: Option<String> },
    /// The request itself is unreadable (not a form, over its size).
    Malformed(StatusCode),
    /// Too many tries from this address or for this account: 429 with `Retry-After`. With a
    /// form, the page is drawn again with the message beside its field.
    TooMany { retry_after: u64, form: Option<FormState>, page: Option<String> },
    /// Something we depend on (the object store, a full disk) is down for now: 503 with
    /// `Retry-After`; the cause goes to the log only.
    Unavailable(String),
    /// A fault of ours; the cause goes to the log only.
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }
    pub fn sign_in() -> Self {
        AppError::SignIn { next: None }
    }
    /// 422: bad input, this page drawn again with the messages.
    pub fn invalid(form: FormState) -> Self {
        AppError::Refused { form, status: StatusCode::UNPROCESSABLE_ENTITY, page: None }
    }
    /// 409: the record changed or the step is no longer allowed; this page drawn again.
    pub fn conflict(form: FormState) -> Self {
        AppError::Refused { form, status: StatusCode::CONFLICT, page: None }
    }
    /// 503: something we depend on (the object store, a full disk) is down; nothing was taken,
    /// and this page is drawn again saying so.
    pub fn unavailable(form: FormState) -> Self {
        AppError::Refused { form, status: StatusCode::SERVICE_UNAVAILABLE, page: None }
    }
    /// 429: come back in `seconds`.
    pub fn wait(seconds: u64) -> Self {
        AppError::TooMany { retry_after: seconds, form: None, page: None }
    }

    /// A wait, explained beside `field` of `form` ("please try again in N seconds").
    pub fn too_many(self, mut form: FormState, field: &str) -> Self {
        match self {
            AppError::TooMany { retry_after, page, .. } => {
                form.refuse(field, crate::forms::Message::new("problem-wait").with("seconds", retry_after as i64));
                AppError::TooMany { retry_after, form: Some(form), page }
            }
            other => other,
        }
    }

    /// A refusal drawn on another page than the one posted to.
    pub fn on_page(self, path: impl Into<String>) -> Self {
        match self {
            AppError::Refused { form, status, .. } => AppError::Refused { form, status, page: Some(path.into()) },
            AppError::TooMany { retry_after, form, .. } => AppError::TooMany { retry_after, form, page: Some(path.into()) },
            other => other,
        }
    }
}

/// Every error that is not a refusal is a fault of ours (storage, I/O, a failed task): `?` turns
/// it into `Internal`. `AppError` itself is not a `std::error::Error`, which keeps this coherent.
impl<E: std::error::Error> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError::Internal(e.to_string())
    }
}

/// A refused form travels on the response to the middleware that draws the page again (it has
/// the request and the renderer; a handler's error has neither).
#[derive(Clone, Debug)]
pub struct Refusal {
    pub form: FormState,
    pub page: Option<String>,
}

/// The page (this one, or `page`) drawn again with `form`, under `status`: a refusal, or a page
/// that shows something once (a new API key) without storing it anywhere a reload would find.
pub fn redraw(form: FormState, status: StatusCode, page: Option<String>) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(Refusal { form, page });
    res
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "未找到 / Not found").into_response(),
            AppError::SignIn { next } => match next {
                Some(next) => Redirect::to(&crate::components::sign_in_href(&next)).into_response(),
                None => Redirect::to("/login").into_response(),
            },
            AppError::Refused { form, status, page } => redraw(form, status, page),
            AppError::Malformed(status) => {
                let text = if status == StatusCode::PAYLOAD_TOO_LARGE { "请求过大 / Request too large" } else { "表单无法识别 / Malformed form" };
                (status, text).into_response()
            }
            AppError::TooMany { retry_after, form, page } => {
                let mut res = match form {
                    Some(form) => redraw(form, StatusCode::TOO_MANY_REQUESTS, page),
                    None => {
                        let text = format!("请求过于频繁，请 {retry_after} 秒后再试 / Too many requests: please try again in {retry_after} seconds");
                        (StatusCode::TOO_MANY_REQUESTS, text).into_response()
                    }
                };
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, retry_after.into());
                res
            }
            AppError::Unavailable(cause) => {
                tracing::error!(error = %cause, "a dependency is unavailable");
                let text = "服务暂时不可用，请稍后再试 / Temporarily unavailable: please try again shortly";
                let mut res = (StatusCode::SERVICE_UNAVAILABLE, text).into_response();
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, 30.into());
                res
            }
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "服务暂时不可用 / Service unavailable").into_response()
            }
        }
    }
}

pub(crate) use crate::components::encode_path;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_causes_are_not_shown() {
        let res = AppError::internal("password column missing").into_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn refusals_carry_the_form_to_the_renderer() {
        let mut form = FormState::default();
        form.refuse("phone", crate::forms::Message::new("problem-phone-format"));
        let res = AppError::invalid(form).on_page("/me").into_response();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refusal = res.extensions().get::<Refusal>().expect("refusal attached");
        assert_eq!(refusal.page.as_deref(), Some("/me"));
        assert!(refusal.form.error("phone").is_some());
    }

    #[test]
    fn sign_in_keeps_only_same_site_paths() {
        let to = |next: &str| {
            let res = AppError::SignIn { next: Some(next.into()) }.into_response();
            res.headers()[axum::http::header::LOCATION].to_str().unwrap().to_string()
        };
        assert_eq!(to("/market/3?for=2&x=1"), "/login?next=/market/3%3Ffor%3D2%26x%3D1");
        assert_eq!(to("//evil.example"), "/login?next=/me");
        assert_eq!(to("/\t/evil"), "/login?next=/%09/evil");
    }
}
