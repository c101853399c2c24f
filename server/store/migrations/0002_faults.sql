-- Device faults (a printer out of paper) are alerts someone must take, like
-- help requests: kept until a staff member says they are going to the
-- device, so a console that was closed or reconnecting still shows them.
CREATE TABLE faults (
    id       INTEGER PRIMARY KEY,
    device   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    message  TEXT NOT NULL DEFAULT '',
    ticket   TEXT NOT NULL DEFAULT '',
    day      TEXT NOT NULL,
    at       INTEGER NOT NULL,
    taken_by TEXT NOT NULL DEFAULT '',
    taken_at INTEGER
);
-- The state snapshot lists today's open faults.
CREATE INDEX faults_open ON faults (day, taken_by);
