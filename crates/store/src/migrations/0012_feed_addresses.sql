-- Each feed's address as it may be shown, without its secrets (see
-- model::redact), beside the full one: the desks of a team can then be
-- given a database role that reads everything but the full address, which
-- only the sync worker's role may read. Filled by a Rust step.
ALTER TABLE feeds ADD COLUMN address TEXT NOT NULL DEFAULT '';
