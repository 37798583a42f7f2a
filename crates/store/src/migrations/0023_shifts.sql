-- Who is at which desk: an operator signs in at the start of a shift (a
-- name and the languages they speak, comma-separated codes) and out at its
-- end. A desk has at most one open shift; the shifts stay as the record of
-- who worked when. Every desk sees a sign-in or -out at once.
CREATE TABLE shifts (
    id            INTEGER PRIMARY KEY,
    operator      TEXT NOT NULL,
    languages     TEXT NOT NULL DEFAULT '',
    desk          TEXT NOT NULL,
    signed_in_at  TEXT NOT NULL,
    signed_out_at TEXT
);
CREATE UNIQUE INDEX shifts_open_desk ON shifts(desk) WHERE signed_out_at IS NULL;
CREATE TRIGGER live_shifts_insert AFTER INSERT ON shifts BEGIN
    INSERT INTO live_changes (topic) VALUES ('shift');
END;
CREATE TRIGGER live_shifts_update AFTER UPDATE ON shifts BEGIN
    INSERT INTO live_changes (topic) VALUES ('shift');
END;
