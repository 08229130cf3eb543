//! Uploaded materials: recognised by their bytes (never the file name), images re-encoded
//! (dropping EXIF and GPS) with a thumbnail, written and fsynced before any row points at them.
//! Files that never got a row (a crash between the two) are swept.
use crate::forms::Message;
use super::backend::{FileStore, FileStoreError};
use crate::storage::{NewFile, Store};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Files per material slot.
pub const MAX_FILES_PER_SLOT: usize = 5;
/// Long side of a stored image: enough to read any certificate, small enough for a phone.
const MAX_SIDE: u32 = 4096;
const THUMB_SIDE: u32 = 320;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some(Sniffed::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Sniffed::Png),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Sniffed::Webp),
        [b'%', b'P', b'D', b'F', b'-', ..] => Some(Sniffed::Pdf),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadProblem {
    TooLarge,
    NotAllowed,
    Unreadable,
    TooMany,
}

impl UploadProblem {
    /// The message shown beside the field, as a code the page translates.
    pub fn message(self) -> Message {
        Message::new(match self {
            UploadProblem::TooLarge => "upload-too-large",
            UploadProblem::NotAllowed => "upload-not-allowed",
            UploadProblem::Unreadable => "upload-unreadable",
            UploadProblem::TooMany => "upload-too-many",
        })
    }
}

/// What will be written: the cleaned bytes, their thumbnail, and how to serve them.
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub thumb: Option<Vec<u8>>,
    pub mime: &'static str,
    pub ext: &'static str,
}

/// Checks and cleans one upload. CPU-heavy for photos: call it from `spawn_blocking`.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, UploadProblem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(UploadProblem::TooLarge);
    }
    let kind = sniff(bytes).ok_or(UploadProblem::NotAllowed)?;
    if kind == Sniffed::Pdf {
        let tail = &bytes[bytes.len().saturating_sub(2048)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(UploadProblem::Unreadable);
        }
        return Ok(Prepared { bytes: bytes.to_vec(), thumb: None, mime: "application/pdf", ext: "pdf" });
    }
    let format = match kind {
        Sniffed::Jpeg => ImageFormat::Jpeg,
        Sniffed::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let image = decode(bytes, format).ok_or(UploadProblem::Unreadable)?;
    let (bytes, mime, ext) = if format == ImageFormat::Png {
        // Scans and screenshots of text stay lossless.
        (encode(&image, ImageFormat::Png)?, "image/png", "png")
    } else {
        (jpeg(&image, 85)?, "image/jpeg", "jpg")
    };
    let thumb = jpeg(&image.thumbnail(THUMB_SIDE, THUMB_SIDE), 75)?;
    Ok(Prepared { bytes, thumb: Some(thumb), mime, ext })
}

/// A JPEG, PNG or WebP photo as pixels (bounded like every upload), for reading what it shows.
pub fn photo_pixels(bytes: &[u8]) -> Option<DynamicImage> {
    let format = match sniff(bytes)? {
        Sniffed::Jpeg => ImageFormat::Jpeg,
        Sniffed::Png => ImageFormat::Png,
        Sniffed::Webp => ImageFormat::WebP,
        _ => return None,
    };
    decode(bytes, format)
}

fn decode(bytes: &[u8], format: ImageFormat) -> Option<DynamicImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // A small file can claim a huge canvas (a decompression bomb); refuse before allocating.
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    // Phones store "rotate me" in EXIF; apply it, since re-encoding drops the EXIF.
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(o) = orientation {
        image.apply_orientation(o);
    }
    if image.width().max(image.height()) > MAX_SIDE {
        image = image.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    Some(image)
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, UploadProblem> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).map_err(|_| UploadProblem::Unreadable)?;
    Ok(out.into_inner())
}

fn jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, UploadProblem> {
    let mut out = Vec::new();
    let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
    rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality))
        .map_err(|_| UploadProblem::Unreadable)?;
    Ok(out)
}

/// Bounds the photos being decoded and re-encoded at once to the number of cores, so a burst of
/// uploads queues instead of multiplying memory (each 12-megapixel photo needs ~40 MB briefly).
pub async fn image_permit() -> tokio::sync::SemaphorePermit<'static> {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let semaphore = PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    });
    semaphore.acquire().await.expect("the semaphore is never closed")
}

/// The SHA-256 of some bytes as lowercase hex: what a material's row records.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The local backend's directory under a data directory.
pub fn files_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("files")
}

