//! Any bytes as a vCard export (3.0 or 4.0).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vaihde::import::{Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { format: Some(Format::Vcard), ..ReadOptions::default() };
    let _ = vaihde::import::read_bytes(Path::new("fuzz.vcf"), data, &options);
});
