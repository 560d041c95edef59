"""Appreciation between colleagues for a value (/apresiasi) and the Role Model candidates
it brings out each month. Pure code: finding a colleague by name (:mod:`.search`), the rules
of giving (:mod:`.rules`), the monthly candidates (:mod:`.candidates`)."""
