"""The head's semester report and the Pemda's summary: drafted by the bot before the
semester ends, completed and approved in the chat, delivered to the recipients the Pemda's
regulation names, with who approved it and when. Pure decisions and documents; no Telegram."""
