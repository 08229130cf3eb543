//! Where materials live: a directory on this server's disk (one machine, the default) or
//! S3-compatible object storage (政务云 object stores, MinIO, Ceph) when several servers share the
//! work. Both hold the same sealed bytes under the same random names; rows point at the names.
//! A write returns only once the bytes are durable (fsynced, or acknowledged by the store), so a
//! row committed after it never points at nothing.
use object_store::{aws::AmazonS3Builder, path::Path as ObjectPath, ClientOptions, ObjectStore, PutPayload, RetryConfig};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

#[derive(Clone)]
pub enum FileStore {
    Local(PathBuf),
    Objects { store: Arc<dyn ObjectStore>, describe: String },
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileStore::Local(dir) => write!(f, "FileStore::Local({})", dir.display()),
            FileStore::Objects { describe, .. } => write!(f, "FileStore::Objects({describe})"),
        }
    }
}

/// Why a file could not be written or read. `Unavailable` and `Full` are told to the resident as
/// "try again later" (503); their submission is not taken.
#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    #[error("the file is not in the store")]
    Missing,
    #[error("the data disk is full")]
    Full,
    #[error("file storage unavailable: {0}")]
    Unavailable(String),
}

impl From<std::io::Error> for FileStoreError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => FileStoreError::Missing,
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => FileStoreError::Full,
            _ => FileStoreError::Unavailable(e.to_string()),
        }
    }
}

impl From<object_store::Error> for FileStoreError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => FileStoreError::Missing,
            other => FileStoreError::Unavailable(other.to_string()),
        }
    }
}

impl FileStoreError {
    /// The answer to a request that needed the file: a missing file is a fault of ours (its row
    /// exists); a store that is down is a 503 to retry.
    pub fn into_app(self, what: &str) -> crate::web::AppError {
        match self {
            FileStoreError::Missing => crate::web::AppError::internal(format!("{what} missing from the file store")),
            other => crate::web::AppError::Unavailable(format!("{what}: {other}")),
        }
    }
}

/// An S3-compatible bucket: `LINLI_S3_ENDPOINT`, `LINLI_S3_BUCKET`, `LINLI_S3_ACCESS_KEY_ID`,
/// `LINLI_S3_SECRET_ACCESS_KEY`, `LINLI_S3_REGION` (default `us-east-1`, which most
/// S3-compatible stores accept) and `LINLI_S3_PREFIX` (several deployments in one bucket).
#[derive(Clone, Debug, Default)]
pub struct S3Settings {
    pub endpoint: String,
    pub bucket: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub region: String,
    pub prefix: String,
}

impl FileStore {
    pub fn local(dir: impl Into<PathBuf>) -> Self {
        FileStore::Local(dir.into())
    }

