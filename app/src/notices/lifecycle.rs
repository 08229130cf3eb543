//! A public notice's lifecycle. A published notice is never edited: it is withdrawn (撤回) and,
//! if it needs changing, republished as a new draft that says which notice it replaces.
use crate::lifecycle::{Rule, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeStatus {
    Draft,
    Scheduled,
    Published,
    Withdrawn,
}

impl NoticeStatus {
    pub const ALL: [NoticeStatus; 4] = [NoticeStatus::Draft, NoticeStatus::Scheduled, NoticeStatus::Published, NoticeStatus::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "draft",
            NoticeStatus::Scheduled => "scheduled",
            NoticeStatus::Published => "published",
            NoticeStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeStatus> {
        NoticeStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    Publish,
    Schedule,
    /// Back to a draft before its time comes.
    Unschedule,
    /// The sweep publishes a scheduled notice when its time comes.
    Release,
    Withdraw,
}

impl NoticeAction {
    /// The actions a person takes by posting `/work/notices/{id}/{action}`.
    pub fn from_path(segment: &str) -> Option<NoticeAction> {
        match segment {
            "publish" => Some(NoticeAction::Publish),
            "schedule" => Some(NoticeAction::Schedule),
            "unschedule" => Some(NoticeAction::Unschedule),
            "withdraw" => Some(NoticeAction::Withdraw),
            _ => None,
        }
    }
}

/// Who moves a notice: its unit's publisher, or the deployment's own sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    Publisher,
    Sweep,
}

pub type NoticeRule = Rule<NoticeAction, Mover, NoticeStatus>;

pub const NOTICE_TABLE: Table<NoticeAction, Mover, NoticeStatus> = Table(&[
    NoticeRule { action: NoticeAction::Publish, actor: Mover::Publisher, from: &["draft"], to: Some(NoticeStatus::Published) },
    NoticeRule { action: NoticeAction::Schedule, actor: Mover::Publisher, from: &["draft"], to: Some(NoticeStatus::Scheduled) },
    NoticeRule { action: NoticeAction::Unschedule, actor: Mover::Publisher, from: &["scheduled"], to: Some(NoticeStatus::Draft) },
    NoticeRule { action: NoticeAction::Release, actor: Mover::Sweep, from: &["scheduled"], to: Some(NoticeStatus::Published) },
    NoticeRule { action: NoticeAction::Withdraw, actor: Mover::Publisher, from: &["published"], to: Some(NoticeStatus::Withdrawn) },
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_only_known_states() {
        NOTICE_TABLE.names_only_known_states(|s| NoticeStatus::parse(s).is_some()).unwrap();
    }

    #[test]
    fn a_published_notice_is_only_withdrawn() {
        let from_published: Vec<_> = NOTICE_TABLE.rules().filter(|r| r.allows("published")).map(|r| r.action).collect();
        assert_eq!(from_published, [NoticeAction::Withdraw]);
        assert!(NOTICE_TABLE.rules().all(|r| !r.allows("withdrawn")), "a withdrawn notice stays withdrawn");
    }

    #[test]
    fn only_the_sweep_releases_and_only_publishers_withdraw() {
        assert!(!NOTICE_TABLE.allows(NoticeAction::Release, Mover::Publisher, "scheduled"));
        assert!(NOTICE_TABLE.allows(NoticeAction::Release, Mover::Sweep, "scheduled"));
        assert!(!NOTICE_TABLE.allows(NoticeAction::Withdraw, Mover::Sweep, "published"));
        assert!(!NOTICE_TABLE.allows(NoticeAction::Publish, Mover::Publisher, "scheduled"), "unschedule first");
    }

    #[test]
    fn every_path_action_has_a_publisher_rule() {
        for segment in ["publish", "schedule", "unschedule", "withdraw"] {
            let action = NoticeAction::from_path(segment).unwrap();
            assert!(NOTICE_TABLE.rule(action, Mover::Publisher).is_some(), "{segment}");
        }
        assert_eq!(NoticeAction::from_path("release"), None, "nobody posts a release");
    }
}
