//! Issuing: the department's current key (made on its first certificate), the facts the officer
//! stated, and the signed certificate that the approval stores in its own transaction.
use super::signing::{self, Claims, Fact};
use crate::catalogue::CertificateSpec;
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{ApplicationRow, AuditEntry, NewECertificate, SigningKeyRow, StoreResult};
use chrono::{Days, Months};

/// The department's current key, made (and stored) if it has none yet. Two first certificates
/// racing both end up signing with the one key the store kept.
pub async fn current_key(state: &AppState, department: &str) -> StoreResult<SigningKeyRow> {
    if let Some(key) = state.store.current_signing_key(department).await? {
        return Ok(key);
    }
    let key = new_key(state, department);
    state.store.add_signing_key(&key, false, None, state.now()).await?;
    Ok(state.store.current_signing_key(department).await?.unwrap_or(key))
}

fn new_key(state: &AppState, department: &str) -> SigningKeyRow {
    let (public_key, secret) = signing::new_key();
    let kid = signing::new_kid(department, &super::load::today(state));
    SigningKeyRow { kid, department_code: department.to_string(), public_key, secret, created_at: state.now(), retired_at: None }
}

/// Replaces the department's key; the old one is retired but stays published, so what it
/// signed still verifies. Audited.
pub async fn rotate(state: &AppState, department: &str, admin_id: i64) -> StoreResult<String> {
    let key = new_key(state, department);
    let audit = AuditEntry { actor_id: admin_id, subject_id: admin_id, action: "signing_key_rotated".into(), detail: format!("{department} {}", key.kid) };
    state.store.add_signing_key(&key, true, Some(&audit), state.now()).await?;
    Ok(key.kid)
}

/// The facts the officer states on approval (`c_<key>` fields), each required and short; the
/// refusals go next to their fields.
pub fn stated_facts(spec: &CertificateSpec, value: impl Fn(&str) -> String, form: &mut FormState) -> Vec<Fact> {
    let mut facts = Vec::new();
    for f in &spec.facts {
        let name = format!("c_{}", f.key);
        let typed: String = value(&name).trim().to_string();
        form.values.insert(name.clone(), typed.chars().take(60).collect());
        if typed.is_empty() || typed.chars().count() > 60 {
            form.refuse(&name, Message::new("certificates-state-this-fact").with_names("fact", f.label.clone(), f.label_en.clone()));
            continue;
        }
        facts.push(Fact { label: f.label.clone(), label_en: f.label_en.clone(), value: typed });
    }
    facts
}

/// The last day a certificate issued `today` for `years` is valid.
pub fn valid_until(today: chrono::NaiveDate, years: u32) -> chrono::NaiveDate {
    today.checked_add_months(Months::new(12 * years.max(1))).and_then(|d| d.checked_sub_days(Days::new(1))).unwrap_or(today)
}

/// The certificate an approval of `app` issues: claims about the applicant, signed now.
pub async fn for_approval(state: &AppState, app: &ApplicationRow, spec: &CertificateSpec, facts: Vec<Fact>) -> StoreResult<NewECertificate> {
    let store = &*state.store;
    let holder = store.user_by_id(app.applicant_id).await?;
    let (holder_name, holder_id_masked) = match &holder {
        Some(u) if u.holds_id_number() => (u.name.clone(), crate::accounts::validate::mask_id(&u.id_number)),
        Some(u) => (u.name.clone(), String::new()),
        None => (app.applicant_name.clone(), String::new()),
    };
    let dept = store.departments().await?.into_iter().find(|d| d.code == app.department_code);
    let today = state.today();
    let until = valid_until(today, spec.years).format("%Y-%m-%d").to_string();
    let today = today.format("%Y-%m-%d").to_string();
    let key = current_key(state, &app.department_code).await?;
    let claims = Claims {
        serial: signing::new_serial(&app.department_code, &today),
        service_code: app.service_code.clone(),
        title: spec.title.clone(),
        title_en: spec.title_en.clone(),
        issuer: app.department_code.clone(),
        issuer_name: dept.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
        issuer_name_en: dept.as_ref().map(|d| d.name_en.clone()).unwrap_or_default(),
        holder_name,
        holder_id_masked,
        facts,
        issued_on: today,
        valid_until: until.clone(),
    };
    let payload = serde_json::to_string(&claims).expect("claims serialise");
    let signature = signing::sign(&key.secret, &payload).map_err(|e| crate::storage::StoreError::Sealed(format!("signing key: {e}")))?;
    Ok(NewECertificate {
        serial: claims.serial,
        holder_id: app.applicant_id,
        service_code: app.service_code.clone(),
        department_code: app.department_code.clone(),
        kid: key.kid,
        payload,
        signature,
        valid_until: until,
    })
}

#[cfg(test)]
mod tests {
    use super::valid_until;
    use chrono::NaiveDate;

    #[test]
    fn valid_through_the_day_before_the_anniversary() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(valid_until(d(2026, 12, 2), 1), d(2027, 12, 1));
        assert_eq!(valid_until(d(2028, 2, 29), 1), d(2029, 2, 27), "a leap day's anniversary falls back to the 28th");
        assert_eq!(valid_until(d(2026, 1, 1), 10), d(2035, 12, 31));
    }
}
