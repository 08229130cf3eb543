//! Reaching L2 online: an `IdentityVerifier` asks an identity service (公安人口库 real-name check,
//! through whatever gateway a deployment has a contract with) whether a name and ID number belong
//! together. The real implementation posts JSON to `LINLI_IDENTITY_VERIFIER_URL`; with none
//! configured, identity is confirmed in person only — there is no default that says "yes".
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What the service said about the pair.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The name and ID number belong together; the service's reference for the audit.
    Match { reference: String },
    Mismatch,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifierError {
    /// The service could not answer (network, 5xx, 429): try again later, or go in person.
    #[error("identity service unavailable: {0}")]
    Unavailable(String),
    /// The service refused the request itself (4xx): a configuration fault of ours.
    #[error("identity service refused the request: {0}")]
    Refused(String),
}

#[async_trait]
pub trait IdentityVerifier: std::fmt::Debug + Send + Sync {
    async fn verify(&self, name: &str, id_number: &str) -> Result<Verdict, VerifierError>;
}

/// `POST {url}` with `{"name", "id_number"}` and a bearer token; the answer is
/// `{"result": "match" | "mismatch", "reference": "…"}`.
#[derive(Debug)]
pub struct HttpIdentityVerifier {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

#[derive(Serialize)]
struct Question<'a> {
    name: &'a str,
    id_number: &'a str,
}

#[derive(Deserialize)]
struct Answer {
    result: String,
    #[serde(default)]
    reference: String,
}

impl HttpIdentityVerifier {
    pub fn new(url: &str, token: Option<String>) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).connect_timeout(Duration::from_secs(5)).build()?;
        Ok(Self { client, url: url.to_string(), token })
    }
}

#[async_trait]
impl IdentityVerifier for HttpIdentityVerifier {
    async fn verify(&self, name: &str, id_number: &str) -> Result<Verdict, VerifierError> {
        let mut request = self.client.post(&self.url).json(&Question { name, id_number });
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        // The error text names the URL only, never the person.
        let response = request.send().await.map_err(|e| VerifierError::Unavailable(e.without_url().to_string()))?;
        let status = response.status();
        if status.is_server_error() || status.as_u16() == 429 {
            return Err(VerifierError::Unavailable(format!("status {status}")));
        }
        if !status.is_success() {
            return Err(VerifierError::Refused(format!("status {status}")));
        }
        let answer: Answer = response.json().await.map_err(|e| VerifierError::Unavailable(e.without_url().to_string()))?;
        match answer.result.as_str() {
            "match" if !answer.reference.is_empty() => Ok(Verdict::Match { reference: answer.reference }),
            "mismatch" => Ok(Verdict::Mismatch),
            other => Err(VerifierError::Refused(format!("unexpected result {other:?}"))),
        }
    }
}
