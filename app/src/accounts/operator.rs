//! Accounts made by an operator (`linli user add`, demo data): the same rules as registration,
//! plus the roles only an operator may give and the unit each role is scoped to.
use super::validate;
use crate::prefs::{Lang, Role};
use crate::storage::{IdentityCheck, NewUser, Store, StoreError};

#[derive(Clone, Debug)]
pub struct UserSpec {
    pub phone: String,
    pub password: String,
    pub name: String,
    pub id_number: String,
    pub role: String,
    pub department: Option<String>,
    pub community: Option<String>,
    pub building_id: Option<i64>,
    /// The operator saw the person's ID card: the account starts at L2.
    pub identity_checked: bool,
}

pub async fn add_user(store: &dyn Store, spec: &UserSpec) -> Result<i64, String> {
    let msg = |field: &str, p: validate::Problem| format!("{field}: {}", p.message().text(Lang::Zh));
    let phone = validate::mobile(&spec.phone).map_err(|p| msg("phone", p))?;
    let name = validate::real_name(&spec.name).map_err(|p| msg("name", p))?;
    let id_number = validate::resident_id(&spec.id_number, crate::time::today()).map_err(|p| msg("id-number", p))?;
    validate::password(&spec.password).map_err(|p| msg("password", p))?;
    let role = Role::parse(&spec.role).ok_or_else(|| format!("role: 未知角色 {}", spec.role))?;
    let db = |e: StoreError| e.to_string();
    let mut community = spec.community.clone();
    if let Some(b) = spec.building_id {
        let building = store.building(b).await.map_err(db)?.ok_or("building: 楼栋不存在")?;
        community = Some(building.community_code);
    }
    match role {
        Role::Officer => {
            let dept = spec.department.as_deref().ok_or("officer 需要 --department")?;
            if !store.departments().await.map_err(db)?.iter().any(|d| d.code == dept) {
                return Err(format!("department: 部门 {dept} 不存在"));
            }
        }
        Role::Staff => {
            let c = community.as_deref().ok_or("staff 需要 --community")?;
            if !store.community_exists(c).await.map_err(db)? {
                return Err(format!("community: 社区 {c} 不存在"));
            }
        }
        _ => {}
    }
    let password = spec.password.clone();
    let password_hash = super::session::hash_in_turn(password).await.map_err(|e| e.to_string())?;
    let user = NewUser {
        phone,
        name,
        id_number,
        password_hash,
        role,
        department_code: spec.department.clone().filter(|_| role == Role::Officer),
        community_code: community,
        building_id: spec.building_id,
        id_claim_key: None,
    };
    let now = crate::time::now_unix();
    let id = store.create_user(&user, now).await.map_err(|e| match e {
        StoreError::Conflict(field) => format!("{field}: 已被注册"),
        e => e.to_string(),
    })?;
    store.audit(now, None, Some(id), "created_by_operator", role.as_str()).await.map_err(db)?;
    if spec.identity_checked {
        let check = IdentityCheck { user_id: id, checked_by: None, method: "operator", detail: String::new() };
        store.mark_identity_checked(&check, now).await.map_err(db)?;
    }
    Ok(id)
}
