"""Problems reported to the Agen Perubahan (Perbup Bangka Selatan 8/2020 Pasal 15).

Pure rules (``status``, ``routing``, ``sla``) and the flows that apply them to the
repositories (``reporting``, ``handling``, ``escalation``, ``reminders``). Nothing here
imports ``telegram``: a flow returns :class:`~bot.problems.models.Notice` values that the
handlers render and send.
"""
