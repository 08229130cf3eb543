//! Installable, and readable offline (PWA). The service worker (`public/sw.js`) keeps a copy of
//! a page only when the server marks it with `x-linli-offline`: the catalogue's guides, notices
//! and the home page for anyone, and a resident's own receipts. Staff, officers, providers and
//! administrators are never marked (their pages hold other people's data), and neither is a
//! kiosk. A signed-in resident's pages carry a tag of their session, so the worker drops what it
//! kept for anyone else the moment another person's page arrives; signing out clears it all.
use crate::prefs::Role;
use sha2::{Digest, Sha256};

pub const HEADER: &str = "x-linli-offline";

/// Pages worth reading again with no network.
pub fn readable(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    match parts.as_slice() {
        [] | ["services"] | ["notices"] | ["things"] => true,
        ["services", _] | ["notices", _] | ["things", _] => true,
        ["me", "applications", _, "receipt"] | ["me", "things", _] => true,
        _ => false,
    }
}

/// The mark for a page drawn for `role` in the session `session_hash`, or `None` when it must
/// not be kept: anonymous pages are `public`; a resident's are tagged by a digest of the session
/// (opaque, and different at every sign-in).
pub fn mark(path: &str, role: Option<Role>, session_hash: Option<&str>) -> Option<String> {
    if !readable(path) {
        return None;
    }
    match (role, session_hash) {
        (None, _) => Some("public".into()),
        (Some(Role::Resident), Some(hash)) => {
            let digest = Sha256::digest(format!("offline:{hash}").as_bytes());
            Some(format!("u{}", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guides_notices_and_receipts_are_kept_forms_and_desks_are_not() {
        for path in ["/", "/services", "/services/RS003", "/notices/12", "/me/applications/A2026/receipt", "/me/things/B2026", "/things/birth"] {
            assert!(readable(path), "{path}");
        }
        for path in ["/services/RS003/apply", "/work/notices", "/admin", "/me", "/me/applications/A2026", "/login"] {
            assert!(!readable(path), "{path}");
        }
    }

    #[test]
    fn only_residents_and_visitors_are_marked_each_session_its_own() {
        assert_eq!(mark("/notices/1", None, None).as_deref(), Some("public"));
        let a = mark("/notices/1", Some(Role::Resident), Some("aa")).unwrap();
        let b = mark("/notices/1", Some(Role::Resident), Some("bb")).unwrap();
        assert!(a.starts_with('u') && a != b && !a.contains("aa"));
        for role in [Role::Staff, Role::Officer, Role::Provider, Role::Admin] {
            assert_eq!(mark("/notices/1", Some(role), Some("aa")), None);
        }
        assert_eq!(mark("/me", Some(Role::Resident), Some("aa")), None);
    }
}
