-- The check-in in progress lives in its own row (no in-memory state): a restart loses nothing.
-- That the person's next message is the note is kept in the shared pending_inputs slot
-- (feature 'checkin'), so the latest prompt of any feature wins.

-- The budaya-malu self-check was answered; an empty answer (nothing slipped) is an answer.
ALTER TABLE checkins ADD COLUMN malu_answered INTEGER NOT NULL DEFAULT 0
    CHECK (malu_answered IN (0, 1));

-- The optional note: 'none' (its step not offered yet), 'suggested' (saved; a matching
-- behaviour awaits yes or no), 'done' (offered: given, skipped or settled).
ALTER TABLE checkins ADD COLUMN note_status TEXT NOT NULL DEFAULT 'none'
    CHECK (note_status IN ('none', 'suggested', 'done'));

-- The behaviour proposed for the note while note_status = 'suggested'; erased by /hapusdata.
ALTER TABLE checkins ADD COLUMN note_suggestion_id TEXT;
