-- As SQLite's migration 17: what a staff feed taught, until each operator saw it.
CREATE TABLE learned (
    id         BIGINT PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id  BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    feed       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    subject    TEXT COLLATE "C" NOT NULL,
    old        TEXT COLLATE "C" NOT NULL DEFAULT '',
    new        TEXT COLLATE "C" NOT NULL DEFAULT '',
    pinned     BIGINT NOT NULL DEFAULT 0,
    at         TEXT COLLATE "C" NOT NULL
);
CREATE SEQUENCE learned_id_seq;
CREATE TRIGGER learned_id BEFORE INSERT ON learned FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX learned_person ON learned(person_id);
CREATE INDEX learned_company ON learned(company_id, at);

CREATE TABLE learned_seen (
    learned_id BIGINT NOT NULL REFERENCES learned(id) ON DELETE CASCADE,
    operator   TEXT COLLATE "C" NOT NULL,
    at         TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (learned_id, operator)
);

ALTER TABLE staff_feeds ADD COLUMN last_problem TEXT COLLATE "C";
