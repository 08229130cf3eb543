//! For `cargo make bench`: a marketplace at scale. `seed_market <database url> <listings>` adds
//! vetted providers (20 listings each, all serving 幸福里社区) and one listing whose single slot,
//! tomorrow 10:00, takes 50 bookings; it prints that listing's id and the slot's start.
//! `seed_market <database url> count <listing>` prints how many orders the listing holds.
use linli_app::market::{join_codes, slots, CATEGORIES};
use linli_app::storage::{CommunityApproval, ListingInput, NewFile, NewProvider, NewUser, OrderQuery, ProviderEffects, ProviderStep, StoreResult};

const WORDS: &[&str] = &["保洁", "擦窗", "维修", "助餐", "理发", "照护", "开锁", "搬家", "洗衣", "清洗"];

#[tokio::main]
async fn main() -> StoreResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let keys = linli_server::keys_beside(&args[1]).expect("the server's keys");
    let store = linli_app::storage::connect(&args[1], std::sync::Arc::new(keys)).await?;
    if args.get(2).map(String::as_str) == Some("count") {
        let listing: i64 = args[3].parse().expect("a listing id");
        let providers = store.listing(listing).await?.map(|l| l.provider_id);
        let orders = store.orders(&OrderQuery { provider_id: providers, limit: 100_000, ..Default::default() }).await?;
        println!("{}", orders.iter().filter(|o| o.listing_id == listing).count());
        return Ok(());
    }
    let count: usize = args[2].parse().expect("a number of listings");
    let now = linli_app::time::now_unix();
    let mut last = None;
    for p in 0..count.div_ceil(20) {
        let owner = store
            .create_user(&NewUser {
                phone: format!("1770000{p:04}"),
                name: "测试商户".into(),
                id_number: format!("B{p:017}"),
                // Bench providers never sign in.
                password_hash: "!".into(),
                role: linli_app::prefs::Role::Provider,
                department_code: None,
                community_code: None,
                building_id: None,
                id_claim_key: None,
            }, now)
            .await?;
        let licence = NewFile {
            slot: "licence".into(),
            original_name: "licence.pdf".into(),
            stored_name: format!("bench-licence-{p}.pdf"),
            thumb_name: None,
            mime: "application/pdf".into(),
            size: 1,
            sha256: String::new(),
            in_wallet: false,
        };
        let provider = NewProvider {
            owner_id: owner,
            name: format!("便民服务社 {p} 号"),
            uscc: format!("BENCH{p:013}"),
            contact_name: "测试".into(),
            contact_phone: format!("1770000{p:04}"),
            categories: join_codes(CATEGORIES.iter().map(|c| c.0)),
            communities: join_codes(["cy-xfl", "cy-ch"]),
            base_building_id: None,
            radius_km: 0.0,
        };
        let id = store.create_provider(&provider, &licence, &[], now).await?;
        let step = ProviderStep::new(id, &["pending"], Some("approved"), "approved").by(owner)
            .effects(ProviderEffects { open_in: Some("cy-xfl".into()) });
        store.provider_step(&step, now).await?;
        let change = CommunityApproval { provider_id: id, community: "cy-ch".into(), open: true, by: None };
        store.set_community_approval(&change, &[], now).await?;
        for i in 0..20.min(count - p * 20) {
            let (code, label, _) = CATEGORIES[(p + i) % CATEGORIES.len()];
            let title = format!("{}{} {p}-{i}", label, WORDS[i % WORDS.len()]);
            let (pinyin_full, pinyin_initials) = linli_app::catalogue::search::pinyin_keys([title.as_str(), label]);
            let input = ListingInput {
                search_text: format!("{title} {label} 上门服务"),
                title,
                description: "上门服务，自带工具。".into(),
                categories: join_codes([code]),
                target_groups: join_codes(["elderly"]),
                price_kind: "fixed".into(),
                price_cents: 5000 + (i as i64) * 100,
                duration_minutes: 60,
                cancel_hours: 2,
                pinyin_full,
                pinyin_initials,
            };
            last = store.save_listing(id, owner, None, &input, &[], now).await?;
        }
    }
    let listing = last.expect("at least one listing");
    let tomorrow = linli_app::applications::steps::today() + chrono::Duration::days(1);
    use chrono::Datelike;
    store.add_availability(listing, tomorrow.weekday().number_from_monday() as i64, 600, 50).await?;
    println!("{listing} {}", slots::at(tomorrow, 600));
    Ok(())
}

