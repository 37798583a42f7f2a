//! Writes `ui/src/bindings.ts` from the Rust declaration of the desktop
//! contract (`vaihde::api`). Run after changing a command or its types;
//! the `bindings_are_current` test fails until you do.

fn main() -> std::io::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    std::fs::write(&path, vaihde::api::typescript())?;
    println!("wrote {}", path.display());
    Ok(())
}
