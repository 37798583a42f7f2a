-- The desk's favourite client companies, on Ctrl+1…9 in the app.
CREATE TABLE favourites (
    position   INTEGER PRIMARY KEY CHECK (position BETWEEN 1 AND 9),
    company_id INTEGER NOT NULL UNIQUE REFERENCES companies(id) ON DELETE CASCADE
);
