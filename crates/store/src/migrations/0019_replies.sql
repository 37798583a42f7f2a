-- Urgent messages are acknowledged by a reply to their e-mail, read back
-- from the answering service's IMAP mailbox. Its address carries a
-- password, so it is a secret column like the SMTP server's. Reading
-- goes on from where it stopped: the mailbox's UIDVALIDITY and the next
-- UID to read (0: never read; a changed UIDVALIDITY reads it again).
ALTER TABLE mail_settings ADD COLUMN imap_url TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_settings ADD COLUMN imap_validity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_settings ADD COLUMN imap_next_uid INTEGER NOT NULL DEFAULT 0;
