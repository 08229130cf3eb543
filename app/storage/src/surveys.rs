//! Storage for questionnaires (问卷, 入户排查): a unit's questions to an audience (the same
//! places and groups as notices), and one sealed answer per person with its origin. Written
//! once for both engines in `survey_queries.rs`.
use super::{AuditEntry, Reader, StoreResult};
use async_trait::async_trait;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SurveyRow {
    pub id: i64,
    pub unit_kind: String,
    pub unit_code: String,
    pub author_id: i64,
    pub title: String,
    pub intro: String,
    pub communities: String,
    pub buildings: String,
    pub target_groups: String,
    pub anonymous: i64,
    /// `YYYY-MM-DD`: the last day answers are taken.
    pub closes_on: String,
    pub status: String,
    /// The questions, as the capability writes them (JSON).
    pub questions_json: String,
    pub opened_at: Option<i64>,
    pub created_at: i64,
    /// 1: one answer per household (the latest member's), not per person.
    pub per_household: i64,
}

#[derive(Clone, Debug, Default)]
pub struct NewSurvey {
    pub unit_kind: String,
    pub unit_code: String,
    pub author_id: i64,
    pub title: String,
    pub intro: String,
    pub communities: String,
    pub buildings: String,
    pub target_groups: String,
    pub anonymous: bool,
    pub closes_on: String,
    pub per_household: bool,
}

/// One person's answers (opened), with who gave them and how.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SurveyAnswerRow {
    pub user_id: i64,
    /// The resident's real name; shown only to the owning unit, and only for a named questionnaire.
    pub name: String,
    pub building_id: Option<i64>,
    pub building_name: Option<String>,
    pub answers: String,
    pub origin: String,
    pub recorded_by: Option<i64>,
    pub consent_note: String,
    pub updated_at: i64,
}

/// What is being saved: whose answer, by whom, how.
#[derive(Clone, Debug)]
pub struct NewSurveyAnswer {
    pub survey_id: i64,
    pub reader: Reader,
    pub answers: String,
    pub origin: &'static str,
    pub recorded_by: Option<i64>,
    pub consent_note: String,
    /// How it reached Linli (`channel::Channel`).
    pub channel: &'static str,
    /// Photo questions whose photo changes: a new file, or `None` to take it away. Questions
    /// not listed keep theirs.
    pub photos: Vec<(String, Option<super::NewFile>)>,
    /// Household members whose answers (and photos) this one replaces (a per-household
    /// questionnaire); empty otherwise.
    pub replaces: Vec<i64>,
}

/// A photo answer: whose, to which question, and the file.
#[derive(Clone, Debug)]
pub struct SurveyPhoto {
    pub user_id: i64,
    pub question: String,
    pub file: super::FileRow,
}

/// A building's share: residents addressed now, and how many answered.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SurveyCoverage {
    pub building_id: Option<i64>,
    pub building_name: Option<String>,
    pub addressed: i64,
    pub answered: i64,
    /// Households addressed, and those where someone answered.
    pub households: i64,
    pub households_answered: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SurveyResident {
    pub user_id: i64,
    pub name: String,
    pub building_name: Option<String>,
}

#[async_trait]
pub trait SurveyStore: Send + Sync {
    async fn create_survey(&self, s: &NewSurvey, now: i64) -> StoreResult<i64>;
    async fn survey(&self, id: i64) -> StoreResult<Option<SurveyRow>>;
    async fn unit_surveys(&self, unit_kind: &str, unit_code: &str, limit: i64) -> StoreResult<Vec<SurveyRow>>;
    /// Replaces a draft's questions; false once it is no longer a draft.
    async fn set_survey_questions(&self, id: i64, questions_json: &str, now: i64) -> StoreResult<bool>;
    /// Moves it from one of `from` to `to`, audited; false when it was in none of them.
    async fn move_survey(&self, id: i64, from: &[&str], to: &str, audit: &AuditEntry, now: i64) -> StoreResult<bool>;
    /// Open questionnaires addressed to the reader whose last day is not past.
    async fn surveys_for(&self, reader: &Reader, today: &str, limit: i64) -> StoreResult<Vec<SurveyRow>>;
    async fn survey_addresses(&self, id: i64, reader: &Reader) -> StoreResult<bool>;
    /// Saves (or replaces) one person's answer, only while the questionnaire is open and its
    /// last day is not past; audited when someone else records it. `None` when it was closed
    /// (nothing written); otherwise the stored names of photos it replaced, to delete.
    async fn save_survey_answer(&self, a: &NewSurveyAnswer, today: &str, audit: Option<&AuditEntry>, now: i64) -> StoreResult<Option<Vec<String>>>;
    /// Photo answers of one questionnaire: one person's, or (`None`) everyone's.
    async fn survey_photos(&self, id: i64, user_id: Option<i64>) -> StoreResult<Vec<SurveyPhoto>>;
    /// The other residents at the same building and door (none when no door is stated).
    async fn household_members(&self, user_id: i64) -> StoreResult<Vec<i64>>;
    async fn survey_answer(&self, id: i64, user_id: i64) -> StoreResult<Option<SurveyAnswerRow>>;
    async fn survey_answers(&self, id: i64) -> StoreResult<Vec<SurveyAnswerRow>>;
    /// Per building: residents the questionnaire addresses now and those who answered.
    async fn survey_coverage(&self, id: i64) -> StoreResult<Vec<SurveyCoverage>>;
    /// (answerer, population group) for every answer whose resident states a group: the
    /// results' cross-tab by group.
    async fn survey_answer_groups(&self, id: i64) -> StoreResult<Vec<(i64, String)>>;
    /// Residents it addresses who have not answered (for door-to-door follow-up).
    async fn survey_unanswered(&self, id: i64, limit: i64) -> StoreResult<Vec<SurveyResident>>;
}
