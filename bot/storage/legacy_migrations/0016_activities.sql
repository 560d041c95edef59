-- The KBK's activities (sosialisasi, internalisasi, group discussions, the declaration of
-- values and commitment) with who attended and what they took home, the yearly pledge, and
-- innovation proposals the KBK reviews. Rows about a person carry ``person_id`` (/dataku).
CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    kind         TEXT NOT NULL
                 CHECK (kind IN ('sosialisasi', 'internalisasi', 'diskusi', 'deklarasi')),
    title        TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    place        TEXT NOT NULL,
    announced_by INTEGER NOT NULL REFERENCES people (id),
    announced_at TEXT NOT NULL
);
CREATE INDEX activities_unit ON activities (unit_id, starts_at);

CREATE TABLE activity_attendance (
    activity_id INTEGER NOT NULL REFERENCES activities (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    at          TEXT NOT NULL,
    takeaway    TEXT,
    PRIMARY KEY (activity_id, person_id)
);

-- The declaration of values and commitment (Bangka Selatan Pasal 12(1) a), once a year.
CREATE TABLE pledges (
    person_id INTEGER NOT NULL REFERENCES people (id),
    year      INTEGER NOT NULL,
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    at        TEXT NOT NULL,
    PRIMARY KEY (person_id, year)
);

CREATE TABLE innovations (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    text        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'diajukan'
                CHECK (status IN ('diajukan', 'diterima', 'dikembangkan', 'ditolak')),
    created_at  TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES people (id),
    reviewed_at TEXT
);
CREATE INDEX innovations_unit ON innovations (unit_id, created_at);
