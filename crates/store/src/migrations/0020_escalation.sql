-- An urgent message must be acknowledged within the company's time
-- (minutes); when it is not, it climbs: to the next recipient (the chain's
-- next available colleague, whoever is on call, the company's address),
-- and after the last an alarm on every desk. A message keeps when its
-- acknowledgement is due, how many steps it took and when the alarm went.
ALTER TABLE company_messaging ADD COLUMN ack_minutes INTEGER NOT NULL DEFAULT 15;
ALTER TABLE messages ADD COLUMN ack_due_at TEXT;
ALTER TABLE messages ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN alarm_at TEXT;
-- A recipient added by a step gets the message on its own (the others had it).
ALTER TABLE message_recipients ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_ack_due ON messages(ack_due_at);
