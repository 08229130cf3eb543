//! Widgets every page shares: the layout, form fields, the read-aloud button, the upload
//! progress bar, and the answers for "sign in first" and "nothing here".
mod consent;
mod field;
mod print_links;
mod gates;
mod icons;
mod layout;
mod read_aloud;
mod styleguide;
mod upload_progress;

pub use consent::{ChannelChoice, ChannelTable, StaffConsent};
pub use print_links::PrintLinks;
pub use field::{Field, FormBanner, Grouped};
pub use gates::{nothing_here, NotYours, SignInFirst, SignInPrompt};
pub use icons::{Icon, IconSprite, NAMES};
pub use layout::{Layout, NotFound};
pub use read_aloud::ReadAloud;
pub use styleguide::StyleguidePage;
pub use upload_progress::UploadProgress;

/// What a page shows when its data could not be loaded (the error itself is logged).
pub fn load_failed() -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    view! { <p class="banner banner-error" role="alert">{crate::i18n::use_strings().load_failed}</p> }.into_any()
}

/// What a page's loader answers when this address asked too often: the page is a 429 with
/// `Retry-After`, and shows how long to wait (see `loaded`), not that loading failed.
pub const TOO_MANY: &str = "too many requests; retry after ";

/// The loader's error for "asked too often, wait `retry_after` seconds"; on the server it also
/// makes the page's status 429 and sets `Retry-After`.
pub fn too_many(retry_after: u64) -> leptos::prelude::ServerFnError {
    set_status(429);
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(http::header::RETRY_AFTER, retry_after.into());
    }
    leptos::prelude::ServerFnError::ServerError(format!("{TOO_MANY}{retry_after}"))
}

/// The banner for a loader's error: how long to wait when it was asked too often, or else that
/// loading failed (the error itself is logged).
fn load_error(e: &leptos::prelude::ServerFnError) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let wait = match e {
        ServerFnError::ServerError(m) => m.strip_prefix(TOO_MANY).and_then(|s| s.parse::<i64>().ok()),
        _ => None,
    };
    match wait {
        Some(seconds) => {
            let text = crate::i18n::t_with("problem-wait", [("seconds", seconds.into())]);
            view! { <p class="banner banner-error" role="alert">{text}</p> }.into_any()
        }
        None => load_failed(),
    }
}

/// A page's data, once loaded: `body` with it; `missing` when the server answered "nothing for
/// you here" (not signed in, not found, not yours); the failure banner when loading failed, or
/// how long to wait when this address asked too often.
pub fn loaded<T>(
    data: leptos::prelude::Resource<Result<Option<T>, leptos::prelude::ServerFnError>>,
    missing: fn() -> leptos::prelude::AnyView,
    body: impl Fn(T) -> leptos::prelude::AnyView + Clone + Send + Sync + 'static,
) -> impl leptos::prelude::IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    use leptos::prelude::*;
    view! {
        <Suspense fallback=move || view! { <p>{crate::i18n::use_strings().loading}</p> }>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => body(v),
                        Ok(None) => missing(),
                        Err(e) => load_error(&e),
                    }
                })
            }}
        </Suspense>
    }
}

/// `path?search` with one query parameter set (or replaced), the others kept.
pub fn with_param(path: &str, search: &str, key: &str, value: &str) -> String {
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(key))
        .map(str::to_string)
        .collect();
    pairs.push(format!("{key}={value}"));
    format!("{path}?{}", pairs.join("&"))
}

/// A path on this site, safe to send a browser to: `/`-rooted, never `//` or a backslash
/// (browsers read `/\\host` as `//host`), and no control characters (browsers drop tabs and line
/// breaks, so `/\t/evil.example` would become `//evil.example`). Never an open redirect.
pub fn is_same_site_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.chars().any(char::is_control)
}

/// A same-site path for `?next=`: only `/`-rooted paths, percent-encoding what would end the value.
pub fn encode_path(path: &str) -> String {
    // Control characters are kept here: they are percent-encoded below, so they cannot turn the
    // path into another host.
    let safe = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
    let path = if safe { path } else { "/me" };
    path.bytes()
        .map(|b| match b {
            b'&' | b'#' | b'%' | b'+' | b' ' | b'?' | b'=' => format!("%{b:02X}"),
            b if b.is_ascii_control() || !b.is_ascii() => format!("%{b:02X}"),
            b => (b as char).to_string(),
        })
        .collect()
}

