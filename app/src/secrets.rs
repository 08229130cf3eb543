//! The deployment's secret keys. The index key makes keyed hashes (HMAC-SHA-256): a phone or an
//! address can be looked up and counted without being stored, and a one-time code is stored so
//! that a copy of the database does not give it away. Every server of a deployment must hold the
//! same key: from `LINLI_INDEX_KEY` (base64 of 32 bytes), else from `<key dir>/index.key`,
//! made on first start (readable by the server's user only). The data keys seal uploaded
//! materials (`sealing`): from `LINLI_DATA_KEYS` (`1:<base64>,2:<base64>`), else from
//! `<key dir>/data-<n>.key`, the first made on first start.
mod sealing;

pub use sealing::{DataKeys, SealError};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;

const KEY_BYTES: usize = 32;

/// A random token that is the only key to what it opens (a queue number's page, a one-time QR):
/// 128 bits, as 32 hex digits.
pub fn random_token() -> String {
    format!("{:032x}", rand::random::<u128>())
}

#[derive(Clone)]
pub struct Keyring {
    index: [u8; KEY_BYTES],
    data: DataKeys,
}

/// Never prints key material.
impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring { .. }")
    }
}

impl Keyring {
    /// A keyring from one secret (tests): the data key is derived from it, never equal to it.
    pub fn from_bytes(index: [u8; KEY_BYTES]) -> Self {
        let mut ring = Self { index, data: DataKeys::default() };
        ring.data = DataKeys(vec![(1, ring.mac("data key", &["1"]))]);
        ring
    }

    /// The index key from `index_env` (base64) and the data keys from `data_env` if given, else
    /// from the key directory, creating what is missing.
    pub fn load(index_env: Option<&str>, data_env: Option<&str>, key_dir: &Path) -> std::io::Result<Self> {
        let text = match index_env {
            Some(text) => text.trim().to_string(),
            None => read_or_create(&key_dir.join("index.key"))?,
        };
        let index = decode_key(&text, "index key")?;
        let data = match data_env {
            Some(list) => list
                .split(',')
                .map(|pair| {
                    let (id, key) = pair.split_once(':').ok_or_else(|| invalid("LINLI_DATA_KEYS is id:base64,…"))?;
                    let id: u8 = id.trim().parse().map_err(|_| invalid("a data key's id is 0–255"))?;
                    Ok((id, decode_key(key, "data key")?))
                })
                .collect::<std::io::Result<Vec<_>>>()?,
            None => data_keys_in(key_dir)?,
        };
        Ok(Self { index, data: DataKeys(data) })
    }

    /// Seals a file's bytes for the disk, bound to its stored name.
    pub fn seal(&self, name: &str, plain: &[u8]) -> Vec<u8> {
        self.data.seal(name, plain)
    }

    pub fn open(&self, name: &str, stored: &[u8]) -> Result<Vec<u8>, SealError> {
        self.data.open(name, stored)
    }

    /// A keyed hash of `parts` (joined unambiguously), as hex.
    pub fn tag(&self, domain: &str, parts: &[&str]) -> String {
        self.mac(domain, parts).iter().map(|b| format!("{b:02x}")).collect()
    }

    fn mac(&self, domain: &str, parts: &[&str]) -> [u8; KEY_BYTES] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.index).expect("HMAC takes any key length");
        mac.update(domain.as_bytes());
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.finalize().into_bytes().into()
    }

    /// The look-up key of a phone (the store's `users.phone_key`, codes, sign-in failures).
    pub fn phone_key(&self, phone: &str) -> String {
        self.tag(linli_storage::PHONE_DOMAIN, &[phone])
    }

    /// The look-up key of an ID number (`users.id_key`, and the number an account claims while
    /// another holds it: see `accounts::disputes`).
    pub fn id_key(&self, id_number: &str) -> String {
        self.tag(linli_storage::ID_NUMBER_DOMAIN, &[id_number])
    }

    pub fn addr_key(&self, addr: &std::net::IpAddr) -> String {
        self.tag("addr", &[&addr.to_string()])
    }

    /// A one-time code bound to its phone and purpose: a code for one cannot prove another.
    pub fn code_hash(&self, phone_key: &str, purpose: &str, code: &str) -> String {
        self.tag("code", &[phone_key, purpose, code])
    }
}

