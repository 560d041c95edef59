-- A change someone asked for in the chat and has yet to confirm with a button: a roster
-- file checked but not applied, a calendar day to add or remove (the Admin Pemda), the
-- refusal of a problem with its reason (the Agen Perubahan). The buttons carry the id
-- only; the press decides the draft once (decided_at), and a file's content is dropped.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    action      TEXT NOT NULL,
    payload     TEXT NOT NULL DEFAULT '{}',
    content     BLOB,
    created_at  TEXT NOT NULL,
    decided_at  TEXT,
    outcome     TEXT
);
