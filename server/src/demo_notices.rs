//! Demo notices (see the README): a pinned district-wide policy from 人社, and a water cut for
//! 幸福里小区 1 号楼's older residents that asks them to confirm. 王秀英 states she is an older
//! resident (at door 101), so she finds it on her home page, with a PDF of the affected area attached.
//! Idempotent.
use linli_app::notices::delivery::deliver;
use linli_app::storage::{AuditEntry, NewPublicNotice, Store, StoreError};
use linli_app::uploads;

struct DemoNotice {
    author_phone: &'static str,
    unit: (&'static str, &'static str),
    category: &'static str,
    title: &'static str,
    body: &'static str,
    building: Option<(&'static str, &'static str)>,
    groups: &'static str,
    ack: bool,
    pinned: bool,
    /// Catalogue items it links to.
    services: &'static str,
    /// A PDF attachment: its file name and the line it shows.
    attachment: Option<(&'static str, &'static str)>,
}

const NOTICES: [DemoNotice; 2] = [
    DemoNotice {
        author_phone: "13700000001",
        unit: ("department", "rs"),
        category: "policy",
        title: "2027 年度城乡居民养老保险开始缴费",
        body: "2027 年度城乡居民基本养老保险自即日起开始缴费，截至 12 月 31 日。\n可在“办事”中搜索“养老保险”在线缴费，也可到社区服务站由工作人员代办。\n缴费档次多、缴得越多领得越多；困难群体由政府代缴最低档次。",
        building: None,
        groups: "",
        ack: false,
        pinned: true,
        services: ",RS001,RS002,",
        attachment: None,
    },
    DemoNotice {
        author_phone: "13900000001",
        unit: ("community", "cy-xfl"),
        category: "outage",
        title: "1 号楼周五上午停水",
        body: "因更换供水管道，幸福里小区 1 号楼本周五 8:00–12:00 停水。\n请提前储水；行动不便的老人如需帮助送水，请致电社区服务站，志愿者上门。",
        building: Some(("cy-xfl", "幸福里小区 1 号楼")),
        groups: ",elder,",
        ack: true,
        pinned: false,
        services: "",
        attachment: Some(("停水范围示意图.pdf", "Building 1: water off Fri 8:00-12:00")),
    },
];

pub async fn seed(store: &dyn Store, files: &uploads::FileStore, keys: &linli_app::secrets::Keyring) -> Result<(), String> {
    let db = |e: StoreError| e.to_string();
    let now = linli_app::time::now_unix();
    if let Some(elder) = store.user_by_phone("13800000001").await.map_err(db)? {
        if store.user_groups(elder.id).await.map_err(db)?.is_empty() {
            store.set_user_groups(elder.id, &["elder".to_string(), "alone".to_string()], now).await.map_err(db)?;
        }
        if elder.room.is_empty() {
            store.set_user_room(elder.id, "101").await.map_err(db)?;
        }
    }
    let buildings = store.buildings().await.map_err(db)?;
    for d in &NOTICES {
        let Some(author) = store.user_by_phone(d.author_phone).await.map_err(db)? else { continue };
        if store.unit_notices(d.unit.0, d.unit.1, 50).await.map_err(db)?.iter().any(|n| n.title == d.title) {
            continue;
        }
        let building = d.building.and_then(|(c, name)| buildings.iter().find(|b| b.community_code == c && b.name == name));
        let notice = NewPublicNotice {
            unit_kind: d.unit.0.into(),
            unit_code: d.unit.1.into(),
            author_id: author.id,
            category: d.category.into(),
            title: d.title.into(),
            body: d.body.into(),
            buildings: building.map(|b| format!(",{},", b.id)).unwrap_or_default(),
            target_groups: d.groups.into(),
            ack_required: d.ack,
            pinned: d.pinned,
            service_codes: d.services.into(),
            search_text: linli_app::notices::search_text(d.title, d.body),
            ..Default::default()
        };
        let id = store.create_public_notice(&notice, now).await.map_err(db)?;
        if let Some((name, line)) = d.attachment {
            let prepared = uploads::prepare(&crate::demo::one_page_pdf(line)).map_err(|p| format!("{p:?}"))?;
            let file = uploads::write_durably(files, keys, prepared, name, "attachment", false).await.map_err(|e| e.to_string())?;
            store.attach_notice_files(id, author.id, &[file], 5, now).await.map_err(db)?;
        }
        let audit = AuditEntry { actor_id: author.id, subject_id: author.id, action: "notice_published".into(), detail: format!("notice {id} (demo)") };
        store.move_public_notice(id, &["draft"], "published", None, "", &audit, now).await.map_err(db)?;
        deliver(store, id, now).await.map_err(db)?;
    }
    Ok(())
}
