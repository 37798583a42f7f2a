//! Any bytes as a staff spreadsheet (CSV/TSV in any of the encodings read).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vaihde::import::{Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { format: Some(Format::Csv), ..ReadOptions::default() };
    let _ = vaihde::import::read_bytes(Path::new("fuzz.csv"), data, &options);
});
