//! The browser half of Linli: hydrates the server-rendered page. Everything already works
//! before this arrives; the WASM only enhances (client-side navigation, read-aloud).
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(linli_app::App);
}
