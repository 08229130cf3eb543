//! 亲友代办: a resident authorises another resident (an adult child, say) to act for them; one
//! account can look after several relatives and switch between them; the elder can revoke it.
//! Every action taken for someone, and every look by staff, is listed here for them to read.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The delegation's id (for revoking) and the other person's user id.
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub phone_masked: String,
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditItem {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// An authorisation waiting to be accepted: sent (to a masked phone and name) or received (from
/// a named resident).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub id: i64,
    pub who: String,
    pub until: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyView {
    pub is_resident: bool,
    pub delegates: Vec<Relation>,
    pub principals: Vec<Relation>,
    pub invites_sent: Vec<Invite>,
    pub invites_received: Vec<Invite>,
    pub record: Vec<AuditItem>,
    /// Below the level authorising a relative needs: shown instead of the form.
    pub gate: Option<crate::accounts::assurance::Gate>,
}

pub fn action_label(action: &str, lang: crate::prefs::Lang) -> &'static str {
    let (zh, en) = match action {
        "apply_for_delegate" => ("亲友为您提交申请", "A relative filed an application for you"),
        "apply_for_staff" => ("社区工作人员为您提交申请", "Community staff filed an application for you"),
        "withdrawn_for" | "undone_for" => ("代您撤回申请", "Withdrew an application for you"),
        "supplement_for" => ("代您补正材料", "Supplied corrections for you"),
        "staff_viewed_application" => ("工作人员查看了您的申请", "Staff viewed your application"),
        "officer_viewed_file" => ("部门工作人员查看了您的材料", "A department officer viewed your material"),
        "officer_note" => ("部门工作人员添加了内部备注", "An officer added an internal note"),
        "survey_answer_viewed" => ("工作人员查看了您的问卷答卷", "Staff viewed your questionnaire answer"),
        "survey_answers_exported" => ("工作人员导出了含您答卷的实名名单", "Staff exported named answers that include yours"),
        "certificate_share_viewed" => ("有人通过您分享的链接查看了电子证照", "Someone opened an e-certificate you shared"),
        "officer_viewed_certificate" => ("发证部门工作人员查看了您的电子证照", "An officer of the issuing department viewed your e-certificate"),
        "certificate_revoked" => ("发证部门撤销了您的电子证照", "The issuing department revoked your e-certificate"),
        "delegation_granted" => ("授权亲友代办", "Authorised a relative"),
        "delegation_revoked" => ("撤销亲友代办授权", "Revoked an authorisation"),
        _ => return crate::accounts::activity_label(action, lang),
    };
    if lang == crate::prefs::Lang::En { en } else { zh }
}

#[server(endpoint = "family/view")]
pub async fn load_family() -> Result<Option<FamilyView>, ServerFnError> {
    let state = crate::state::app_state()?;
    let Some(user) = crate::accounts::server::ssr::current_user() else { return Ok(None) };
    ssr::view(&state, &user).await.map(Some).map_err(|e| {
        tracing::error!(error = %e, "loading the family page failed");
        ServerFnError::new("internal error")
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::validate::mask_phone;
    use crate::state::AppState;
    use crate::storage::{StoreResult, UserRecord};
    use crate::time::format_local;

    pub async fn view(state: &AppState, user: &UserRecord) -> StoreResult<FamilyView> {
        let store = &*state.store;
        let lang = crate::prefs::server_viewer().lang;
        let relation = |d: crate::storage::DelegationRow, person_id: i64| Relation {
            id: d.id,
            person_id,
            name: d.other_name,
            phone_masked: mask_phone(&d.other_phone),
            since: format_local(d.created_at),
        };
        let delegates = store.delegates_of(user.id).await?.into_iter().map(|d| { let p = d.delegate_id; relation(d, p) }).collect();
        let principals = store.principals_of(user.id).await?.into_iter().map(|d| { let p = d.principal_id; relation(d, p) }).collect();
        let mut names: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
        let mut record = Vec::new();
        for row in store.audit_for_subject(user.id, 200).await? {
            let Some(actor_id) = row.actor_id.filter(|a| *a != user.id || row.action.starts_with("delegation")) else { continue };
            if !names.contains_key(&actor_id) {
                let name = match store.user_by_id(actor_id).await? {
                    Some(u) if u.role == crate::prefs::Role::Resident => u.name,
                    Some(u) => format!("{}（{}）", crate::i18n::role_label(u.role, lang), u.name),
                    None => String::new(),
                };
                names.insert(actor_id, name);
            }
            record.push(AuditItem {
                at: format_local(row.at),
                actor: names.get(&actor_id).cloned().unwrap_or_default(),
                action: action_label(&row.action, lang).to_string(),
                detail: if row.action.starts_with("delegation") { String::new() } else { row.detail },
            });
        }
        let now = state.now();
        let invites_sent = store.invites_from(user.id, now).await?.into_iter()
            .map(|i| Invite { id: i.id, who: format!("{} {}", i.name_masked, i.phone_masked), until: format_local(i.expires_at) })
            .collect();
        let invites_received = store.invites_for(&invite_key(state, &user.phone, &user.name), now).await?.into_iter()
            .map(|i| Invite { id: i.id, who: i.principal_name, until: format_local(i.expires_at) })
            .collect();
        let needed = crate::accounts::assurance::TO_AUTHORISE_A_RELATIVE;
        let gate = crate::accounts::assurance::ssr::gate(state, user, needed, false, lang).await?;
        Ok(FamilyView { is_resident: user.role == crate::prefs::Role::Resident, delegates, principals, invites_sent, invites_received, record, gate })
    }

    /// Whom an invitation is for, as keyed hashes of the phone and the trimmed real name.
    pub fn invite_key(state: &AppState, phone: &str, name: &str) -> crate::storage::InviteKey {
        crate::storage::InviteKey {
            phone_key: state.config.keys.phone_key(phone),
            name_key: state.config.keys.tag("name", &[name.trim()]),
        }
    }
}
