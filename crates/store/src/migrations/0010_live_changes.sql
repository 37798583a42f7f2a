-- Live updates and safe concurrent edits.
--
-- people.version counts the saved edits of a person (their fields and their
-- delegates): a save made from a card opened at an older version is refused
-- instead of overwriting a colleague's edit.
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- What changed, row by row, so that every open window re-reads only that:
-- which topic (person, role, absence, company, feed, favourite), in which
-- company, for which person. Written by triggers, so no write path (the
-- CLI, an import, a sync, a restored backup) can forget it. A feed's
-- calendar absences are replaced whole on each sync: they are told by the
-- feed's own row changing, not one row per occurrence. Old rows are pruned
-- (AUTOINCREMENT never reuses a number, so a window that fell behind the
-- pruning notices and re-reads everything).
CREATE TABLE live_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    topic      TEXT NOT NULL,
    company_id INTEGER,
    person_id  INTEGER
);

CREATE TRIGGER live_people_insert AFTER INSERT ON people BEGIN
    INSERT INTO live_changes (topic, company_id, person_id) VALUES ('person', NEW.company_id, NEW.id);
END;
CREATE TRIGGER live_people_update AFTER UPDATE ON people BEGIN
    INSERT INTO live_changes (topic, company_id, person_id) VALUES ('person', NEW.company_id, NEW.id);
END;
CREATE TRIGGER live_people_delete AFTER DELETE ON people BEGIN
    INSERT INTO live_changes (topic, company_id, person_id) VALUES ('person', OLD.company_id, OLD.id);
END;

CREATE TRIGGER live_emails_insert AFTER INSERT ON person_emails BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM people WHERE id = NEW.person_id), NEW.person_id);
END;
CREATE TRIGGER live_emails_delete AFTER DELETE ON person_emails BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM people WHERE id = OLD.person_id), OLD.person_id);
END;

CREATE TRIGGER live_delegates_insert AFTER INSERT ON delegates BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM people WHERE id = NEW.person_id), NEW.person_id);
END;
CREATE TRIGGER live_delegates_update AFTER UPDATE ON delegates BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM people WHERE id = NEW.person_id), NEW.person_id);
END;
CREATE TRIGGER live_delegates_delete AFTER DELETE ON delegates BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM people WHERE id = OLD.person_id), OLD.person_id);
END;

CREATE TRIGGER live_holders_insert AFTER INSERT ON role_holders BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM roles WHERE id = NEW.role_id), NEW.person_id);
END;
CREATE TRIGGER live_holders_delete AFTER DELETE ON role_holders BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('person', (SELECT company_id FROM roles WHERE id = OLD.role_id), OLD.person_id);
END;

CREATE TRIGGER live_roles_insert AFTER INSERT ON roles BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('role', NEW.company_id);
END;
CREATE TRIGGER live_roles_update AFTER UPDATE ON roles BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('role', NEW.company_id);
END;
CREATE TRIGGER live_roles_delete AFTER DELETE ON roles BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('role', OLD.company_id);
END;

CREATE TRIGGER live_absences_insert AFTER INSERT ON absences WHEN NEW.source = 'manual' BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('absence', (SELECT company_id FROM people WHERE id = NEW.person_id), NEW.person_id);
END;
CREATE TRIGGER live_absences_update AFTER UPDATE ON absences WHEN NEW.source = 'manual' BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('absence', (SELECT company_id FROM people WHERE id = NEW.person_id), NEW.person_id);
END;
CREATE TRIGGER live_absences_delete AFTER DELETE ON absences WHEN OLD.source = 'manual' BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('absence', (SELECT company_id FROM people WHERE id = OLD.person_id), OLD.person_id);
END;

CREATE TRIGGER live_companies_insert AFTER INSERT ON companies BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', NEW.id);
END;
CREATE TRIGGER live_companies_update AFTER UPDATE ON companies BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', NEW.id);
END;
CREATE TRIGGER live_companies_delete AFTER DELETE ON companies BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', OLD.id);
END;
CREATE TRIGGER live_numbers_insert AFTER INSERT ON company_numbers BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', NEW.company_id);
END;
CREATE TRIGGER live_numbers_delete AFTER DELETE ON company_numbers BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('company', OLD.company_id);
END;

CREATE TRIGGER live_feeds_insert AFTER INSERT ON feeds BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', NEW.company_id);
END;
CREATE TRIGGER live_feeds_update AFTER UPDATE ON feeds BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', NEW.company_id);
END;
CREATE TRIGGER live_feeds_delete AFTER DELETE ON feeds BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('feed', OLD.company_id);
END;
CREATE TRIGGER live_decisions_insert AFTER INSERT ON feed_match_decisions BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('feed', (SELECT company_id FROM feeds WHERE id = NEW.feed_id), NEW.person_id);
END;
CREATE TRIGGER live_decisions_delete AFTER DELETE ON feed_match_decisions BEGIN
    INSERT INTO live_changes (topic, company_id, person_id)
    VALUES ('feed', (SELECT company_id FROM feeds WHERE id = OLD.feed_id), OLD.person_id);
END;

CREATE TRIGGER live_favourites_insert AFTER INSERT ON favourites BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('favourite', NEW.company_id);
END;
CREATE TRIGGER live_favourites_delete AFTER DELETE ON favourites BEGIN
    INSERT INTO live_changes (topic, company_id) VALUES ('favourite', OLD.company_id);
END;
