-- A message taken under a call script keeps the script's name (the call
-- type) and the caller's answers to its questions, as a JSON list of
-- {label, value}: they go into the e-mail, the webhook and the report.
ALTER TABLE messages ADD COLUMN script TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN answers_json TEXT NOT NULL DEFAULT '[]';
