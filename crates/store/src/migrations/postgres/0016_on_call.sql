-- As SQLite's migration 16: on-call rotas and their shifts.
ALTER TABLE feeds ADD COLUMN on_call TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE TABLE on_call_shifts (
    feed_id   BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    starts_at TEXT COLLATE "C" NOT NULL,
    ends_at   TEXT COLLATE "C" NOT NULL,
    summary   TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX on_call_shifts_feed ON on_call_shifts(feed_id, starts_at);
