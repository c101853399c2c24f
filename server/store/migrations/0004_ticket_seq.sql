-- Tickets get an integer key that only grows (seq: the issue sequence) and
-- keep their random id as a separate unique column:
--  * the line is ordered by line_seq (the first leg's seq), not by the wall
--    clock, so a clock stepped back cannot put a new ticket before older
--    ones, and a transferred leg keeps its place;
--  * new rows append to the end of the table's b-tree instead of landing on
--    a random page of a text-keyed one, so an issue touches fewer pages on
--    a year-old database.
-- order_at stays: it is the first leg's issue time, which the calling
-- policy's maximum wait is measured from.
CREATE TABLE tickets_new (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    line_seq         INTEGER NOT NULL,
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
    device           TEXT NOT NULL DEFAULT '',
    code             TEXT NOT NULL DEFAULT ''
);

-- Existing rows keep their rowid as seq (rows were appended in issue
-- order); a transferred leg takes the first leg's, found as the earliest
-- leg with its day, number and first issue time.
INSERT INTO tickets_new (seq, id, line_seq, day, number, queue, procedure, priority, is_priority, status,
    issued_at, order_at, counter, target_counter, recall_count, called_at, started_at, finished_at, same_day,
    transferred_from, transferred_to, device, code)
SELECT t.rowid, t.id,
    (SELECT MIN(f.rowid) FROM tickets f WHERE f.day = t.day AND f.number = t.number AND f.order_at = t.order_at),
    t.day, t.number, t.queue, t.procedure, t.priority, t.is_priority, t.status,
    t.issued_at, t.order_at, t.counter, t.target_counter, t.recall_count, t.called_at, t.started_at, t.finished_at,
    t.same_day, t.transferred_from, t.transferred_to, t.device, t.code
FROM tickets t ORDER BY t.rowid;

DROP TABLE tickets;
ALTER TABLE tickets_new RENAME TO tickets;

-- The waiting line: every query that picks or counts waiting tickets is an
-- equality on the first five columns and a range on line_seq, so picking
-- the next ticket is one index seek and counting a position never reads
-- the table.
CREATE INDEX tickets_line ON tickets (day, status, target_counter, queue, is_priority, line_seq);
CREATE INDEX tickets_number ON tickets (day, number);

-- How many tickets wait in each line (service day, queue, class) for any
-- counter of the queue, beside the last number issued: the statement that
-- takes a new number also returns the new ticket's position (it is last in
-- its line), so issuing never counts the line, and the counts live on the
-- page the issue writes anyway. The triggers keep them exact whatever
-- statement moves a ticket in or out of a line.
ALTER TABLE day_numbers ADD COLUMN waiting_priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE day_numbers ADD COLUMN waiting_normal INTEGER NOT NULL DEFAULT 0;

INSERT INTO day_numbers (day, queue, last, waiting_priority, waiting_normal)
SELECT day, queue, 0, SUM(is_priority != 0), SUM(is_priority = 0) FROM tickets
WHERE status = 'waiting' AND target_counter = 0 GROUP BY day, queue
ON CONFLICT (day, queue) DO UPDATE SET waiting_priority = excluded.waiting_priority, waiting_normal = excluded.waiting_normal;

CREATE TRIGGER line_counts_insert AFTER INSERT ON tickets
WHEN new.status = 'waiting' AND new.target_counter = 0
BEGIN
    INSERT INTO day_numbers (day, queue, last, waiting_priority, waiting_normal)
    VALUES (new.day, new.queue, 0, new.is_priority != 0, new.is_priority = 0)
    ON CONFLICT (day, queue) DO UPDATE SET waiting_priority = waiting_priority + (new.is_priority != 0),
        waiting_normal = waiting_normal + (new.is_priority = 0);
END;

CREATE TRIGGER line_counts_leave AFTER UPDATE OF status, day, queue, is_priority, target_counter ON tickets
WHEN old.status = 'waiting' AND old.target_counter = 0
BEGIN
    UPDATE day_numbers SET waiting_priority = waiting_priority - (old.is_priority != 0),
        waiting_normal = waiting_normal - (old.is_priority = 0)
    WHERE day = old.day AND queue = old.queue;
END;

CREATE TRIGGER line_counts_enter AFTER UPDATE OF status, day, queue, is_priority, target_counter ON tickets
WHEN new.status = 'waiting' AND new.target_counter = 0
BEGIN
    INSERT INTO day_numbers (day, queue, last, waiting_priority, waiting_normal)
    VALUES (new.day, new.queue, 0, new.is_priority != 0, new.is_priority = 0)
    ON CONFLICT (day, queue) DO UPDATE SET waiting_priority = waiting_priority + (new.is_priority != 0),
        waiting_normal = waiting_normal + (new.is_priority = 0);
END;
