//! Writes `ui/src/bindings.ts` from the Rust declaration of the desktop
//! contract (`vaihde::api`) and `ui/src/messages.ts` from the catalogs
//! (`locales/*.ftl`). Run after changing a command, its types or a
//! catalog's messages; the `bindings_are_current` test fails until you do.

fn main() -> std::io::Result<()> {
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
    std::fs::write(ui.join("bindings.ts"), vaihde::api::typescript())?;
    std::fs::write(ui.join("messages.ts"), vaihde::words::typescript())?;
    println!("wrote {} and {}", ui.join("bindings.ts").display(), ui.join("messages.ts").display());
    Ok(())
}
