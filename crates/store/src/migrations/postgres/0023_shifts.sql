-- As SQLite's 0023: operators' shifts at the desks. A shift belongs to no
-- company, so its live change is told by a function of its own.
CREATE TABLE shifts (
    id            BIGINT PRIMARY KEY,
    operator      TEXT COLLATE "C" NOT NULL,
    languages     TEXT COLLATE "C" NOT NULL DEFAULT '',
    desk          TEXT COLLATE "C" NOT NULL,
    signed_in_at  TEXT COLLATE "C" NOT NULL,
    signed_out_at TEXT COLLATE "C"
);
CREATE SEQUENCE shifts_id_seq;
CREATE TRIGGER shifts_id BEFORE INSERT ON shifts FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE UNIQUE INDEX shifts_open_desk ON shifts(desk) WHERE signed_out_at IS NULL;
CREATE FUNCTION vaihde_live_shift() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    seq bigint;
BEGIN
    INSERT INTO live_changes (topic) VALUES ('shift') RETURNING live_changes.seq INTO seq;
    PERFORM pg_notify('vaihde_changes', seq::text);
    RETURN NULL;
END $$;
CREATE TRIGGER live_shifts AFTER INSERT OR UPDATE OR DELETE ON shifts FOR EACH ROW EXECUTE FUNCTION vaihde_live_shift();
