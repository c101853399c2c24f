package queue

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"motcua/server/contract"
	"motcua/server/store"
)

// line reads what waits for a counter today: the oldest ticket targeted at
// it, and the oldest of each class in each queue it serves. Each is one
// seek in the tickets_line index, however long the line.
func (e *Engine) line(ctx context.Context, q store.Querier, k contract.Counter, day string) (Line, error) {
	var l Line
	var err error
	l.Targeted, err = oldest(ctx, q, "day = ? AND status = 'waiting' AND target_counter = ?", day, k.Number)
	if err != nil {
		return l, err
	}
	for _, queue := range k.Queues {
		for _, prio := range []bool{true, false} {
			c, err := oldest(ctx, q, "day = ? AND status = 'waiting' AND target_counter = 0 AND queue = ? AND is_priority = ?", day, queue, prio)
			if err != nil {
				return l, err
			}
			if prio {
				l.OldestPriority = earlier(l.OldestPriority, c)
			} else {
				l.OldestNormal = earlier(l.OldestNormal, c)
			}
		}
	}
	l.Oldest = earlier(l.OldestPriority, l.OldestNormal)
	return l, nil
}

// earlier returns the candidate that came first (nil-safe).
func earlier(a, b *Candidate) *Candidate {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case b.OrderAt.Before(a.OrderAt) || (b.OrderAt.Equal(a.OrderAt) && b.rowid < a.rowid):
		return b
	}
	return a
}

func oldest(ctx context.Context, q store.Querier, where string, args ...any) (*Candidate, error) {
	var c Candidate
	var orderAt int64
	err := q.QueryRowContext(ctx, "SELECT rowid, id, is_priority, order_at FROM tickets WHERE "+where+" ORDER BY order_at, rowid LIMIT 1", args...).
		Scan(&c.rowid, &c.ID, &c.Priority, &orderAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.OrderAt = time.UnixMicro(orderAt)
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
	ahead, err := e.ahead(ctx, q, t)
	if err != nil {
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

// MaxPosition caps the position reported: counting stops there, so issuing
// a ticket costs the same however long the line, and no citizen needs to
// know more than "very many people are ahead".
const MaxPosition = 500

// ahead counts (up to MaxPosition) the waiting tickets in line before t,
// reading only the index.
func (e *Engine) ahead(ctx context.Context, q store.Querier, t *row) (int, error) {
	const count = "SELECT COUNT(*) FROM (SELECT 1 FROM tickets WHERE "
	before := " AND (order_at < ? OR (order_at = ? AND rowid < ?)) LIMIT " + strconv.Itoa(MaxPosition) + ")"
	if t.targetCounter != 0 {
		var n int
		err := q.QueryRowContext(ctx, count+"day = ? AND status = 'waiting' AND target_counter = ?"+before,
			t.Day, t.targetCounter, t.orderAt, t.orderAt, t.rowid).Scan(&n)
		return n, err
	}
	classes := []bool{true}
	if t.Priority == contract.PriorityNone {
		classes = append(classes, false)
	}
	total := 0
	for _, prio := range classes {
		var n int
		err := q.QueryRowContext(ctx, count+"day = ? AND status = 'waiting' AND target_counter = 0 AND queue = ? AND is_priority = ?"+before,
			t.Day, t.Queue, prio, t.orderAt, t.orderAt, t.rowid).Scan(&n)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return min(total, MaxPosition-1), nil
}

// serviceStats is the day's served count and total service time of a queue.
type serviceStats struct {
	n     int64
	total time.Duration
}

// serviceTime is the day's average service time in a queue, in seconds,
// falling back to the configured default until three tickets are done. The
// figures are read from the store once per queue and day, then kept up to
// date as tickets finish, so issuing a ticket never rescans the day.
func (e *Engine) serviceTime(ctx context.Context, q store.Querier, day, queue string) (int64, error) {
	key := day + "/" + queue
	e.statsMu.Lock()
	s, ok := e.stats[key]
	e.statsMu.Unlock()
	if !ok {
		var n int64
		var total sql.NullInt64
		err := q.QueryRowContext(ctx, `SELECT COUNT(*), SUM(finished_at - started_at) FROM tickets
			WHERE day = ? AND status = 'done' AND queue = ?`, day, queue).Scan(&n, &total)
		if err != nil {
			return 0, err
		}
		s = serviceStats{n: n, total: time.Duration(total.Int64) * time.Microsecond}
		e.statsMu.Lock()
		if _, raced := e.stats[key]; !raced {
			e.stats[key] = s
		}
		e.statsMu.Unlock()
	}
	if s.n < 3 {
		return e.Settings().DefaultServiceS, nil
	}
	return int64((s.total / time.Duration(s.n)).Seconds()), nil
}

// served adds a finished ticket to the day's figures (after its commit).
func (e *Engine) served(day, queue string, d time.Duration) {
	e.statsMu.Lock()
	defer e.statsMu.Unlock()
	if s, ok := e.stats[day+"/"+queue]; ok {
		e.stats[day+"/"+queue] = serviceStats{n: s.n + 1, total: s.total + d}
	}
	for k := range e.stats {
		if !strings.HasPrefix(k, day+"/") {
			delete(e.stats, k) // an earlier day's figures are no longer asked for
		}
	}
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
