-- The KBK's rencana aksi (Perbup Serang 121/2022 Pasal 6(4); Perbup Bangka Selatan 8/2020
-- Pasal 13(4) b-c): the year's programme items a KBK leader enters, their status, the
-- evidence of carrying them out, and whether the owner was reminded before the month ended.
CREATE TABLE action_plan_items (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    year         INTEGER NOT NULL,
    activity     TEXT NOT NULL,
    target       TEXT NOT NULL,
    owner_id     INTEGER REFERENCES people (id),
    month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    indicator    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'direncanakan'
                 CHECK (status IN ('direncanakan', 'berjalan', 'selesai', 'batal')),
    status_since TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES people (id),
    created_at   TEXT NOT NULL,
    reminded_at  TEXT
);
CREATE INDEX action_plan_items_unit ON action_plan_items (unit_id, year, month);

-- Evidence of an item: a photo or document (Telegram's file_id, as for problems) or text.
CREATE TABLE action_plan_evidence (
    id       INTEGER PRIMARY KEY,
    item_id  INTEGER NOT NULL REFERENCES action_plan_items (id),
    kind     TEXT NOT NULL CHECK (kind IN ('photo', 'document', 'text')),
    file_id  TEXT,
    text     TEXT NOT NULL DEFAULT '',
    person_id INTEGER NOT NULL REFERENCES people (id),  -- who sent it (in /dataku)
    added_at TEXT NOT NULL
);
CREATE INDEX action_plan_evidence_item ON action_plan_evidence (item_id);
