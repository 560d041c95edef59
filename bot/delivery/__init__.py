"""Daily delivery: who is due a reminder now (due), the sender that keeps within Telegram's
limits (sender, ratelimit), and the dispatcher that ties them to the delivery log. Pure of
Telegram: the transport is injected (bot.handlers.delivery)."""
