//! The HTTP listener: the router behind hyper, with the limits a public server needs. A client
//! that sends its headers slowly is cut off after `header_timeout`; at most `max_connections`
//! connections are open at once (more wait in the kernel's queue); each request carries its
//! peer's address for the rate limits. The body and whole-request limits apply in the router
//! (`request_deadline`, and tower-http's body timeout), where an upload can be told from a page.
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time a client has to send a request's headers (a slow-header client holds nothing longer).
    pub header_timeout: Duration,
    /// Open connections at most; a public server must not run out of file descriptors.
    pub max_connections: usize,
    /// How long shutting down waits for requests in flight.
    pub drain: Duration,
    /// A body that stops arriving for this long is abandoned (a slow network still sends something).
    pub body_silence: Duration,
    /// Whole requests: pages and forms; uploads (multipart), which may crawl over a weak signal.
    pub request_deadline: Duration,
    pub upload_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            drain: Duration::from_secs(20),
            body_silence: Duration::from_secs(20),
            request_deadline: Duration::from_secs(30),
            upload_deadline: Duration::from_secs(600),
        }
    }
}

/// Nobody holds a request open longer than its deadline: the handler is dropped (its transaction
/// rolls back) and the client is told 408.
pub async fn request_deadline(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let deadline = if content_type.starts_with("multipart/") { limits.upload_deadline } else { limits.request_deadline };
    match tokio::time::timeout(deadline, next.run(req)).await {
        Ok(response) => response,
        Err(_) => (StatusCode::REQUEST_TIMEOUT, "请求超时，请重试 / The request took too long; please try again").into_response(),
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Wait for a free place before accepting, so the cap holds without refusing anyone.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors or a reset during the handshake: pause, then go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer's address travels with each request, as `axum::serve` would give it.
        let service = tower::ServiceExt::map_request(app.clone(), move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.drain) => tracing::warn!("requests still running at shutdown were cut off"),
    }
    Ok(())
}
