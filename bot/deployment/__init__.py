"""Many Pemda in one deployment, served by workers that share them.

``budaya-bot run`` on a deployment whose registry (:mod:`bot.tenants`) lists active Pemda
runs a :class:`~bot.deployment.supervisor.Supervisor`: in one event loop, one
python-telegram-bot Application per Pemda this worker owns. Several workers on one
PostgreSQL database divide the Pemda between them, each aiming at a fair share (every
active Pemda over the live workers, rounded up); one that dies loses its locks at once and
the others take its Pemda over on their next round (:mod:`bot.storage.workers`). Webhook
mode serves every Pemda from one web server, a path and a secret per Pemda
(:mod:`bot.deployment.webhooks`).

Without active Pemda ``budaya-bot run`` serves the single Pemda of the settings, as before.
"""
