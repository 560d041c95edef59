-- What an Admin Pemda asked for in the chat and has yet to confirm: a roster file checked
-- but not applied, a calendar day to add or remove. The buttons carry the id only; the
-- press applies the draft once (decided_at) and a roster file's content is then dropped.
CREATE TABLE admin_drafts (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    action      TEXT NOT NULL,
    payload     TEXT NOT NULL DEFAULT '{}',
    content     BLOB,
    created_at  TEXT NOT NULL,
    decided_at  TEXT,
    outcome     TEXT
);
