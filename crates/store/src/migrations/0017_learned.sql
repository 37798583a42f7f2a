-- What the switchboard learns from a client's own staff list, kept until
-- each operator has seen it: a person the list added, a title it changed,
-- a person it no longer lists. The change log keeps the history; this is
-- the desk's to-read list. Seen marks are per operator (the desk's name),
-- as every operator answers the calls.
CREATE TABLE learned (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    -- The staff source as named to a person.
    feed       TEXT NOT NULL,
    -- 'added', 'title' or 'gone'.
    kind       TEXT NOT NULL,
    -- The person's name, and the title before and after (added: after).
    subject    TEXT NOT NULL,
    old        TEXT NOT NULL DEFAULT '',
    new        TEXT NOT NULL DEFAULT '',
    -- A management title (CEO, toimitusjohtaja, chef…): pinned at the top.
    pinned     INTEGER NOT NULL DEFAULT 0,
    at         TEXT NOT NULL
);
CREATE INDEX learned_person ON learned(person_id);
CREATE INDEX learned_company ON learned(company_id, at);

CREATE TABLE learned_seen (
    learned_id INTEGER NOT NULL REFERENCES learned(id) ON DELETE CASCADE,
    operator   TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (learned_id, operator)
);

-- Why a staff feed's last try failed, as a value the faces word (JSON of
-- model::Problem), beside last_error's English kept for logs.
ALTER TABLE staff_feeds ADD COLUMN last_problem TEXT;
