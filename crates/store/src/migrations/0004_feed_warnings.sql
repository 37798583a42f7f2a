-- What the last good sync of a feed had to say: events skipped (with their
-- line), unknown time zones, rules cut short. A JSON array of sentences.
ALTER TABLE feeds ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
