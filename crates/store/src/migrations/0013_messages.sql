-- When nobody can take the call: the messages operators take, whom each
-- goes to, every change of its status, the callbacks it asks for, and the
-- log of calls handled. A message is committed here before any delivery is
-- tried (the outbox is this table's queued rows), so nothing taken is lost.
-- Times are RFC 3339 text in UTC, as everywhere in the store.

-- Where and how a company's messages go besides its people's own e-mail:
-- an address for messages nobody else can take, a webhook (an SMS gateway,
-- a chat tool) that gets each message as JSON, and the client's summary.
CREATE TABLE company_messaging (
    company_id     INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    address        TEXT NOT NULL DEFAULT '',
    webhook_url    TEXT NOT NULL DEFAULT '',
    summary_every  TEXT NOT NULL DEFAULT 'off' CHECK (summary_every IN ('off', 'daily', 'weekly')),
    summary_to     TEXT NOT NULL DEFAULT '',
    summary_sent_at TEXT
);

-- The directory's mail settings (one row): the SMTP server (its address
-- may carry a password, so it is a secret column, see store::copy), the
-- sender, and how long calls and messages are kept.
CREATE TABLE mail_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    smtp_url       TEXT NOT NULL DEFAULT '',
    mail_from      TEXT NOT NULL DEFAULT '',
    keep_days      INTEGER NOT NULL DEFAULT 90
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    -- For whom: a person, or words (a role, a topic, "whoever handles HR").
    for_person_id   INTEGER REFERENCES people(id) ON DELETE SET NULL,
    for_words       TEXT NOT NULL DEFAULT '',
    topic           TEXT NOT NULL DEFAULT '',
    caller_name     TEXT NOT NULL DEFAULT '',
    caller_org      TEXT NOT NULL DEFAULT '',
    caller_number   TEXT NOT NULL DEFAULT '',
    -- The number's digits (phone::number_key): a caller's history and
    -- forget-caller find their messages by it.
    caller_key      TEXT NOT NULL DEFAULT '',
    caller_email    TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    urgent          INTEGER NOT NULL DEFAULT 0,
    -- What the operator told the caller, as said.
    said            TEXT NOT NULL DEFAULT '',
    taken_by        TEXT NOT NULL DEFAULT '',
    taken_at        TEXT NOT NULL,
    -- The e-mail's Message-ID, chosen when the message is taken: a retry,
    -- or a resend after a crash, carries the same one.
    mail_id         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'acknowledged', 'done')),
    status_at       TEXT NOT NULL,
    -- Delivery: tries so far, when to try next (queued only), the last
    -- server's words, and which channels are still to go.
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- A desk delivering it now holds it until then (a crashed desk's hold
    -- runs out by itself), so no two desks send the same message at once.
    leased_until    TEXT,
    next_try_at     TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    mail_pending    INTEGER NOT NULL DEFAULT 0,
    webhook_pending INTEGER NOT NULL DEFAULT 0,
    -- A callback: whether the caller wants one, by when (an instant, for
    -- the work list's order), the caller's own words for when suits them,
    -- who claimed it, and how it ended.
    callback        INTEGER NOT NULL DEFAULT 0,
    callback_by     TEXT,
    callback_when   TEXT NOT NULL DEFAULT '',
    claimed_by      TEXT,
    claimed_at      TEXT,
    callback_outcome TEXT CHECK (callback_outcome IN ('reached', 'left_message')),
    callback_done_at TEXT,
    callback_tries  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_company_taken ON messages(company_id, taken_at);
CREATE INDEX messages_outbox ON messages(next_try_at) WHERE next_try_at IS NOT NULL;
CREATE INDEX messages_caller ON messages(caller_key);
CREATE INDEX messages_for_person ON messages(for_person_id);

CREATE TABLE message_recipients (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('to', 'cc')),
    name       TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL,
    person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    PRIMARY KEY (message_id, position)
);

-- Every change of a message: taken, a try that failed, sent, acknowledged,
-- done, a callback claimed, released, tried or finished.
CREATE TABLE message_events (
    id         INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    what       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX message_events_message ON message_events(message_id);

-- The call log: every call handled, with its outcome.
CREATE TABLE calls (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    started_at     TEXT NOT NULL,
    caller_number  TEXT NOT NULL DEFAULT '',
    caller_key     TEXT NOT NULL DEFAULT '',
    asked_for      TEXT NOT NULL DEFAULT '',
    person_id      INTEGER REFERENCES people(id) ON DELETE SET NULL,
    outcome        TEXT NOT NULL DEFAULT 'open'
                   CHECK (outcome IN ('open', 'transferred', 'message', 'information', 'no_outcome')),
    -- Transferred: to whom and on which number; message: its id.
    outcome_name   TEXT NOT NULL DEFAULT '',
    outcome_number TEXT NOT NULL DEFAULT '',
    message_id     INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    closed_at      TEXT,
    operator       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calls_caller ON calls(caller_key, started_at);
CREATE INDEX calls_started ON calls(started_at);

-- Every desk sees a new message, a claimed callback, a logged call at once.
CREATE TRIGGER live_messages_insert AFTER INSERT ON messages BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('message', NEW.company_id);
END;
CREATE TRIGGER live_messages_update AFTER UPDATE ON messages BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('message', NEW.company_id);
END;
CREATE TRIGGER live_messages_delete AFTER DELETE ON messages BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('message', OLD.company_id);
END;
CREATE TRIGGER live_calls_insert AFTER INSERT ON calls BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('call', NEW.company_id);
END;
CREATE TRIGGER live_calls_update AFTER UPDATE ON calls BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('call', NEW.company_id);
END;
CREATE TRIGGER live_calls_delete AFTER DELETE ON calls BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('call', OLD.company_id);
END;
CREATE TRIGGER live_messaging_insert AFTER INSERT ON company_messaging BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER live_messaging_update AFTER UPDATE ON company_messaging BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', NEW.company_id);
END;
