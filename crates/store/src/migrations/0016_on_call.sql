-- On-call rotas: a calendar feed whose events say who is on call for a
-- role or topic (feeds.on_call names it; empty for absence calendars),
-- and the shifts its last good sync read.
ALTER TABLE feeds ADD COLUMN on_call TEXT NOT NULL DEFAULT '';
CREATE TABLE on_call_shifts (
    feed_id   INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    summary   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX on_call_shifts_feed ON on_call_shifts(feed_id, starts_at);
