//! The browser half of Linli. Pages are rendered on the server and work without it; the WASM
//! only brings the few interactive islands to life (read-aloud, upload progress).
use wasm_bindgen::prelude::wasm_bindgen;
// The islands are exported from the app crate; this keeps it linked.
extern crate linli_app;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
