//! Demo data for 便民服务: building coordinates, and 刘芳's vetted housekeeping business with
//! three services open for booking every day. Idempotent.
use linli_app::uploads;
use linli_app::market::join_codes;
use linli_app::storage::{CommunityApproval, ListingInput, NewProvider, ProviderEffects, ProviderStep, Store};

/// (title, categories, suits, price kind, fen, minutes, free-cancel hours, description)
const LISTINGS: &[(&str, &str, &str, &str, i64, i64, i64, &str)] = &[
    ("日常保洁 2 小时", "housekeeping", "", "fixed", 12000, 120, 4, "擦窗、拖地、厨卫清洁，自带清洁工具和环保清洁剂。"),
    ("老人助餐送餐上门", "meals", "elderly,disabled", "from", 1500, 30, 2, "两荤一素一汤，少盐少油，可按医嘱做软食。"),
    ("空调清洗", "appliance", "", "quote", 0, 90, 12, "挂机、柜机拆洗消毒，上门查看后报价，不满意不收费。"),
];

pub async fn seed(store: &dyn Store, files: &uploads::FileStore, keys: &linli_app::secrets::Keyring) -> Result<(), String> {
    let db = |e: linli_app::storage::StoreError| e.to_string();
    // Buildings about 150 m apart within a community, communities about 1 km apart.
    // Each community's area is the band of latitude around its row of buildings (drawn once:
    // an administrator's later drawing is kept).
    let drawn = store.community_boundaries().await.map_err(db)?;
    let admin = store.user_by_phone("13600000001").await.map_err(db)?.map(|u| u.id);
    for (i, b) in store.buildings().await.map_err(db)?.iter().enumerate() {
        let (c, n) = ((i / 6) as f64, (i % 6) as f64);
        let lat = 31.2300 + c * 0.009;
        store.set_building_location(b.id, lat, 121.4700 + n * 0.0015).await.map_err(db)?;
        let undrawn = drawn.iter().any(|(code, g)| *code == b.community_code && g.is_empty());
        if let (true, Some(admin)) = (i % 6 == 0 && undrawn, admin) {
            let area = linli_app::community::boundary::rectangle(lat - 0.0045, 121.4650, lat + 0.0045, 121.4830);
            store.set_community_boundary(&b.community_code, &area, admin, linli_app::time::now_unix()).await.map_err(db)?;
        }
    }
    let Some(owner) = store.user_by_phone("13500000001").await.map_err(db)? else { return Ok(()) };
    if store.provider_by_owner(owner.id).await.map_err(db)?.is_some() {
        return Ok(());
    }
    let prepared = uploads::prepare(&crate::demo::one_page_pdf("Demo licence")).map_err(|p| format!("{p:?}"))?;
    let licence = uploads::write_durably(files, keys, prepared, "营业执照.pdf", "licence", false).await.map_err(|e| e.to_string())?;
    let base = store.buildings().await.map_err(db)?.into_iter().find(|b| b.community_code == "cy-xfl").map(|b| b.id);
    let provider = NewProvider {
        owner_id: owner.id,
        name: "邻里家政服务有限公司".into(),
        uscc: "91350100M000100Y43".into(),
        contact_name: owner.name.clone(),
        contact_phone: owner.phone.clone(),
        categories: join_codes(["housekeeping", "meals", "appliance"]),
        communities: join_codes(["cy-xfl", "cy-ch", "hp-dh"]),
        base_building_id: base,
        radius_km: 3.0,
    };
    let now = linli_app::time::now_unix();
    let id = store.create_provider(&provider, &licence, &[], now).await.map_err(db)?;
    let staff = store.user_by_phone("13900000001").await.map_err(db)?.map(|u| u.id).unwrap_or(owner.id);
    // 李敏 approves it for 幸福里; the other two communities open it for themselves.
    let approve = ProviderStep::new(id, &["pending"], Some("approved"), "approved").by(staff)
        .effects(ProviderEffects { open_in: Some("cy-xfl".into()) });
    store.provider_step(&approve, now).await.map_err(db)?;
    for community in ["cy-ch", "hp-dh"] {
        let change = CommunityApproval { provider_id: id, community: community.into(), open: true, by: None };
        store.set_community_approval(&change, &[], now).await.map_err(db)?;
    }
    for (title, categories, suits, kind, cents, minutes, cancel, description) in LISTINGS {
        let labels = linli_app::market::labels(linli_app::market::CATEGORIES, &join_codes([*categories]), linli_app::prefs::Lang::Zh);
        let (pinyin_full, pinyin_initials) = linli_app::catalogue::search::pinyin_keys([*title, labels[0].as_str()]);
        let input = ListingInput {
            title: title.to_string(),
            description: description.to_string(),
            categories: join_codes([*categories]),
            target_groups: join_codes(suits.split(',').filter(|s| !s.is_empty())),
            price_kind: kind.to_string(),
            price_cents: *cents,
            duration_minutes: *minutes,
            cancel_hours: *cancel,
            search_text: linli_app::catalogue::search::search_text(title, labels.iter().map(String::as_str).chain([provider.name.as_str()]), description),
            pinyin_full,
            pinyin_initials,
        };
        let listing = store.save_listing(id, owner.id, None, &input, &[], now).await.map_err(db)?.ok_or("listing not saved")?;
        for weekday in 1..=7 {
            for start in [9 * 60, 14 * 60] {
                store.add_availability(listing, weekday, start, 2).await.map_err(db)?;
            }
        }
    }
    Ok(())
}