/// The sign-in page, coming back to `path_and_query` afterwards.
pub fn sign_in_href(path_and_query: &str) -> String {
    format!("/login?next={}", encode_path(path_and_query))
}

/// Percent-encodes a query value (enough for UTF-8 search terms in links).
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_quoted_in_english_is_its_own_run() {
        let runs = super::language_runs("Application 1 needs corrections: 证件照需为白色背景。 Then send it");
        assert_eq!(runs, vec![
            (None, "Application 1 needs corrections: ".to_string()),
            (Some("zh-CN"), "证件照需为白色背景。 ".to_string()),
            (None, "Then send it".to_string()),
        ]);
        assert_eq!(super::language_runs("全中文"), vec![(Some("zh-CN"), "全中文".to_string())]);
    }

    #[test]
    fn with_param_replaces_only_its_key() {
        assert_eq!(super::with_param("/services", "?q=sb&mode=standard", "mode", "elder"), "/services?q=sb&mode=elder");
        assert_eq!(super::with_param("/", "", "lang", "en"), "/?lang=en");
        assert_eq!(super::encode_query("社保 a"), "%E7%A4%BE%E4%BF%9D%20a");
    }
}

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

/// The `lang` of text people wrote (names, titles, descriptions): "zh-CN" when it is Chinese, so
/// an English page marks it for screen readers (WCAG 3.1.2 language of parts) instead of having
/// it read as English. Interface text never needs this: it comes from the viewer's locale.
pub fn written_lang(text: &str) -> Option<&'static str> {
    text.chars().any(is_han).then_some("zh-CN")
}

/// Splits a sentence that quotes what someone wrote ("needs corrections: 证件照需为白色背景") into
/// runs, each with its language: a Chinese run starts at a Han character and lasts until the
/// next Latin letter.
pub fn language_runs(text: &str) -> Vec<(Option<&'static str>, String)> {
    let mut runs: Vec<(Option<&'static str>, String)> = Vec::new();
    for c in text.chars() {
        let chinese = match runs.last() {
            Some((Some(_), _)) => !c.is_ascii_alphabetic(),
            _ => is_han(c),
        };
        let lang = chinese.then_some("zh-CN");
        match runs.last_mut() {
            Some((l, run)) if *l == lang => run.push(c),
            _ => runs.push((lang, c.to_string())),
        }
    }
    runs
}

/// Text that may quote Chinese inside another language (messages, notices), each part marked.
#[leptos::prelude::component]
pub fn Mixed(#[prop(into)] text: String) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    language_runs(&text).into_iter().map(|(lang, run)| view! { <span lang=lang>{run}</span> }).collect_view()
}

/// Text someone wrote, inline, marked with its language when that is Chinese.
#[leptos::prelude::component]
pub fn Written(#[prop(into)] text: String) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let lang = written_lang(&text);
    view! { <span lang=lang>{text}</span> }
}

/// A QR code as inline SVG (a receipt's progress link, an authenticator's enrolment).
#[cfg(feature = "ssr")]
pub fn qr_svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).quiet_zone(true).build())
}

/// The same QR code as a PNG picture, `scale` pixels a module with the quiet zone: what a camera
/// held to a phone's screen sees (the QR reader's tests photograph it so).
#[cfg(feature = "ssr")]
pub fn qr_png(text: &str, scale: u32) -> Result<Vec<u8>, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)?;
    let (width, quiet) = (code.width() as u32, 4);
    let dark = code.to_colors();
    let side = (width + 2 * quiet) * scale;
    let picture = image::GrayImage::from_fn(side, side, |x, y| {
        let (cx, cy) = ((x / scale).wrapping_sub(quiet), (y / scale).wrapping_sub(quiet));
        let on = cx < width && cy < width && dark[(cy * width + cx) as usize] == qrcode::Color::Dark;
        image::Luma([if on { 0 } else { 255 }])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).map_err(|_| qrcode::types::QrError::DataTooLong)?;
    Ok(png.into_inner())
}
