//! Who may see an application or a material. Anyone else gets the same 404 as for nothing at
//! all, so a reference number or file id reveals nothing.
use crate::channel::Channel;
use crate::storage::{ApplicationRow, FileRow, Store, StoreResult, UserRecord};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The resident the application is for.
    Applicant,
    /// A relative the applicant authorised (亲友代办).
    Delegate,
    /// The community staff member who filed it for the resident (帮办代办); sees progress,
    /// not the materials.
    Filer,
    /// An officer of the department now handling it; every look is audited.
    Officer,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Applicant => "applicant",
            Access::Delegate => "delegate",
            Access::Filer => "filer",
            Access::Officer => "officer",
        }
    }
    /// May act for the applicant (withdraw, undo, supplement).
    pub fn speaks_for_applicant(self) -> bool {
        matches!(self, Access::Applicant | Access::Delegate | Access::Filer)
    }
}

pub async fn application_access(store: &dyn Store, user: &UserRecord, app: &ApplicationRow) -> StoreResult<Option<Access>> {
    if user.id == app.applicant_id {
        return Ok(Some(Access::Applicant));
    }
    if user.role == crate::prefs::Role::Officer && user.department_code.as_deref() == Some(app.department_code.as_str()) {
        return Ok(Some(Access::Officer));
    }
    if user.role == crate::prefs::Role::Resident && store.is_delegate(app.applicant_id, user.id).await? {
        return Ok(Some(Access::Delegate));
    }
    if user.role == crate::prefs::Role::Staff && user.id == app.filed_by_id {
        return Ok(Some(Access::Filer));
    }
    Ok(None)
}

/// Materials: their owner, the owner's delegates, and officers of a department handling an
/// application that holds the file.
pub async fn file_access(store: &dyn Store, user: &UserRecord, file: &FileRow) -> StoreResult<Option<Access>> {
    if user.id == file.owner_id {
        return Ok(Some(Access::Applicant));
    }
    if user.role == crate::prefs::Role::Resident && store.is_delegate(file.owner_id, user.id).await? {
        return Ok(Some(Access::Delegate));
    }
    if user.role == crate::prefs::Role::Officer {
        if let Some(dept) = user.department_code.as_deref() {
            if store.file_uses(file.id).await?.iter().any(|(_, d)| d == dept) {
                return Ok(Some(Access::Officer));
            }
        }
    }
    Ok(None)
}

/// The resident community of a user (staff have one directly; residents through their building).
pub async fn community_of(store: &dyn Store, user: &UserRecord) -> StoreResult<Option<String>> {
    if let Some(c) = &user.community_code {
        return Ok(Some(c.clone()));
    }
    Ok(match user.building_id {
        Some(b) => store.building(b).await?.map(|b| b.community_code),
        None => None,
    })
}

/// Whom the viewer files for, and in which capacity (`self`, `delegate`, `staff`). `None` when
/// they may not: only residents apply for themselves; delegates for their principals; community
/// staff for residents of their own community.
pub async fn acting_for(store: &dyn Store, user: &UserRecord, for_id: Option<i64>) -> StoreResult<Option<(UserRecord, &'static str)>> {
    let target = for_id.filter(|id| *id != user.id);
    let Some(target) = target else {
        return Ok((user.role == crate::prefs::Role::Resident).then(|| (user.clone(), "self")));
    };
    let Some(principal) = store.user_by_id(target).await?.filter(|p| p.role == crate::prefs::Role::Resident) else { return Ok(None) };
    if user.role == crate::prefs::Role::Resident && store.is_delegate(principal.id, user.id).await? {
        return Ok(Some((principal, "delegate")));
    }
    if user.role == crate::prefs::Role::Staff && user.community_code.is_some() && community_of(store, &principal).await? == user.community_code {
        return Ok(Some((principal, "staff")));
    }
    Ok(None)
}

/// How a resident agreed that community staff act for them, as recorded on what staff file or
/// book: in person or by phone, with the confirmation box ticked. None when either is missing.
pub fn staff_consent(how: &str, confirmed: bool, staff_name: &str) -> Option<String> {
    let label = match how {
        "in_person" => "居民到场当面同意",
        "phone" => "居民电话同意",
        _ => return None,
    };
    confirmed.then(|| format!("{label}（{staff_name}）"))
}

/// What a filing records of its filer: for staff, how the resident agreed (refused beside the
/// `consent` field when missing) and the channel that implies; otherwise nothing, online.
pub fn consent_of_filing(filed_as: &str, how: &str, confirmed: bool, staff_name: &str, form: &mut crate::forms::FormState) -> (String, Channel) {
    if filed_as != "staff" {
        return (String::new(), channel_of_filing(filed_as, how));
    }
    form.values.insert("consent".into(), how.to_string());
    let note = staff_consent(how, confirmed, staff_name).unwrap_or_else(|| {
        form.refuse("consent", crate::forms::Message::new("applications-record-how-the-resident-agreed-and"));
        String::new()
    });
    (note, channel_of_filing(filed_as, how))
}

/// The channel a filing came by: staff took it by phone or at the counter (as the resident
/// agreed); anyone else did it themself, online or at a terminal.
pub fn channel_of_filing(filed_as: &str, how: &str) -> Channel {
    if filed_as == "staff" { Channel::of_staff_consent(how, Channel::Counter) } else { Channel::self_service() }
}

/// What staff recording a request for a resident say of it: the channel it came by (one of
/// `Channel::STAFF`) and how the resident agreed; each refused beside its field when missing.
/// `said` gives a form field's value by name (a form post's or a multipart upload's).
pub fn staff_channel(said: impl Fn(&str) -> String, staff_name: &str, form: &mut crate::forms::FormState) -> (String, Channel) {
    let raw = said("channel");
    form.values.insert("channel".into(), raw.chars().take(20).collect());
    let channel = Channel::parse_staff(&raw);
    if channel.is_none() {
        form.refuse("channel", crate::forms::Message::new("channel-say-how-it-came"));
    }
    let (note, _) = consent_of_filing("staff", &said("consent"), said("consent_confirmed") == "1", staff_name, form);
    (note, channel.unwrap_or(Channel::Phone))
}
