-- As SQLite's 0021: call scripts per company, their parts as JSON.
CREATE TABLE call_scripts (
    id             BIGINT PRIMARY KEY,
    company_id     BIGINT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name           TEXT COLLATE "C" NOT NULL,
    when_json      TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    say_json       TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    questions_json TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    goes_to_json   TEXT COLLATE "C",
    urgent         BIGINT NOT NULL DEFAULT 0
);
CREATE SEQUENCE call_scripts_id_seq;
CREATE TRIGGER call_scripts_id BEFORE INSERT ON call_scripts FOR EACH ROW EXECUTE FUNCTION vaihde_assign_id();
CREATE INDEX call_scripts_company ON call_scripts(company_id);
CREATE TRIGGER live_scripts AFTER INSERT OR UPDATE OR DELETE ON call_scripts FOR EACH ROW EXECUTE FUNCTION vaihde_live('script');
