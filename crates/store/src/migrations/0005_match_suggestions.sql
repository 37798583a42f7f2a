-- Shared absence calendars: an event that names someone only by a lone
-- family or given name is a suggestion for the operator, never an absence
-- by itself. The unmatched row keeps what an absence needs (its end and
-- kind), so confirming one applies it at once, without a new sync.
ALTER TABLE feed_unmatched ADD COLUMN ends_at TEXT;
ALTER TABLE feed_unmatched ADD COLUMN kind TEXT;
ALTER TABLE feed_unmatched ADD COLUMN suggested_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL;

-- What an operator decided about a suggestion, per event UID: it is this
-- person (confirmed = 1) or it is not (0). Kept across syncs.
CREATE TABLE feed_match_decisions (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    uid        TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    confirmed  INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
    decided_at TEXT NOT NULL,
    decided_by TEXT,
    PRIMARY KEY (feed_id, uid, person_id)
);
