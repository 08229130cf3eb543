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
    /// Uploaded materials' store (a local directory or S3-compatible object storage). Shared by
    /// every instance, so it does not take this one out of rotation: uploads are refused meanwhile.
    files: Reach,
    /// `sqlite` or `postgres`.
    engine: &'static str,
}

/// `degraded` when the database or the file store does not answer.
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
    responses((status = 200, description = "The database answers (the file store may not: see `files`)", body = Health),
        (status = 503, description = "The database does not answer: take this instance out of rotation", body = Health)))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let engine = state.store.engine();
    // A balancer checks every second or two: a database that cannot answer within two seconds
    // is as good as down (the pool would otherwise wait its whole acquire timeout).
    let two_seconds = std::time::Duration::from_secs(2);
    let (database, files) = tokio::join!(
        tokio::time::timeout(two_seconds, state.store.ping()),
        tokio::time::timeout(two_seconds, state.config.files.check())
    );
    let database = database.map_err(|_| "no answer within 2 s".to_string()).and_then(|r| r.map_err(|e| e.to_string()));
    let files = files.map_err(|_| "no answer within 2 s".to_string()).and_then(|r| r.map_err(|e| e.to_string()));
    let files = match files {
        Ok(()) => Reach::Ok,
        Err(e) => {
            tracing::error!(error = %e, "health check: the file store does not answer");
            Reach::Unreachable
        }
    };
    match database {
        Ok(()) => {
            let status = if matches!(files, Reach::Ok) { Condition::Ok } else { Condition::Degraded };
            Json(Health { status, database: Reach::Ok, files, engine }).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            let health = Health { status: Condition::Degraded, database: Reach::Unreachable, files, engine };
            (StatusCode::SERVICE_UNAVAILABLE, Json(health)).into_response()
        }
    }
}
