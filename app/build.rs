//! Builds the icon sprite: every `style/icons/*.svg` as one `<symbol>` in a hidden inline SVG,
//! so a page draws any icon with `<use href="#i-name">` and no further request.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../style/icons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir).expect("style/icons exists").filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "svg"));
    files.sort();
    // Hidden by its wrapper (`.icon-sprite`): the CSP forbids inline style attributes.
    let mut sprite = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true" focusable="false">"#);
    let mut names = Vec::new();
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let svg = fs::read_to_string(path).expect("icon readable");
        // The drawing is what lies between the root element's opening tag and its end.
        let open = svg.find("<svg").expect("an <svg> root");
        let body_start = open + svg[open..].find('>').expect("a closed <svg> tag") + 1;
        let body_end = svg.rfind("</svg>").expect("an </svg> end");
        let body: String = svg[body_start..body_end].split_whitespace().collect::<Vec<_>>().join(" ");
        sprite.push_str(&format!(
            r#"<symbol id="i-{name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>"#
        ));
        names.push(name);
    }
    sprite.push_str("</svg>");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("icons.rs");
    let code = format!("pub const SPRITE: &str = {sprite:?};\npub const NAMES: &[&str] = &{names:?};\n");
    fs::write(out, code).expect("OUT_DIR writable");
}
