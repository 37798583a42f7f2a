-- As SQLite's 0022: a message's call script and the caller's answers.
ALTER TABLE messages
    ADD COLUMN script TEXT COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN answers_json TEXT COLLATE "C" NOT NULL DEFAULT '[]';
