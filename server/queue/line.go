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

// line reads what waits for a counter today: the first ticket targeted at
// it, and the first of each class in each queue it serves, in issue
// sequence (never wall-clock order: a clock stepped back must not let a new
// ticket overtake older ones). Each is one
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

// earlier returns the candidate that came first in the issue sequence
// (nil-safe).
func earlier(a, b *Candidate) *Candidate {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case b.seq < a.seq:
		return b
	}
	return a
}

func oldest(ctx context.Context, q store.Querier, where string, args ...any) (*Candidate, error) {
	var c Candidate
	var orderAt int64
	err := q.QueryRowContext(ctx, "SELECT line_seq, id, is_priority, order_at FROM tickets WHERE "+where+" ORDER BY line_seq LIMIT 1", args...).
		Scan(&c.seq, &c.ID, &c.Priority, &orderAt)
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
// counters serving it. tx is the change it runs in, nil on a read.
func (e *Engine) live(ctx context.Context, q store.Querier, tx *store.Tx, t *row) error {
	if t.Status != contract.StatusWaiting {
		t.Position, t.EstimatedWaitS = 0, 0
		return nil
	}
	ahead, err := e.ahead(ctx, q, t)
	if err != nil {
		return err
	}
	t.Position = ahead + 1
	cat, defaultS := e.catalogue(), e.Settings().DefaultServiceS
	if tx != nil {
		cat, defaultS = e.catalogueIn(tx), e.settingsIn(tx).s.DefaultServiceS
	}
	st, err := e.serviceStats(ctx, q, tx, t.Day, t.Queue)
	if err != nil {
		return err
	}
	counters := 1
	if t.targetCounter == 0 {
		counters = max(1, len(cat.CountersFor(t.Queue)))
	}
	t.EstimatedWaitS = int64(t.Position) * st.average(defaultS) / int64(counters)
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
	before := " AND line_seq < ? LIMIT " + strconv.Itoa(MaxPosition) + ")"
	if t.targetCounter != 0 {
		var n int
		err := q.QueryRowContext(ctx, count+"day = ? AND status = 'waiting' AND target_counter = ?"+before,
			t.Day, t.targetCounter, t.lineSeq).Scan(&n)
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
			t.Day, t.Queue, prio, t.lineSeq).Scan(&n)
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

// statsKey names a queue's service figures staged by a change that
// finished one of its tickets.
type statsKey struct{ day, queue string }

// average is the average service time in seconds, or the configured
// default until three tickets are done.
func (s serviceStats) average(defaultS int64) int64 {
	if s.n < 3 {
		return defaultS
	}
	return int64((s.total / time.Duration(s.n)).Seconds())
}

// serviceStats returns the day's service figures of a queue: those staged
// by an earlier change of the transaction tx (nil on a read), else those
// kept in memory, else read from the store once per queue and day and kept,
// so issuing a ticket never rescans the day. The figures in memory are
// replaced as tickets finish, after their commit.
func (e *Engine) serviceStats(ctx context.Context, q store.Querier, tx *store.Tx, day, queue string) (serviceStats, error) {
	if tx != nil {
		if v, ok := tx.Staged(statsKey{day, queue}); ok {
			return v.(serviceStats), nil
		}
	}
	key := day + "/" + queue
	e.statsMu.Lock()
	s, ok := e.stats[key]
	e.statsMu.Unlock()
	if ok {
		return s, nil
	}
	var total sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT COUNT(*), SUM(finished_at - started_at) FROM tickets
		WHERE day = ? AND status = 'done' AND queue = ?`, day, queue).Scan(&s.n, &total)
	if err != nil {
		return s, err
	}
	s.total = time.Duration(total.Int64) * time.Microsecond
	// Inside a change the read sees earlier changes of the batch, but any of
	// them that finished a ticket of this queue staged the figures above.
	e.statsMu.Lock()
	if _, raced := e.stats[key]; !raced {
		e.stats[key] = s
	}
	e.statsMu.Unlock()
	return s, nil
}

// served installs a queue's figures after the commit of the change that
// finished one of its tickets (s already counts it).
func (e *Engine) served(day, queue string, s serviceStats) {
	e.statsMu.Lock()
	defer e.statsMu.Unlock()
	e.stats[day+"/"+queue] = s
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
		if err := e.live(ctx, tx, nil, &t); err != nil {
			return err
		}
		out = t.Ticket
		return nil
	})
	return out, err
}
