-- As SQLite's 0020: the acknowledgement time per company, where an urgent
-- message's escalation stands, and the recipients a step added.
ALTER TABLE company_messaging ADD COLUMN ack_minutes BIGINT NOT NULL DEFAULT 15;
ALTER TABLE messages
    ADD COLUMN ack_due_at TEXT COLLATE "C",
    ADD COLUMN escalations BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN alarm_at TEXT COLLATE "C";
ALTER TABLE message_recipients ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
CREATE INDEX messages_ack_due ON messages(ack_due_at);
