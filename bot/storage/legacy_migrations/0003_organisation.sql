-- The organisation: units with their KBK, the people of the roster, onboarding.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- Perangkat Daerah / Unit Kerja
    kbk_name    TEXT,                                 -- the KBK's own name (Pasal 6(5))
    created_at  TEXT NOT NULL
);

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    nip              TEXT NOT NULL UNIQUE CHECK (length(nip) = 18),
    name             TEXT NOT NULL,
    position         TEXT NOT NULL,                   -- jabatan
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    kbk_role         TEXT NOT NULL CHECK (kbk_role IN
                         ('penanggung_jawab', 'ketua', 'sekretaris', 'anggota', 'fasilitator')),
    agen_perubahan   INTEGER NOT NULL DEFAULT 0 CHECK (agen_perubahan IN (0, 1)),
    role_model       INTEGER NOT NULL DEFAULT 0 CHECK (role_model IN (0, 1)),
    pemda_role       TEXT CHECK (pemda_role IN ('admin', 'sekda')),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    telegram_user_id INTEGER UNIQUE,                  -- the bound Telegram account
    registered_at    TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deactivated_at   TEXT                             -- left the roster; history is kept
);
CREATE INDEX people_unit ON people (unit_id, active);

-- One-time invite codes. Only a hash is stored: the code itself exists only in the CSV
-- handed to the unit, so a copy of the database cannot be used to register.
CREATE TABLE invites (
    code_hash   TEXT PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    used_by     INTEGER                               -- Telegram user id that used it
);
CREATE INDEX invites_person ON invites (person_id);

-- Join requests of people who wrote /start without a code and gave their NIP.
CREATE TABLE join_requests (
    id               INTEGER PRIMARY KEY,
    person_id        INTEGER NOT NULL REFERENCES people (id),
    telegram_user_id INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
    created_at       TEXT NOT NULL,
    decided_at       TEXT,
    decided_by       INTEGER REFERENCES people (id)
);
CREATE INDEX join_requests_person ON join_requests (person_id, status);

-- Security-relevant events (refused codes, NIP conflicts, forged buttons), for the admin.
CREATE TABLE audit_log (
    id               INTEGER PRIMARY KEY,
    at               TEXT NOT NULL,
    telegram_user_id INTEGER,
    person_id        INTEGER REFERENCES people (id),
    event            TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
