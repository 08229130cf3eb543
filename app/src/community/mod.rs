//! Community structure: 街道 (street) → 社区 (community) → 楼栋 (building).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildingOption {
    pub id: i64,
    pub name: String,
    pub community: String,
    pub street: String,
}

impl BuildingOption {
    /// 朝阳街道 幸福里社区 幸福里小区 1 号楼
    pub fn address(&self) -> String {
        format!("{} {} {}", self.street, self.community, self.name)
    }
}

#[server(endpoint = "community/buildings")]
pub async fn list_buildings() -> Result<Vec<BuildingOption>, ServerFnError> {
    let state = crate::state::app_state()?;
    let rows = state.store.buildings().await.map_err(|e| {
        tracing::error!(error = %e, "listing buildings failed");
        ServerFnError::new("internal error")
    })?;
    Ok(rows
        .into_iter()
        .map(|b| BuildingOption { id: b.id, name: b.name, community: b.community_name, street: b.street_name })
        .collect())
}

#[cfg(feature = "ssr")]
pub mod seed {
    use crate::storage::{Store, StoreResult};

    /// The demo district: two streets, six communities, six buildings each.
    pub const STREETS: &[(&str, &str)] = &[("cy", "朝阳街道"), ("hp", "和平街道")];
    /// (community code, street code, community name, estate name)
    pub const COMMUNITIES: &[(&str, &str, &str, &str)] = &[
        ("cy-xfl", "cy", "幸福里社区", "幸福里小区"),
        ("cy-ch", "cy", "春晖社区", "春晖花园"),
        ("cy-yx", "cy", "银杏社区", "银杏苑"),
        ("hp-hpl", "hp", "和平里社区", "和平里小区"),
        ("hp-dh", "hp", "东湖社区", "东湖新村"),
        ("hp-jx", "hp", "锦绣社区", "锦绣家园"),
    ];
    pub const BUILDINGS_PER_COMMUNITY: usize = 6;

    pub async fn seed_district(store: &dyn Store) -> StoreResult<()> {
        for (code, name) in STREETS {
            store.add_street(code, name).await?;
        }
        for (code, street, name, estate) in COMMUNITIES {
            store.add_community(code, street, name).await?;
            for n in 1..=BUILDINGS_PER_COMMUNITY {
                store.add_building(code, &format!("{estate} {n} 号楼")).await?;
            }
        }
        Ok(())
    }
}
