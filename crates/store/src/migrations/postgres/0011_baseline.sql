-- The team database's schema: what SQLite's migrations 1–11 built, in one
-- step (no PostgreSQL directory is older). From migration 12 on, every
-- migration has its SQLite and its PostgreSQL form side by side.
--
-- Written so the directory's queries read the same on both engines:
-- integers are BIGINT (SQLite's are 64-bit), truth values 0/1 as there,
-- times RFC 3339 text that sorts as text, and every text column in the "C"
-- collation, so comparisons and ORDER BY lower(name) agree with SQLite
-- byte for byte, whatever the server's locale. An id left NULL on insert
-- is taken from the table's sequence (an explicit id, from a restored
-- backup, moves the sequence past it), as SQLite's INTEGER PRIMARY KEY does.

CREATE FUNCTION vaihde_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    seq text := TG_TABLE_NAME || '_id_seq';
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval(seq);
    ELSE
        PERFORM setval(seq, GREATEST(NEW.id, (SELECT last_value FROM pg_sequences WHERE sequencename = seq AND schemaname = current_schema())));
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE companies (
    id                    BIGINT PRIMARY KEY,
    slug                  TEXT COLLATE "C" NOT NULL UNIQUE,
    name                  TEXT COLLATE "C" NOT NULL,
    language              TEXT COLLATE "C" NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
    timezone              TEXT COLLATE "C" NOT NULL,
    greetings             TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    opening_hours         TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    notes                 TEXT COLLATE "C" NOT NULL DEFAULT '',
    allow_mobile_transfer BIGINT NOT NULL DEFAULT 0,
    fallback              TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE SEQUENCE companies_id_seq;
CREATE TRIGGER companies_id BEFORE INSERT ON companies FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();

CREATE TABLE company_numbers (
    company_id BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    number     TEXT COLLATE "C" NOT NULL,
    number_key TEXT COLLATE "C" NOT NULL UNIQUE,
    label      TEXT COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (company_id, position)
);

CREATE TABLE roles (
    id         BIGINT PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name       TEXT COLLATE "C" NOT NULL,
    aliases    TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    UNIQUE (company_id, name)
);
CREATE SEQUENCE roles_id_seq;
CREATE TRIGGER roles_id BEFORE INSERT ON roles FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();

CREATE TABLE people (
    id                 BIGINT PRIMARY KEY,
    company_id         BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    kind               TEXT COLLATE "C" NOT NULL CHECK (kind IN ('staff', 'outsider')),
    given_name         TEXT COLLATE "C" NOT NULL,
    family_name        TEXT COLLATE "C" NOT NULL,
    aliases            TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    title              TEXT COLLATE "C" NOT NULL DEFAULT '',
    department         TEXT COLLATE "C" NOT NULL DEFAULT '',
    topics             TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    phones             TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    languages          TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    notes              TEXT COLLATE "C" NOT NULL DEFAULT '',
    left_on            TEXT COLLATE "C",
    left_reason        TEXT COLLATE "C",
    redirect_person_id BIGINT REFERENCES people(id) ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE,
    redirect_role_id   BIGINT REFERENCES roles(id) ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE,
    redirect_text      TEXT COLLATE "C",
    version            BIGINT NOT NULL DEFAULT 1,
    CHECK ((redirect_person_id IS NOT NULL)::int + (redirect_role_id IS NOT NULL)::int + (redirect_text IS NOT NULL)::int <= 1)
);
CREATE SEQUENCE people_id_seq;
CREATE TRIGGER people_id BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX people_company ON people(company_id);

CREATE TABLE person_emails (
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    email     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (person_id, position)
);
CREATE INDEX person_emails_email ON person_emails(email);

CREATE TABLE role_holders (
    role_id   BIGINT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    PRIMARY KEY (role_id, position),
    UNIQUE (role_id, person_id)
);

CREATE TABLE delegates (
    person_id   BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    delegate_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    valid_from  TEXT COLLATE "C",
    valid_until TEXT COLLATE "C",
    topic       TEXT COLLATE "C",
    PRIMARY KEY (person_id, position),
    CHECK (person_id <> delegate_id)
);

CREATE TABLE feeds (
    id              BIGINT PRIMARY KEY,
    company_id      BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id       BIGINT REFERENCES people(id) ON DELETE CASCADE,
    url             TEXT COLLATE "C" NOT NULL,
    label           TEXT COLLATE "C" NOT NULL DEFAULT '',
    etag            TEXT COLLATE "C",
    last_modified   TEXT COLLATE "C",
    last_attempt_at TEXT COLLATE "C",
    last_success_at TEXT COLLATE "C",
    last_error      TEXT COLLATE "C",
    error_permanent BIGINT NOT NULL DEFAULT 0,
    occurrences     BIGINT NOT NULL DEFAULT 0,
    warnings        TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    last_problem    TEXT COLLATE "C"
);
CREATE SEQUENCE feeds_id_seq;
CREATE TRIGGER feeds_id BEFORE INSERT ON feeds FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX feeds_company ON feeds(company_id);

CREATE TABLE absences (
    id            BIGINT PRIMARY KEY,
    person_id     BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    starts_at     TEXT COLLATE "C" NOT NULL,
    ends_at       TEXT COLLATE "C" NOT NULL,
    kind          TEXT COLLATE "C" NOT NULL,
    reason        TEXT COLLATE "C" NOT NULL DEFAULT '',
    source        TEXT COLLATE "C" NOT NULL CHECK (source IN ('manual', 'calendar')),
    feed_id       BIGINT REFERENCES feeds(id) ON DELETE CASCADE,
    uid           TEXT COLLATE "C",
    recurrence_id TEXT COLLATE "C",
    CHECK (ends_at > starts_at)
);
CREATE SEQUENCE absences_id_seq;
CREATE TRIGGER absences_id BEFORE INSERT ON absences FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX absences_person ON absences(person_id, ends_at);
CREATE INDEX absences_feed ON absences(feed_id);

CREATE TABLE changes (
    id         BIGINT PRIMARY KEY,
    at         TEXT COLLATE "C" NOT NULL,
    company_id BIGINT,
    entity     TEXT COLLATE "C" NOT NULL,
    entity_id  BIGINT,
    subject    TEXT COLLATE "C" NOT NULL,
    field      TEXT COLLATE "C" NOT NULL DEFAULT '',
    old        TEXT COLLATE "C",
    new        TEXT COLLATE "C",
    actor      TEXT COLLATE "C",
    old_value  TEXT COLLATE "C",
    new_value  TEXT COLLATE "C"
);
CREATE SEQUENCE changes_id_seq;
CREATE TRIGGER changes_id BEFORE INSERT ON changes FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX changes_at ON changes(at);

CREATE TABLE feed_unmatched (
    feed_id             BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    uid                 TEXT COLLATE "C" NOT NULL,
    summary             TEXT COLLATE "C" NOT NULL,
    starts_at           TEXT COLLATE "C" NOT NULL,
    line                BIGINT NOT NULL,
    ends_at             TEXT COLLATE "C",
    kind                TEXT COLLATE "C",
    suggested_person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    occurrences         BIGINT NOT NULL DEFAULT 1,
    next_at             TEXT COLLATE "C"
);
CREATE INDEX feed_unmatched_feed ON feed_unmatched(feed_id);

CREATE TABLE favourites (
    position   BIGINT PRIMARY KEY CHECK (position BETWEEN 1 AND 9),
    company_id BIGINT NOT NULL UNIQUE REFERENCES companies(id) ON DELETE CASCADE
);

CREATE TABLE feed_match_decisions (
    feed_id    BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    uid        TEXT COLLATE "C" NOT NULL,
    person_id  BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    confirmed  BIGINT NOT NULL CHECK (confirmed IN (0, 1)),
    decided_at TEXT COLLATE "C" NOT NULL,
    decided_by TEXT COLLATE "C",
    PRIMARY KEY (feed_id, uid, person_id)
);

CREATE TABLE person_numbers (
    person_id  BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    number_key TEXT COLLATE "C" NOT NULL,
    reversed   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (person_id, position)
);
CREATE INDEX person_numbers_reversed ON person_numbers(reversed);

-- The live-changes feed, as in SQLite's migration 10; each row is also
-- announced with NOTIFY vaihde_changes (its seq), so desks listening hear
-- of it at once and read the feed from their place.
CREATE TABLE live_changes (
    seq        BIGSERIAL PRIMARY KEY,
    topic      TEXT COLLATE "C" NOT NULL,
    company_id BIGINT,
    person_id  BIGINT
);

CREATE FUNCTION vaihde_live() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    topic text := TG_ARGV[0];
    company bigint;
    person bigint;
    seq bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    CASE TG_TABLE_NAME
        WHEN 'people' THEN company := r.company_id; person := r.id;
        WHEN 'person_emails', 'delegates' THEN
            person := r.person_id; SELECT p.company_id INTO company FROM people p WHERE p.id = r.person_id;
        WHEN 'role_holders' THEN
            person := r.person_id; SELECT x.company_id INTO company FROM roles x WHERE x.id = r.role_id;
        WHEN 'absences' THEN
            IF r.source <> 'manual' THEN RETURN NULL; END IF;
            person := r.person_id; SELECT p.company_id INTO company FROM people p WHERE p.id = r.person_id;
        WHEN 'companies' THEN company := r.id;
        WHEN 'feed_match_decisions' THEN
            person := r.person_id; SELECT f.company_id INTO company FROM feeds f WHERE f.id = r.feed_id;
        ELSE company := r.company_id;
    END CASE;
    IF topic <> 'person' AND topic <> 'absence' AND TG_TABLE_NAME <> 'feed_match_decisions' THEN person := NULL; END IF;
    INSERT INTO live_changes (topic, company_id, person_id) VALUES (topic, company, person) RETURNING live_changes.seq INTO seq;
    PERFORM pg_notify('vaihde_changes', seq::text);
    RETURN NULL;
END $$;

CREATE TRIGGER live_people AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION vaihde_live('person');
CREATE TRIGGER live_emails AFTER INSERT OR DELETE ON person_emails FOR EACH ROW EXECUTE FUNCTION vaihde_live('person');
CREATE TRIGGER live_delegates AFTER INSERT OR UPDATE OR DELETE ON delegates FOR EACH ROW EXECUTE FUNCTION vaihde_live('person');
CREATE TRIGGER live_holders AFTER INSERT OR DELETE ON role_holders FOR EACH ROW EXECUTE FUNCTION vaihde_live('person');
CREATE TRIGGER live_roles AFTER INSERT OR UPDATE OR DELETE ON roles FOR EACH ROW EXECUTE FUNCTION vaihde_live('role');
CREATE TRIGGER live_absences AFTER INSERT OR UPDATE OR DELETE ON absences FOR EACH ROW EXECUTE FUNCTION vaihde_live('absence');
CREATE TRIGGER live_companies AFTER INSERT OR UPDATE OR DELETE ON companies FOR EACH ROW EXECUTE FUNCTION vaihde_live('company');
CREATE TRIGGER live_numbers AFTER INSERT OR DELETE ON company_numbers FOR EACH ROW EXECUTE FUNCTION vaihde_live('company');
CREATE TRIGGER live_feeds AFTER INSERT OR UPDATE OR DELETE ON feeds FOR EACH ROW EXECUTE FUNCTION vaihde_live('feed');
CREATE TRIGGER live_decisions AFTER INSERT OR DELETE ON feed_match_decisions FOR EACH ROW EXECUTE FUNCTION vaihde_live('feed');
CREATE TRIGGER live_favourites AFTER INSERT OR DELETE ON favourites FOR EACH ROW EXECUTE FUNCTION vaihde_live('favourite');
