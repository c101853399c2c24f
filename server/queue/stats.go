package queue

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"motcua/server/contract"
)

// Figures are one row of "today at a glance": what a manager watches during
// the day to move staff between counters before a line grows.
type Figures struct {
	Issued  int `json:"issued"`
	Waiting int `json:"waiting"`
	Served  int `json:"served"`
	NoShows int `json:"no_shows"`
	// AvgWaitS is the mean time from issue to call of the tickets called
	// today; AvgServiceS the mean time from start to finish of those served.
	AvgWaitS    int64 `json:"avg_wait_s"`
	AvgServiceS int64 `json:"avg_service_s"`
	Ratings     int   `json:"ratings"`
	// Satisfied counts ratings of "Hài lòng" or better; SatisfiedPct is
	// their share in percent, -1 while nobody has rated.
	Satisfied    int `json:"satisfied"`
	SatisfiedPct int `json:"satisfied_pct"`
}

// QueueFigures are one queue's figures.
type QueueFigures struct {
	Prefix string        `json:"prefix"`
	Name   contract.Text `json:"name"`
	Figures
}

// CounterFigures are one counter's figures. Issued is always zero: tickets
// are issued to queues, not counters; Waiting counts what the counter may
// call.
type CounterFigures struct {
	Number int           `json:"number"`
	Name   contract.Text `json:"name"`
	Figures
}

// Today is the service day's figures, overall, per queue and per counter.
type Today struct {
	Day      string           `json:"day"`
	Now      time.Time        `json:"now"`
	Total    Figures          `json:"total"`
	Queues   []QueueFigures   `json:"queues"`
	Counters []CounterFigures `json:"counters"`
}

// Today computes the day's figures from the tickets and ratings tables in
// one read snapshot, so the rows always add up.
func (e *Engine) Today(ctx context.Context) (Today, error) {
	now := e.Now()
	day := e.Day(now)
	cat := e.catalogue()
	out := Today{Day: day, Now: now}
	err := e.db.Read(ctx, func(tx *sql.Tx) error {
		byQueue, err := figuresBy(ctx, tx, "queue", day)
		if err != nil {
			return err
		}
		byCounter, err := figuresBy(ctx, tx, "counter", day)
		if err != nil {
			return err
		}
		total, err := figuresBy(ctx, tx, "''", day)
		if err != nil {
			return err
		}
		out.Total = lookup(total, "")
		for _, q := range cat.Queues {
			out.Queues = append(out.Queues, QueueFigures{Prefix: q.Prefix, Name: q.Name, Figures: lookup(byQueue, q.Prefix)})
		}
		for _, k := range cat.Counters {
			f := lookup(byCounter, strconv.Itoa(k.Number))
			f.Issued = 0
			if f.Waiting, err = e.waitingCount(ctx, tx, k, day); err != nil {
				return err
			}
			out.Counters = append(out.Counters, CounterFigures{Number: k.Number, Name: k.Name, Figures: f})
		}
		return nil
	})
	return out, err
}

// figuresBy groups the day's figures by a tickets column ("queue",
// "counter", or an empty constant for the total). The ratings of a ticket
// count where the rated leg was served.
func figuresBy(ctx context.Context, tx *sql.Tx, col, day string) (map[string]Figures, error) {
	out := map[string]Figures{}
	rows, err := tx.QueryContext(ctx, `SELECT CAST(`+col+` AS TEXT),
		SUM(transferred_from = ''),
		SUM(status = 'waiting'),
		SUM(status = 'done'),
		SUM(status = 'no_show'),
		AVG(CASE WHEN called_at IS NOT NULL AND transferred_from = '' THEN called_at - issued_at END),
		AVG(CASE WHEN status = 'done' THEN finished_at - started_at END)
		FROM tickets WHERE day = ? GROUP BY 1`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var f Figures
		var wait, service sql.NullFloat64
		if err := rows.Scan(&key, &f.Issued, &f.Waiting, &f.Served, &f.NoShows, &wait, &service); err != nil {
			return nil, err
		}
		f.AvgWaitS, f.AvgServiceS = int64(wait.Float64/1e6), int64(service.Float64/1e6)
		out[key] = f
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, addRatings(ctx, tx, col, day, out)
}

func addRatings(ctx context.Context, tx *sql.Tx, col, day string, out map[string]Figures) error {
	query := `SELECT CAST(t.` + col + ` AS TEXT), COUNT(*), SUM(r.score >= 2)
		FROM ratings r JOIN tickets t ON t.id = r.ticket WHERE r.day = ? GROUP BY 1`
	if col == "''" {
		query = "SELECT '', COUNT(*), COALESCE(SUM(score >= 2), 0) FROM ratings WHERE day = ?"
	}
	rows, err := tx.QueryContext(ctx, query, day)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var n, ok int
		if err := rows.Scan(&key, &n, &ok); err != nil {
			return err
		}
		f := out[key]
		f.Ratings, f.Satisfied = n, ok
		out[key] = f
	}
	for k, f := range out {
		f.SatisfiedPct = -1
		if f.Ratings > 0 {
			f.SatisfiedPct = (f.Satisfied*100 + f.Ratings/2) / f.Ratings
		}
		out[k] = f
	}
	return rows.Err()
}

func (e *Engine) waitingCount(ctx context.Context, tx *sql.Tx, k contract.Counter, day string) (int, error) {
	where, args := waitingFor(k, day)
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM tickets WHERE "+where, args...).Scan(&n)
	return n, err
}

// waitingFor is the condition for the tickets counter k may call today:
// those sent to it by a transfer and those of its queues sent to nobody.
func waitingFor(k contract.Counter, day string) (string, []any) {
	where := "day = ? AND status = 'waiting' AND (target_counter = ?"
	args := []any{day, k.Number}
	if len(k.Queues) > 0 {
		where += " OR target_counter = 0 AND queue IN (?" + strings.Repeat(",?", len(k.Queues)-1) + ")"
		for _, q := range k.Queues {
			args = append(args, q)
		}
	}
	return where + ")", args
}

// maxWaitingList bounds the console's waiting list; a longer line is
// summarised by its count.
const maxWaitingList = 100

// Waiting lists the tickets counter n may call today, in line order
// (priority tickets are marked by their Priority, not moved: the policy
// decides who is next).
func (e *Engine) Waiting(ctx context.Context, n int) ([]contract.Ticket, error) {
	k, ok := e.catalogue().Counter(n)
	if !ok {
		return nil, errNoCounter
	}
	day := e.Day(e.Now())
	where, args := waitingFor(k, day)
	rows, err := e.db.Reader().QueryContext(ctx, "SELECT "+ticketColumns+" FROM tickets WHERE "+where+
		" ORDER BY line_seq LIMIT ?", append(args, maxWaitingList)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []contract.Ticket{}
	for rows.Next() {
		t, err := scanTicket(rows, e.Location())
		if err != nil {
			return nil, err
		}
		out = append(out, t.Ticket)
	}
	return out, rows.Err()
}

// lookup returns the figures of key, or empty figures ("no rating yet")
// for a queue or counter without a ticket today.
func lookup(m map[string]Figures, key string) Figures {
	if f, ok := m[key]; ok {
		return f
	}
	return Figures{SatisfiedPct: -1}
}
