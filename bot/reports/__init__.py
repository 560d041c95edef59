"""KBK summaries and the semester report: periods, figures, privacy, charts, workbooks."""
