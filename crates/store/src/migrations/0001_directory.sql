-- The directory: companies, people, roles, delegates, manual absences and
-- the change log. List-valued fields that are only read whole (aliases,
-- phones, ...) are JSON text; what is looked up by value has its own table.

CREATE TABLE companies (
    id                    INTEGER PRIMARY KEY,
    slug                  TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    language              TEXT NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
    timezone              TEXT NOT NULL,
    greetings             TEXT NOT NULL DEFAULT '{}',
    opening_hours         TEXT NOT NULL DEFAULT '[]',
    notes                 TEXT NOT NULL DEFAULT '',
    allow_mobile_transfer INTEGER NOT NULL DEFAULT 0,
    fallback              TEXT NOT NULL DEFAULT ''
);

-- The numbers a company answers: a dialled number picks the company.
CREATE TABLE company_numbers (
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    number     TEXT NOT NULL,
    number_key TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (company_id, position)
);

CREATE TABLE roles (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',
    UNIQUE (company_id, name)
);

CREATE TABLE people (
    id                 INTEGER PRIMARY KEY,
    company_id         INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('staff', 'outsider')),
    given_name         TEXT NOT NULL,
    family_name        TEXT NOT NULL,
    aliases            TEXT NOT NULL DEFAULT '[]',
    title              TEXT NOT NULL DEFAULT '',
    department         TEXT NOT NULL DEFAULT '',
    topics             TEXT NOT NULL DEFAULT '[]',
    phones             TEXT NOT NULL DEFAULT '[]',
    languages          TEXT NOT NULL DEFAULT '[]',
    notes              TEXT NOT NULL DEFAULT '',
    left_on            TEXT,
    left_reason        TEXT,
    -- Where calls go now: at most one of these is set.
    redirect_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    redirect_role_id   INTEGER REFERENCES roles(id) ON DELETE SET NULL,
    redirect_text      TEXT,
    CHECK ((redirect_person_id IS NOT NULL) + (redirect_role_id IS NOT NULL) + (redirect_text IS NOT NULL) <= 1)
);
CREATE INDEX people_company ON people(company_id);

-- E-mail addresses, lower-case: matched against calendar attendees and on re-import.
CREATE TABLE person_emails (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    email     TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
);
CREATE INDEX person_emails_email ON person_emails(email);

CREATE TABLE role_holders (
    role_id   INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, position),
    UNIQUE (role_id, person_id)
);

CREATE TABLE delegates (
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    delegate_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    valid_from  TEXT,
    valid_until TEXT,
    topic       TEXT,
    PRIMARY KEY (person_id, position),
    CHECK (person_id <> delegate_id)
);

-- Times are UTC RFC 3339 text ("2026-11-23T07:00:00Z"), so they sort as text.
CREATE TABLE absences (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL CHECK (source IN ('manual', 'calendar')),
    CHECK (ends_at > starts_at)
);
CREATE INDEX absences_person ON absences(person_id, ends_at);

CREATE TABLE changes (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    company_id INTEGER,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    subject    TEXT NOT NULL,
    field      TEXT NOT NULL DEFAULT '',
    old        TEXT,
    new        TEXT,
    actor      TEXT
);
CREATE INDEX changes_at ON changes(at);
