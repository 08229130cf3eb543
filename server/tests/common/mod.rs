//! Helpers shared by the router tests: the router driven with `oneshot`, as a browser would.
#![allow(dead_code)]
pub mod binary;
pub mod market;
pub mod s3;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use linli_app::accounts::validate::id_check_char;
use linli_app::storage::SharedStore;
use linli_server::{router::build_router, ServerConfig};
use tower::ServiceExt;

/// What a browser sends when it navigates or posts a form.
pub const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

pub struct App {
    pub router: Router,
    pub store: SharedStore,
    pub data_dir: std::path::PathBuf,
    /// The server's clock (to compute the authenticator codes it will accept).
    pub clock: linli_app::time::SharedClock,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// `name=value` pairs of every Set-Cookie, ready for a Cookie header.
    pub fn cookies(&self) -> String {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
            .collect::<Vec<_>>()
            .join("; ")
    }
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// A data directory of its own for each app, so uploaded files never mix between tests.
pub fn fresh_data_dir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let dir = std::env::temp_dir().join(format!("linli_t_files_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn config() -> ServerConfig {
    let data_dir = fresh_data_dir();
    ServerConfig {
        database_url: String::new(),
        files: linli_app::uploads::FileStore::local(data_dir.join("files")),
        data_dir,
        site_root: "target/site".into(),
        site_addr: ([127, 0, 0, 1], 3000).into(),
        secure_cookies: false,
        bench_routes: false,
        limits: Default::default(),
        clock: std::sync::Arc::new(linli_app::time::SystemClock),
        keys: linli_app::secrets::Keyring::from_bytes([7; 32]),
        rate_limit_scale: 1,
        trusted_proxies: Vec::new(),
        sms_gateway: None,
        receipt_token: None,
        metrics_token: Some("metrics-token".into()),
        identity_verifier: None,
    }
}

/// An app whose clock stands still until the test moves it (for rules measured in time).
pub fn app_at(store: SharedStore, unix: i64) -> (App, std::sync::Arc<linli_app::time::ManualClock>) {
    let clock = std::sync::Arc::new(linli_app::time::ManualClock::at(unix));
    let config = ServerConfig { clock: clock.clone(), ..config() };
    (app_with(store, config), clock)
}

/// The reference number out of a receipt redirect.
pub fn ref_of(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "expected a redirect to the receipt, got: {}", &r.body[..r.body.len().min(3000)]);
    let loc = r.location();
    loc.trim_start_matches("/me/applications/").trim_end_matches("/receipt").to_string()
}

/// Applies for RS003 (an online item with two photo slots), with any extra parts.
pub async fn apply_rs003(app: &App, cookie: &str, extra: &[Part<'_>]) -> Reply {
    let mut parts = vec![Part::File("m_id_card", "身份证.jpg", photo(3)), Part::File("m_photo", "证件照.jpg", photo(7))];
    parts.extend(extra.iter().map(|p| match p {
        Part::Text(a, b) => Part::Text(a, b),
        Part::File(a, b, c) => Part::File(a, b, c.clone()),
    }));
    app.post_multipart("/services/RS003/apply", cookie, &parts).await
}

/// An app under a configuration of the test's own.
pub fn app_with(store: SharedStore, config: ServerConfig) -> App {
    App { router: build_router(store.clone(), &config), store, clock: config.clock.clone(), data_dir: config.data_dir }
}

pub fn app(store: SharedStore) -> App {
    app_with(store, config())
}

impl App {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        // A hung request fails the test with its URI instead of stalling the whole run.
        let uri = req.uri().clone();
        let res = tokio::time::timeout(std::time::Duration::from_secs(60), self.router.clone().oneshot(req))
            .await
            .unwrap_or_else(|_| panic!("no answer within 60 s from {uri}"))
            .expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// A GET whose body is bytes (a material, a photo).
    pub async fn get_bytes(&self, uri: &str, cookies: &str) -> Vec<u8> {
        let req = Request::get(uri).header(header::HOST, "linli.test").header(header::COOKIE, cookies).body(Body::empty()).unwrap();
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        res.into_body().collect().await.expect("body").to_bytes().to_vec()
    }

    pub async fn get(&self, uri: &str, cookies: &str) -> Reply {
        let req = Request::get(uri)
            .header(header::HOST, "linli.test")
            .header(header::ACCEPT, BROWSER_ACCEPT)
            .header(header::COOKIE, cookies);
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, uri: &str, cookies: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).unwrap();
        let req = Request::post(uri)
            .header(header::HOST, "linli.test")
            .header(header::ORIGIN, "http://linli.test")
            .header(header::ACCEPT, BROWSER_ACCEPT)
            .header(header::COOKIE, cookies)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Registers as a person would: asks for a code, reads it from the outbox (where the SMS
    /// channel takes it from), and sends the form with it.
    pub async fn register(&self, phone: &str, id: &str) -> Reply {
        let sent = self.post("/register", "", &[("phone", phone), ("send_code", "1")]).await;
        assert_eq!(sent.status, StatusCode::OK, "a code is sent: {}", &sent.body[..sent.body.len().min(2000)]);
        let code = self.latest_code(phone).await.expect("the code is in the outbox");
        let building = self.store.buildings().await.unwrap()[0].id.to_string();
        self.post("/register", "", &[
            ("name", "林晓"), ("phone", phone), ("code", &code), ("id_number", id), ("password", "linli2026"),
            ("password2", "linli2026"), ("building", &building), ("consent", "yes"),
        ]).await
    }

    /// The newest one-time code queued for a phone.
    pub async fn latest_code(&self, phone: &str) -> Option<String> {
        let outbox = self.store.outbox(200).await.unwrap();
        let message = outbox.into_iter().find(|m| m.kind == "code" && m.recipient == phone)?;
        let digits: Vec<char> = message.body.chars().collect();
        digits.windows(6).find(|w| w.iter().all(char::is_ascii_digit)).map(|w| w.iter().collect())
    }

    /// A form post from another address (the peer the listener would see).
    pub async fn post_from(&self, addr: &str, uri: &str, cookies: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).unwrap();
        let mut req = Request::post(uri)
            .header(header::HOST, "linli.test")
            .header(header::ORIGIN, "http://linli.test")
            .header(header::ACCEPT, BROWSER_ACCEPT)
            .header(header::COOKIE, cookies)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let peer: std::net::SocketAddr = format!("{addr}:40000").parse().unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        self.send(req).await
    }

    /// Signs in as a person would, with the authenticator code when the account needs one: the
    /// answer is the final redirect (or the refusal).
    pub async fn sign_in(&self, phone: &str, password: &str) -> Reply {
        let first = self.post("/login", "", &[("phone", phone), ("password", password), ("next", "/me")]).await;
        if first.status != StatusCode::SEE_OTHER || !first.location().starts_with("/login/totp") {
            return first;
        }
        let code = self.next_totp(phone).await;
        self.post("/login/totp", &first.cookies(), &[("code", &code), ("next", "/me")]).await
    }

    /// The authenticator code the server takes next for this account: the current step's, or
    /// the next one's when the current was used (a code works once).
    pub async fn next_totp(&self, phone: &str) -> String {
        use linli_app::accounts::second_factor::{code_for_step, step_at};
        let user = self.store.user_by_phone(phone).await.unwrap().expect("account");
        let here = step_at(self.clock.now());
        let step = user.totp_last_step.map_or(here - 1, |last| (last + 1).max(here - 1));
        assert!(step <= here + 1, "more than three sign-ins of {phone} within 30 s of server time");
        code_for_step(user.totp_secret.as_deref().expect("a secret after the password"), step).unwrap()
    }
}

pub fn id_number(serial: u32) -> String {
    let first17 = format!("32010219880515{serial:03}");
    format!("{first17}{}", id_check_char(&first17))
}


/// One part of a multipart form post.
pub enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, Vec<u8>),
}

