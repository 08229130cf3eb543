//! 统一身份认证: one real-name account for every service. Registration with a code sent to the phone, sign-in that
//! slows down (never locks) after wrong passwords, password reset,
//! sessions, preferences, and the in-person identity check by community staff.
pub mod assurance;
pub mod code_pages;
#[cfg(feature = "ssr")]
mod disputes;
#[cfg(feature = "ssr")]
pub mod codes;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod operator;
#[cfg(feature = "ssr")]
pub mod identity;
#[cfg(feature = "ssr")]
mod identity_handlers;
pub mod identity_pages;
#[cfg(feature = "ssr")]
mod owner_notice;
#[cfg(feature = "ssr")]
mod phone_change;
#[cfg(feature = "ssr")]
mod reset;
pub mod server;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod second_factor;
pub mod security;
#[cfg(feature = "ssr")]
mod security_handlers;
pub mod security_pages;
#[cfg(feature = "ssr")]
pub(crate) mod sign_in;
#[cfg(feature = "ssr")]
pub mod throttle;
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
    /// Registered with an ID number another account holds: staff settle it with the card.
    pub claim: bool,
}

/// One page of the counter's list of residents, and what it was searched by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidentPage {
    pub items: Vec<ResidentSummary>,
    pub page: u32,
    pub has_next: bool,
    pub q: String,
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
        ("sign_in_code_required", Lang::Zh) => "多次密码错误，登录需要短信验证码（已短信通知本人）",
        ("sign_in_code_required", Lang::En) => "Several wrong passwords: signing in now needs an SMS code (you were told by SMS)",
        ("second_factor_enrolled", Lang::Zh) => "启用动态验证码（第二重验证）并登录",
        ("second_factor_enrolled", Lang::En) => "Turned on the authenticator code (second factor) and signed in",
        ("second_factor_failed", Lang::Zh) => "动态验证码错误",
        ("second_factor_failed", Lang::En) => "Wrong authenticator code",
        ("phone_changed", Lang::Zh) => "更换手机号（原号码已收到短信）",
        ("phone_changed", Lang::En) => "Changed the phone number (the old number was told by SMS)",
        ("data_exported", Lang::Zh) => "下载个人数据",
        ("data_exported", Lang::En) => "Downloaded personal data",
        ("account_closed", Lang::Zh) => "注销账号",
        ("account_closed", Lang::En) => "Closed the account",
        ("password_changed", Lang::Zh) => "修改密码，其他设备已退出",
        ("password_changed", Lang::En) => "Changed the password; other devices signed out",
        ("sessions_ended", Lang::Zh) => "退出其他设备",
        ("sessions_ended", Lang::En) => "Signed out other devices",
        ("outbox_viewed", Lang::Zh) => "查看短信和邮件发件箱",
        ("outbox_viewed", Lang::En) => "Viewed the SMS and e-mail outbox",
        ("password_reset", Lang::Zh) => "通过短信验证码重设密码，所有设备已退出",
        ("password_reset", Lang::En) => "Password reset with an SMS code; every device signed out",
        ("sign_out", Lang::Zh) => "退出登录",
        ("sign_out", Lang::En) => "Signed out",
        ("identity_checked", Lang::Zh) => "完成实名核验（二级）",
        ("identity_checked", Lang::En) => "Identity confirmed (level 2)",
        ("id_moved_here", Lang::Zh) => "社区核验身份证原件后，身份证号登记到本账号",
        ("id_moved_here", Lang::En) => "Staff checked the ID card and registered its number to this account",
        ("id_moved_away", Lang::Zh) => "身份证号经社区核验属于他人，已从本账号移除",
        ("id_moved_away", Lang::En) => "Staff found the ID number belongs to someone else and removed it from this account",
        ("identity_online_mismatch", Lang::Zh) => "在线身份核验未通过",
        ("identity_online_mismatch", Lang::En) => "Online identity check did not match",
        ("created_by_operator", Lang::Zh) => "由管理员创建账号",
        ("created_by_operator", Lang::En) => "Account created by an operator",
        (_, Lang::Zh) => "账号操作",
        (_, Lang::En) => "Account action",
    }
}
