-- Everyone who has written to the bot, registered in the roster or not.
CREATE TABLE telegram_users (
    user_id       INTEGER PRIMARY KEY,          -- Telegram user id (= private chat id)
    first_name    TEXT    NOT NULL,
    last_name     TEXT,
    username      TEXT,
    language_code TEXT,
    first_seen_at TEXT    NOT NULL,             -- ISO 8601, UTC
    last_seen_at  TEXT    NOT NULL
);