    pub fn s3(s: &S3Settings) -> Result<Self, String> {
        // A store that is down must fail a submission within seconds, not hold it for minutes.
        let retry = RetryConfig { max_retries: 2, retry_timeout: Duration::from_secs(5), ..RetryConfig::default() };
        let client = ClientOptions::new()
            .with_allow_http(s.endpoint.starts_with("http://"))
            .with_connect_timeout(Duration::from_secs(2))
            .with_timeout(Duration::from_secs(60));
        let region = if s.region.is_empty() { "us-east-1" } else { s.region.as_str() };
        let store = AmazonS3Builder::new()
            .with_endpoint(&s.endpoint)
            .with_bucket_name(&s.bucket)
            .with_access_key_id(&s.access_key_id)
            .with_secret_access_key(&s.secret_access_key)
            .with_region(region)
            .with_virtual_hosted_style_request(false)
            .with_client_options(client)
            .with_retry(retry)
            .build()
            .map_err(|e| format!("cannot set up the object store: {e}"))?;
        let describe = format!("{}/{}/{}", s.endpoint.trim_end_matches('/'), s.bucket, s.prefix);
        let store: Arc<dyn ObjectStore> = if s.prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, s.prefix.as_str()))
        };
        Ok(FileStore::Objects { store, describe })
    }

    /// Stores every `(name, bytes)`; returns once all are durable. Names are new (random): an
    /// existing name is an error on the local disk rather than an overwrite.
    pub async fn put_all(&self, items: Vec<(String, Vec<u8>)>) -> Result<(), FileStoreError> {
        counted("put", self.put_each(items).await)
    }

    async fn put_each(&self, items: Vec<(String, Vec<u8>)>) -> Result<(), FileStoreError> {
        match self {
            FileStore::Local(dir) => {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                    std::fs::create_dir_all(&dir)?;
                    for (name, bytes) in &items {
                        if let Err(e) = write_synced(&dir.join(name), bytes) {
                            // A half-written file (a full disk) is never left behind.
                            let _ = std::fs::remove_file(dir.join(name));
                            return Err(e);
                        }
                    }
                    std::fs::File::open(&dir)?.sync_all()
                })
                .await
                .map_err(|e| FileStoreError::Unavailable(e.to_string()))??;
            }
            FileStore::Objects { store, .. } => {
                for (name, bytes) in items {
                    store.put(&ObjectPath::from(name), PutPayload::from(bytes)).await?;
                }
            }
        }
        Ok(())
    }

    pub async fn get(&self, name: &str) -> Result<Vec<u8>, FileStoreError> {
        let got = match self {
            FileStore::Local(dir) => tokio::fs::read(dir.join(name)).await.map_err(FileStoreError::from),
            FileStore::Objects { store, .. } => match store.get(&ObjectPath::from(name)).await {
                Ok(found) => found.bytes().await.map(|b| b.to_vec()).map_err(FileStoreError::from),
                Err(e) => Err(e.into()),
            },
        };
        counted("get", got)
    }

    /// Removes files whose rows are gone. A failure is logged and left to the sweep.
    pub async fn remove(&self, names: &[String]) {
        for name in names {
            let outcome = match self {
                FileStore::Local(dir) => tokio::fs::remove_file(dir.join(name)).await.map_err(FileStoreError::from),
                FileStore::Objects { store, .. } => store.delete(&ObjectPath::from(name.as_str())).await.map_err(FileStoreError::from),
            };
            match counted("delete", outcome) {
                Ok(()) | Err(FileStoreError::Missing) => {}
                Err(e) => tracing::warn!(file = %name, error = %e, "could not remove a deleted file"),
            }
        }
    }

    /// Every stored name with the time it was written.
    pub async fn list(&self) -> Result<Vec<(String, SystemTime)>, FileStoreError> {
        match self {
            FileStore::Local(dir) => {
                let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
                Ok(entries
                    .flatten()
                    .filter_map(|e| Some((e.file_name().to_string_lossy().to_string(), e.metadata().ok()?.modified().ok()?)))
                    .collect())
            }
            FileStore::Objects { store, .. } => {
                let listed = store.list_with_delimiter(None).await?;
                Ok(listed.objects.into_iter().map(|o| (o.location.to_string(), SystemTime::from(o.last_modified))).collect())
            }
        }
    }

    /// Whether files can be stored now (for `/healthz`): the directory exists or the bucket answers.
    pub async fn check(&self) -> Result<(), FileStoreError> {
        match self {
            FileStore::Local(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                Ok(())
            }
            FileStore::Objects { store, .. } => {
                store.list_with_delimiter(Some(&ObjectPath::from("healthz"))).await?;
                Ok(())
            }
        }
    }
}

/// Counts the store's failures (not a missing file) for `/metrics`.
fn counted<T>(op: &'static str, result: Result<T, FileStoreError>) -> Result<T, FileStoreError> {
    if let Err(FileStoreError::Unavailable(_) | FileStoreError::Full) = &result {
        metrics::counter!("linli_file_store_errors_total", "op" => op).increment(1);
    }
    result
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
