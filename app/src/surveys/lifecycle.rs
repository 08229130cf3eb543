//! A questionnaire's lifecycle: drafted (questions still change), open (answers taken until
//! its last day; questions fixed), closed (results only).
use crate::lifecycle::{Rule, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyStatus {
    Draft,
    Open,
    Closed,
}

impl SurveyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyStatus::Draft => "draft",
            SurveyStatus::Open => "open",
            SurveyStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<SurveyStatus> {
        [SurveyStatus::Draft, SurveyStatus::Open, SurveyStatus::Closed].into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyAction {
    Open,
    Close,
}

impl SurveyAction {
    pub fn from_path(segment: &str) -> Option<SurveyAction> {
        match segment {
            "open" => Some(SurveyAction::Open),
            "close" => Some(SurveyAction::Close),
            _ => None,
        }
    }
}

/// Only the unit that owns a questionnaire moves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Publisher;

pub const SURVEY_TABLE: Table<SurveyAction, Publisher, SurveyStatus> = Table(&[
    Rule { action: SurveyAction::Open, actor: Publisher, from: &["draft"], to: Some(SurveyStatus::Open) },
    Rule { action: SurveyAction::Close, actor: Publisher, from: &["open"], to: Some(SurveyStatus::Closed) },
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_questionnaire_opens_once_and_closes_for_good() {
        SURVEY_TABLE.names_only_known_states(|s| SurveyStatus::parse(s).is_some()).unwrap();
        assert!(SURVEY_TABLE.allows(SurveyAction::Open, Publisher, "draft"));
        assert!(!SURVEY_TABLE.allows(SurveyAction::Open, Publisher, "closed"), "a closed one does not reopen");
        assert!(!SURVEY_TABLE.allows(SurveyAction::Close, Publisher, "draft"));
        assert_eq!(SurveyAction::from_path("delete"), None);
    }
}
