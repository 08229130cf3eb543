//! What the bundle pages show; built on the server, serialised into the page.
use crate::applications::view::{ApplicantView, FieldView, PersonChoice, SlotView};
use serde::{Deserialize, Serialize};

/// A life event on `/things`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThingCard {
    pub code: String,
    pub name: String,
    pub summary: String,
    /// The items it includes, by name, as one list in the reader's language.
    pub items: String,
}

/// One item of a bundle, as the form presents it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartChoice {
    pub service_code: String,
    pub name: String,
    pub department: String,
    pub days: i64,
    /// Optional parts ask this; the box is ticked unless the resident untick it.
    pub question: Option<String>,
    /// The item it waits for, by name.
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThingForm {
    pub code: String,
    pub name: String,
    pub summary: String,
    pub parts: Vec<PartChoice>,
    /// With every part included, filed today.
    pub longest_days: i64,
    pub promised_by: String,
    pub fields: Vec<FieldView>,
    pub slots: Vec<SlotView>,
    pub applicant: ApplicantView,
    /// `self`, `delegate` or `staff`.
    pub acting_as: String,
    pub choices: Vec<PersonChoice>,
    /// What staff searched their community for.
    pub who: String,
    pub gate: Option<crate::accounts::assurance::Gate>,
    /// Values filled in from earlier applications (by field name `f_…`).
    pub prefilled: Vec<(String, String)>,
}

/// A part of a filed bundle, as its timeline shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartProgress {
    pub ref_no: String,
    pub service_name: String,
    pub department: String,
    pub status: String,
    pub status_label: String,
    /// The deadline, or for a part still waiting, when it is expected.
    pub deadline: String,
    pub waiting_for: Option<String>,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleEvent {
    pub at: String,
    pub service_name: String,
    pub label: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleView {
    pub ref_no: String,
    pub thing_name: String,
    pub applicant_name: String,
    pub submitted: String,
    pub promised_by: String,
    /// The date the last part is now expected (moves with corrections and early completions).
    pub expected_by: String,
    pub done: bool,
    pub parts: Vec<PartProgress>,
    pub timeline: Vec<BundleEvent>,
    pub link: String,
    pub qr_svg: String,
}

/// A bundle in the resident's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleSummary {
    pub ref_no: String,
    pub thing_name: String,
    pub submitted: String,
    pub promised_by: String,
    pub parts: usize,
    pub finished: usize,
}
