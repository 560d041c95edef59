-- The head's semester report (Bangka Selatan Pasal 16; Serang Pasal 7(4) b and 10): drafted
-- by the bot a week before the semester ends, completed with the narrative (obstacles,
-- follow-up) and approved in the chat by the head (or, without one on the bot, prepared by
-- the Ketua), then sent to the recipients the content file names. The Pemda's summary for
-- the Bupati (Serang Pasal 10(3)) goes the same way (scope 'pemda', no unit).
CREATE TABLE semester_reports (
    id           INTEGER PRIMARY KEY,
    scope        TEXT NOT NULL CHECK (scope IN ('unit', 'pemda')),
    unit_id      INTEGER REFERENCES units (id),
    period_key   TEXT NOT NULL,                     -- YYYYMMDD-YYYYMMDD
    preparer_id  INTEGER NOT NULL REFERENCES people (id),
    preparer_as  TEXT NOT NULL CHECK (preparer_as IN ('kepala', 'ketua', 'tim', 'admin')),
    obstacles    TEXT,
    follow_up    TEXT,
    drafted_at   TEXT NOT NULL,
    approved_by  INTEGER REFERENCES people (id),
    approved_at  TEXT,
    sent_at      TEXT,
    CHECK ((scope = 'unit') = (unit_id IS NOT NULL))
);
CREATE UNIQUE INDEX semester_reports_one ON semester_reports (scope, IFNULL(unit_id, 0), period_key);
