//! Community structure: 街道 (street) → 社区 (community) → 楼栋 (building).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod boundary;
pub mod boundaries_page;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildingOption {
    pub id: i64,
    pub name: String,
    pub community: String,
    pub street: String,
    /// The whole address in the viewer's language and order.
    pub label: String,
}

impl BuildingOption {
    /// 朝阳街道 幸福里社区 幸福里小区 1 号楼, or "Xingfuli Estate Building 1, Xingfuli Community, …".
    pub fn address(&self) -> String {
        self.label.clone()
    }

    /// A building as the viewer reads it: English names when they exist.
    #[cfg(feature = "ssr")]
    pub fn of(b: &crate::storage::BuildingRow, lang: crate::prefs::Lang) -> Self {
        let pick = |zh: &str, en: &str| if lang == crate::prefs::Lang::En && !en.is_empty() { en.to_string() } else { zh.to_string() };
        BuildingOption {
            id: b.id,
            name: pick(&b.name, &b.name_en),
            community: pick(&b.community_name, &b.community_name_en),
            street: pick(&b.street_name, &b.street_name_en),
            label: b.address(lang),
        }
    }
}

#[server(endpoint = "community/buildings")]
pub async fn list_buildings() -> Result<Vec<BuildingOption>, ServerFnError> {
    let state = crate::state::app_state()?;
    let lang = crate::prefs::server_viewer().lang;
    let rows = state.store.buildings().await.map_err(|e| {
        tracing::error!(error = %e, "listing buildings failed");
        ServerFnError::new("internal error")
    })?;
    Ok(rows
        .into_iter()
        .map(|b| BuildingOption::of(&b, lang))
        .collect())
}

#[cfg(feature = "ssr")]
pub mod seed {
    use crate::storage::{CommunityOffice, Names, Store, StoreResult};

    /// The demo district: two streets, six communities, six buildings each. English names are
    /// the official pinyin romanisation with an English generic term.
    pub const STREETS: &[(&str, &str, &str)] = &[("cy", "朝阳街道", "Chaoyang Sub-district"), ("hp", "和平街道", "Heping Sub-district")];
    /// (community code, street code, community name, estate name, English community, English estate)
    pub const COMMUNITIES: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("cy-xfl", "cy", "幸福里社区", "幸福里小区", "Xingfuli Community", "Xingfuli Estate"),
        ("cy-ch", "cy", "春晖社区", "春晖花园", "Chunhui Community", "Chunhui Garden"),
        ("cy-yx", "cy", "银杏社区", "银杏苑", "Yinxing Community", "Yinxing Court"),
        ("hp-hpl", "hp", "和平里社区", "和平里小区", "Hepingli Community", "Hepingli Estate"),
        ("hp-dh", "hp", "东湖社区", "东湖新村", "Donghu Community", "Donghu New Village"),
        ("hp-jx", "hp", "锦绣社区", "锦绣家园", "Jinxiu Community", "Jinxiu Homes"),
    ];
    pub const BUILDINGS_PER_COMMUNITY: usize = 6;

    pub async fn seed_district(store: &dyn Store) -> StoreResult<()> {
        for (code, name, name_en) in STREETS {
            store.add_street(code, &Names::new(*name, *name_en)).await?;
        }
        for (n, (code, street, name, estate, name_en, estate_en)) in COMMUNITIES.iter().enumerate() {
            store.add_community(code, street, &Names::new(*name, *name_en)).await?;
            // Where residents confirm their identity in person (kept if someone has changed it).
            if store.community_office(code).await?.is_none_or(|o| o.address.is_empty()) {
                let office = CommunityOffice {
                    address: format!("{estate} 2 号楼一层 {name}党群服务中心"),
                    address_en: format!("{name_en} Service Centre, ground floor of {estate_en} Building 2"),
                    hours: "周一至周五 8:30–12:00、13:30–17:30；周六 9:00–12:00（法定节假日除外）".into(),
                    hours_en: "Monday to Friday 8:30–12:00 and 13:30–17:30; Saturday 9:00–12:00 (closed on public holidays)".into(),
                    phone: format!("010-6500 12{:02}", n + 1),
                };
                store.set_community_office(code, &office).await?;
            }
            for n in 1..=BUILDINGS_PER_COMMUNITY {
                store.add_building(code, &Names::new(format!("{estate} {n} 号楼"), format!("{estate_en} Building {n}"))).await?;
            }
        }
        Ok(())
    }
}
