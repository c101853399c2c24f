package queue

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"motcua/server/contract"
	"motcua/server/store"
)

// line reads what waits for a counter today: the few oldest tickets the
// policy chooses among, each found through the tickets_line index.
func (e *Engine) line(ctx context.Context, q store.Querier, k contract.Counter, day string) (Line, error) {
	var l Line
	var err error
	if l.Targeted, err = oldest(ctx, q, "day = ? AND status = 'waiting' AND target_counter = ?", day, k.Number); err != nil {
		return l, err
	}
	if len(k.Queues) == 0 {
		return l, nil
	}
	in := "day = ? AND status = 'waiting' AND target_counter = 0 AND queue IN (?" + strings.Repeat(",?", len(k.Queues)-1) + ")"
	args := []any{day}
	for _, p := range k.Queues {
		args = append(args, p)
	}
	if l.Oldest, err = oldest(ctx, q, in, args...); err != nil {
		return l, err
	}
	if l.Oldest == nil {
		return l, nil
	}
	if l.OldestPriority, err = oldest(ctx, q, in+" AND priority != ''", args...); err != nil {
		return l, err
	}
	l.OldestNormal, err = oldest(ctx, q, in+" AND priority = ''", args...)
	return l, err
}

func oldest(ctx context.Context, q store.Querier, where string, args ...any) (*Candidate, error) {
	var c Candidate
	var orderAt int64
	var priority string
	err := q.QueryRowContext(ctx, "SELECT id, priority, order_at FROM tickets WHERE "+where+" ORDER BY order_at, rowid LIMIT 1", args...).
		Scan(&c.ID, &priority, &orderAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Priority, c.OrderAt = priority != "", time.UnixMicro(orderAt)
	return &c, nil
}

// live fills a waiting ticket's position and estimated wait. Position
// counts the tickets of its line that were in line before it (for a
// priority ticket, only the priority ones: they are called first). The
// estimate is position × the day's average service time in the queue ÷ the
// counters serving it.
func (e *Engine) live(ctx context.Context, q store.Querier, t *row) error {
	if t.Status != contract.StatusWaiting {
		t.Position, t.EstimatedWaitS = 0, 0
		return nil
	}
	// Tickets issued in the same microsecond are ordered by rowid, as the
	// calling queries order them.
	where := "day = ? AND status = 'waiting' AND target_counter = ? AND (order_at, rowid) < (?, (SELECT rowid FROM tickets WHERE id = ?))"
	args := []any{t.Day, t.targetCounter, t.orderAt, t.ID}
	if t.targetCounter == 0 {
		where += " AND queue = ?"
		args = append(args, t.Queue)
		if t.Priority != contract.PriorityNone {
			where += " AND priority != ''"
		}
	}
	var ahead int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM tickets WHERE "+where, args...).Scan(&ahead); err != nil {
		return err
	}
	t.Position = ahead + 1
	avg, err := e.serviceTime(ctx, q, t.Day, t.Queue)
	if err != nil {
		return err
	}
	counters := 1
	if t.targetCounter == 0 {
		counters = max(1, len(e.catalogue().CountersFor(t.Queue)))
	}
	t.EstimatedWaitS = int64(t.Position) * avg / int64(counters)
	return nil
}

// serviceTime is the day's average service time in a queue, in seconds,
// falling back to the configured default until three tickets are done.
func (e *Engine) serviceTime(ctx context.Context, q store.Querier, day, queue string) (int64, error) {
	var n int
	var avg sql.NullFloat64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), AVG(finished_at - started_at) FROM tickets
		WHERE day = ? AND status = 'done' AND queue = ?`, day, queue).Scan(&n, &avg)
	if err != nil {
		return 0, err
	}
	if n < 3 || !avg.Valid {
		return e.Settings().DefaultServiceS, nil
	}
	return int64(avg.Float64 / 1e6), nil
}

// Ticket returns one ticket with its live position, for the citizen's phone.
func (e *Engine) Ticket(ctx context.Context, id string) (contract.Ticket, error) {
	var out contract.Ticket
	err := e.db.Read(ctx, func(tx *sql.Tx) error {
		t, err := e.ticketByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := e.live(ctx, tx, &t); err != nil {
			return err
		}
		out = t.Ticket
		return nil
	})
	return out, err
}