fn random_name(ext: &str) -> String {
    let n: u128 = rand::random();
    format!("{n:032x}.{ext}")
}

/// Writes the prepared file (and thumbnail), sealed under the data key, and makes them durable
/// (see `FileStore::put_all`). The recorded size and SHA-256 are the material's own.
pub async fn write_durably(
    files: &FileStore,
    keys: &crate::secrets::Keyring,
    prepared: Prepared,
    original_name: &str,
    slot: &str,
    in_wallet: bool,
) -> Result<NewFile, FileStoreError> {
    let keys = keys.clone();
    let original_name: String = original_name.chars().filter(|c| !c.is_control()).take(120).collect();
    let slot = slot.to_string();
    let (file, sealed) = tokio::task::spawn_blocking(move || {
        let sha256 = sha256_hex(&prepared.bytes);
        let stored_name = random_name(prepared.ext);
        let mut sealed = vec![(stored_name.clone(), keys.seal(&stored_name, &prepared.bytes))];
        let thumb_name = prepared.thumb.as_ref().map(|t| {
            let name = random_name("jpg");
            sealed.push((name.clone(), keys.seal(&name, t)));
            name
        });
        let file = NewFile {
            slot,
            original_name: if original_name.is_empty() { format!("upload.{}", prepared.ext) } else { original_name },
            stored_name,
            thumb_name,
            mime: prepared.mime.to_string(),
            size: prepared.bytes.len() as i64,
            sha256,
            in_wallet,
        };
        (file, sealed)
    })
    .await
    .map_err(|e| FileStoreError::Unavailable(e.to_string()))?;
    let names: Vec<String> = sealed.iter().map(|(n, _)| n.clone()).collect();
    if let Err(e) = files.put_all(sealed).await {
        // Whatever part of the pair was stored goes now, not at the next sweep.
        files.remove(&names).await;
        return Err(e);
    }
    Ok(file)
}

/// Removes files that no row points at and that are older than `grace` (younger ones may
/// belong to a submission still being committed). Returns how many were removed.
pub async fn sweep(store: &dyn Store, files: &FileStore, grace: Duration) -> Result<usize, String> {
    let stored = files.list().await.map_err(|e| e.to_string())?;
    let known: std::collections::HashSet<String> = store.stored_names().await.map_err(|e| e.to_string())?.into_iter().collect();
    let cutoff = SystemTime::now() - grace;
    let orphans: Vec<String> = stored.into_iter().filter(|(name, written)| *written < cutoff && !known.contains(name)).map(|(n, _)| n).collect();
    files.remove(&orphans).await;
    if !orphans.is_empty() {
        tracing::info!(removed = orphans.len(), "swept files without a record");
    }
    Ok(orphans.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo_with_exif() -> Vec<u8> {
        let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
        let mut jpeg = Vec::new();
        DynamicImage::ImageRgb8(img).write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg)).unwrap();
        // Splice an APP1 Exif segment (with a "GPS" marker string) right after SOI.
        let payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPSLatitude 31.2304N";
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn recognises_by_bytes_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(Sniffed::Pdf));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Sniffed::Webp));
        assert_eq!(sniff(b"MZ\x90\0 a windows program"), None);
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(prepare(b"GIF89a......").err(), Some(UploadProblem::NotAllowed));
    }

    #[test]
    fn images_are_reencoded_without_exif_and_get_a_thumbnail() {
        let input = photo_with_exif();
        assert!(input.windows(3).any(|w| w == b"GPS"));
        let out = prepare(&input).expect("a real photo is accepted");
        assert_eq!(out.mime, "image/jpeg");
        assert!(!out.bytes.windows(4).any(|w| w == b"Exif"), "EXIF survived re-encoding");
        assert!(!out.bytes.windows(3).any(|w| w == b"GPS"));
        let thumb = out.thumb.expect("thumbnail");
        assert_eq!(sniff(&thumb), Some(Sniffed::Jpeg));
    }

    #[test]
    fn damaged_and_oversized_files_are_refused() {
        let mut broken = photo_with_exif();
        broken.truncate(40);
        assert_eq!(prepare(&broken).err(), Some(UploadProblem::Unreadable));
        assert_eq!(prepare(b"%PDF-1.4 no end marker").err(), Some(UploadProblem::Unreadable));
        let huge = vec![0xFF; MAX_FILE_BYTES + 1];
        assert_eq!(prepare(&huge).err(), Some(UploadProblem::TooLarge));
        assert!(prepare(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n").is_ok());
    }
}
