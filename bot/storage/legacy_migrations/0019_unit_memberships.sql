-- Which unit each person belonged to, and when: the reports count a day for the unit the
-- person belonged to that day, so a later roster change (a move, a departure) leaves the
-- history where it happened and a report of a finished period never changes.
--
-- Days are local dates, [since, until): since is the first day of the membership, until
-- the first day it no longer holds (NULL while it does). A roster change takes effect on
-- the day after its UTC date, which in Indonesia (UTC+7 to +9) is never a day that is
-- already over: a change can move today or later, never a finished day.
CREATE TABLE unit_memberships (
    person_id INTEGER NOT NULL REFERENCES people (id),
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    since     TEXT NOT NULL,
    until     TEXT,
    PRIMARY KEY (person_id, since)
) WITHOUT ROWID;
CREATE INDEX unit_memberships_unit ON unit_memberships (unit_id, since);

-- Backfill from the roster as it stands: the current unit holds the whole past; a person
-- who already left belongs to their last unit until the day after they left.
INSERT INTO unit_memberships (person_id, unit_id, since, until)
SELECT id, unit_id, '0001-01-01',
       CASE WHEN active = 1 THEN NULL
            ELSE date(COALESCE(deactivated_at, updated_at), '+1 day') END
FROM people;

-- A new person has no earlier history: their membership starts at the beginning.
CREATE TRIGGER people_membership_insert AFTER INSERT ON people WHEN NEW.active = 1
BEGIN
    INSERT INTO unit_memberships (person_id, unit_id, since)
    VALUES (NEW.id, NEW.unit_id, '0001-01-01');
END;

-- A move or a departure closes the open membership; a move or a return opens a new one.
-- A second change on the same day replaces the first one's pending membership.
CREATE TRIGGER people_membership_update AFTER UPDATE OF unit_id, active ON people
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.active IS NOT NEW.active
BEGIN
    DELETE FROM unit_memberships
    WHERE person_id = NEW.id AND since >= date(NEW.updated_at, '+1 day');
    UPDATE unit_memberships SET until = date(NEW.updated_at, '+1 day')
    WHERE person_id = NEW.id AND (until IS NULL OR until > date(NEW.updated_at, '+1 day'));
    INSERT INTO unit_memberships (person_id, unit_id, since)
    SELECT NEW.id, NEW.unit_id, date(NEW.updated_at, '+1 day') WHERE NEW.active = 1;
END;
