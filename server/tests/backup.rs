//! The restore drill, on each engine: a backup taken while residents keep submitting, restored
//! into a fresh database and file store, where every application acknowledged before it opens
//! with each material's checksum; a restore refuses a target that is not empty, and a damaged
//! backup.
use crate::common;

use axum::http::StatusCode;
use common::*;
use linli_app::storage::{testing, SharedStore};
use linli_app::uploads::FileStore;
use linli_server::backup;
use sha2::{Digest, Sha256};

async fn drill(store: SharedStore, url: String, target_url: String, another_target_url: String) {
    let config = linli_server::ServerConfig { database_url: url, ..config() };
    let app = app_with(store, config.clone());
    let (_, resident) = app.account("13810000095", 95, "resident", None, Some("cy-xfl")).await;
    let mut acknowledged = Vec::new();
    for _ in 0..3 {
        acknowledged.push(ref_of(&apply_rs003(&app, &resident, &[]).await));
    }

    // The backup runs while another submission arrives.
    let dir = fresh_data_dir().join("backup");
    let (manifest, late) = tokio::join!(backup::backup(&config, &dir), apply_rs003(&app, &resident, &[]));
    let manifest = manifest.expect("the backup is taken");
    assert_eq!(late.status, StatusCode::SEE_OTHER, "serving went on during the backup");
    assert!(manifest.missing.is_empty());
    assert!(manifest.files.len() >= 12, "three applications' photos and thumbnails at least");
    assert!(manifest.tables["applications"] >= 3);

    let target = linli_server::ServerConfig { database_url: target_url, files: FileStore::local(fresh_data_dir().join("files")), ..config.clone() };
    let restored = backup::restore(&target, &dir).await.expect("the restore checks out");
    assert_eq!(restored.files, manifest.files.len());
    assert_eq!(restored.opened * 2, restored.files, "every material (and its thumbnail) opened to its row's checksum");

    // The restored deployment serves the same resident (the session came back too).
    let again = linli_app::storage::connect(&target.database_url, testing::cipher()).await.unwrap();
    let restored_app = app_with(again, target.clone());
    for ref_no in &acknowledged {
        assert_eq!(restored_app.get(&format!("/me/applications/{ref_no}"), &resident).await.status, StatusCode::OK);
        let application = restored_app.store.application_by_ref(ref_no).await.unwrap().expect("acknowledged before the backup");
        for f in restored_app.store.attached_files(application.id).await.unwrap() {
            let bytes = restored_app.get_bytes(&format!("/files/{}", f.file.id), &resident).await;
            let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(sha, f.file.sha256, "{ref_no}: {} intact", f.file.original_name);
        }
    }
    // The submission made during the backup is there whole or not at all.
    let late = ref_of(&late);
    if let Some(a) = restored_app.store.application_by_ref(&late).await.unwrap() {
        assert_eq!(restored_app.store.attached_files(a.id).await.unwrap().len(), 2);
    }

    let refused = backup::restore(&target, &dir).await.expect_err("the target is in use now");
    assert!(refused.contains("not empty") || refused.contains("exists"), "{refused}");
    // A damaged backup is refused before anything is written.
    let damaged = dir.join("files").join(manifest.files.keys().next().unwrap());
    let mut bytes = std::fs::read(&damaged).unwrap();
    bytes[10] ^= 0xFF;
    std::fs::write(&damaged, bytes).unwrap();
    let fresh = linli_server::ServerConfig { database_url: another_target_url.clone(), files: FileStore::local(fresh_data_dir().join("files")), ..config };
    assert!(backup::restore(&fresh, &dir).await.expect_err("damaged").contains("damaged"));
    if !another_target_url.starts_with("postgres") {
        assert!(!std::path::Path::new(another_target_url.trim_start_matches("sqlite://")).exists(), "nothing written");
    }
}

fn sqlite_target() -> String {
    format!("sqlite://{}", fresh_data_dir().join("restored.db").display())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_drill_on_sqlite() {
    let (store, url) = testing::sqlite_with(testing::cipher()).await;
    drill(store, url, sqlite_target(), sqlite_target()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_drill_on_postgres() {
    let (store, url) = testing::postgres_with(testing::cipher()).await;
    drill(store, url, common::binary::fresh_pg_database("restore_a").await, common::binary::fresh_pg_database("restore_b").await).await;
}

/// A community outgrows one machine: its SQLite deployment moves into PostgreSQL with its
/// materials going to the object store; residents find everything (and stay signed in), new
/// records continue after the copied ids, and a second run refuses the now-used target.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_deployment_moves_up_to_postgres() {
    let (store, url) = testing::sqlite_with(testing::cipher()).await;
    let config = linli_server::ServerConfig { database_url: url, ..config() };
    let app = app_with(store, config.clone());
    let (_, resident) = app.account("13810000096", 96, "resident", None, Some("cy-xfl")).await;
    let refs = [ref_of(&apply_rs003(&app, &resident, &[]).await), ref_of(&apply_rs003(&app, &resident, &[]).await)];

    let s3 = common::s3::S3Server::start();
    let target = common::binary::fresh_pg_database("moved").await;
    let moving = linli_server::ServerConfig { files: s3.files("moved"), ..config.clone() };
    let moved = linli_server::move_up::migrate_to(&moving, &target).await.expect("the move checks out");
    assert_eq!(moved.files, 8, "two applications' photos and thumbnails, into the object store");
    assert_eq!(moved.opened, 4);
    assert!(moved.rows > 100, "reference data and records: {}", moved.rows);

    let pg = linli_app::storage::connect(&target, testing::cipher()).await.unwrap();
    let up = app_with(pg, linli_server::ServerConfig { database_url: target.clone(), ..moving.clone() });
    for ref_no in &refs {
        assert_eq!(up.get(&format!("/me/applications/{ref_no}"), &resident).await.status, StatusCode::OK, "still signed in, the same case");
        let a = up.store.application_by_ref(ref_no).await.unwrap().unwrap();
        for f in up.store.attached_files(a.id).await.unwrap() {
            let bytes = up.get_bytes(&format!("/files/{}", f.file.id), &resident).await;
            let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(sha, f.file.sha256);
        }
    }
    let third = ref_of(&apply_rs003(&up, &resident, &[]).await);
    assert!(!refs.contains(&third), "new records continue after the copied ones");

    let again = linli_server::move_up::migrate_to(&moving, &target).await.expect_err("not empty any more");
    assert!(again.contains("not empty"), "{again}");
}
