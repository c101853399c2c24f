-- Centre settings and catalogue are single JSON documents: they are read
-- whole, edited rarely, and validated in Go before they are written.
CREATE TABLE settings (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL
);

CREATE TABLE catalogue (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    json       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per ticket leg. A transfer ends a leg and starts another with the
-- same number; order_at keeps the first leg's issue time so a transferred
-- citizen does not go to the back of the line.
CREATE TABLE tickets (
    id               TEXT PRIMARY KEY,
    day              TEXT NOT NULL,
    number           TEXT NOT NULL,
    queue            TEXT NOT NULL,
    procedure        TEXT NOT NULL,
    priority         TEXT NOT NULL DEFAULT '',
    is_priority      INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL,
    issued_at        INTEGER NOT NULL,
    order_at         INTEGER NOT NULL,
    counter          INTEGER NOT NULL DEFAULT 0,
    target_counter   INTEGER NOT NULL DEFAULT 0,
    recall_count     INTEGER NOT NULL DEFAULT 0,
    called_at        INTEGER,
    started_at       INTEGER,
    finished_at      INTEGER,
    same_day         INTEGER NOT NULL DEFAULT 0,
    transferred_from TEXT NOT NULL DEFAULT '',
    transferred_to   TEXT NOT NULL DEFAULT '',
    device           TEXT NOT NULL DEFAULT ''
);
-- The waiting line: every query that picks or counts waiting tickets is an
-- equality on the first five columns and a range on order_at (then rowid),
-- so picking the next ticket is one index seek and counting a position
-- never reads the table.
CREATE INDEX tickets_line ON tickets (day, status, target_counter, queue, is_priority, order_at);
CREATE INDEX tickets_number ON tickets (day, number);

-- The last number issued per queue and service day: the guarantee that a
-- printed number is never issued twice.
CREATE TABLE day_numbers (
    day   TEXT NOT NULL,
    queue TEXT NOT NULL,
    last  INTEGER NOT NULL,
    PRIMARY KEY (day, queue)
) WITHOUT ROWID;

CREATE TABLE counter_state (
    counter         INTEGER PRIMARY KEY,
    ticket          TEXT NOT NULL DEFAULT '',
    priority_streak INTEGER NOT NULL DEFAULT 0
);

-- Every transition of every ticket, with who did it: the accountability
-- record the centre's plan asks for, and the source of service-time figures.
CREATE TABLE transitions (
    id      INTEGER PRIMARY KEY,
    ticket  TEXT NOT NULL,
    status  TEXT NOT NULL,
    at      INTEGER NOT NULL,
    counter INTEGER NOT NULL DEFAULT 0,
    actor   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transitions_ticket ON transitions (ticket);

-- The event log clients resume from. AUTOINCREMENT: a sequence number is
-- never reused, even after the newest rows are pruned.
CREATE TABLE events (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    at   INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed        INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE devices (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ratings (
    ticket  TEXT PRIMARY KEY,
    number  TEXT NOT NULL,
    counter INTEGER NOT NULL,
    score   INTEGER NOT NULL,
    reason  TEXT NOT NULL DEFAULT '',
    day     TEXT NOT NULL,
    at      INTEGER NOT NULL,
    device  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE help_requests (
    id       INTEGER PRIMARY KEY,
    device   TEXT NOT NULL,
    day      TEXT NOT NULL,
    at       INTEGER NOT NULL,
    taken_by TEXT NOT NULL DEFAULT '',
    taken_at INTEGER
);

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    role    TEXT NOT NULL,
    action  TEXT NOT NULL,
    counter INTEGER NOT NULL DEFAULT 0,
    ticket  TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
