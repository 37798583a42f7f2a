-- As SQLite's 0018: when a call rang at the desk and when it was answered.
ALTER TABLE calls ADD COLUMN rang_at TEXT COLLATE "C", ADD COLUMN answered_at TEXT COLLATE "C";
