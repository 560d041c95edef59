-- Scheduled reports already sent (weekly digests, semester reports), so a restart or a
-- second tick never sends one twice.
CREATE TABLE report_log (
    kind       TEXT NOT NULL,                       -- 'weekly' or 'semester'
    period_key TEXT NOT NULL,                       -- YYYYMMDD-YYYYMMDD of the period reported
    person_id  INTEGER NOT NULL REFERENCES people (id),
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (kind, period_key, person_id)
) WITHOUT ROWID;

-- Summaries read check-ins per person and day range with their value and answer: a covering
-- index lets /laporan semester for a KBK run on the index alone.
CREATE INDEX checkins_person_day_answer ON checkins (person_id, day, value_id, answer);
