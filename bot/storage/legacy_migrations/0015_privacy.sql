-- Privacy and security (UU 27/2022): complaints about leaders go to the Pemda, anonymous
-- reports are numbered apart, problem notices wait in a table (a delay for anonymous
-- reports, a retry after a failed send), the Inspektorat is a Pemda role, and an erased
-- Telegram name stays erased.

-- problems.category gains 'integritas' (a CHECK cannot be altered: the column is swapped).
ALTER TABLE problems ADD COLUMN category_new TEXT NOT NULL DEFAULT 'lainnya' CHECK (category_new IN
    ('pelayanan', 'sarana', 'prosedur', 'sdm', 'perilaku', 'integritas', 'lainnya'));
UPDATE problems SET category_new = category;
ALTER TABLE problems DROP COLUMN category;
ALTER TABLE problems RENAME COLUMN category_new TO category;

-- The public number of an anonymous problem (LA- and random digits); NULL: LP- and the id.
ALTER TABLE problems ADD COLUMN code TEXT;
CREATE UNIQUE INDEX problems_code ON problems (code) WHERE code IS NOT NULL;
-- Who handles it: the unit, or the Pemda (complaints about leaders, and anonymous reports
-- from units too small to hide a reporter).
ALTER TABLE problems ADD COLUMN desk TEXT NOT NULL DEFAULT 'unit' CHECK (desk IN ('unit', 'pemda'));

-- people.pemda_role gains 'inspektorat' (the same swap).
ALTER TABLE people ADD COLUMN pemda_role_new TEXT CHECK (pemda_role_new IN
    ('admin', 'sekda', 'inspektorat'));
UPDATE people SET pemda_role_new = pemda_role;
ALTER TABLE people DROP COLUMN pemda_role;
ALTER TABLE people RENAME COLUMN pemda_role_new TO pemda_role;

-- Problem notices, rendered, until Telegram took them: sent at due_at (later for an
-- anonymous reporter's actions), retried after a failure, kept across restarts.
CREATE TABLE problem_outbox (
    id                 INTEGER PRIMARY KEY,
    problem_id         INTEGER NOT NULL REFERENCES problems (id),
    person_id          INTEGER NOT NULL REFERENCES people (id),
    text               TEXT NOT NULL,
    keyboard           TEXT,                            -- InlineKeyboardMarkup as JSON
    attachment_kind    TEXT CHECK (attachment_kind IN ('photo', 'document')),
    attachment_file_id TEXT,
    due_at             TEXT NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL
);
CREATE INDEX problem_outbox_due ON problem_outbox (due_at, id);

-- /hapusdata can erase the Telegram name the bot recorded; it is not recorded again after.
ALTER TABLE telegram_users ADD COLUMN name_erased INTEGER NOT NULL DEFAULT 0
    CHECK (name_erased IN (0, 1));
