-- As SQLite's migration 13: messages, their recipients and events, the
-- call log, and the messaging settings; ids from sequences as elsewhere,
-- and every desk told of a change through vaihde_live.
CREATE TABLE company_messaging (
    company_id      BIGINT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    address         TEXT COLLATE "C" NOT NULL DEFAULT '',
    webhook_url     TEXT COLLATE "C" NOT NULL DEFAULT '',
    summary_every   TEXT COLLATE "C" NOT NULL DEFAULT 'off' CHECK (summary_every IN ('off', 'daily', 'weekly')),
    summary_to      TEXT COLLATE "C" NOT NULL DEFAULT '',
    summary_sent_at TEXT COLLATE "C"
);

CREATE TABLE mail_settings (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    smtp_url  TEXT COLLATE "C" NOT NULL DEFAULT '',
    mail_from TEXT COLLATE "C" NOT NULL DEFAULT '',
    keep_days BIGINT NOT NULL DEFAULT 90
);

CREATE TABLE messages (
    id               BIGINT PRIMARY KEY,
    company_id       BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    for_person_id    BIGINT REFERENCES people(id) ON DELETE SET NULL,
    for_words        TEXT COLLATE "C" NOT NULL DEFAULT '',
    topic            TEXT COLLATE "C" NOT NULL DEFAULT '',
    caller_name      TEXT COLLATE "C" NOT NULL DEFAULT '',
    caller_org       TEXT COLLATE "C" NOT NULL DEFAULT '',
    caller_number    TEXT COLLATE "C" NOT NULL DEFAULT '',
    caller_key       TEXT COLLATE "C" NOT NULL DEFAULT '',
    caller_email     TEXT COLLATE "C" NOT NULL DEFAULT '',
    body             TEXT COLLATE "C" NOT NULL DEFAULT '',
    urgent           BIGINT NOT NULL DEFAULT 0,
    said             TEXT COLLATE "C" NOT NULL DEFAULT '',
    taken_by         TEXT COLLATE "C" NOT NULL DEFAULT '',
    taken_at         TEXT COLLATE "C" NOT NULL,
    mail_id          TEXT COLLATE "C" NOT NULL,
    status           TEXT COLLATE "C" NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'acknowledged', 'done')),
    status_at        TEXT COLLATE "C" NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    leased_until     TEXT COLLATE "C",
    next_try_at      TEXT COLLATE "C",
    last_error       TEXT COLLATE "C" NOT NULL DEFAULT '',
    mail_pending     BIGINT NOT NULL DEFAULT 0,
    webhook_pending  BIGINT NOT NULL DEFAULT 0,
    callback         BIGINT NOT NULL DEFAULT 0,
    callback_by      TEXT COLLATE "C",
    callback_when    TEXT COLLATE "C" NOT NULL DEFAULT '',
    claimed_by       TEXT COLLATE "C",
    claimed_at       TEXT COLLATE "C",
    callback_outcome TEXT COLLATE "C" CHECK (callback_outcome IN ('reached', 'left_message')),
    callback_done_at TEXT COLLATE "C",
    callback_tries   BIGINT NOT NULL DEFAULT 0
);
CREATE SEQUENCE messages_id_seq;
CREATE TRIGGER messages_id BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX messages_company_taken ON messages(company_id, taken_at);
CREATE INDEX messages_outbox ON messages(next_try_at) WHERE next_try_at IS NOT NULL;
CREATE INDEX messages_caller ON messages(caller_key);
CREATE INDEX messages_for_person ON messages(for_person_id);

CREATE TABLE message_recipients (
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('to', 'cc')),
    name       TEXT COLLATE "C" NOT NULL DEFAULT '',
    address    TEXT COLLATE "C" NOT NULL,
    person_id  BIGINT REFERENCES people(id) ON DELETE SET NULL,
    PRIMARY KEY (message_id, position)
);

CREATE TABLE message_events (
    id         BIGINT PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    at         TEXT COLLATE "C" NOT NULL,
    what       TEXT COLLATE "C" NOT NULL,
    detail     TEXT COLLATE "C" NOT NULL DEFAULT '',
    actor      TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE SEQUENCE message_events_id_seq;
CREATE TRIGGER message_events_id BEFORE INSERT ON message_events FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX message_events_message ON message_events(message_id);

CREATE TABLE calls (
    id             BIGINT PRIMARY KEY,
    company_id     BIGINT REFERENCES companies(id) ON DELETE SET NULL,
    started_at     TEXT COLLATE "C" NOT NULL,
    caller_number  TEXT COLLATE "C" NOT NULL DEFAULT '',
    caller_key     TEXT COLLATE "C" NOT NULL DEFAULT '',
    asked_for      TEXT COLLATE "C" NOT NULL DEFAULT '',
    person_id      BIGINT REFERENCES people(id) ON DELETE SET NULL,
    outcome        TEXT COLLATE "C" NOT NULL DEFAULT 'open'
                   CHECK (outcome IN ('open', 'transferred', 'message', 'information', 'no_outcome')),
    outcome_name   TEXT COLLATE "C" NOT NULL DEFAULT '',
    outcome_number TEXT COLLATE "C" NOT NULL DEFAULT '',
    message_id     BIGINT REFERENCES messages(id) ON DELETE SET NULL,
    closed_at      TEXT COLLATE "C",
    operator       TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE SEQUENCE calls_id_seq;
CREATE TRIGGER calls_id BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX calls_caller ON calls(caller_key, started_at);
CREATE INDEX calls_started ON calls(started_at);

CREATE TRIGGER live_messages AFTER INSERT OR UPDATE OR DELETE ON messages FOR EACH ROW EXECUTE FUNCTION vaihde_live('message');
CREATE TRIGGER live_calls AFTER INSERT OR UPDATE OR DELETE ON calls FOR EACH ROW EXECUTE FUNCTION vaihde_live('call');
CREATE TRIGGER live_messaging AFTER INSERT OR UPDATE ON company_messaging FOR EACH ROW EXECUTE FUNCTION vaihde_live('company');
