-- Events of a shared calendar that name nobody are stored once per event
-- (with how many occurrences it has and the next one), no longer once per
-- occurrence: a feed of 20,000 daily events was 8.6 million rows. Rows of
-- an older sync count as one occurrence each until the next sync rewrites them.
ALTER TABLE feed_unmatched ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1;
ALTER TABLE feed_unmatched ADD COLUMN next_at TEXT;
