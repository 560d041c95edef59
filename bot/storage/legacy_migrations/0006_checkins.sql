-- Daily self check-ins: one per person per local working day, editable until midnight.
CREATE TABLE checkins (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES people (id),
    day               TEXT NOT NULL,                 -- the person's local date, YYYY-MM-DD
    value_id          TEXT NOT NULL,                 -- the day's value (content id)
    behaviour_id      TEXT NOT NULL,                 -- the day's behaviour (content id)
    answer            TEXT NOT NULL CHECK (answer IN ('sudah', 'sebagian', 'belum')),
    note              TEXT,                          -- personal; erased by /hapusdata
    note_behaviour_id TEXT,                          -- the behaviour the note was matched to
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (person_id, day)
);
CREATE INDEX checkins_day ON checkins (day, person_id);

-- Behaviours of the value set the person says they practised that day (multi-select).
CREATE TABLE checkin_behaviours (
    checkin_id   INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    behaviour_id TEXT NOT NULL,
    PRIMARY KEY (checkin_id, behaviour_id)
) WITHOUT ROWID;

-- Budaya-malu items the person says they slipped on that day: private to them.
CREATE TABLE checkin_malu (
    checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    malu_id    TEXT NOT NULL,
    PRIMARY KEY (checkin_id, malu_id)
) WITHOUT ROWID;
