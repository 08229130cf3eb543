//! Ed25519 signing of e-certificates (`ed25519-dalek`). A certificate is a JSON payload (the
//! facts) signed by its department's current key; what is stored and handed out are the exact
//! signed bytes, so verifying never depends on serialising again. A downloaded certificate is
//! a small JSON document anyone can check against the keys published at
//! `/.well-known/linli-keys.json`.
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};

/// The document format's name, in every downloaded certificate.
pub const FORMAT: &str = "linli-certificate/1";

/// What a certificate says. Field order is fixed by the struct, but verification uses the
/// stored bytes, never a re-serialisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub serial: String,
    /// The catalogue item whose approval issued it.
    pub service_code: String,
    pub title: String,
    pub title_en: String,
    pub issuer: String,
    pub issuer_name: String,
    pub issuer_name_en: String,
    pub holder_name: String,
    /// The holder's ID number masked (never in full, on screen or on paper).
    pub holder_id_masked: String,
    pub facts: Vec<Fact>,
    /// `YYYY-MM-DD`, Asia/Shanghai.
    pub issued_on: String,
    /// `YYYY-MM-DD`: the last day it is valid.
    pub valid_until: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub label_en: String,
    pub value: String,
}

/// `en` for an English reader when there is one, else the Chinese original.
fn in_lang(lang: crate::prefs::Lang, zh: &str, en: &str) -> String {
    if lang == crate::prefs::Lang::En && !en.is_empty() { en.to_string() } else { zh.to_string() }
}

impl Claims {
    pub fn title_in(&self, lang: crate::prefs::Lang) -> String {
        in_lang(lang, &self.title, &self.title_en)
    }
    pub fn issuer_in(&self, lang: crate::prefs::Lang) -> String {
        in_lang(lang, &self.issuer_name, &self.issuer_name_en)
    }
}

impl Fact {
    pub fn label_in(&self, lang: crate::prefs::Lang) -> String {
        in_lang(lang, &self.label, &self.label_en)
    }
}

/// A certificate as handed to its holder: the signed bytes, the signature and the key's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub format: String,
    pub kid: String,
    /// base64url of the signed JSON.
    pub payload: String,
    /// base64url of the 64-byte signature.
    pub signature: String,
}

/// A new key pair: (public key, secret seed), both base64url.
pub fn new_key() -> (String, String) {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SigningKey::from_bytes(&seed);
    (B64.encode(key.verifying_key().as_bytes()), B64.encode(seed))
}

/// A key's id: its department and a random part (ids are public; they name, never derive, keys).
pub fn new_kid(department: &str, today: &str) -> String {
    format!("{department}-{}-{}", today.replace('-', ""), random_text(4))
}

/// A certificate's serial: department, year and ten random characters (not guessable from
/// another serial; the public status page answers only to a serial).
pub fn new_serial(department: &str, today: &str) -> String {
    format!("{}-{}-{}", department.to_uppercase(), &today[..4.min(today.len())], random_text(10))
}

/// `n` characters of Crockford base32 (no I, L, O, U: easy to read aloud and type).
pub fn random_text(n: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect()
}

/// Signs the payload with the secret seed; the signature as base64url.
pub fn sign(secret: &str, payload: &str) -> Result<String, String> {
    let seed: [u8; 32] = B64.decode(secret).map_err(|e| e.to_string())?.try_into().map_err(|_| "a seed is 32 bytes".to_string())?;
    Ok(B64.encode(SigningKey::from_bytes(&seed).sign(payload.as_bytes()).to_bytes()))
}

/// Whether `signature` is the key's signature of exactly these bytes.
pub fn verify(public_key: &str, payload: &[u8], signature: &str) -> bool {
    let key = B64.decode(public_key).ok().and_then(|k| <[u8; 32]>::try_from(k).ok()).and_then(|k| VerifyingKey::from_bytes(&k).ok());
    let sig = B64.decode(signature).ok().and_then(|s| <[u8; 64]>::try_from(s).ok()).map(|s| Signature::from_bytes(&s));
    match (key, sig) {
        (Some(key), Some(sig)) => key.verify_strict(payload, &sig).is_ok(),
        _ => false,
    }
}

impl Document {
    pub fn new(kid: &str, payload: &str, signature: &str) -> Self {
        Document { format: FORMAT.into(), kid: kid.into(), payload: B64.encode(payload), signature: signature.into() }
    }

    /// The claims, if the document is well formed and signed by `public_key` (the key its `kid`
    /// names); `None` for anything altered, forged or unreadable.
    pub fn verified_claims(&self, public_key: &str) -> Option<Claims> {
        let bytes = B64.decode(&self.payload).ok()?;
        if self.format != FORMAT || !verify(public_key, &bytes, &self.signature) {
            return None;
        }
        serde_json::from_slice(&bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            serial: new_serial("cl", "2026-12-02"),
            service_code: "CL001".into(),
            title: "中华人民共和国残疾人证".into(),
            title_en: "Disability certificate".into(),
            issuer: "cl".into(),
            issuer_name: "区残联".into(),
            issuer_name_en: "District Disabled Persons' Federation".into(),
            holder_name: "王秀英".into(),
            holder_id_masked: "1101**********1234".into(),
            facts: vec![Fact { label: "残疾等级".into(), label_en: "Grade".into(), value: "二级".into() }],
            issued_on: "2026-12-02".into(),
            valid_until: "2036-12-01".into(),
        }
    }

    #[test]
    fn a_signed_document_verifies_and_an_altered_one_does_not() {
        let (public, secret) = new_key();
        let original = claims();
        let payload = serde_json::to_string(&original).unwrap();
        let doc = Document::new("cl-1", &payload, &sign(&secret, &payload).unwrap());
        assert_eq!(doc.verified_claims(&public), Some(original));

        // One fact changed, the signature kept: refused.
        let altered = payload.replace("二级", "一级");
        let forged = Document { payload: B64.encode(&altered), ..doc.clone() };
        assert!(forged.verified_claims(&public).is_none());
        // Signed by a key that is not the department's: refused.
        let (_, other_secret) = new_key();
        let other = Document::new("cl-1", &payload, &sign(&other_secret, &payload).unwrap());
        assert!(other.verified_claims(&public).is_none());
        // Garbage in any part: refused, never a panic.
        assert!(Document { signature: "x".into(), ..doc.clone() }.verified_claims(&public).is_none());
        assert!(doc.verified_claims("not-a-key").is_none());
        assert!(Document { format: "other/1".into(), ..doc }.verified_claims(&public).is_none());
    }

    #[test]
    fn serials_and_kids_are_readable_and_distinct() {
        let a = new_serial("cl", "2026-12-02");
        assert!(a.starts_with("CL-2026-") && a.len() == 18, "{a}");
        assert_ne!(a, new_serial("cl", "2026-12-02"));
        assert!(random_text(50).chars().all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c))));
        assert!(new_kid("cl", "2026-12-02").starts_with("cl-20261202-"));
    }
}
