//! For `cargo make load` (and its short run in the tests): `seed_residents <count>` adds
//! residents `15500000000` + n (password `linli2026`, identity confirmed at the counter), spread
//! over the demo district's buildings, to the deployment the environment names (as `linli`
//! reads it). Those already there are left as they are.
use linli_app::accounts::{operator, validate::id_check_char};

#[tokio::main]
async fn main() {
    let count: u32 = std::env::args().nth(1).and_then(|c| c.parse().ok()).expect("usage: seed_residents <count>");
    let config = linli_server::config_from_env().expect("configuration");
    let store = linli_server::open_store(&config).await.expect("database opens");
    let buildings = store.buildings().await.expect("buildings");
    let mut added = 0;
    for n in 0..count {
        // Born 1940–1999 on a day that exists in every month; the serial makes the number unique.
        let (year, month, day) = (1940 + n % 60, 1 + n / 60 % 12, 1 + n / 720 % 28);
        let first17 = format!("110105{year:04}{month:02}{day:02}{:03}", n / 20_160 % 1000);
        let spec = operator::UserSpec {
            phone: format!("155{n:08}"),
            password: "linli2026".into(),
            name: "邻里居民".into(),
            id_number: format!("{first17}{}", id_check_char(&first17)),
            role: "resident".into(),
            department: None,
            community: None,
            building_id: Some(buildings[n as usize % buildings.len()].id),
            identity_checked: true,
        };
        match operator::add_user(&*store, &spec).await {
            Ok(_) => added += 1,
            Err(e) if e.contains("exists") || e.contains("已") => {}
            Err(e) => panic!("resident {n}: {e}"),
        }
    }
    println!("{added} residents added ({count} asked for)");
}
