//! Provider vetting as one table: community staff approve, refuse, ask for more, suspend and
//! reinstate; the provider sends its application again after a refusal or a request. The staff
//! page draws its buttons from it, the handler checks it, and the storage guard is its list.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderStatus {
    Pending,
    MoreInfo,
    Approved,
    Rejected,
    Suspended,
}

impl ProviderStatus {
    pub const ALL: [ProviderStatus; 5] =
        [ProviderStatus::Pending, ProviderStatus::MoreInfo, ProviderStatus::Approved, ProviderStatus::Rejected, ProviderStatus::Suspended];

    /// The name stored in `providers.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderStatus::Pending => "pending",
            ProviderStatus::MoreInfo => "more_info",
            ProviderStatus::Approved => "approved",
            ProviderStatus::Rejected => "rejected",
            ProviderStatus::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<ProviderStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Only an approved provider lists services, takes bookings and promotes.
pub fn is_approved(status: &str) -> bool {
    status == ProviderStatus::Approved.as_str()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VetAction {
    Approve,
    Reject,
    AskMore,
    Suspend,
    Reinstate,
    /// The provider sends the application again, corrected.
    Resubmit,
}

impl VetAction {
    /// The kind of the history event.
    pub fn event(self) -> &'static str {
        match self {
            VetAction::Approve => "approved",
            VetAction::Reject => "rejected",
            VetAction::AskMore => "asked",
            VetAction::Suspend => "suspended",
            VetAction::Reinstate => "reinstated",
            VetAction::Resubmit => "resubmitted",
        }
    }

    /// Bad news: the provider must be told why.
    pub fn needs_reason(self) -> bool {
        matches!(self, VetAction::Reject | VetAction::AskMore | VetAction::Suspend)
    }

    /// The step named by `POST /work/providers/{id}/{action}`.
    pub fn from_path(segment: &str) -> Option<VetAction> {
        Some(match segment {
            "approve" => VetAction::Approve,
            "reject" => VetAction::Reject,
            "ask" => VetAction::AskMore,
            "suspend" => VetAction::Suspend,
            "reinstate" => VetAction::Reinstate,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vetter {
    /// Community staff of a community the provider serves.
    Staff,
    Provider,
}

pub type VetRule = crate::lifecycle::Rule<VetAction, Vetter, ProviderStatus>;

use VetAction::*;

pub const TABLE: crate::lifecycle::Table<VetAction, Vetter, ProviderStatus> = crate::lifecycle::Table(&[
    VetRule { action: Approve, actor: Vetter::Staff, from: &["pending"], to: Some(ProviderStatus::Approved) },
    VetRule { action: Reject, actor: Vetter::Staff, from: &["pending"], to: Some(ProviderStatus::Rejected) },
    VetRule { action: AskMore, actor: Vetter::Staff, from: &["pending"], to: Some(ProviderStatus::MoreInfo) },
    VetRule { action: Suspend, actor: Vetter::Staff, from: &["approved"], to: Some(ProviderStatus::Suspended) },
    VetRule { action: Reinstate, actor: Vetter::Staff, from: &["suspended"], to: Some(ProviderStatus::Approved) },
    VetRule { action: Resubmit, actor: Vetter::Provider, from: &["more_info", "rejected"], to: Some(ProviderStatus::Pending) },
]);

pub fn rule(action: VetAction) -> &'static VetRule {
    TABLE.rules().find(|r| r.action == action).expect("every vetting action has its rule")
}

pub fn allows(action: VetAction, status: &str) -> bool {
    rule(action).allows(status)
}

/// A promotion for the home page is vetted too: community staff approve or refuse it, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromoStatus {
    Pending,
    Approved,
    Rejected,
}

impl PromoStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PromoStatus::Pending => "pending",
            PromoStatus::Approved => "approved",
            PromoStatus::Rejected => "rejected",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromoAction {
    Approve,
    Reject,
}

impl PromoAction {
    pub fn from_path(segment: &str) -> Option<PromoAction> {
        match segment {
            "approve" => Some(PromoAction::Approve),
            "reject" => Some(PromoAction::Reject),
            _ => None,
        }
    }
}

pub type PromoRule = crate::lifecycle::Rule<PromoAction, Vetter, PromoStatus>;

pub const PROMOTION_TABLE: crate::lifecycle::Table<PromoAction, Vetter, PromoStatus> = crate::lifecycle::Table(&[
    PromoRule { action: PromoAction::Approve, actor: Vetter::Staff, from: &["pending"], to: Some(PromoStatus::Approved) },
    PromoRule { action: PromoAction::Reject, actor: Vetter::Staff, from: &["pending"], to: Some(PromoStatus::Rejected) },
]);

pub fn promotion_rule(action: PromoAction) -> &'static PromoRule {
    PROMOTION_TABLE.rule(action, Vetter::Staff).expect("every promotion action has its rule")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_named_exists_and_every_state_is_reachable() {
        TABLE.names_only_known_states(|s| ProviderStatus::parse(s).is_some()).unwrap();
        for s in ProviderStatus::ALL.into_iter().filter(|s| *s != ProviderStatus::Pending) {
            assert!(TABLE.rules().any(|r| r.to == Some(s)), "{s:?} cannot be reached");
        }
    }

    #[test]
    fn only_a_pending_application_is_decided_and_only_a_refused_one_is_sent_again() {
        for action in [Approve, Reject, AskMore] {
            assert!(allows(action, "pending"));
            assert!(!allows(action, "approved") && !allows(action, "suspended"));
        }
        assert!(allows(Resubmit, "rejected") && allows(Resubmit, "more_info"));
        assert!(!allows(Resubmit, "pending") && !allows(Resubmit, "approved") && !allows(Resubmit, "suspended"));
        assert_eq!(rule(Resubmit).actor, Vetter::Provider);
    }

    #[test]
    fn a_promotion_is_decided_once() {
        for action in [PromoAction::Approve, PromoAction::Reject] {
            let r = promotion_rule(action);
            assert!(r.allows("pending") && !r.allows("approved") && !r.allows("rejected"));
            assert!(r.to.is_some());
        }
    }

    #[test]
    fn every_vetting_step_moves_the_provider() {
        assert!(TABLE.rules().all(|r| r.to.is_some()));
    }

    #[test]
    fn bad_news_always_carries_its_reason() {
        for r in TABLE.rules() {
            let bad = matches!(r.to, Some(ProviderStatus::Rejected | ProviderStatus::MoreInfo | ProviderStatus::Suspended));
            assert_eq!(r.action.needs_reason(), bad, "{:?}", r.action);
        }
    }
}