pub fn multipart_body(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "----linli-test-boundary-7d1f";
    let mut body = Vec::new();
    for p in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match p {
            Part::Text(name, value) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
            }
            Part::File(name, file_name, bytes) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A small real photo (JPEG) with some texture, `seed` varying its pixels.
pub fn photo(seed: u8) -> Vec<u8> {
    photo_sized(120, 90, seed)
}

/// A photo of the given size; noisy enough that JPEG cannot shrink it to nothing.
pub fn photo_sized(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed as u32).wrapping_mul(2_246_822_519);
        image::Rgb([(x as u8).wrapping_mul(seed | 1), (y as u8).wrapping_add(seed), (n >> 24) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n".to_vec()
}

impl App {
    pub async fn post_multipart(&self, uri: &str, cookies: &str, parts: &[Part<'_>]) -> Reply {
        let (content_type, body) = multipart_body(parts);
        let req = Request::post(uri)
            .header(header::HOST, "linli.test")
            .header(header::ORIGIN, "http://linli.test")
            .header(header::ACCEPT, BROWSER_ACCEPT)
            .header(header::COOKIE, cookies)
            .header(header::CONTENT_TYPE, content_type);
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Creates an account (resident in the first building of `community`, or staff/officer) and
    /// returns its id and a signed-in cookie.
    pub async fn account(&self, phone: &str, serial: u32, role: &str, department: Option<&str>, community: Option<&str>) -> (i64, String) {
        self.account_checked(phone, serial, role, department, community, true).await
    }

    /// A resident of `community` whose identity nobody has confirmed yet (level 1).
    pub async fn level_one_resident(&self, phone: &str, serial: u32, community: &str) -> (i64, String) {
        self.account_checked(phone, serial, "resident", None, Some(community), false).await
    }

    async fn account_checked(&self, phone: &str, serial: u32, role: &str, department: Option<&str>, community: Option<&str>, identity_checked: bool) -> (i64, String) {
        let building_id = match (role, community) {
            ("resident", Some(c)) => self.store.buildings().await.unwrap().into_iter().find(|b| b.community_code == c).map(|b| b.id),
            _ => None,
        };
        let spec = linli_app::accounts::operator::UserSpec {
            phone: phone.into(),
            password: "linli2026".into(),
            name: person_name(serial),
            id_number: id_number(serial),
            role: role.into(),
            department: department.map(str::to_string),
            community: if role == "staff" { community.map(str::to_string) } else { None },
            building_id,
            identity_checked,
        };
        let id = linli_app::accounts::operator::add_user(&*self.store, &spec).await.expect("account created");
        let r = self.sign_in(phone, "linli2026").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in of {phone}");
        (id, r.cookies())
    }

    /// Stored file names in the data directory (uploads and thumbnails).
    pub fn stored_files(&self) -> Vec<String> {
        std::fs::read_dir(self.data_dir.join("files"))
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    }
}

/// A valid real name that differs per serial: "林" and the serial in Chinese digits.
pub fn person_name(serial: u32) -> String {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    std::iter::once('林').chain(serial.to_string().chars().map(|c| digits[c.to_digit(10).unwrap() as usize])).collect()
}
