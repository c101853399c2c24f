package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"motcua/server/contract"
)

// AppendEvent writes an event in the change's transaction and returns it
// with its sequence number and its wire encoding, ready to publish once the
// change commits. The event is encoded here, once, for every client.
func (t *Tx) AppendEvent(typ contract.EventType, at time.Time, data any) (contract.Event, []byte, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return contract.Event{}, nil, fmt.Errorf("store: encode %s: %w", typ, err)
	}
	res, err := t.Exec("INSERT INTO events (type, at, data) VALUES (?, ?, ?)", string(typ), at.UnixMicro(), raw)
	if err != nil {
		return contract.Event{}, nil, err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return contract.Event{}, nil, err
	}
	ev := contract.Event{V: contract.ProtocolVersion, Seq: seq, Type: typ, At: at, Data: raw}
	wire, err := json.Marshal(ev)
	return ev, wire, err
}

// StoredEvent is an event as replayed from the log, with its wire encoding.
type StoredEvent struct {
	Event contract.Event
	Wire  []byte
}

// EventsSince returns up to limit events with seq > since, oldest first,
// in the given time zone. It also returns the lowest seq still kept (0 when
// the log is empty), so a caller can tell whether since is too old to resume.
func (db *DB) EventsSince(ctx context.Context, since int64, limit int, loc *time.Location) ([]StoredEvent, int64, error) {
	var out []StoredEvent
	var oldest int64
	err := db.Read(ctx, func(tx *sqlTx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MIN(seq), 0) FROM events").Scan(&oldest); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT seq, type, at, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", since, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ev contract.Event
			var at int64
			var typ string
			var data []byte
			if err := rows.Scan(&ev.Seq, &typ, &at, &data); err != nil {
				return err
			}
			ev.V, ev.Type, ev.At, ev.Data = contract.ProtocolVersion, contract.EventType(typ), time.UnixMicro(at).In(loc), data
			wire, err := json.Marshal(ev)
			if err != nil {
				return err
			}
			out = append(out, StoredEvent{Event: ev, Wire: wire})
		}
		return rows.Err()
	})
	return out, oldest, err
}

// LastSeq is the newest event's sequence number (0 when none).
func LastSeq(ctx context.Context, q Querier) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&seq)
	return seq, err
}

// PruneEvents deletes events older than before, keeping at least the newest
// one so the sequence keeps counting from where it was.
func (t *Tx) PruneEvents(before time.Time) error {
	_, err := t.Exec("DELETE FROM events WHERE at < ? AND seq < (SELECT MAX(seq) FROM events)", before.UnixMicro())
	return err
}
