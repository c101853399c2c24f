package queue

import (
	"context"
	"database/sql"
	"encoding/json"

	"motcua/server/contract"
	"motcua/server/store"
)

// recentCalls is how many calls the board lists.
const recentCalls = 10

// State is the board as of the newest committed event: counters with their
// current tickets, queues with their lines, recent calls, and the open help
// requests and device faults. Everything is read in one snapshot, so
// State.Seq is exactly the event a client resumes after.
func (e *Engine) State(ctx context.Context) (contract.State, error) {
	now := e.Now()
	day := e.Day(now)
	cat, s := e.catalogue(), e.Settings()
	st := contract.State{Day: day, Now: now, Centre: e.centreInfo(s, now), CatalogueVersion: cat.Version, ClockWarning: e.ClockWarning(now)}
	err := e.db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		if st.Seq, err = store.LastSeq(ctx, tx); err != nil {
			return err
		}
		if st.Counters, err = e.counterStates(ctx, tx, cat, day); err != nil {
			return err
		}
		if st.Queues, err = e.queueStates(ctx, tx, cat, s, day); err != nil {
			return err
		}
		if st.RecentCalls, err = e.recentCalls(ctx, tx, day); err != nil {
			return err
		}
		if st.OpenHelp, err = e.openHelp(ctx, tx, day); err != nil {
			return err
		}
		st.OpenFaults, err = e.openFaults(ctx, tx, day)
		return err
	})
	return st, err
}

func (e *Engine) counterStates(ctx context.Context, tx *sql.Tx, cat contract.Catalogue, day string) ([]contract.CounterState, error) {
	out := make([]contract.CounterState, 0, len(cat.Counters))
	for _, k := range cat.Counters {
		cs := contract.CounterState{Number: k.Number, Name: k.Name, Queues: k.Queues}
		var id string
		err := tx.QueryRowContext(ctx, "SELECT ticket FROM counter_state WHERE counter = ?", k.Number).Scan(&id)
		if err != nil && err != sql.ErrNoRows {
			return nil, err
		}
		if id != "" {
			t, err := e.ticketByID(ctx, tx, id)
			if err != nil && err != errTicket404 {
				return nil, err
			}
			if err == nil && t.Day == day && !t.Status.Final() {
				cs.Current = &t.Ticket
			}
		}
		out = append(out, cs)
	}
	return out, nil
}

func (e *Engine) queueStates(ctx context.Context, tx *sql.Tx, cat contract.Catalogue, s contract.Settings, day string) ([]contract.QueueState, error) {
	out := make([]contract.QueueState, 0, len(cat.Queues))
	for _, q := range cat.Queues {
		qs := contract.QueueState{Prefix: q.Prefix, Name: q.Name, Counters: cat.CountersFor(q.Prefix)}
		err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM tickets WHERE day = ? AND status = 'waiting' AND queue = ?", day, q.Prefix).Scan(&qs.Waiting)
		if err != nil {
			return nil, err
		}
		st, err := e.serviceStats(ctx, tx, nil, day, q.Prefix)
		if err != nil {
			return nil, err
		}
		qs.EstimatedWaitS = int64(qs.Waiting) * st.average(s.DefaultServiceS) / int64(max(1, len(qs.Counters)))
		out = append(out, qs)
	}
	return out, nil
}

func (e *Engine) recentCalls(ctx context.Context, tx *sql.Tx, day string) ([]contract.Call, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, type, data FROM events
		WHERE type IN ('ticket.called', 'ticket.recalled') ORDER BY seq DESC LIMIT ?`, recentCalls)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []contract.Call{}
	for rows.Next() {
		var seq int64
		var typ string
		var data []byte
		if err := rows.Scan(&seq, &typ, &data); err != nil {
			return nil, err
		}
		var te contract.TicketEvent
		if err := json.Unmarshal(data, &te); err != nil {
			return nil, err
		}
		if te.Ticket.Day != day || te.Ticket.CalledAt == nil {
			continue
		}
		out = append(out, contract.Call{Seq: seq, Number: te.Ticket.Number, Counter: te.Counter,
			Recall: typ == string(contract.EventTicketRecalled), At: te.Ticket.CalledAt.In(e.Location())})
	}
	return out, rows.Err()
}

func (e *Engine) openHelp(ctx context.Context, tx *sql.Tx, day string) ([]contract.HelpRequest, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, device, at FROM help_requests WHERE day = ? AND taken_by = '' ORDER BY id", day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []contract.HelpRequest{}
	for rows.Next() {
		var h contract.HelpRequest
		var at int64
		if err := rows.Scan(&h.ID, &h.Device, &at); err != nil {
			return nil, err
		}
		h.At = microTime(at, e.Location())
		out = append(out, h)
	}
	return out, rows.Err()
}

func (e *Engine) openFaults(ctx context.Context, tx *sql.Tx, day string) ([]contract.DeviceFault, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, device, kind, message, ticket, at FROM faults WHERE day = ? AND taken_by = '' ORDER BY id", day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []contract.DeviceFault{}
	for rows.Next() {
		var f contract.DeviceFault
		var at int64
		if err := rows.Scan(&f.ID, &f.Device, &f.Kind, &f.Message, &f.Ticket, &at); err != nil {
			return nil, err
		}
		f.At = microTime(at, e.Location())
		out = append(out, f)
	}
	return out, rows.Err()
}
