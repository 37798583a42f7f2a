-- Text stored before every value went through the door (NFC, no control or
-- invisible characters, bounded): normalised in Rust, in this migration's
-- transaction, by store/heal.rs. The search index is built from the store,
-- so it heals with it.
SELECT 1;
