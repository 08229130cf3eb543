//! GET `/healthz`: whether this instance can reach its database, for load balancers and
//! monitors. It says nothing else about the deployment.
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: Condition,
    database: Reach,
    /// `sqlite` or `postgres`.
    engine: &'static str,
}

/// `degraded` when the database does not answer.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum Condition {
    Ok,
    Degraded,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum Reach {
    Ok,
    Unreachable,
}

#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer: take this instance out of rotation", body = Health)))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let engine = state.store.engine();
    match state.store.ping().await {
        Ok(()) => Json(Health { status: Condition::Ok, database: Reach::Ok, engine }).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: Condition::Degraded, database: Reach::Unreachable, engine })).into_response()
        }
    }
}
