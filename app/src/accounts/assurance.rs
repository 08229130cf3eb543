//! 认证等级 — how sure Linli is that an account is the person it names.
//! - L1: the phone was proven with a one-time code (every account has this from registration).
//! - L2: the identity was confirmed: in person by community staff who saw the ID card, or by the
//!   configured identity verifier.
//!
//! Each catalogue item declares the level it needs (社保, 低保, 户籍 need L2); so does authorising a
//! relative. Below it, pages explain where and when to reach it instead of showing the form.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "u8", into = "u8")]
pub enum Level {
    /// Nothing proven (an account from before phone codes).
    #[default]
    Unproven,
    /// L1: phone proven.
    Phone,
    /// L2: identity confirmed.
    Identity,
}

impl From<u8> for Level {
    fn from(n: u8) -> Self {
        match n {
            0 => Level::Unproven,
            1 => Level::Phone,
            _ => Level::Identity,
        }
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level as u8
    }
}

/// What a catalogue item needs when it says nothing: guides, feedback and bookings need L1.
pub fn default_needed() -> Level {
    Level::Phone
}

/// Authorising a relative to act for you hands them your identity: it needs L2.
pub const TO_AUTHORISE_A_RELATIVE: Level = Level::Identity;

/// The community counter where an identity is confirmed in person.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OfficeView {
    pub community: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
}

/// Shown instead of a form when the person it is for is below the level it needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gate {
    pub needed: Level,
    pub have: Level,
    /// The form would act for someone else (代办): they must reach the level themselves.
    pub for_other: bool,
    /// Their community's counter; none when they have no home building on record.
    pub office: Option<OfficeView>,
    /// An identity verifier is configured, so L2 can also be reached online at `/me/identity`.
    pub online: bool,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::prefs::Lang;
    use crate::state::AppState;
    use crate::storage::{StoreResult, UserRecord};

    /// The level an account has reached.
    pub fn level_of(user: &UserRecord) -> Level {
        if !user.holds_id_number() {
            // Its ID number is only claimed, or went to its true holder: nothing in its name.
            return Level::Unproven;
        }
        match (user.identity_checked_at, user.phone_verified_at) {
            (Some(_), _) => Level::Identity,
            (None, Some(_)) => Level::Phone,
            (None, None) => Level::Unproven,
        }
    }

    /// The counter of the community `user` lives in, in the reader's language.
    pub async fn office_for(state: &AppState, user: &UserRecord, lang: Lang) -> StoreResult<Option<OfficeView>> {
        let Some(building) = (match user.building_id {
            Some(id) => state.store.building(id).await?,
            None => None,
        }) else {
            return Ok(None);
        };
        let office = state.store.community_office(&building.community_code).await?.unwrap_or_default();
        let pick = |zh: &str, en: &str| if lang == Lang::En && !en.is_empty() { en.to_string() } else { zh.to_string() };
        Ok(Some(OfficeView {
            community: building.community_label(lang),
            address: pick(&office.address, &office.address_en),
            hours: pick(&office.hours, &office.hours_en),
            phone: office.phone,
        }))
    }

    /// `None` when `person` has the level `needed`; otherwise what the page shows instead.
    pub async fn gate(state: &AppState, person: &UserRecord, needed: Level, for_other: bool, lang: Lang) -> StoreResult<Option<Gate>> {
        let have = level_of(person);
        if have >= needed {
            return Ok(None);
        }
        Ok(Some(Gate { needed, have, for_other, office: office_for(state, person, lang).await?, online: state.config.identity.is_some() && person.holds_id_number() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_read_from_catalogue_numbers() {
        assert!(Level::Identity > Level::Phone && Level::Phone > Level::Unproven);
        assert_eq!(serde_json::from_str::<Level>("2").unwrap(), Level::Identity);
        assert_eq!(serde_json::from_str::<Level>("1").unwrap(), Level::Phone);
        assert_eq!(serde_json::to_string(&Level::Identity).unwrap(), "2");
        assert_eq!(default_needed(), Level::Phone);
    }
}
