-- As SQLite's migration 15: CardDAV books' URL, sync token and cards.
ALTER TABLE staff_feeds ADD COLUMN collection TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE staff_feeds ADD COLUMN sync_token TEXT COLLATE "C";
CREATE TABLE staff_feed_cards (
    feed_id BIGINT NOT NULL REFERENCES staff_feeds(id) ON DELETE CASCADE,
    href    TEXT COLLATE "C" NOT NULL,
    etag    TEXT COLLATE "C" NOT NULL DEFAULT '',
    data    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (feed_id, href)
);
