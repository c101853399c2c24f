-- Who may do what (issue 8, section 3).
--
-- A counter is claimed by the official whose console opened it; another
-- official's counter actions are refused until the holder or an admin
-- releases it. A claim from an earlier service day no longer holds.
CREATE TABLE counter_claims (
    counter    INTEGER PRIMARY KEY,
    username   TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    day        TEXT NOT NULL
);

-- A kiosk device may be the rating tablet of one counter: the server, not
-- the request, knows which counter's tickets it may rate (0: none).
ALTER TABLE devices ADD COLUMN counter INTEGER NOT NULL DEFAULT 0;

-- The short code printed on a ticket: with the number, it proves that the
-- citizen rating at the entrance keypad holds the paper. A transfer's new
-- leg keeps the code of the paper.
ALTER TABLE tickets ADD COLUMN code TEXT NOT NULL DEFAULT '';
