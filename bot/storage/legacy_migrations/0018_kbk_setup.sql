-- The KBK formally set up: the decree that forms it (Keputusan Kepala Perangkat Daerah;
-- Serang Pasal 6(2), Bangka Selatan Pasal 13(5)) with its number, date and the signed file
-- sent to the bot (Telegram's file_id); the latest one is in force.
CREATE TABLE kbk_decrees (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    number      TEXT NOT NULL,
    decided_on  TEXT NOT NULL,                      -- YYYY-MM-DD
    file_kind   TEXT NOT NULL CHECK (file_kind IN ('photo', 'document')),
    file_id     TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES people (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX kbk_decrees_unit ON kbk_decrees (unit_id, id);

-- people.pemda_role gains the Tim Pengembangan Budaya Kerja and the Bupati (the same swap).
ALTER TABLE people ADD COLUMN pemda_role_new TEXT CHECK (pemda_role_new IN
    ('admin', 'sekda', 'inspektorat', 'tim', 'bupati'));
UPDATE people SET pemda_role_new = pemda_role;
ALTER TABLE people DROP COLUMN pemda_role;
ALTER TABLE people RENAME COLUMN pemda_role_new TO pemda_role;
