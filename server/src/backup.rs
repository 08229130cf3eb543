//! `linli backup DIR` and `linli restore DIR`: a consistent copy of a running deployment, and the
//! way back. The database is copied as of one instant (SQLite's `VACUUM INTO`; `pg_dump` on an
//! exported snapshot), then every material the copy's rows name is fetched from the file store.
//! Materials are never changed once written, so the copy is whole unless one was deleted between
//! the instant and its fetch (listed as `missing`). The data keys are not in the backup: keep
//! them apart (`<data dir>/keys` or `LINLI_DATA_KEYS`); without them nothing sealed opens.
use crate::ServerConfig;
use linli_app::uploads::{sha256_hex, FileStoreError};
use serde::{Deserialize, Serialize};
use sqlx::Connection;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const MANIFEST: &str = "manifest.json";
const SQLITE_COPY: &str = "linli.db";
const PG_DUMP: &str = "linli.pgdump";
pub(crate) const STORED_NAMES: &str = "SELECT stored_name FROM files UNION ALL SELECT thumb_name FROM files WHERE thumb_name IS NOT NULL";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// `sqlite` or `postgres`: a backup restores into the same engine (`migrate-to` moves up).
    pub engine: String,
    pub taken_at: i64,
    /// Rows per table as of the instant.
    pub tables: BTreeMap<String, i64>,
    /// Stored name → SHA-256 of the stored (sealed) bytes.
    pub files: BTreeMap<String, String>,
    /// Named by a row at the instant, deleted from the store before it was fetched.
    pub missing: Vec<String>,
}

/// What a restore brought back, checked.
#[derive(Debug)]
pub struct Restored {
    pub rows: i64,
    pub files: usize,
    /// Materials opened with the data keys whose SHA-256 matched their row.
    pub opened: usize,
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres")
}

pub(crate) fn sqlite_path(url: &str) -> PathBuf {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    PathBuf::from(path.split('?').next().unwrap_or(path))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Takes a backup into `dir` (new or empty) while the deployment serves.
pub async fn backup(config: &ServerConfig, dir: &Path) -> Result<Manifest, String> {
    std::fs::create_dir_all(dir.join("files")).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten().any(|e| e.file_name() != "files") {
        return Err(format!("{} is not empty: a backup goes into a new directory", dir.display()));
    }
    let (engine, (tables, names)) = if is_postgres(&config.database_url) {
        ("postgres", pg_snapshot(&config.database_url, &dir.join(PG_DUMP)).await?)
    } else {
        ("sqlite", sqlite_snapshot(&config.database_url, &dir.join(SQLITE_COPY)).await?)
    };
    let mut manifest = Manifest { engine: engine.into(), taken_at: chrono_now(), tables, files: BTreeMap::new(), missing: Vec::new() };
    for name in names {
        match config.files.get(&name).await {
            Ok(bytes) => {
                write_synced(&dir.join("files").join(&name), &bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
                manifest.files.insert(name, sha256_hex(&bytes));
            }
            Err(FileStoreError::Missing) => manifest.missing.push(name),
            Err(e) => return Err(format!("cannot fetch {name}: {e}")),
        }
    }
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    write_synced(&dir.join(MANIFEST), &json).map_err(|e| e.to_string())?;
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| e.to_string())?;
    Ok(manifest)
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

type Snapshot = (BTreeMap<String, i64>, Vec<String>);

async fn sqlite_snapshot(url: &str, copy: &Path) -> Result<Snapshot, String> {
    let mut live = sqlx::SqliteConnection::connect(&format!("sqlite://{}", sqlite_path(url).display())).await.map_err(|e| e.to_string())?;
    sqlx::query("VACUUM INTO $1").bind(copy.to_string_lossy().to_string()).execute(&mut live).await.map_err(|e| format!("VACUUM INTO failed: {e}"))?;
    live.close().await.map_err(|e| e.to_string())?;
    let mut snap = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", copy.display())).await.map_err(|e| e.to_string())?;
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .fetch_all(&mut snap).await.map_err(|e| e.to_string())?;
    let mut counts = BTreeMap::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{t}\"")).fetch_one(&mut snap).await.map_err(|e| e.to_string())?;
        counts.insert(t, n);
    }
    let names = sqlx::query_scalar(STORED_NAMES).fetch_all(&mut snap).await.map_err(|e| e.to_string())?;
    Ok((counts, names))
}

