//! The TypeScript bindings the front end compiles against must be exactly
//! what the Rust contract generates: a command or field added on one side
//! only fails here (and then in the front end's type check).

#[test]
fn bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == vaihde::api::typescript(),
        "ui/src/bindings.ts is stale: run `cargo run -p vaihde-desktop --example gen-bindings`"
    );
}

#[test]
fn message_ids_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/messages.ts");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == vaihde::words::typescript(),
        "ui/src/messages.ts is stale: run `cargo run -p vaihde-desktop --example gen-bindings`"
    );
}
