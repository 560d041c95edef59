-- The periodic self-assessment (/evaluasi, Perbup Serang 121/2022 Pasal 10(4)) and
-- appreciation between colleagues (/apresiasi), which names the Role Model candidates.

-- One questionnaire per person and evaluation window (YYYYMMDD-YYYYMMDD). The unit and
-- whether the leadership items are asked are fixed when it starts, so a roster change in
-- the middle neither moves the answers to another unit nor changes the questions.
CREATE TABLE evaluations (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    window_key  TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    leading     INTEGER NOT NULL CHECK (leading IN (0, 1)),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (person_id, window_key)
);
-- Results per unit and window (/laporan, the semester report).
CREATE INDEX evaluations_unit_window ON evaluations (unit_id, window_key, finished_at);
-- (Who has not finished a window, for the reminder, goes through UNIQUE (person_id, ...).)

-- Each answer is written as it comes, so an interrupted questionnaire resumes where it
-- stopped. Score 1-5. person_id repeats the questionnaire's, so /dataku (which exports every
-- table with a person_id) includes the person's own answers.
CREATE TABLE evaluation_answers (
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    criterion_id  TEXT NOT NULL,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    score         INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    answered_at   TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, criterion_id)
) WITHOUT ROWID;

-- Reminders to finish the questionnaire already sent: one per person and window.
CREATE TABLE evaluation_reminders (
    window_key TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    sent_at    TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('sent', 'unreachable')),
    PRIMARY KEY (window_key, person_id)
) WITHOUT ROWID;

-- An appreciation: person_id gave it to colleague_id (same unit) for a value. The giver is
-- kept even when anonymous (daily limit, distinct appreciators) but never shown to anyone
-- but the giver. day = the giver's local day (the daily limit and the monthly candidates).
CREATE TABLE appreciations (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    colleague_id INTEGER NOT NULL REFERENCES people (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    value_id     TEXT NOT NULL,
    sentence     TEXT NOT NULL,
    anonymous    INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    day          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered    INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
    CHECK (person_id <> colleague_id)
);
-- The daily limit: a giver's appreciations of one day.
CREATE INDEX appreciations_person_day ON appreciations (person_id, day);
-- The monthly Role Model candidates of a unit.
CREATE INDEX appreciations_unit_day ON appreciations (unit_id, day, value_id, colleague_id);

-- The appreciation being written: one per giver, replaced by a new /apresiasi.
CREATE TABLE appreciation_drafts (
    person_id    INTEGER PRIMARY KEY REFERENCES people (id),
    colleague_id INTEGER NOT NULL REFERENCES people (id),
    value_id     TEXT,
    sentence     TEXT,
    updated_at   TEXT NOT NULL
);
