-- One owner per database: the process that polls Telegram and sends the daily messages holds
-- this row (and, on the machine it runs on, an OS lock on the database file). It renews
-- renewed_at/expires_at while it runs and deletes the row when it stops; another process
-- may take it over only when the row is gone or expired, or when the lock shows that the
-- owner on this machine has died. A PostgreSQL store holds the same row, with an advisory
-- lock in place of the file lock.
CREATE TABLE owner_lease (
    name       TEXT PRIMARY KEY,                      -- what is owned: 'bot'
    holder     TEXT NOT NULL,                         -- random id of the owning process
    host       TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    since      TEXT NOT NULL,                         -- UTC, when it took ownership
    renewed_at TEXT NOT NULL,                         -- UTC
    expires_at TEXT NOT NULL                          -- UTC: free for others from then on
);
