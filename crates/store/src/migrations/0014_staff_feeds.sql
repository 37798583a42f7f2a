-- Staff feeds: a company's staff followed from its own source (a vCard,
-- CSV or Excel file or URL), and which of our people each source lists.
-- A person a source no longer lists is flagged gone from it, never deleted.
CREATE TABLE staff_feeds (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    -- As it may be shown (no secrets), as feeds.address.
    address         TEXT NOT NULL DEFAULT '',
    label           TEXT NOT NULL DEFAULT '',
    -- '' (guessed), 'csv', 'vcard' or 'xlsx'; an Excel sheet; "Header=field" lines.
    format          TEXT NOT NULL DEFAULT '',
    sheet           TEXT NOT NULL DEFAULT '',
    mapping         TEXT NOT NULL DEFAULT '',
    etag            TEXT,
    last_modified   TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    -- How many people the last good sync listed (a sudden drop is refused).
    listed          INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);
CREATE INDEX staff_feeds_company ON staff_feeds(company_id);

CREATE TABLE staff_sources (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    feed_id    INTEGER NOT NULL REFERENCES staff_feeds(id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    -- The fields whose values came from this source, comma-separated.
    fields     TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    gone_since TEXT,
    PRIMARY KEY (person_id, feed_id)
);
CREATE INDEX staff_sources_feed ON staff_sources(feed_id);

CREATE TRIGGER live_staff_feeds_insert AFTER INSERT ON staff_feeds BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', NEW.company_id);
END;
CREATE TRIGGER live_staff_feeds_update AFTER UPDATE ON staff_feeds BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', NEW.company_id);
END;
CREATE TRIGGER live_staff_feeds_delete AFTER DELETE ON staff_feeds BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', OLD.company_id);
END;
CREATE TRIGGER live_staff_sources_insert AFTER INSERT ON staff_sources BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', NEW.company_id);
END;
CREATE TRIGGER live_staff_sources_update AFTER UPDATE ON staff_sources BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', NEW.company_id);
END;
CREATE TRIGGER live_staff_sources_delete AFTER DELETE ON staff_sources BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', OLD.company_id);
END;
