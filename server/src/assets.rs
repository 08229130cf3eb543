//! The built bundle (`/pkg`: CSS, JS, wasm) held in memory with its brotli and gzip copies.
//! Every page load fetches these; answering them from a file meant an open, a stat and a read on
//! the blocking pool for each, at about half the rate of the same bytes from memory. They change
//! only with a new build, which starts a new server.
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// One file of the bundle, as sent.
struct Asset {
    content_type: &'static str,
    plain: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    etag: HeaderValue,
    /// Named by its content (`linli.HASH.css`): it never changes, so browsers never ask again.
    immutable: bool,
}

/// The bundle by path (`/pkg/linli.css`). Empty when the site has not been built (router tests).
#[derive(Clone, Default)]
pub struct Bundle(Arc<HashMap<String, Asset>>);

impl Bundle {
    /// Reads `site_root/pkg` once. A file that cannot be read is left to the file server.
    pub fn load(site_root: &str, is_named_by_content: impl Fn(&str) -> bool) -> Bundle {
        let dir = Path::new(site_root).join("pkg");
        let Ok(entries) = std::fs::read_dir(&dir) else { return Bundle::default() };
        let mut files = HashMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(content_type) = content_type_of(&name) else { continue };
            let Ok(plain) = std::fs::read(entry.path()) else { continue };
            let sibling = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}"))).ok().map(Bytes::from);
            let etag = format!("\"{}\"", hex_prefix(&Sha256::digest(&plain)));
            let path = format!("/pkg/{name}");
            let asset = Asset {
                content_type,
                brotli: sibling("br"),
                gzip: sibling("gz"),
                plain: Bytes::from(plain),
                etag: HeaderValue::from_str(&etag).expect("hex is a valid header"),
                immutable: is_named_by_content(&path),
            };
            files.insert(path, asset);
        }
        Bundle(Arc::new(files))
    }

    /// The file at `path`, in the best encoding the client takes; `None` when it is not held.
    pub fn answer(&self, path: &str, request: &HeaderMap) -> Option<Response> {
        let asset = self.0.get(path)?;
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
        headers.insert(header::ETAG, asset.etag.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        let cache = if asset.immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if request.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == asset.etag.as_bytes()) {
            return Some((StatusCode::NOT_MODIFIED, headers).into_response());
        }
        let accepts = |coding: &str| {
            request.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|v| {
                v.split(',').any(|c| {
                    let mut parts = c.trim().split(';');
                    parts.next() == Some(coding) && !parts.any(|p| p.trim().replace(' ', "") == "q=0")
                })
            })
        };
        let (body, coding) = match (&asset.brotli, &asset.gzip) {
            (Some(br), _) if accepts("br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts("gzip") => (gz.clone(), Some("gzip")),
            _ => (asset.plain.clone(), None),
        };
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        Some((StatusCode::OK, headers, body).into_response())
    }
}

fn content_type_of(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?;
    Some(match ext {
        "css" => "text/css",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "map" | "json" => "application/json",
        _ => return None, // .br, .gz and the hash file are not files of the bundle
    })
}

fn hex_prefix(digest: &[u8]) -> String {
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> (tempdir::Dir, Bundle) {
        let dir = tempdir::Dir::new();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/linli.abc.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("pkg/linli.abc.css.br"), "BR").unwrap();
        std::fs::write(dir.path().join("pkg/asset-hash"), "abc").unwrap();
        let bundle = Bundle::load(dir.path().to_str().unwrap(), |p| p.contains(".abc."));
        (dir, bundle)
    }

    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let path = std::env::temp_dir().join(format!("linli-assets-{}", linli_app::secrets::random_token()));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[tokio::test]
    async fn files_are_sent_in_the_encoding_asked_for() {
        let (_dir, bundle) = bundle();
        let mut asks = HeaderMap::new();
        let plain = bundle.answer("/pkg/linli.abc.css", &asks).unwrap();
        assert_eq!(plain.headers()[header::CONTENT_TYPE], "text/css");
        assert_eq!(plain.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        asks.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        let br = bundle.answer("/pkg/linli.abc.css", &asks).unwrap();
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        let body = axum::body::to_bytes(br.into_body(), 100).await.unwrap();
        assert_eq!(&body[..], b"BR");
        asks.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br;q=0, gzip"));
        assert!(bundle.answer("/pkg/linli.abc.css", &asks).unwrap().headers().get(header::CONTENT_ENCODING).is_none(), "no gzip copy, br refused");
        assert!(bundle.answer("/pkg/asset-hash", &asks).is_none(), "not a bundle file");
        assert!(bundle.answer("/pkg/linli.abc.css.br", &asks).is_none());
    }

    #[test]
    fn a_revalidation_with_the_same_tag_is_not_modified() {
        let (_dir, bundle) = bundle();
        let tag = bundle.answer("/pkg/linli.abc.css", &HeaderMap::new()).unwrap().headers()[header::ETAG].clone();
        let mut asks = HeaderMap::new();
        asks.insert(header::IF_NONE_MATCH, tag);
        assert_eq!(bundle.answer("/pkg/linli.abc.css", &asks).unwrap().status(), StatusCode::NOT_MODIFIED);
    }
}
