-- The command menu last set for a user's private chat (setMyCommands, chat scope), so the
-- bot updates it only when the person's roles change.
ALTER TABLE telegram_users ADD COLUMN menu TEXT;
