-- As SQLite's migration 12: the address as it may be shown.
ALTER TABLE feeds ADD COLUMN address TEXT COLLATE "C" NOT NULL DEFAULT '';
