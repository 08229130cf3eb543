//! What the feedback pages show; built on the server (names hidden or masked by who looks).
use crate::community::BuildingOption;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryOption {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub kind_label: String,
    pub deadline_days: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackSummary {
    pub ref_no: String,
    pub title: String,
    pub category: String,
    pub kind_label: String,
    pub status: String,
    pub status_label: String,
    pub submitted: String,
    pub deadline: String,
    pub overdue: bool,
    pub address: String,
    pub unit: String,
}

/// `/feedback/new`: step one picks the category and place (a plain GET form), step two shows
/// open reports of the same kind nearby before the rest of the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewFeedbackView {
    pub categories: Vec<CategoryOption>,
    pub buildings: Vec<BuildingOption>,
    pub category: Option<CategoryOption>,
    pub building_id: Option<i64>,
    pub lat: String,
    pub lng: String,
    pub nearby: Vec<FeedbackSummary>,
    /// Staff record a request for a resident they find; relatives file for the elders they look after.
    pub is_staff: bool,
    pub choices: Vec<crate::applications::view::PersonChoice>,
    /// Whom it is for (0: staff have not chosen yet).
    pub chosen: i64,
    pub who: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackEntry {
    pub at: String,
    pub label: String,
    pub by: String,
    pub note: String,
    pub private: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhotoView {
    pub url: String,
    pub thumb: String,
}

/// Who is looking decides what the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewpoint {
    Public,
    Resident,
    Unit,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackDetail {
    pub summary: FeedbackSummary,
    pub body: String,
    pub viewpoint: Viewpoint,
    pub is_public: bool,
    /// Only for the owning unit: the resident's real name and phone (to call back).
    pub resident: Option<String>,
    pub coordinates: Option<String>,
    pub photos: Vec<PhotoView>,
    pub entries: Vec<FeedbackEntry>,
    pub followers: usize,
    pub following: bool,
    pub signed_in_resident: bool,
    /// The rating page, once the resident may rate (closed or resolved).
    pub rate_link: Option<String>,
    pub rated: Option<String>,
    /// For the unit: where it can be transferred (kind:code, name).
    pub transfer_targets: Vec<(String, String)>,
    pub templates: Vec<(String, String)>,
    /// A complaint about a marketplace order: the order's page (the unit and the resident may read it).
    pub order_link: Option<String>,
    /// For the resident and the unit: how it came in when not online by the resident (a call
    /// staff recorded, a relative's filing).
    pub channel: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackList {
    pub items: Vec<FeedbackSummary>,
    pub categories: Vec<CategoryOption>,
    pub category: String,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryAdminRow {
    pub code: String,
    pub name: String,
    pub kind_label: String,
    pub owner: String,
    pub deadline_days: i64,
}
