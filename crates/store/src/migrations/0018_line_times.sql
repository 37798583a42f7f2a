-- The desk's phone line times its calls: when a call began to ring at the
-- desk and when the operator answered it (the answer time is the one less
-- the other; the handle time runs from the answer to closed_at). Empty for
-- calls logged without a line (a vaihde://call link, one started by hand).
ALTER TABLE calls ADD COLUMN rang_at TEXT;
ALTER TABLE calls ADD COLUMN answered_at TEXT;
