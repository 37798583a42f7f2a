-- A feed's last failure as a value (JSON of model::Problem), which the
-- faces word in the operator's language; last_error keeps the English
-- sentence for logs. Failures recorded before this keep only the sentence.
ALTER TABLE feeds ADD COLUMN last_problem TEXT;
