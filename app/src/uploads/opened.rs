//! Materials lately opened. Each look at a resident's photo is still checked and, for staff,
//! audited, but opening 3 MB from AES-GCM and reading it back from disk or the bucket on every
//! look cost five times what sending it does. Opened bytes stay in this server's memory for a
//! minute after they were opened, never on disk: sealing at rest guards the disk, the bucket and
//! the backups, which this does not touch. A deleted file's row is gone before its bytes, so
//! nothing held is reachable once its row is: a row is held ten seconds, and one deleted through
//! this server is dropped at once (`forget_rows`); one deleted through another server can be
//! answered for those ten seconds, to the people who could see it a moment before.
use crate::web::Recent;
use crate::storage::FileRow;
use axum::body::Bytes;
use std::time::Duration;

const KEEP_FOR: Duration = Duration::from_secs(60);
const ROW_KEEP_FOR: Duration = Duration::from_secs(10);
/// Whole files larger than this are opened for every look rather than held.
const LARGEST_HELD: i64 = 6 * 1024 * 1024;

pub struct OpenedFiles {
    /// At most 8 files of up to 6 MB: 48 MB.
    whole: Recent<String, Bytes>,
    /// Thumbnails are at most 320 px, some 30 kB: 256 of them, about 8 MB.
    thumbnails: Recent<String, Bytes>,
    /// Files' rows (whose a file is, where its bytes are), by id: 4,096 of some 300 bytes.
    rows: Recent<i64, Option<FileRow>>,
}

impl Default for OpenedFiles {
    fn default() -> Self {
        OpenedFiles {
            whole: Recent::new(|_| KEEP_FOR, 8),
            thumbnails: Recent::new(|_| KEEP_FOR, 256),
            rows: Recent::new(|_| ROW_KEEP_FOR, 4096),
        }
    }
}

impl OpenedFiles {
    /// The opened bytes of the stored object `name` (`size` bytes when opened), from `open`
    /// when not held.
    pub async fn get_or<E, F>(&self, name: &str, thumbnail: bool, size: i64, open: F) -> Result<Bytes, E>
    where
        F: std::future::Future<Output = Result<Bytes, E>>,
    {
        let held = match (thumbnail, size) {
            (true, _) => &self.thumbnails,
            (false, size) if size <= LARGEST_HELD => &self.whole,
            _ => return open.await,
        };
        Ok(Bytes::clone(&*held.get_or(name.to_string(), open).await?))
    }

    /// File `id`'s row, from `load` when not held (a missing one is asked for every time).
    pub async fn row<E, F>(&self, id: i64, load: F) -> Result<Option<FileRow>, E>
    where
        F: std::future::Future<Output = Result<Option<FileRow>, E>>,
    {
        self.rows.found_or(id, load).await
    }

    /// Something was deleted or changed through this server: rows are read again.
    pub fn forget_rows(&self) {
        self.rows.forget();
    }
}

impl std::fmt::Debug for OpenedFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpenedFiles")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_opened_once_a_minute_and_a_large_one_every_time() {
        let opened = OpenedFiles::default();
        let opens = std::sync::atomic::AtomicU32::new(0);
        let open = || async {
            opens.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, ()>(Bytes::from_static(b"photo"))
        };
        for _ in 0..3 {
            assert_eq!(opened.get_or("a", false, 5, open()).await.unwrap(), "photo");
        }
        assert_eq!(opens.load(std::sync::atomic::Ordering::SeqCst), 1);
        opened.get_or("a", true, 5, open()).await.unwrap();
        assert_eq!(opens.load(std::sync::atomic::Ordering::SeqCst), 2, "the thumbnail is its own");
        for _ in 0..2 {
            opened.get_or("big", false, LARGEST_HELD + 1, open()).await.unwrap();
        }
        assert_eq!(opens.load(std::sync::atomic::Ordering::SeqCst), 4, "too large to hold");
        assert!(opened.get_or("gone", false, 5, async { Err::<Bytes, _>("missing") }).await.is_err());
    }

    #[tokio::test]
    async fn a_row_found_is_held_until_something_changes_and_a_missing_one_is_not() {
        let opened = OpenedFiles::default();
        let reads = std::sync::atomic::AtomicU32::new(0);
        let read = |found: bool| {
            let reads = &reads;
            async move {
                reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let row = FileRow { id: 7, owner_id: 1, ..Default::default() };
                Ok::<_, ()>(found.then_some(row))
            }
        };
        assert!(opened.row(7, read(false)).await.unwrap().is_none());
        assert_eq!(opened.row(7, read(true)).await.unwrap().map(|r| r.owner_id), Some(1), "a missing row is asked for again");
        opened.row(7, read(true)).await.unwrap();
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 2, "a row found is held");
        opened.forget_rows();
        opened.row(7, read(true)).await.unwrap();
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 3, "read again after a change");
    }
}
