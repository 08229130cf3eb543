//! `linli migrate-to postgres://…`: a community that outgrows one machine copies its SQLite
//! deployment (every row, and its materials) into PostgreSQL, then points its servers there.
//! The target must be empty; its schema comes from the PostgreSQL migrations, then every table
//! is copied in one transaction, identity sequences are moved past the copied ids, materials
//! go to the configured file store (the object store, when `LINLI_S3_*` is set), and the result
//! is checked: rows per table as in the source, every material opening to its row's checksum.
use crate::ServerConfig;
use linli_app::uploads::FileStore;
use sqlx::{Connection, Row};
use std::collections::BTreeMap;

/// Rows per statement: well under PostgreSQL's 65,535 parameters for the widest table.
const BATCH: usize = 200;

#[derive(Debug)]
pub struct Moved {
    pub tables: usize,
    pub rows: i64,
    pub files: usize,
    /// Materials opened in the target with the data keys, matching their rows' checksums.
    pub opened: usize,
}

/// Copies the SQLite deployment `config` describes into the empty PostgreSQL database `target`.
pub async fn migrate_to(config: &ServerConfig, target: &str) -> Result<Moved, String> {
    if config.database_url.starts_with("postgres") {
        return Err("this deployment is on PostgreSQL already".into());
    }
    if !target.starts_with("postgres") {
        return Err("the target must be a postgres:// URL".into());
    }
    let mut pg = sqlx::PgConnection::connect(target).await.map_err(|e| format!("cannot reach the target: {e}"))?;
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetch_one(&mut pg).await.map_err(|e| e.to_string())?;
    if tables > 0 {
        return Err("the target database is not empty: migrate into a new one".into());
    }
    // The schema, from the PostgreSQL migrations (reference data comes with the rows).
    let keys = std::sync::Arc::new(config.keys.clone());
    linli_app::storage::connect(target, keys.clone()).await.map_err(|e| e.to_string())?.migrate().await.map_err(|e| e.to_string())?;
    let source_path = crate::backup::sqlite_path(&config.database_url);
    let mut sqlite = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", source_path.display())).await.map_err(|e| e.to_string())?;
    // One read transaction: every table as of the same instant (WAL lets the deployment write on).
    sqlx::query("BEGIN").execute(&mut sqlite).await.map_err(|e| e.to_string())?;
    let columns = target_columns(&mut pg).await?;
    let mut counts = BTreeMap::new();
    let mut tx = pg.begin().await.map_err(|e| e.to_string())?;
    // Rows refer to one another in every order (a resident checked by staff registered later):
    // foreign keys are checked by the source already, so they are not re-checked row by row.
    sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *tx).await.map_err(|e| format!("the target role cannot copy rows as they are (needs superuser): {e}"))?;
    // Rows some migrations seed (reply templates, categories) come from the source instead.
    let all = columns.keys().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
    sqlx::query(&format!("TRUNCATE {all}")).execute(&mut *tx).await.map_err(|e| e.to_string())?;
    for (table, cols) in &columns {
        let n = copy_table(&mut sqlite, &mut tx, table, cols).await.map_err(|e| format!("{table}: {e}"))?;
        counts.insert(table.clone(), n);
        if cols.iter().any(|(c, _)| c == "id") {
            let reset = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM \"{table}\"");
            if let Err(e) = sqlx::query(&reset).execute(&mut *tx).await {
                // A table whose id is not an identity column has no sequence to move.
                if !e.to_string().contains("sequence") {
                    return Err(format!("{table}: {e}"));
                }
            }
        }
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    let files = copy_materials(config, &mut sqlite).await?;
    let moved = ServerConfig { database_url: target.to_string(), ..config.clone() };
    let (rows, opened) = crate::backup::verify(&moved, &counts, &[]).await?;
    Ok(Moved { tables: counts.len(), rows, files, opened })
}

/// Every table of the target (but sqlx's own) with its columns and their types, in order; columns
/// PostgreSQL computes itself (a listing's search vector) are left to it.
async fn target_columns(pg: &mut sqlx::PgConnection) -> Result<BTreeMap<String, Vec<(String, String)>>, String> {
    let rows = sqlx::query("SELECT table_name::TEXT, column_name::TEXT, data_type::TEXT FROM information_schema.columns \
                            WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' AND is_generated = 'NEVER' \
                            ORDER BY table_name, ordinal_position")
        .fetch_all(&mut *pg).await.map_err(|e| e.to_string())?;
    let mut tables: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in rows {
        tables.entry(r.get(0)).or_default().push((r.get(1), r.get(2)));
    }
    Ok(tables)
}

async fn copy_table(sqlite: &mut sqlx::SqliteConnection, tx: &mut sqlx::PgConnection, table: &str, cols: &[(String, String)]) -> Result<i64, String> {
    let list = cols.iter().map(|(c, _)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let rows = sqlx::query(&format!("SELECT {list} FROM \"{table}\"")).fetch_all(&mut *sqlite).await.map_err(|e| e.to_string())?;
    for chunk in rows.chunks(BATCH) {
        let mut sql = format!("INSERT INTO \"{table}\" ({list}) OVERRIDING SYSTEM VALUE VALUES ");
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            let marks: Vec<String> = (0..cols.len()).map(|_| { n += 1; format!("${n}") }).collect();
            sql.push_str(&format!("{}({})", if i > 0 { ", " } else { "" }, marks.join(", ")));
        }
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for (i, (_, kind)) in cols.iter().enumerate() {
                query = match kind.as_str() {
                    "bigint" | "integer" => query.bind(row.try_get::<Option<i64>, _>(i).map_err(|e| e.to_string())?),
                    "double precision" | "real" => query.bind(row.try_get::<Option<f64>, _>(i).map_err(|e| e.to_string())?),
                    _ => query.bind(row.try_get::<Option<String>, _>(i).map_err(|e| e.to_string())?),
                };
            }
        }
        query.execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    Ok(rows.len() as i64)
}

/// From the SQLite deployment's directory to the configured store, unless that is the same
/// directory (the PostgreSQL servers then run on this machine and keep using it).
async fn copy_materials(config: &ServerConfig, sqlite: &mut sqlx::SqliteConnection) -> Result<usize, String> {
    let source = FileStore::local(linli_app::uploads::files_dir(&config.data_dir));
    if let (FileStore::Local(from), FileStore::Local(to)) = (&source, &config.files) {
        if from == to {
            return Ok(0);
        }
    }
    let names: Vec<String> = sqlx::query_scalar(crate::backup::STORED_NAMES).fetch_all(&mut *sqlite).await.map_err(|e| e.to_string())?;
    for name in &names {
        let bytes = source.get(name).await.map_err(|e| format!("{name}: {e}"))?;
        config.files.put_all(vec![(name.clone(), bytes)]).await.map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(names.len())
}
