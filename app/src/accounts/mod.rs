//! 统一身份认证: one real-name account for every service. Registration, sign-in with lockout,
//! sessions, preferences, and the in-person identity check by community staff.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod operator;
pub mod server;
#[cfg(feature = "ssr")]
pub mod session;
pub mod validate;

use crate::prefs::{Lang, Mode, Role};
use serde::{Deserialize, Serialize};

/// What `/me` shows. ID number and phone arrive masked: the full values never leave the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub phone_masked: String,
    pub id_masked: String,
    pub address: Option<String>,
    pub role: Role,
    pub scope: Option<String>,
    pub checked_in_person_at: Option<String>,
    pub mode: Mode,
    pub lang: Lang,
    pub activity: Vec<Activity>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub at: String,
    pub action: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidentSummary {
    pub id: i64,
    pub name: String,
    pub phone_masked: String,
    pub id_masked: String,
    pub building: String,
    pub checked_in_person_at: Option<String>,
}

/// Describes an audit action for the person it concerns.
pub fn activity_label(action: &str, lang: Lang) -> &'static str {
    match (action, lang) {
        ("register", Lang::Zh) => "实名注册",
        ("register", Lang::En) => "Registered",
        ("sign_in", Lang::Zh) => "登录",
        ("sign_in", Lang::En) => "Signed in",
        ("sign_in_failed", Lang::Zh) => "登录失败（密码错误）",
        ("sign_in_failed", Lang::En) => "Failed sign-in (wrong password)",
        ("account_locked", Lang::Zh) => "连续密码错误，账号锁定 15 分钟",
        ("account_locked", Lang::En) => "Locked for 15 minutes after wrong passwords",
        ("sign_out", Lang::Zh) => "退出登录",
        ("sign_out", Lang::En) => "Signed out",
        ("identity_checked", Lang::Zh) => "社区工作人员完成线下身份核验",
        ("identity_checked", Lang::En) => "Identity checked in person by community staff",
        ("created_by_operator", Lang::Zh) => "由管理员创建账号",
        ("created_by_operator", Lang::En) => "Account created by an operator",
        (_, Lang::Zh) => "账号操作",
        (_, Lang::En) => "Account action",
    }
}
