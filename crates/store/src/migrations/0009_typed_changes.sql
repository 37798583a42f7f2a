-- The change log's values as JSON of model::ChangeValue, which the faces
-- word in the operator's language; old and new keep the English text for
-- old readers. Rows written before this have only the text.
ALTER TABLE changes ADD COLUMN old_value TEXT;
ALTER TABLE changes ADD COLUMN new_value TEXT;