/// `pg_dump` reads the snapshot this transaction exported, so the dump, the counts and the file
/// names all describe the same instant.
async fn pg_snapshot(url: &str, dump: &Path) -> Result<Snapshot, String> {
    let mut conn = sqlx::PgConnection::connect(url).await.map_err(|e| e.to_string())?;
    let mut tx = conn.begin().await.map_err(|e| e.to_string())?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await.map_err(|e| e.to_string())?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut *tx).await.map_err(|e| e.to_string())?;
    let (url_owned, dump_owned) = (url.to_string(), dump.to_path_buf());
    let dumping = tokio::task::spawn_blocking(move || {
        std::process::Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--no-privileges", &format!("--snapshot={snapshot}"), "--file"])
            .arg(&dump_owned)
            .arg(&url_owned)
            .output()
    });
    let tables: Vec<String> = sqlx::query_scalar("SELECT tablename::TEXT FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        .fetch_all(&mut *tx).await.map_err(|e| e.to_string())?;
    let mut counts = BTreeMap::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{t}\"")).fetch_one(&mut *tx).await.map_err(|e| e.to_string())?;
        counts.insert(t, n);
    }
    let names = sqlx::query_scalar(STORED_NAMES).fetch_all(&mut *tx).await.map_err(|e| e.to_string())?;
    let out = dumping.await.map_err(|e| e.to_string())?.map_err(|e| format!("cannot run pg_dump: {e}"))?;
    tx.commit().await.map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok((counts, names))
}

/// Brings a backup back into an empty database and an empty file store, then checks it: rows per
/// table as in the manifest, every file's bytes as backed up, and every material opening with the
/// data keys to the SHA-256 its row records.
pub async fn restore(config: &ServerConfig, dir: &Path) -> Result<Restored, String> {
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(dir.join(MANIFEST)).map_err(|e| format!("no manifest in {}: {e}", dir.display()))?)
        .map_err(|e| format!("the manifest is unreadable: {e}"))?;
    let target_engine = if is_postgres(&config.database_url) { "postgres" } else { "sqlite" };
    if manifest.engine != target_engine {
        return Err(format!("a {} backup restores into {}, not {target_engine} (use migrate-to to move up)", manifest.engine, manifest.engine));
    }
    if !config.files.list().await.map_err(|e| e.to_string())?.is_empty() {
        return Err("the file store is not empty: restore into a new one".into());
    }
    // Check the backup's own bytes before anything is written.
    let mut files = Vec::new();
    for (name, sha) in &manifest.files {
        let bytes = std::fs::read(dir.join("files").join(name)).map_err(|e| format!("{name} is missing from the backup: {e}"))?;
        if &sha256_hex(&bytes) != sha {
            return Err(format!("{name} in the backup is damaged (checksum differs)"));
        }
        files.push((name.clone(), bytes));
    }
    if target_engine == "postgres" {
        restore_postgres(&config.database_url, &dir.join(PG_DUMP)).await?;
    } else {
        restore_sqlite(&config.database_url, &dir.join(SQLITE_COPY))?;
    }
    let count = files.len();
    config.files.put_all(files).await.map_err(|e| format!("cannot store the materials: {e}"))?;
    verify(config, &manifest.tables, &manifest.missing).await.map(|(rows, opened)| Restored { rows, files: count, opened })
}

fn restore_sqlite(url: &str, copy: &Path) -> Result<(), String> {
    let target = sqlite_path(url);
    if std::fs::metadata(&target).map(|m| m.len() > 0).unwrap_or(false) {
        return Err(format!("{} exists: restore into a new database", target.display()));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let bytes = std::fs::read(copy).map_err(|e| format!("no database copy in the backup: {e}"))?;
    write_synced(&target, &bytes).map_err(|e| e.to_string())
}

async fn restore_postgres(url: &str, dump: &Path) -> Result<(), String> {
    let mut conn = sqlx::PgConnection::connect(url).await.map_err(|e| e.to_string())?;
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetch_one(&mut conn).await.map_err(|e| e.to_string())?;
    if tables > 0 {
        return Err("the target database is not empty: restore into a new one".into());
    }
    let (url, dump) = (url.to_string(), dump.to_path_buf());
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("pg_restore").args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname"]).arg(&url).arg(&dump).output()
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| format!("cannot run pg_restore: {e}"))?;
    if !out.status.success() {
        return Err(format!("pg_restore failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(())
}

/// Rows per table against `tables`, then every material (but the `missing`) opened and checked.
pub(crate) async fn verify(config: &ServerConfig, tables: &BTreeMap<String, i64>, missing: &[String]) -> Result<(i64, usize), String> {
    let store = linli_app::storage::connect(&config.database_url, std::sync::Arc::new(config.keys.clone())).await.map_err(|e| e.to_string())?;
    let mut rows = 0;
    for (table, expected) in tables {
        if !table.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return Err(format!("the manifest names an unexpected table: {table}"));
        }
        let found = store.count_rows(table).await.map_err(|e| e.to_string())?;
        if found != *expected {
            return Err(format!("{table}: {found} rows restored, {expected} backed up"));
        }
        rows += found;
    }
    let mut opened = 0;
    for (name, sha256) in store.file_checksums().await.map_err(|e| e.to_string())? {
        if missing.contains(&name) {
            continue;
        }
        let sealed = config.files.get(&name).await.map_err(|e| format!("{name} did not come back: {e}"))?;
        let plain = config.keys.open(&name, &sealed).map_err(|e| format!("{name} does not open with these keys: {e}"))?;
        if sha256_hex(&plain) != sha256 {
            return Err(format!("{name}: checksum differs from its row"));
        }
        opened += 1;
    }
    Ok((rows, opened))
}
