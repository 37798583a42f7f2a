-- Calendar feeds and the absences they bring. A feed is one calendar: a
-- person's own, or a company's shared absence calendar whose events name
-- the people. Calendar absences carry their feed, UID and recurrence id;
-- a feed's absences are replaced whole, in one transaction, on each good
-- sync, and left alone when a sync fails.

CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    -- Set for a person's own calendar; NULL for a shared absence calendar.
    person_id       INTEGER REFERENCES people(id) ON DELETE CASCADE,
    -- May hold credentials: shown only through redaction, never logged.
    url             TEXT NOT NULL,
    label           TEXT NOT NULL DEFAULT '',
    etag            TEXT,
    last_modified   TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error      TEXT,
    error_permanent INTEGER NOT NULL DEFAULT 0,
    occurrences     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_company ON feeds(company_id);

-- Events of the last good sync that could not be matched to a person.
CREATE TABLE feed_unmatched (
    feed_id   INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    uid       TEXT NOT NULL,
    summary   TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    line      INTEGER NOT NULL
);
CREATE INDEX feed_unmatched_feed ON feed_unmatched(feed_id);

ALTER TABLE absences ADD COLUMN feed_id INTEGER REFERENCES feeds(id) ON DELETE CASCADE;
ALTER TABLE absences ADD COLUMN uid TEXT;
ALTER TABLE absences ADD COLUMN recurrence_id TEXT;
CREATE INDEX absences_feed ON absences(feed_id);
