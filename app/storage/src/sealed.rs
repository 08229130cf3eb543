//! Personal fields at rest. Phones, ID numbers, home addresses and contacts are sealed by the
//! store before they are written and opened after they are read, so every capability sees plain
//! text and a copy of the database shows none. Look-ups and uniqueness use keyed hashes
//! (`users.phone_key`, `users.id_key`), never the sealed text. The cipher itself (AES-256-GCM
//! under the deployment's data keys) lives with the keys, outside this crate.
use super::StoreResult;

/// Seals and opens one column's values; `column` ("users.phone") is bound into the seal, so a
/// value copied into another column does not open.
pub trait FieldCipher: Send + Sync {
    /// `enc:<key number>:<base64>`; an empty value stays empty (a blanked field is visible as
    /// blank, which says nothing about a person).
    fn seal(&self, column: &str, plain: &str) -> String;
    /// The plain text; a value without the `enc:` prefix was written before sealing and is
    /// returned as it is (the start-up sweep seals it).
    fn open(&self, column: &str, stored: &str) -> Result<String, String>;
    /// The keyed hash of a value in a domain ("phone", "id-number"): equal values, equal keys.
    fn lookup_key(&self, domain: &str, value: &str) -> String;
    /// `enc:<n>:` for the newest key: values without it are re-sealed by the sweep.
    fn current_prefix(&self) -> String;
}

/// The domains of the keyed hashes the store computes (shared with `secrets::Keyring`).
pub const PHONE_DOMAIN: &str = "phone";
pub const ID_NUMBER_DOMAIN: &str = "id-number";

/// Every sealed column, by table: the sweep walks these.
pub const SEALED_COLUMNS: &[(&str, &[&str])] = &[
    ("users", &["phone", "id_number"]),
    ("orders", &["address", "contact_phone"]),
    ("feedback", &["reporter_contact"]),
    ("providers", &["contact_phone"]),
    ("outbox", &["recipient"]),
    // What a resident typed into an application: incomes, children's names, addresses.
    ("applications", &["fields_json"]),
    // Questionnaire answers: household members, health, incomes.
    ("survey_answers", &["answers"]),
    // What help is needed (陪诊: which hospital, what illness) and the code the resident shows.
    ("help_requests", &["details", "code"]),
    ("volunteer_reports", &["reason"]),
    // A certificate's signed facts (the holder's name) and each department's signing key.
    ("certificates", &["payload"]),
    ("signing_keys", &["secret"]),
];

/// A row type with sealed fields, opened in place after it is read.
pub(crate) trait Personal: Sized {
    fn open_fields(self, cipher: &dyn FieldCipher) -> StoreResult<Self>;
}

pub(crate) fn open(cipher: &dyn FieldCipher, column: &str, value: String) -> StoreResult<String> {
    if !value.starts_with("enc:") {
        return Ok(value);
    }
    cipher.open(column, &value).map_err(|why| super::StoreError::Sealed(format!("{column}: {why}")))
}

pub(crate) fn open_one<T: Personal>(cipher: &dyn FieldCipher, row: Option<T>) -> StoreResult<Option<T>> {
    row.map(|r| r.open_fields(cipher)).transpose()
}

pub(crate) fn open_all<T: Personal>(cipher: &dyn FieldCipher, rows: Vec<T>) -> StoreResult<Vec<T>> {
    rows.into_iter().map(|r| r.open_fields(cipher)).collect()
}

/// Lists `open_fields` for a row type: each field with the column it is stored in.
macro_rules! personal {
    ($row:ty { $($field:ident: $column:literal),+ $(,)? }) => {
        impl $crate::sealed::Personal for $row {
            fn open_fields(mut self, cipher: &dyn $crate::FieldCipher) -> $crate::StoreResult<Self> {
                $( self.$field = $crate::sealed::open(cipher, $column, std::mem::take(&mut self.$field))?; )+
                Ok(self)
            }
        }
    };
}

personal!(super::UserRecord { phone: "users.phone", id_number: "users.id_number" });
personal!(super::OrderRow { address: "orders.address", contact_phone: "orders.contact_phone", provider_phone: "providers.contact_phone" });
personal!(super::FeedbackRow { reporter_contact: "feedback.reporter_contact" });
personal!(super::ProviderRow { contact_phone: "providers.contact_phone" });
personal!(super::OutboxRow { recipient: "outbox.recipient" });
personal!(super::ApplicationRow { fields_json: "applications.fields_json" });
personal!(super::SigningKeyRow { secret: "signing_keys.secret" });
personal!(super::ECertificateRow { payload: "certificates.payload" });
personal!(super::DelegationRow { other_phone: "users.phone" });

/// One row's sealed values, as the sweep reads them.
#[derive(sqlx::FromRow)]
pub(crate) struct SweepRow {
    pub id: i64,
    pub a: String,
    pub b: String,
}

/// How many rows the sweep reseals per transaction.
pub(crate) const SWEEP_BATCH: i64 = 500;

/// The values to write back for one row: each column re-sealed under the newest key, and for
/// users the keyed hashes of the phone and ID number.
pub(crate) fn resealed(cipher: &dyn FieldCipher, table: &str, columns: &[&str], row: &SweepRow) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    let mut plain = Vec::new();
    for (column, value) in columns.iter().zip([&row.a, &row.b]) {
        let name = format!("{table}.{column}");
        let text = open(cipher, &name, value.clone())?;
        out.push(cipher.seal(&name, &text));
        plain.push(text);
    }
    if table == "users" {
        out.push(cipher.lookup_key(PHONE_DOMAIN, &plain[0]));
        out.push(cipher.lookup_key(ID_NUMBER_DOMAIN, &plain[1]));
    }
    Ok(out)
}

/// The sweep's SQL for one table: rows with a value not sealed under the newest key (or, for
/// users, without their keyed hashes), and the update that writes one back.
pub(crate) fn sweep_sql(table: &str, columns: &[&str]) -> (String, String) {
    let b = columns.get(1).copied().unwrap_or("''");
    let stale: Vec<String> = columns.iter().map(|c| format!("({c} <> '' AND {c} NOT LIKE $1)")).collect();
    let mut stale = stale.join(" OR ");
    if table == "users" {
        stale.push_str(" OR phone_key IS NULL OR id_key IS NULL");
    }
    let select = format!("SELECT id, {} AS a, {b} AS b FROM {table} WHERE {stale} ORDER BY id LIMIT {SWEEP_BATCH}", columns[0]);
    let mut sets: Vec<String> = columns.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 2)).collect();
    if table == "users" {
        sets.push("phone_key = $4".into());
        sets.push("id_key = $5".into());
    }
    (select, format!("UPDATE {table} SET {} WHERE id = $1", sets.join(", ")))
}
