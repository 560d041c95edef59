"""``budaya-bot demo``: the real bot, a Telegram Bot API emulator, a seeded database and a
local chat page, in one process (see :mod:`bot.demo.server`)."""