/// The store seals personal fields with the data keys and looks them up by keyed hash.
impl linli_storage::FieldCipher for Keyring {
    fn seal(&self, column: &str, plain: &str) -> String {
        self.data.seal_field(column, plain)
    }
    fn open(&self, column: &str, stored: &str) -> Result<String, String> {
        self.data.open_field(column, stored).map_err(|e| e.to_string())
    }
    fn lookup_key(&self, domain: &str, value: &str) -> String {
        self.tag(domain, &[value])
    }
    fn current_prefix(&self) -> String {
        self.data.field_prefix()
    }
}

/// Compares two secrets (a token, a code) without stopping at the first difference, so the time
/// taken tells nothing of where they differ.
pub fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

fn decode_key(text: &str, what: &str) -> std::io::Result<[u8; KEY_BYTES]> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim()).map_err(|_| invalid(&format!("{what} is not base64")))?;
    bytes.try_into().map_err(|_| invalid(&format!("{what} must be 32 bytes")))
}

/// Every `data-<n>.key` in the directory; the first is made when there is none.
fn data_keys_in(key_dir: &Path) -> std::io::Result<Vec<(u8, [u8; KEY_BYTES])>> {
    let mut keys = Vec::new();
    if let Ok(entries) = std::fs::read_dir(key_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_prefix("data-").and_then(|n| n.strip_suffix(".key")).and_then(|n| n.parse::<u8>().ok()) else { continue };
            keys.push((id, decode_key(&std::fs::read_to_string(entry.path())?, "data key")?));
        }
    }
    if keys.is_empty() {
        keys.push((1, decode_key(&read_or_create(&key_dir.join("data-1.key"))?, "data key")?));
    }
    Ok(keys)
}

fn read_or_create(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use rand::RngCore;
            let mut key = [0u8; KEY_BYTES];
            rand::rngs::OsRng.fill_bytes(&mut key);
            let text = base64::engine::general_purpose::STANDARD.encode(key);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(path, &text)?;
            tracing::info!(path = %path.display(), "made a new key");
            Ok(text)
        }
        Err(e) => Err(e),
    }
}

/// Creates the file readable and writable by its owner only; never overwrites one.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_depend_on_key_domain_and_every_part() {
        let (a, b) = (Keyring::from_bytes([1; 32]), Keyring::from_bytes([2; 32]));
        assert_ne!(a.phone_key("13800000000"), b.phone_key("13800000000"));
        assert_ne!(a.phone_key("13800000000"), a.tag("addr", &["13800000000"]));
        assert_ne!(a.code_hash("k", "register", "123456"), a.code_hash("k", "reset", "123456"));
        // Parts are length-prefixed: ("ab","c") and ("a","bc") differ.
        assert_ne!(a.tag("x", &["ab", "c"]), a.tag("x", &["a", "bc"]));
        assert_eq!(a.phone_key("13800000000").len(), 64);
    }

    #[test]
    fn a_key_file_is_made_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("linli-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = Keyring::load(None, None, &dir).unwrap();
        let again = Keyring::load(None, None, &dir).unwrap();
        assert_eq!(first.phone_key("1"), again.phone_key("1"));
        assert_eq!(again.open("x", &first.seal("x", b"kept")).unwrap(), b"kept", "the data key is kept too");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("index.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "no one but the owner reads the key");
        }
        assert!(Keyring::load(Some("not base64!"), None, &dir).is_err());
        assert!(Keyring::load(None, Some("1:short"), &dir).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
