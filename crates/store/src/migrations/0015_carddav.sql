-- CardDAV staff feeds: the address book's own URL once found, the
-- server's sync token (RFC 6578), and the cards as last fetched, so a
-- sync asks only for what changed and still sees the whole book.
ALTER TABLE staff_feeds ADD COLUMN collection TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_feeds ADD COLUMN sync_token TEXT;
CREATE TABLE staff_feed_cards (
    feed_id INTEGER NOT NULL REFERENCES staff_feeds(id) ON DELETE CASCADE,
    href    TEXT NOT NULL,
    etag    TEXT NOT NULL DEFAULT '',
    data    TEXT NOT NULL,
    PRIMARY KEY (feed_id, href)
);
