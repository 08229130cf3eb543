//! 问卷 and 入户排查: community staff or a department build a questionnaire for an audience
//! (the same places and groups as notices), residents answer on the phone with plain forms and
//! may change their answer until it closes, and staff answer for a resident after a visit or a
//! call, recording how consent was given. The publisher sees coverage per building, the
//! residents not reached, and the results: counts per option with a chart, per building, and
//! a CSV, with every cell under five answers withheld.
pub mod lifecycle;
pub mod pages;
pub mod questions;
pub mod work_pages;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod photos;
#[cfg(feature = "ssr")]
mod load;

use leptos::prelude::*;
use questions::{Answers, Question, Tally};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub id: i64,
    pub title: String,
    pub unit: String,
    pub closes_on: String,
    pub status: String,
    pub answered: bool,
    /// A relative the viewer looks after (亲友代办), when listed for them: (id, name).
    #[serde(default)]
    pub for_person: Option<(i64, String)>,
}

/// The answer form: the questions, and the answer so far (the viewer's, or the resident's
/// staff are answering for).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub summary: SurveySummary,
    pub intro: String,
    pub anonymous: bool,
    pub questions: Vec<Question>,
    pub answers: Answers,
    /// Answers are taken now.
    pub open: bool,
    /// When staff or a relative answer for someone: the resident's id and name.
    pub for_resident: Option<(i64, String)>,
    /// The one answering for them is a relative they authorised (no consent question then).
    #[serde(default)]
    pub by_relative: bool,
    /// Photos already given: (question, file id).
    #[serde(default)]
    pub photos: Vec<(String, i64)>,
    /// One answer per household.
    #[serde(default)]
    pub per_household: bool,
    /// The household member whose answer the form shows (the viewer has given none).
    #[serde(default)]
    pub household_answer_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub building: String,
    pub addressed: i64,
    pub answered: i64,
    #[serde(default)]
    pub households: i64,
    #[serde(default)]
    pub households_answered: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unanswered {
    pub id: i64,
    pub name: String,
    pub building: String,
}

/// A questionnaire on its unit's desk: the builder while a draft, then coverage and results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskSurvey {
    pub form: SurveyForm,
    pub audience: String,
    pub actions: Vec<String>,
    pub coverage: Vec<CoverageRow>,
    pub unanswered: Vec<Unanswered>,
    pub tallies: Vec<Tally>,
    /// The same questions, by population group (长者, 独居老人 …; a resident may be in several).
    pub group_tallies: Vec<Tally>,
    /// Answers by origin: (origin, count).
    pub origins: Vec<(String, i64)>,
    /// Photo questions: (wording, answers that carry a photo).
    #[serde(default)]
    pub photo_counts: Vec<(String, i64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyDesk {
    pub unit: String,
    pub surveys: Vec<SurveySummary>,
    pub communities: Vec<crate::notices::Choice>,
    pub buildings: Vec<crate::notices::Choice>,
}

#[server(endpoint = "surveys/list")]
pub async fn load_surveys() -> Result<Option<Vec<SurveySummary>>, ServerFnError> {
    load::surveys().await
}

#[server(endpoint = "surveys/form")]
pub async fn load_survey_form(id: i64, resident: Option<i64>) -> Result<Option<SurveyForm>, ServerFnError> {
    load::form(id, resident).await
}

#[server(endpoint = "surveys/desk")]
pub async fn load_survey_desk() -> Result<Option<SurveyDesk>, ServerFnError> {
    load::desk().await
}

#[server(endpoint = "surveys/desk-item")]
pub async fn load_desk_survey(id: i64) -> Result<Option<DeskSurvey>, ServerFnError> {
    load::desk_survey(id).await
}
