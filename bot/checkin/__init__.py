"""Daily self check-ins: the records, the rules of which day is open, progress over time."""
