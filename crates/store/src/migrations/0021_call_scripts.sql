-- Call scripts: per company, the types of call it wants handled its own
-- way. When one applies, what to say, the questions to ask and where the
-- call goes are JSON values of the domain's own types (scripts::When,
-- a language → words map, scripts::Question, scripts::GoesTo): read and
-- written whole, never queried inside.
CREATE TABLE call_scripts (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    when_json      TEXT NOT NULL DEFAULT '{}',
    say_json       TEXT NOT NULL DEFAULT '{}',
    questions_json TEXT NOT NULL DEFAULT '[]',
    goes_to_json   TEXT,
    urgent         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX call_scripts_company ON call_scripts(company_id);
-- Every desk sees a script added or removed at once.
CREATE TRIGGER live_scripts_insert AFTER INSERT ON call_scripts BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('script', NEW.company_id);
END;
CREATE TRIGGER live_scripts_update AFTER UPDATE ON call_scripts BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('script', NEW.company_id);
END;
CREATE TRIGGER live_scripts_delete AFTER DELETE ON call_scripts BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('script', OLD.company_id);
END;
