//! Demo accounts for trying Linli out (printed in the README). Idempotent.
use linli_app::accounts::operator::{add_user, UserSpec};
use linli_app::accounts::validate::id_check_char;
use linli_app::storage::Store;

/// The demo password of every demo account.
pub const DEMO_PASSWORD: &str = "linli2026";

/// (phone, name, first 17 ID digits, role, department, community, home building: community and name)
type Home = Option<(&'static str, &'static str)>;
const ACCOUNTS: &[(&str, &str, &str, &str, Option<&str>, Option<&str>, Home)] = &[
    ("13800000001", "王秀英", "11010519480312004", "resident", None, None, Some(("cy-xfl", "幸福里小区 1 号楼"))),
    ("13800000002", "张伟", "11010519850607001", "resident", None, None, Some(("hp-dh", "东湖新村 3 号楼"))),
    // Level 1 only: staff 李敏 can confirm her identity at the counter (see the README).
    ("13800000003", "陈静", "11010519950715002", "resident", None, None, Some(("cy-xfl", "幸福里小区 2 号楼"))),
    ("13900000001", "李敏", "11010519900101002", "staff", None, Some("cy-xfl"), None),
    ("13700000001", "陈强", "11010519880808003", "officer", Some("rs"), None, None),
    ("13700000002", "孙丽", "11010519760415006", "officer", Some("rs"), None, None),
    ("13700000003", "周杰", "11010519870930007", "officer", Some("jy"), None, None),
    ("13700000004", "吴刚", "11010519830303008", "officer", Some("ga"), None, None),
    ("13700000005", "郑敏", "11010519890909009", "officer", Some("yb"), None, None),
    ("13500000001", "刘芳", "11010519920520004", "provider", None, None, None),
    ("13600000001", "赵管理", "11010519800202005", "admin", None, None, None),
];

/// The TOTP secret of every demo staff, officer and admin account (base32; see the README).
pub const DEMO_TOTP_SECRET: &str = "LINLIDEMOLINLIDEMOLINLIDEMOLINLI";

pub async fn seed(store: &dyn Store) -> Result<usize, String> {
    let buildings = store.buildings().await.map_err(|e| e.to_string())?;
    let mut created = 0;
    for (phone, name, first17, role, department, community, building) in ACCOUNTS {
        if store.user_by_phone(phone).await.map_err(|e| e.to_string())?.is_some() {
            continue;
        }
        let spec = UserSpec {
            phone: phone.to_string(),
            password: DEMO_PASSWORD.into(),
            name: name.to_string(),
            id_number: format!("{first17}{}", id_check_char(first17)),
            role: role.to_string(),
            department: department.map(str::to_string),
            community: community.map(str::to_string),
            building_id: building
                .and_then(|(community, name)| buildings.iter().find(|b| b.community_code == community && b.name == name))
                .map(|b| b.id),
            // Demo accounts start confirmed, except the one left for the counter.
            identity_checked: *phone != "13800000003",
        };
        let id = add_user(store, &spec).await?;
        if matches!(*role, "staff" | "officer" | "admin") {
            // Demo only: a published secret, so anyone trying the demo can add it to an
            // authenticator app (and the browser tests can compute its codes).
            let db = |e: linli_app::storage::StoreError| e.to_string();
            store.set_totp_secret(id, DEMO_TOTP_SECRET).await.map_err(db)?;
            store.use_totp_step(id, 0, 0).await.map_err(db)?;
        }
        created += 1;
    }
    // 孙丽 supervises 人社 (receives 督办 alerts); 王秀英 lets 张伟 act for her (亲友代办).
    let db = |e: linli_app::storage::StoreError| e.to_string();
    if let Some(u) = store.user_by_phone("13700000002").await.map_err(db)? {
        store.set_supervisor(u.id, true).await.map_err(db)?;
    }
    let elder = store.user_by_phone("13800000001").await.map_err(db)?;
    let son = store.user_by_phone("13800000002").await.map_err(db)?;
    if let (Some(elder), Some(son)) = (elder, son) {
        if !store.is_delegate(elder.id, son.id).await.map_err(db)? {
            store.add_delegation(elder.id, son.id, linli_app::time::now_unix()).await.map_err(db)?;
        }
    }
    Ok(created)
}

/// A one-page PDF saying `line` (ASCII), standing in for a scanned or printed document.
pub fn one_page_pdf(line: &str) -> Vec<u8> {
    let text = format!("BT /F1 18 Tf 20 100 Td ({line}) Tj ET");
    let contents = format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len());
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        contents.as_str(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    pdf.into_bytes()
}
