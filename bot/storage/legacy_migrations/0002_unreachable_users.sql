-- A user who blocked the bot (403) or whose chat is gone is unreachable until they write
-- to the bot again; senders skip them instead of hammering Telegram.
ALTER TABLE telegram_users ADD COLUMN unreachable_since TEXT;
ALTER TABLE telegram_users ADD COLUMN unreachable_reason TEXT;
CREATE INDEX telegram_users_unreachable ON telegram_users (unreachable_since)
    WHERE unreachable_since IS NOT NULL;
