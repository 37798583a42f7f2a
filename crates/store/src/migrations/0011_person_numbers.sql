-- Each person's numbers by their comparison key (phone::number_key), so an
-- incoming call's caller number is looked up with an index instead of
-- reading everyone's phones (100,000 people: 170 MB and 0.26 s). The key is
-- also stored reversed: caller IDs often lack or add an area code, so a
-- number matches when one ends with the other, and "ends with" on the key
-- is "starts with" on the reversed key, which the index serves. Filled by
-- the people operations on every write, and once here (a Rust step).
CREATE TABLE person_numbers (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    number_key TEXT NOT NULL,
    reversed  TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
);
CREATE INDEX person_numbers_reversed ON person_numbers(reversed);
