//! Extractors for who is asking and what they sent. A handler names what it needs in its
//! signature; the request is refused before the handler runs (and before any body is read) when
//! the asker is not who the route is for.
use super::error::AppError;
use crate::prefs::Role;
use crate::storage::UserRecord;
use axum::body::to_bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::{request::Parts, Method, StatusCode};
use std::ops::Deref;
use std::sync::Arc;

/// The signed-in account behind this request (the session middleware puts it on the request).
/// Refused with "sign in first" when nobody is signed in.
#[derive(Clone, Debug)]
pub struct CurrentUser(pub Arc<UserRecord>);

impl Deref for CurrentUser {
    type Target = UserRecord;
    fn deref(&self) -> &UserRecord {
        &self.0
    }
}

fn sign_in_for(parts: &Parts) -> AppError {
    // A page asked for by GET is where the person returns after signing in; a refused post is not.
    let next = (parts.method == Method::GET).then(|| parts.uri.path_and_query().map(|p| p.as_str().to_string())).flatten();
    AppError::SignIn { next }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts.extensions.get::<CurrentUser>().cloned().ok_or_else(|| sign_in_for(parts))
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<CurrentUser>().cloned())
    }
}

/// The account if someone is signed in; pages that anyone may post to (with less for strangers).
pub type MaybeUser = Option<CurrentUser>;

/// A signed-in account holding `role`. Anyone else, signed in or not, gets the 404 that hides
/// the route's records: a stranger learns nothing about what staff and officers handle.
fn with_role(parts: &Parts, role: Role) -> Result<CurrentUser, AppError> {
    let user = parts.extensions.get::<CurrentUser>().cloned().ok_or(AppError::NotFound)?;
    if user.role == role { Ok(user) } else { Err(AppError::NotFound) }
}

macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name(pub CurrentUser);

        impl Deref for $name {
            type Target = UserRecord;
            fn deref(&self) -> &UserRecord {
                &self.0
            }
        }

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = AppError;
            async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
                with_role(parts, $role).map($name)
            }
        }
    };
}

role_extractor!(
    /// A resident (the person services are for).
    Resident, Role::Resident);
role_extractor!(
    /// An administrator of the deployment.
    Admin, Role::Admin);

/// Community staff, with the community they work for.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user: CurrentUser,
    pub community: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let user = with_role(parts, Role::Staff)?;
        let community = user.community_code.clone().ok_or(AppError::NotFound)?;
        Ok(Staff { user, community })
    }
}

/// A department officer, with the department they work for.
#[derive(Clone, Debug)]
pub struct Officer {
    pub user: CurrentUser,
    pub department: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Officer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let user = with_role(parts, Role::Officer)?;
        let department = user.department_code.clone().ok_or(AppError::NotFound)?;
        Ok(Officer { user, department })
    }
}

/// Form posts are small; anything larger is refused before it is decoded.
pub const FORM_LIMIT: usize = 16 * 1024;

async fn form_bytes(req: Request) -> Result<axum::body::Bytes, AppError> {
    to_bytes(req.into_body(), FORM_LIMIT).await.map_err(|_| AppError::Malformed(StatusCode::PAYLOAD_TOO_LARGE))
}

/// A form post decoded field by field, in order (names may repeat, as checkboxes do).
#[derive(Clone, Debug, Default)]
pub struct FormPairs(pub Vec<(String, String)>);

impl FormPairs {
    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, key: &str) -> String {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }
    /// Every value of a repeated field.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = AppError;
    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let bytes = form_bytes(req).await?;
        serde_urlencoded::from_bytes(&bytes).map(FormPairs).map_err(|_| AppError::Malformed(StatusCode::BAD_REQUEST))
    }
}

/// A form post decoded into `T` with serde (missing optional fields take their defaults).
#[derive(Clone, Debug)]
pub struct PostForm<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for PostForm<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let bytes = form_bytes(req).await?;
        serde_urlencoded::from_bytes(&bytes).map(PostForm).map_err(|_| AppError::Malformed(StatusCode::BAD_REQUEST))
    }
}
