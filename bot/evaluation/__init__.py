"""The periodic self-assessment on the criteria of Perbup Serang 121/2022 Pasal 10(4).

Pure code: evaluation windows (:mod:`.window`), who answers which questions
(:mod:`.questionnaire`), results per criterion with the privacy threshold (:mod:`.results`)
and when the reminder to finish goes out (:mod:`.reminders`).
"""
