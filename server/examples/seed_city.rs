//! `cargo make seed-city` (scripts/city.sh): a city's rows in the database the server's
//! environment names (`DATABASE_URL`, `LINLI_DATA_DIR`, the keys), for the measurements of #19.
//!
//! `seed_city <residents>` writes that many residents in the district's buildings, five
//! applications and two feedback items for each, and an order for one in five (over the
//! listings `seed_market` made), spread over the 24 months before today, over every
//! department's services and every community. Rows go in as multi-row INSERTs of a thousand
//! (the store's one-row transactions would take a day for a city), with personal fields sealed
//! and keyed by the deployment's keys exactly as the store does, so the server reads them as its
//! own. Every resident (`15NNNNNNNNN`) signs in with `linli2026`; the queue is the demo officers'.
use linli_app::storage::{FieldCipher, ID_NUMBER_DOMAIN, PHONE_DOMAIN};

const BATCH: usize = 1_000;
const DAY: i64 = 86_400;

/// SplitMix64: the same city every run, without a dependency.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

enum Db {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

impl Db {
    async fn run(&self, sql: &str) {
        let done = match self {
            Db::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
            Db::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
        };
        done.unwrap_or_else(|e| panic!("{e}: {}", &sql[..sql.len().min(300)]));
    }

    async fn number(&self, sql: &str) -> i64 {
        match self {
            Db::Postgres(pool) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
            Db::Sqlite(pool) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
    }

    /// After rows with ids of our own, PostgreSQL's identity must start past them.
    async fn move_ids_on(&self, table: &str) {
        if let Db::Postgres(_) = self {
            self.run(&format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")).await;
        }
    }
}

/// A text literal (the values are the tool's own, but quoted properly all the same).
fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn opt(value: Option<i64>) -> String {
    value.map_or("NULL".into(), |v| v.to_string())
}

/// Writes `rows` (each a parenthesised tuple) into `table` a thousand at a time.
async fn insert(db: &Db, table: &str, columns: &str, rows: impl Iterator<Item = String>) -> usize {
    let mut batch = Vec::with_capacity(BATCH);
    let mut written = 0;
    let head = format!("INSERT INTO {table} ({columns}) VALUES ");
    for row in rows {
        batch.push(row);
        if batch.len() == BATCH {
            db.run(&(head.clone() + &batch.join(","))).await;
            written += batch.len();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        db.run(&(head + &batch.join(","))).await;
        written += batch.len();
    }
    db.move_ids_on(table).await;
    written
}

/// A valid ID number, different for every serial below 20,160,000: the birth date and the
/// sequence number are drawn from the serial.
fn id_number(serial: i64) -> String {
    let (year, month, day, sequence) = (1940 + serial % 60, 1 + serial / 60 % 12, 1 + serial / 720 % 28, serial / 20_160 % 1000);
    let first17 = format!("320102{year:04}{month:02}{day:02}{sequence:03}");
    format!("{first17}{}", linli_app::accounts::validate::id_check_char(&first17))
}

fn date(unix: i64) -> String {
    linli_app::time::day_of(unix).to_string()
}

#[tokio::main]
async fn main() {
    let residents: i64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).expect("usage: seed_city <residents>");
    let config = linli_server::config_from_env().expect("the server's configuration");
    let store = linli_server::open_store(&config).await.expect("the database opens and is migrated");
    let keys = config.keys.clone();
    let db = if config.database_url.starts_with("postgres") {
        Db::Postgres(sqlx::PgPool::connect(&config.database_url).await.expect("PostgreSQL"))
    } else {
        let url = format!("sqlite://{}", config.database_url.trim_start_matches("sqlite://"));
        Db::Sqlite(sqlx::SqlitePool::connect(&url).await.expect("SQLite"))
    };
    let first_phone = keys.lookup_key(PHONE_DOMAIN, "15000000000");
    let seeded = db.number(&format!("SELECT COUNT(*) FROM users WHERE phone_key = {}", text(&first_phone))).await;
    assert_eq!(seeded, 0, "this database already holds a seeded city");
    let now = linli_app::time::now_unix();
    let buildings = store.buildings().await.expect("buildings");
    let services = store.services().await.expect("services");
    let categories = store.feedback_categories().await.expect("feedback categories");
    let listings = store
        .listings(&linli_app::storage::ListingQuery { bookable_only: true, limit: 1_000_000, ..Default::default() })
        .await
        .expect("listings");
    let mut dice = Dice(2026);
    let home: Vec<usize> = (0..residents).map(|_| dice.below(buildings.len())).collect();
    let city = City { db, keys, now, residents, home, started: std::time::Instant::now(), first_user: 0 };
    let city = city.residents(&buildings).await;
    city.applications(&services, &mut dice).await;
    city.feedback(&categories, &buildings, &mut dice).await;
    if listings.is_empty() {
        println!("no listings: run seed_market first for orders");
    } else {
        city.orders(&listings, &buildings, &mut dice).await;
    }
    // What autovacuum does within minutes of a bulk load: the planner's statistics of the
    // new rows and the visibility map (for index-only reads), so the pages are measured with
    // the plans a running city gets.
    if matches!(city.db, Db::Postgres(_)) {
        city.db.run("VACUUM ANALYZE").await;
        println!("analyzed ({:.0} s)", city.started.elapsed().as_secs_f64());
    }
}

struct City {
    db: Db,
    keys: linli_app::secrets::Keyring,
    now: i64,
    residents: i64,
    /// Each resident's building (an index into the district's buildings).
    home: Vec<usize>,
    started: std::time::Instant,
    first_user: i64,
}

impl City {
    fn done(&self, n: usize, what: &str) {
        println!("{n} {what} ({:.0} s)", self.started.elapsed().as_secs_f64());
    }

    async fn residents(mut self, buildings: &[linli_app::storage::BuildingRow]) -> Self {
        let (db, keys, now, residents, home) = (&self.db, &self.keys, self.now, self.residents, &self.home);
        let first_user = db.number("SELECT COALESCE(MAX(id), 0) + 1 FROM users").await;
        let hash = linli_app::accounts::session::hash_password("linli2026");
        let rows = (0..residents).map(|i| {
            let phone = format!("15{:09}", i);
            let id_no = id_number(i);
            let at = now - 730 * DAY + (i * 730 * DAY) / residents.max(1);
            format!(
                "({}, {}, {}, {}, {}, 'resident', {}, {at}, {at}, {at}, 'operator', {}, {})",
                first_user + i,
                text(&FieldCipher::seal(keys, "users.phone", &phone)),
                text("林居民"),
                text(&FieldCipher::seal(keys, "users.id_number", &id_no)),
                text(&hash),
                buildings[home[i as usize]].id,
                text(&keys.lookup_key(PHONE_DOMAIN, &phone)),
                text(&keys.lookup_key(ID_NUMBER_DOMAIN, &id_no)),
            )
        });
        let columns = "id, phone, name, id_number, password_hash, role, building_id, created_at, phone_verified_at, \
                   identity_checked_at, identity_method, phone_key, id_key";
        let n = insert(db, "users", columns, rows).await;
        self.done(n, "residents");
        self.first_user = first_user;
        self
    }

    /// Five applications a resident, a tenth of them still in a queue.
    async fn applications(&self, services: &[linli_app::storage::ServiceRow], dice: &mut Dice) {
        let (db, keys, now, residents, first_user) = (&self.db, &self.keys, self.now, self.residents, self.first_user);
        let first_app = db.number("SELECT COALESCE(MAX(id), 0) + 1 FROM applications").await;
        let sealed_fields = FieldCipher::seal(keys, "applications.fields_json", "{}");
        let total = residents * 5;
        let mut plan = Vec::with_capacity(total as usize);
        for _ in 0..total {
            plan.push((dice.below(services.len()), dice.below(100), dice.next() % (730 * DAY as u64)));
        }
        let rows = plan.iter().enumerate().map(|(i, (service, roll, ago))| {
            let i = i as i64;
            let s = &services[*service];
            let applicant = first_user + i / 5;
            let at = now - *ago as i64;
            let deadline = date(at + 20 * DAY);
            let (status, finished) = match roll {
                0..=4 => ("submitted", None),
                5..=7 => ("accepted", None),
                8..=9 => ("correction", None),
                10..=17 => ("rejected", Some(at + 5 * DAY)),
                18..=21 => ("withdrawn", Some(at + DAY)),
                _ => ("approved", Some(at + 7 * DAY)),
            };
            format!(
                "({}, {}, {}, {applicant}, {applicant}, 'self', {}, '{status}', {}, {at}, '{deadline}', {}, {})",
                first_app + i,
                text(&format!("C{:011}", first_app + i)),
                text(&s.code),
                text(&s.department_code),
                text(&sealed_fields),
                opt(finished),
                finished.unwrap_or(at),
            )
        });
        let columns = "id, ref_no, service_code, applicant_id, filed_by_id, filed_as, department_code, status, fields_json, \
                   submitted_at, deadline, finished_at, updated_at";
        let n = insert(db, "applications", columns, rows).await;
        self.done(n, "applications");
    }

    /// Two feedback items a resident, most answered and closed within days.
    async fn feedback(
        &self,
        categories: &[linli_app::storage::CategoryRow],
        buildings: &[linli_app::storage::BuildingRow],
        dice: &mut Dice,
    ) {
        let (db, now, residents, first_user, home) = (&self.db, self.now, self.residents, self.first_user, &self.home);
        let first_item = db.number("SELECT COALESCE(MAX(id), 0) + 1 FROM feedback").await;
        let mut plan = Vec::with_capacity((residents * 2) as usize);
        for _ in 0..residents * 2 {
            plan.push((dice.below(categories.len()), dice.below(100), dice.next() % (730 * DAY as u64)));
        }
        let rows = plan.iter().enumerate().map(|(i, (category, roll, ago))| {
            let i = i as i64;
            let c = &categories[*category];
            let resident = first_user + i / 2;
            let b = &buildings[home[(i / 2) as usize]];
            let at = now - *ago as i64;
            let (unit_kind, unit_code) =
                if c.by_community == 1 { ("community", &b.community_code) } else { ("department", &c.department_code) };
            let deadline = date(at + c.deadline_days * DAY);
            let (status, closed) = if *roll < 8 { ("open", None) } else { ("closed", Some(at + (1 + *roll as i64 % 9) * DAY)) };
            format!(
                "({}, {}, {}, {}, {resident}, {resident}, {}, '办理进度如何？', {}, {}, {}, {}, {}, {}, '{status}', {at}, '{deadline}', \
             '{deadline}', {}, {}, {}, {})",
                first_item + i,
                text(&format!("F{:011}", first_item + i)),
                text(&c.code),
                text(&c.kind),
                text(&format!("{} {}", c.name, b.name)),
                b.id,
                text(&format!("{} {} {}", b.street_name, b.community_name, b.name)),
                text(&b.community_code),
                (*roll % 10 < 7) as i64,
                text(unit_kind),
                text(unit_code),
                opt(closed.map(|c| c.min(at + DAY))),
                opt(closed),
                (*roll % 10 == 9) as i64,
                closed.unwrap_or(at),
            )
        });
        let columns = "id, ref_no, category_code, kind, resident_id, filed_by_id, title, body, building_id, address, community_code, \
                   is_public, unit_kind, unit_code, status, submitted_at, first_deadline, deadline, first_reply_at, closed_at, \
                   was_overdue, updated_at";
        let n = insert(db, "feedback", columns, rows).await;
        self.done(n, "feedback items");
    }

    /// An order for one resident in five, over the market's listings.
    async fn orders(&self, listings: &[linli_app::storage::ListingRow], buildings: &[linli_app::storage::BuildingRow], dice: &mut Dice) {
        let (db, keys, now, residents, first_user, home) = (&self.db, &self.keys, self.now, self.residents, self.first_user, &self.home);
        let first_order = db.number("SELECT COALESCE(MAX(id), 0) + 1 FROM orders").await;
        let address = FieldCipher::seal(keys, "orders.address", "1 号楼 302 室");
        let mut plan = Vec::with_capacity((residents / 5) as usize);
        for _ in 0..residents / 5 {
            plan.push((dice.below(listings.len()), dice.next() % (730 * DAY as u64)));
        }
        let rows = plan.iter().enumerate().map(|(i, (listing, ago))| {
            let i = i as i64;
            let l = &listings[*listing];
            let resident = first_user + i * 5;
            let b = &buildings[home[(i * 5) as usize]];
            let at = now - *ago as i64;
            let phone = FieldCipher::seal(keys, "orders.contact_phone", &format!("15{:09}", i * 5));
            let (status, done) = if *ago < 2 * DAY as u64 { ("confirmed", None) } else { ("completed", Some(at + 2 * DAY)) };
            format!(
                "({}, {}, {}, {}, {resident}, {resident}, {}, {}, {}, {}, {}, 'fixed', {}, {}, '{status}', {}, {at}, {})",
                first_order + i,
                text(&format!("D{:011}", first_order + i)),
                l.id,
                l.provider_id,
                text(&b.community_code),
                at + 2 * DAY,
                text(&address),
                text(&phone),
                text(&l.title),
                l.price_cents,
                l.cancel_hours,
                opt(done),
                done.unwrap_or(at),
            )
        });
        let columns = "id, ref_no, listing_id, provider_id, resident_id, booked_by_id, community_code, starts_at, address, \
                   contact_phone, title, price_kind, price_cents, cancel_hours, status, completed_at, created_at, updated_at";
        let n = insert(db, "orders", columns, rows).await;
        self.done(n, "orders");
    }
}
