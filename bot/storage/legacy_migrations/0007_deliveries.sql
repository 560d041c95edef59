-- The delivery log: one row per person, local date and kind of daily message, written
-- before the message is sent, so delivery is exactly-once across restarts.
--   pending  chosen by the dispatcher, not yet handed to Telegram (sent after a restart)
--   sending  a send was started; after a crash its outcome is unknown, so it becomes
--            'unknown' and is never sent again (never twice beats maybe twice)
--   sent     Telegram accepted it
--   failed   refused for good (blocked the bot, chat gone, bad request)
--   skipped  no longer wanted (checked in before the nudge, paused, left the roster)
--   expired  the person's local day ended before it could be sent
--   unknown  the process stopped while the send was in flight
CREATE TABLE deliveries (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    local_date TEXT NOT NULL,                         -- the person's local date, YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('morning', 'afternoon')),
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                   ('pending', 'sending', 'sent', 'failed', 'skipped', 'expired', 'unknown')),
    deadline   TEXT NOT NULL,                         -- UTC: end of the local day; never later
    attempts   INTEGER NOT NULL DEFAULT 0,
    detail     TEXT,                                  -- why it failed or was skipped
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at    TEXT,
    UNIQUE (person_id, local_date, kind)
);
CREATE INDEX deliveries_day ON deliveries (local_date, kind, status);
CREATE INDEX deliveries_open ON deliveries (status) WHERE status IN ('pending', 'sending');
