-- The working-day calendar and each person's delivery settings.

-- ISO weekday digits each unit works (1 = Monday): most work 12345, some 123456.
ALTER TABLE units ADD COLUMN work_days TEXT NOT NULL DEFAULT '12345';

-- The Pemda's own calendar decisions, over the national holidays and cuti bersama.
CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY,                     -- YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('libur', 'kerja')),
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Personal settings (/atur). A missing row means the defaults.
CREATE TABLE person_settings (
    person_id      INTEGER PRIMARY KEY REFERENCES people (id),
    morning_time   TEXT,                             -- HH:MM local; NULL = default
    afternoon_time TEXT,
    timezone       TEXT,                             -- Asia/Jakarta, Asia/Makassar, Asia/Jayapura
    updated_at     TEXT NOT NULL
);

-- Away periods (cuti, dinas luar, sakit), kept as history: a paused day is "away", never
-- "missed", in streaks and reports. end_day NULL = until resumed.
CREATE TABLE pauses (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    start_day  TEXT NOT NULL,                        -- YYYY-MM-DD, local
    end_day    TEXT,                                 -- inclusive
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX pauses_person ON pauses (person_id, start_day);
