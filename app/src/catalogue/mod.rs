//! 办事指南: the service catalogue. Types are shared with the browser; the search index and
//! seeding are server-only.
pub mod facets;
pub mod materials;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod seed;
pub mod server;
#[cfg(feature = "ssr")]
pub mod snapshot;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Online,
    Offline,
    Both,
}

impl Channel {
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "online" => Some(Channel::Online),
            "offline" => Some(Channel::Offline),
            "both" => Some(Channel::Both),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Offline => "offline",
            Channel::Both => "both",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Faq {
    pub q: String,
    pub a: String,
}

/// Everything a resident needs to prepare, kept together as one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub summary: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub conditions: Vec<String>,
    pub materials: Vec<String>,
    pub steps: Vec<String>,
    pub fee: String,
    pub offline: Vec<String>,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub phone: String,
    pub faqs: Vec<Faq>,
    #[serde(default)]
    pub basis: String,
    /// The online application form; absent for offline-only items.
    #[serde(default)]
    pub form: Option<ApplyForm>,
    /// The guide in English; the fields above are the Chinese original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<GuideText>,
    /// The e-certificate an approval issues, when the item's result is one (残疾人证, 居住证 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSpec>,
}

/// What an item's e-certificate is called, how long it holds, and the facts the officer states
/// on approval (a disability's category and grade, a benefit's monthly amount).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CertificateSpec {
    pub title: String,
    pub title_en: String,
    /// Valid for this many years from the day it is issued.
    pub years: u32,
    /// The material kind (`disability_cert`, `residence_permit` …) it can stand in for in later
    /// applications, instead of an upload; empty when none.
    #[serde(default)]
    pub material: String,
    #[serde(default)]
    pub facts: Vec<CertificateFact>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CertificateFact {
    pub key: String,
    pub label: String,
    pub label_en: String,
}

/// The translatable text of a guide, item for item as in the Chinese.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuideText {
    pub category: String,
    pub summary: String,
    pub fee: String,
    pub conditions: Vec<String>,
    pub materials: Vec<String>,
    pub steps: Vec<String>,
    pub offline: Vec<String>,
    pub hours: String,
    pub faqs: Vec<Faq>,
    pub basis: String,
}

impl ServiceDetail {
    /// The guide as a reader of `lang` sees it: in English, each translated part replaces the
    /// Chinese (an untranslated guide stays Chinese rather than showing gaps).
    pub fn in_language(mut self, lang: crate::prefs::Lang) -> Self {
        let english = self.en.take();
        if lang != crate::prefs::Lang::En {
            return self;
        }
        if let Some(en) = english {
            self.summary = en.summary;
            self.fee = en.fee;
            self.conditions = en.conditions;
            self.materials = en.materials;
            self.steps = en.steps;
            self.offline = en.offline;
            self.hours = en.hours;
            self.faqs = en.faqs;
            self.basis = en.basis;
        }
        if let Some(form) = &mut self.form {
            for slot in &mut form.materials {
                if !slot.label_en.is_empty() {
                    slot.label = std::mem::take(&mut slot.label_en);
                }
            }
        }
        self
    }
}

/// An item's online form, kept as catalogue data: adding a service needs no code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplyForm {
    pub fields: Vec<FormField>,
    pub materials: Vec<MaterialSlot>,
    /// The assurance level applying needs (2 for 社保, 医保, 低保, 户籍; 1 when not given).
    #[serde(default = "crate::accounts::assurance::default_needed")]
    pub assurance: crate::accounts::assurance::Level,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormField {
    pub key: String,
    pub label: String,
    pub label_en: String,
    /// `text`, `textarea`, `number`, `date` or `select`.
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// What English pages show for each option; the value sent stays the Chinese one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options_en: Vec<String>,
}

/// One upload slot; `kind` (see `materials::KINDS`) is what the wallet matches on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaterialSlot {
    pub kind: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label_en: String,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub department: String,
    pub department_en: String,
    pub category: String,
    pub channel: Channel,
    pub time_limit_days: i64,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub department: Department,
    pub category: String,
    pub life_events: Vec<String>,
    pub target_groups: Vec<String>,
    pub channel: Channel,
    pub time_limit_days: i64,
    pub detail: ServiceDetail,
    /// The deadline if submitted today, in working days (`YYYY-MM-DD`).
    pub promised_by: String,
}

/// What the list page asks for; every part optional. Also the query string of `/services`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub dept: String,
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub group: String,
    /// 1-based; out-of-range pages show the nearest page.
    #[serde(default)]
    pub page: u32,
}

/// Cards per page: short enough for a phone on a slow network and for 长辈版.
pub const PAGE_SIZE: usize = 20;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceList {
    pub items: Vec<ServiceSummary>,
    pub departments: Vec<Department>,
    pub total: usize,
    pub page: u32,
    pub pages: u32,
}
