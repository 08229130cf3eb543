//! Materials in S3-compatible object storage, over the real S3 API (moto's server), beside the
//! local directory: one suite for both backends; then the router, on each database engine,
//! keeping an application's photos in the bucket, refusing a submission whole while the store
//! is down, and taking submissions again once it is back, without a restart.
use crate::common;

use axum::http::StatusCode;
use common::s3::S3Server;
use common::*;
use linli_app::storage::SharedStore;
use linli_app::uploads::{sweep, FileStore, FileStoreError};
use std::time::Duration;

async fn names(files: &FileStore) -> Vec<String> {
    let mut names: Vec<String> = files.list().await.expect("the store lists").into_iter().map(|(n, _)| n).collect();
    names.sort();
    names
}

/// What every backend must do, whatever it is.
async fn backend_behaves(files: FileStore) {
    let store = linli_app::storage::testing::sqlite().await;
    files.check().await.expect("the store answers");
    files.put_all(vec![("a.jpg".into(), b"alpha".to_vec()), ("b.pdf".into(), b"beta".to_vec())]).await.unwrap();
    assert_eq!(files.get("a.jpg").await.unwrap(), b"alpha");
    assert!(matches!(files.get("missing.jpg").await, Err(FileStoreError::Missing)));
    assert_eq!(names(&files).await, ["a.jpg", "b.pdf"]);
    // Young files may belong to a submission still committing: the sweep leaves them.
    assert_eq!(sweep(&*store, &files, Duration::from_secs(3600)).await.unwrap(), 0);
    // No row knows these two: past the grace period they go (object stores keep whole seconds,
    // so ask until both were written strictly before now).
    let started = std::time::Instant::now();
    let mut swept = 0;
    while swept < 2 {
        assert!(started.elapsed() < Duration::from_secs(10), "the sweep never removed both");
        swept += sweep(&*store, &files, Duration::ZERO).await.unwrap();
        tokio::task::yield_now().await;
    }
    assert_eq!(swept, 2);
    assert!(names(&files).await.is_empty());
    files.remove(&["a.jpg".into()]).await;
}

#[tokio::test]
async fn the_local_directory_behaves() {
    backend_behaves(FileStore::local(fresh_data_dir().join("files"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_object_store_behaves() {
    let s3 = S3Server::start();
    backend_behaves(s3.files("suite")).await;
    // Two deployments sharing a bucket under their own prefixes never see each other's files.
    let (a, b) = (s3.files("district-a"), s3.files("district-b"));
    a.put_all(vec![("x.jpg".into(), b"x".to_vec())]).await.unwrap();
    assert!(names(&b).await.is_empty());
    assert!(matches!(b.get("x.jpg").await, Err(FileStoreError::Missing)));
}

async fn materials_live_in_the_bucket(store: SharedStore) {
    let mut s3 = S3Server::start();
    let files = s3.files("community");
    let app = app_with(store, linli_server::ServerConfig { files: files.clone(), ..config() });
    let (resident_id, resident) = app.account("13810000091", 91, "resident", None, Some("cy-xfl")).await;

    let ref_no = ref_of(&apply_rs003(&app, &resident, &[]).await);
    assert!(app.stored_files().is_empty(), "nothing on this server's own disk");
    let stored = names(&files).await;
    assert_eq!(stored.len(), 4, "two cleaned photos and their thumbnails");
    for name in &stored {
        assert!(files.get(name).await.unwrap().starts_with(b"LNE1"), "{name} is sealed at rest in the bucket");
    }
    let application = app.store.application_by_ref(&ref_no).await.unwrap().unwrap();
    let attached = app.store.attached_files(application.id).await.unwrap();
    for f in &attached {
        let r = app.get(&format!("/files/{}", f.file.id), &resident).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["content-type"], "image/jpeg", "the photo comes back opened");
    }
    // Rows know every object: the sweep keeps them all.
    assert_eq!(sweep(&*app.store, &files, Duration::ZERO).await.unwrap(), 0);

    // The object store goes down: the submission is refused whole, saying why, and nothing is kept.
    s3.stop();
    let r = apply_rs003(&app, &resident, &[]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("材料存储暂时不可用"), "the page says what happened");
    assert_eq!(app.store.applications_of(resident_id).await.unwrap().len(), 1, "no application without its materials");
    assert_eq!(app.store.stored_names().await.unwrap().len(), 4, "no file rows either");
    let health = app.get("/healthz", "").await;
    assert_eq!(health.status, StatusCode::OK, "the database answers; the shared store does not take this server out");
    assert!(health.body.contains(r#""files":"unreachable""#), "{}", health.body);
    // A stored file not opened lately cannot be fetched meanwhile: 503, to retry, not a fault.
    let r = app.get(&format!("/files/{}/thumb", attached[0].file.id), &resident).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    // One opened within the minute is still held opened by this server (`uploads::OpenedFiles`).
    let r = app.get(&format!("/files/{}", attached[0].file.id), &resident).await;
    assert_eq!(r.status, StatusCode::OK, "held");

    // It comes back (empty: moto keeps objects in memory) and the same server takes uploads again.
    s3.restart();
    let again = apply_rs003(&app, &resident, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(names(&files).await.len(), 4);
    assert!(app.get("/healthz", "").await.body.contains(r#""files":"ok""#));
}

linli_app::on_both_engines!(materials_live_in_the_bucket);

/// The local backend's disk fills up: the submission is refused whole with a 503 and the same
/// message, no half-written file stays behind, and once there is room again it is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_data_disk_refuses_uploads_whole() {
    let dir = fresh_data_dir().join("small-disk");
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = std::process::Command::new("mount").args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"]).arg(&dir).status();
    assert!(mounted.is_ok_and(|s| s.success()), "mounting a small tmpfs needs root (the test command runs as root)");
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(dir.clone());
    let files = FileStore::local(dir.join("files"));
    let app = app_with(linli_app::storage::testing::sqlite().await, linli_server::ServerConfig { files, ..config() });
    let (resident_id, resident) = app.account("13810000092", 92, "resident", None, Some("cy-xfl")).await;

    // Leave the disk almost full.
    std::fs::create_dir_all(dir.join("files")).unwrap();
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);

    let r = apply_rs003(&app, &resident, &[]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", &r.body[..r.body.len().min(300)]);
    assert!(r.body.contains("材料存储暂时不可用"));
    assert!(app.store.applications_of(resident_id).await.unwrap().is_empty());
    assert!(std::fs::read_dir(dir.join("files")).unwrap().next().is_none(), "no half-written file left behind");

    std::fs::remove_file(dir.join("filler")).unwrap();
    assert_eq!(apply_rs003(&app, &resident, &[]).await.status, StatusCode::SEE_OTHER, "room again: taken");
    assert_eq!(std::fs::read_dir(dir.join("files")).unwrap().count(), 4);
}
