//! Uploaded materials at rest: AES-256-GCM under the deployment's data key, bound to the file's
//! stored name (a file moved under another record's name does not open). A sealed file is
//! `LNE1`, the key's number, a 12-byte random nonce, then the ciphertext and its tag. Keys rotate
//! by adding a higher-numbered one: new files use it, older ones still open with theirs. Files
//! written before sealing existed (no `LNE1` header) are read as they are.
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

const MAGIC: &[u8; 4] = b"LNE1";
const NONCE_BYTES: usize = 12;
const HEADER: usize = MAGIC.len() + 1 + NONCE_BYTES;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the file was sealed with data key {0}, which this server does not hold")]
    UnknownKey(u8),
    #[error("the file does not open: altered, truncated, or stored under another name")]
    Tampered,
}

/// Data keys by number; the highest seals.
#[derive(Clone, Default)]
pub struct DataKeys(pub Vec<(u8, [u8; 32])>);

impl DataKeys {
    pub fn seal(&self, name: &str, plain: &[u8]) -> Vec<u8> {
        use rand::RngCore;
        let (id, key) = self.newest();
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key));
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad: name.as_bytes() })
            .expect("AES-GCM seals any length a file can have");
        let mut out = Vec::with_capacity(HEADER + sealed.len());
        out.extend_from_slice(MAGIC);
        out.push(id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(&self, name: &str, stored: &[u8]) -> Result<Vec<u8>, SealError> {
        if stored.len() < HEADER || &stored[..MAGIC.len()] != MAGIC {
            return Ok(stored.to_vec());
        }
        let id = stored[MAGIC.len()];
        let (_, key) = self.0.iter().find(|(k, _)| *k == id).ok_or(SealError::UnknownKey(id))?;
        let nonce = &stored[MAGIC.len() + 1..HEADER];
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
        cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: &stored[HEADER..], aad: name.as_bytes() })
            .map_err(|_| SealError::Tampered)
    }
}

/// Personal fields in the database: `enc:<key number>:<base64 of nonce, ciphertext, tag>`, bound
/// to the column. Text, so both engines store it in the column it always had.
impl DataKeys {
    pub fn seal_field(&self, column: &str, plain: &str) -> String {
        if plain.is_empty() {
            return String::new();
        }
        let sealed = self.seal(&field_aad(column), plain.as_bytes());
        format!("enc:{}:{}", sealed[MAGIC.len()], STANDARD_NO_PAD.encode(&sealed[MAGIC.len() + 1..]))
    }

    pub fn open_field(&self, column: &str, stored: &str) -> Result<String, SealError> {
        let Some(rest) = stored.strip_prefix("enc:") else { return Ok(stored.to_string()) };
        let (id, body) = rest.split_once(':').ok_or(SealError::Tampered)?;
        let id: u8 = id.parse().map_err(|_| SealError::Tampered)?;
        let body = STANDARD_NO_PAD.decode(body).map_err(|_| SealError::Tampered)?;
        if body.len() < NONCE_BYTES {
            return Err(SealError::Tampered);
        }
        let mut sealed = Vec::with_capacity(HEADER + body.len());
        sealed.extend_from_slice(MAGIC);
        sealed.push(id);
        sealed.extend_from_slice(&body);
        let plain = self.open(&field_aad(column), &sealed)?;
        String::from_utf8(plain).map_err(|_| SealError::Tampered)
    }

    /// The prefix of a field sealed under the newest key.
    pub fn field_prefix(&self) -> String {
        format!("enc:{}:", self.newest().0)
    }

    fn newest(&self) -> (u8, [u8; 32]) {
        self.0.iter().max_by_key(|(id, _)| *id).copied().expect("at least one data key is loaded")
    }
}

/// A field's seal is bound to its column, and can never be taken for a file's (whose names
/// have no `field:` prefix).
fn field_aad(column: &str) -> String {
    format!("field:{column}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_open_only_under_their_own_name_and_key() {
        let keys = DataKeys(vec![(1, [3; 32])]);
        let plain = b"\xff\xd8 a photo of an ID card".to_vec();
        let sealed = keys.seal("a.jpg", &plain);
        assert!(!sealed.windows(7).any(|w| w == &b"ID card"[..]), "no plaintext on disk");
        assert_eq!(keys.open("a.jpg", &sealed), Ok(plain.clone()));
        assert_eq!(keys.open("b.jpg", &sealed), Err(SealError::Tampered), "moved under another name");
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(keys.open("a.jpg", &flipped), Err(SealError::Tampered));
        assert_ne!(keys.seal("a.jpg", &plain), sealed, "a fresh nonce every time");
        assert_eq!(keys.open("old.jpg", b"\xff\xd8 written before sealing"), Ok(b"\xff\xd8 written before sealing".to_vec()));
    }

    #[test]
    fn a_new_key_seals_and_old_files_still_open() {
        let old = DataKeys(vec![(1, [3; 32])]);
        let sealed_before = old.seal("a.jpg", b"before");
        let rotated = DataKeys(vec![(1, [3; 32]), (2, [4; 32])]);
        assert_eq!(rotated.seal("b.jpg", b"after")[4], 2, "the newest key seals");
        assert_eq!(rotated.open("a.jpg", &sealed_before), Ok(b"before".to_vec()));
        assert_eq!(DataKeys(vec![(2, [4; 32])]).open("a.jpg", &sealed_before), Err(SealError::UnknownKey(1)));
    }

    #[test]
    fn fields_are_sealed_per_column_and_rotate() {
        let keys = DataKeys(vec![(1, [3; 32])]);
        let sealed = keys.seal_field("users.phone", "13800000001");
        assert!(sealed.starts_with("enc:1:") && !sealed.contains("13800000001"));
        assert_eq!(keys.open_field("users.phone", &sealed), Ok("13800000001".into()));
        assert_eq!(keys.open_field("orders.contact_phone", &sealed), Err(SealError::Tampered), "moved to another column");
        assert_eq!(keys.open_field("users.phone", "13800000001"), Ok("13800000001".into()), "written before sealing");
        assert_eq!(keys.seal_field("users.phone", ""), "", "blank stays blank");
        assert_eq!(keys.open_field("users.phone", "enc:1:AAAA"), Err(SealError::Tampered));
        let rotated = DataKeys(vec![(1, [3; 32]), (2, [4; 32])]);
        assert_eq!(rotated.field_prefix(), "enc:2:");
        assert!(rotated.seal_field("users.phone", "x").starts_with("enc:2:"));
        assert_eq!(rotated.open_field("users.phone", &sealed), Ok("13800000001".into()));
    }
}
