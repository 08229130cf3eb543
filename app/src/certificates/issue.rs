//! Issuing: the department's current key (made on its first certificate), the facts the officer
//! stated, and the signed certificate that the approval stores in its own transaction. Also
//! which of a resident's certificates can stand in for a material in a later application.
use super::signing::{self, Claims, Fact};
use crate::catalogue::{CertificateSpec, ServiceDetail};
use crate::forms::{FormState, Message};
use crate::state::AppState;
use crate::storage::{ApplicationRow, AuditEntry, ECertificateRow, NewECertificate, SigningKeyRow, Store, StoreResult, UserRecord};
use chrono::{Days, Months, NaiveDate};

/// The department's current key, made (and stored) if it has none yet. Two first certificates
/// racing both end up signing with the one key the store kept.
pub async fn current_key(store: &dyn Store, department: &str, today: NaiveDate, now: i64) -> StoreResult<SigningKeyRow> {
    if let Some(key) = store.current_signing_key(department).await? {
        return Ok(key);
    }
    let key = new_key(department, today, now);
    store.add_signing_key(&key, false, None, now).await?;
    Ok(store.current_signing_key(department).await?.unwrap_or(key))
}

fn new_key(department: &str, today: NaiveDate, now: i64) -> SigningKeyRow {
    let (public_key, secret) = signing::new_key();
    let kid = signing::new_kid(department, &today.format("%Y-%m-%d").to_string());
    SigningKeyRow { kid, department_code: department.to_string(), public_key, secret, created_at: now, retired_at: None }
}

/// Replaces the department's key; the old one is retired but stays published, so what it
/// signed still verifies. Audited.
pub async fn rotate(state: &AppState, department: &str, admin_id: i64) -> StoreResult<String> {
    let key = new_key(department, state.today(), state.now());
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
pub fn valid_until(today: NaiveDate, years: u32) -> NaiveDate {
    today.checked_add_months(Months::new(12 * years.max(1))).and_then(|d| d.checked_sub_days(Days::new(1))).unwrap_or(today)
}

/// Who the certificate is about, and what it is for.
pub struct Subject<'a> {
    pub holder: &'a UserRecord,
    pub service_code: &'a str,
    pub department: &'a str,
}

/// Signs a certificate about `subject` with its department's current key, issued `today`.
pub async fn signed(store: &dyn Store, subject: Subject<'_>, spec: &CertificateSpec, facts: Vec<Fact>, today: NaiveDate, now: i64)
    -> StoreResult<NewECertificate> {
    let holder = subject.holder;
    let holder_id_masked = if holder.holds_id_number() { crate::accounts::validate::mask_id(&holder.id_number) } else { String::new() };
    let dept = store.departments().await?.into_iter().find(|d| d.code == subject.department);
    let until = valid_until(today, spec.years).format("%Y-%m-%d").to_string();
    let key = current_key(store, subject.department, today, now).await?;
    let today = today.format("%Y-%m-%d").to_string();
    let claims = Claims {
        serial: signing::new_serial(subject.department, &today),
        service_code: subject.service_code.to_string(),
        title: spec.title.clone(),
        title_en: spec.title_en.clone(),
        issuer: subject.department.to_string(),
        issuer_name: dept.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
        issuer_name_en: dept.as_ref().map(|d| d.name_en.clone()).unwrap_or_default(),
        holder_name: holder.name.clone(),
        holder_id_masked,
        facts,
        issued_on: today,
        valid_until: until.clone(),
    };
    let payload = serde_json::to_string(&claims).expect("claims serialise");
    let signature = signing::sign(&key.secret, &payload).map_err(|e| crate::storage::StoreError::Sealed(format!("signing key: {e}")))?;
    Ok(NewECertificate {
        serial: claims.serial,
        holder_id: holder.id,
        service_code: subject.service_code.to_string(),
        department_code: subject.department.to_string(),
        kid: key.kid,
        payload,
        signature,
        valid_until: until,
    })
}

/// The certificate an approval of `app` issues: claims about the applicant, signed now.
pub async fn for_approval(state: &AppState, app: &ApplicationRow, spec: &CertificateSpec, facts: Vec<Fact>) -> StoreResult<NewECertificate> {
    let store = &*state.store;
    let holder = store.user_by_id(app.applicant_id).await?.ok_or(crate::storage::StoreError::Db(sqlx::Error::RowNotFound))?;
    let subject = Subject { holder: &holder, service_code: &app.service_code, department: &app.department_code };
    signed(store, subject, spec, facts, state.today(), state.now()).await
}

/// The catalogue's certificate spec of an item.
pub async fn spec_of(store: &dyn Store, service_code: &str) -> StoreResult<Option<CertificateSpec>> {
    Ok(store.service(service_code).await?
        .and_then(|s| serde_json::from_str::<ServiceDetail>(&s.detail_json).ok())
        .and_then(|d| d.certificate))
}

/// A certificate the holder may give as a material: the slot kind it fills, and its title.
pub struct Usable {
    pub kind: String,
    pub title: String,
    pub row: ECertificateRow,
}

/// The holder's certificates that are genuine and current today and stand in for a material.
pub async fn usable(state: &AppState, holder_id: i64) -> StoreResult<Vec<Usable>> {
    let today = super::load::today(state);
    let lang = crate::prefs::server_viewer().lang;
    let mut out = Vec::new();
    for row in state.store.e_certificates_of(holder_id).await? {
        if super::load::standing(&row, &today) != super::Standing::Current {
            continue;
        }
        let Some(spec) = spec_of(&*state.store, &row.service_code).await?.filter(|s| !s.material.is_empty()) else { continue };
        let (claims, genuine) = super::load::checked(&*state.store, &row).await?;
        if !genuine || claims.is_none() {
            continue;
        }
        let title = if lang == crate::prefs::Lang::En { spec.title_en.clone() } else { spec.title.clone() };
        out.push(Usable { kind: spec.material.clone(), title, row });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::valid_until;
    use chrono::NaiveDate;

    #[test]
    fn valid_through_the_day_before_the_anniversary() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(valid_until(d(2026, 12, 2), 1), d(2027, 12, 1));
        assert_eq!(valid_until(d(2028, 2, 29), 1), d(2029, 2, 27), "a leap day's anniversary is the 28th, so the 27th is the last day");
        assert_eq!(valid_until(d(2026, 1, 1), 10), d(2035, 12, 31));
    }
}
