-- As SQLite's 0019: the IMAP mailbox replies are read from, and where reading stopped.
ALTER TABLE mail_settings
    ADD COLUMN imap_url TEXT COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN imap_validity BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN imap_next_uid BIGINT NOT NULL DEFAULT 0;
