-- As SQLite's migration 14: staff feeds and which people each lists; ids
-- from a sequence as elsewhere, every desk told through vaihde_live.
CREATE TABLE staff_feeds (
    id              BIGINT PRIMARY KEY,
    company_id      BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    url             TEXT COLLATE "C" NOT NULL,
    address         TEXT COLLATE "C" NOT NULL DEFAULT '',
    label           TEXT COLLATE "C" NOT NULL DEFAULT '',
    format          TEXT COLLATE "C" NOT NULL DEFAULT '',
    sheet           TEXT COLLATE "C" NOT NULL DEFAULT '',
    mapping         TEXT COLLATE "C" NOT NULL DEFAULT '',
    etag            TEXT COLLATE "C",
    last_modified   TEXT COLLATE "C",
    last_attempt_at TEXT COLLATE "C",
    last_success_at TEXT COLLATE "C",
    last_error      TEXT COLLATE "C" NOT NULL DEFAULT '',
    listed          BIGINT NOT NULL DEFAULT 0,
    created_at      TEXT COLLATE "C" NOT NULL
);
CREATE SEQUENCE staff_feeds_id_seq;
CREATE TRIGGER staff_feeds_id BEFORE INSERT ON staff_feeds FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX staff_feeds_company ON staff_feeds(company_id);

CREATE TABLE staff_sources (
    person_id  BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    feed_id    BIGINT NOT NULL REFERENCES staff_feeds(id) ON DELETE CASCADE,
    company_id BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    fields     TEXT COLLATE "C" NOT NULL DEFAULT '',
    first_seen TEXT COLLATE "C" NOT NULL,
    seen_at    TEXT COLLATE "C" NOT NULL,
    gone_since TEXT COLLATE "C",
    PRIMARY KEY (person_id, feed_id)
);
CREATE INDEX staff_sources_feed ON staff_sources(feed_id);

CREATE TRIGGER live_staff_feeds AFTER INSERT OR UPDATE OR DELETE ON staff_feeds FOR EACH ROW EXECUTE FUNCTION vaihde_live('feed');
CREATE TRIGGER live_staff_sources AFTER INSERT OR UPDATE OR DELETE ON staff_sources FOR EACH ROW EXECUTE FUNCTION vaihde_live('feed');
