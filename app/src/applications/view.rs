//! What the application pages show; built on the server (masked), serialised into the page.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicantView {
    pub id: i64,
    pub name: String,
    pub id_masked: String,
    pub phone_masked: String,
    pub address: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalletFile {
    pub id: i64,
    pub name: String,
    pub kind_label: String,
    pub added: String,
    pub has_thumb: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub kind: String,
    pub label: String,
    pub required: bool,
    pub wallet: Vec<WalletFile>,
    /// The applicant's current e-certificates that can stand in for this material: label
    /// ("残疾人证 CL-2026-…") and serial.
    pub certificates: Vec<LabelValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldView {
    pub key: String,
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub options: Vec<String>,
    /// What each option reads as in the viewer's language (the value sent is `options`).
    pub option_labels: Vec<String>,
}

/// Someone the viewer may apply for: themself, a relative who delegated, or (staff) a resident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyView {
    pub service_code: String,
    pub service_name: String,
    pub department: String,
    pub time_limit_days: i64,
    pub promised_by: String,
    pub fields: Vec<FieldView>,
    pub slots: Vec<SlotView>,
    pub applicant: ApplicantView,
    /// `self`, `delegate` or `staff`.
    pub acting_as: String,
    pub choices: Vec<PersonChoice>,
    /// What staff searched their community for.
    pub who: String,
    /// The applicant is below the level this item needs: shown instead of the form.
    pub gate: Option<crate::accounts::assurance::Gate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub ref_no: String,
    pub service_name: String,
    pub applicant_name: String,
    pub status: String,
    pub status_label: String,
    pub submitted: String,
    pub deadline: String,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyApplications {
    pub person: PersonChoice,
    pub choices: Vec<PersonChoice>,
    pub items: Vec<ApplicationSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub label: String,
    pub actor: String,
    pub department: String,
    pub note: String,
    pub private: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaterialView {
    pub id: i64,
    pub slot_label: String,
    pub name: String,
    pub is_image: bool,
    pub has_thumb: bool,
    pub size_kb: i64,
    pub added: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelValue {
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateView {
    pub id: i64,
    pub action: String,
    pub title: String,
    pub body: String,
}

/// What only the handling department sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficerPanel {
    pub can_accept: bool,
    pub can_correct: bool,
    pub can_decide: bool,
    pub can_transfer: bool,
    pub templates: Vec<TemplateView>,
    pub departments: Vec<PersonChoice>,
    pub department_codes: Vec<String>,
    /// Material kinds and field keys the officer may ask to be corrected, with their labels.
    pub correctable: Vec<LabelValue>,
    /// The e-certificate approving issues (its title), and the facts to state for it: label and
    /// the field's key.
    pub certificate: Option<String>,
    pub certificate_facts: Vec<LabelValue>,
}

/// The e-certificate an approval issued: where the viewer can open it (none for a relative or
/// the filer, who see only that it exists).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateLink {
    pub serial: String,
    pub title: String,
    pub href: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub ref_no: String,
    pub service_code: String,
    pub service_name: String,
    pub department: String,
    pub status: String,
    pub status_label: String,
    pub submitted: String,
    pub deadline: String,
    pub overdue: bool,
    pub paused: bool,
    pub applicant: ApplicantView,
    pub filed_as: String,
    pub consent_note: String,
    pub fields: Vec<LabelValue>,
    pub materials: Vec<MaterialView>,
    pub result: Option<MaterialView>,
    pub result_note: String,
    pub correction_note: String,
    pub correction_items: Vec<String>,
    /// Upload slots for the corrections (with wallet files to reuse).
    pub correction_slots: Vec<SlotView>,
    pub correction_fields: Vec<FieldView>,
    pub timeline: Vec<TimelineEntry>,
    /// `applicant`, `delegate`, `filer` or `officer`.
    pub viewer: String,
    pub can_withdraw: bool,
    pub undo_until: Option<String>,
    pub officer: Option<OfficerPanel>,
    /// The applicant's identity is disputed: no step is taken until it is settled.
    pub frozen: bool,
    pub receipt_url: String,
    pub certificate: Option<CertificateLink>,
    /// E-certificates given instead of uploads, as checked now.
    pub certified: Vec<CertifiedMaterial>,
}

/// An e-certificate given as a material: what it is, and whether it checks out today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertifiedMaterial {
    pub slot_label: String,
    pub title: String,
    pub serial: String,
    pub issuer: String,
    pub valid_until: String,
    /// "签名有效，当前有效", or why not (revoked, expired, signature fails).
    pub verdict: String,
    pub ok: bool,
    pub facts: Vec<LabelValue>,
}
