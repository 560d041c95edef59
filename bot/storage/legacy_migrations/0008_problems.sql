-- Problems reported to the Agen Perubahan (Perbup Bangka Selatan 8/2020 Pasal 15), their
-- relayed thread, escalations with alternative solutions, and every transition.

CREATE TABLE problems (
    id                 INTEGER PRIMARY KEY,             -- the ticket number: LP-0001
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    -- The one link to the reporter. For an anonymous problem it is used only to relay the
    -- thread and to show the reporter their own tickets: never shown, sent or logged.
    reporter_id        INTEGER NOT NULL REFERENCES people (id),
    anonymous          INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    category           TEXT NOT NULL CHECK (category IN
                           ('pelayanan', 'sarana', 'prosedur', 'sdm', 'perilaku', 'lainnya')),
    description        TEXT NOT NULL,
    attachment_kind    TEXT CHECK (attachment_kind IN ('photo', 'document')),
    attachment_file_id TEXT,                            -- Telegram file_id, re-sent by id
    status             TEXT NOT NULL DEFAULT 'baru' CHECK (status IN
                           ('baru', 'ditangani', 'dieskalasi', 'ditindaklanjuti', 'selesai',
                            'ditolak')),
    handler_id         INTEGER REFERENCES people (id),  -- who took it up
    created_at         TEXT NOT NULL,
    status_since       TEXT NOT NULL,                   -- start of the current wait (SLA)
    reminded_at        TEXT,                            -- SLA reminder of the current wait
    updated_at         TEXT NOT NULL
);
CREATE INDEX problems_unit ON problems (unit_id, status);
CREATE INDEX problems_reporter ON problems (reporter_id, id);
CREATE INDEX problems_status ON problems (status);

-- Every transition and SLA step: who (NULL = the bot, or the reporter of an anonymous
-- problem, who is recorded by role only), when, what.
CREATE TABLE problem_events (
    id          INTEGER PRIMARY KEY,
    problem_id  INTEGER NOT NULL REFERENCES problems (id),
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    actor_id    INTEGER REFERENCES people (id),
    actor_role  TEXT NOT NULL CHECK (actor_role IN ('pelapor', 'penangan', 'pimpinan', 'sistem')),
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);

-- The thread the bot relays between the reporter and the unit's staff (copied, never
-- forwarded, so Telegram shows no sender).
CREATE TABLE problem_messages (
    id                 INTEGER PRIMARY KEY,
    problem_id         INTEGER NOT NULL REFERENCES problems (id),
    at                 TEXT NOT NULL,
    from_reporter      INTEGER NOT NULL CHECK (from_reporter IN (0, 1)),
    author_id          INTEGER REFERENCES people (id),  -- staff only; NULL for the reporter
    text               TEXT NOT NULL DEFAULT '',
    attachment_kind    TEXT CHECK (attachment_kind IN ('photo', 'document')),
    attachment_file_id TEXT
);
CREATE INDEX problem_messages_problem ON problem_messages (problem_id, id);

-- Escalations to the head of the unit, directly or berjenjang through the KBK Ketua.
CREATE TABLE problem_escalations (
    id                 INTEGER PRIMARY KEY,
    problem_id         INTEGER NOT NULL REFERENCES problems (id),
    route              TEXT NOT NULL CHECK (route IN ('langsung', 'berjenjang', 'otomatis')),
    level              TEXT NOT NULL CHECK (level IN ('ketua', 'kepala', 'pemda')),
    escalated_by       INTEGER REFERENCES people (id),  -- NULL: by the SLA
    created_at         TEXT NOT NULL,
    level_since        TEXT NOT NULL,                   -- reached its current level (SLA)
    reminded_at        TEXT,
    answered_at        TEXT,
    answered_by        INTEGER REFERENCES people (id),
    chosen_solution_id INTEGER REFERENCES problem_solutions (id),
    direction          TEXT                             -- the head's written direction
);
CREATE INDEX problem_escalations_problem ON problem_escalations (problem_id);
CREATE UNIQUE INDEX problem_escalations_open ON problem_escalations (problem_id)
    WHERE answered_at IS NULL;

-- Alternative solutions the Agen Perubahan proposes; NULL escalation while being written.
CREATE TABLE problem_solutions (
    id            INTEGER PRIMARY KEY,
    problem_id    INTEGER NOT NULL REFERENCES problems (id),
    escalation_id INTEGER REFERENCES problem_escalations (id),
    position      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES people (id),
    created_at    TEXT NOT NULL
);
CREATE INDEX problem_solutions_problem ON problem_solutions (problem_id, escalation_id);

-- A problem being written with /lapor, one per person, saved at every step.
CREATE TABLE problem_drafts (
    person_id          INTEGER PRIMARY KEY REFERENCES people (id),
    description        TEXT,
    attachment_kind    TEXT CHECK (attachment_kind IN ('photo', 'document')),
    attachment_file_id TEXT,
    category           TEXT,
    updated_at         TEXT NOT NULL
);

-- What the bot waits for a person to type (a problem, a reply, a direction...): kept here,
-- not in memory, so a restart loses nothing. One per Telegram user; the latest prompt wins.
CREATE TABLE pending_inputs (
    telegram_user_id INTEGER PRIMARY KEY,
    feature          TEXT NOT NULL,                     -- which feature's handler consumes it
    kind             TEXT NOT NULL,
    ref_id           INTEGER,                           -- e.g. the problem or escalation id
    created_at       TEXT NOT NULL
);
