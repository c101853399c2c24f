package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"motcua/server/contract"
	"motcua/server/store"
)

const ticketColumns = `seq, line_seq, id, day, number, queue, procedure, priority, status, issued_at, order_at, counter,
	target_counter, recall_count, called_at, started_at, finished_at, same_day, transferred_from, transferred_to, code`

// row is a ticket leg as stored.
type row struct {
	contract.Ticket
	seq           int64 // the leg's place in the issue sequence
	lineSeq       int64 // the first leg's seq: the ticket's place in line
	orderAt       int64 // the first leg's issue time
	targetCounter int
	// code is the short code printed on the ticket; it stays out of
	// Ticket, which events and the state snapshot carry to every screen.
	code string
}

type scanner interface{ Scan(dest ...any) error }

func scanTicket(s scanner, loc *time.Location) (row, error) {
	var r row
	var issued int64
	var called, started, finished sql.NullInt64
	var status, priority string
	err := s.Scan(&r.seq, &r.lineSeq, &r.ID, &r.Day, &r.Number, &r.Queue, &r.Procedure, &priority, &status, &issued, &r.orderAt,
		&r.Counter, &r.targetCounter, &r.RecallCount, &called, &started, &finished, &r.SameDay,
		&r.TransferredFrom, &r.TransferredTo, &r.code)
	if err != nil {
		return r, err
	}
	r.Status, r.Priority = contract.Status(status), contract.Priority(priority)
	r.IssuedAt = time.UnixMicro(issued).In(loc)
	r.CalledAt, r.StartedAt, r.FinishedAt = optTime(called, loc), optTime(started, loc), optTime(finished, loc)
	if r.targetCounter != 0 && r.Counter == 0 {
		r.Counter = r.targetCounter
	}
	return r, nil
}

func optTime(v sql.NullInt64, loc *time.Location) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMicro(v.Int64).In(loc)
	return &t
}

func (e *Engine) ticketByID(ctx context.Context, q store.Querier, id string) (row, error) {
	r, err := scanTicket(q.QueryRowContext(ctx, "SELECT "+ticketColumns+" FROM tickets WHERE id = ?", id), e.Location())
	if errors.Is(err, sql.ErrNoRows) {
		return r, errTicket404
	}
	return r, err
}

// Issue takes a ticket for a procedure. On the fast weekday a same-day
// procedure goes to the fast-lane queue.
func (e *Engine) Issue(ctx context.Context, req contract.IssueTicketRequest, device string) (contract.Ticket, error) {
	if !req.Priority.Valid() {
		return contract.Ticket{}, invalid(fmt.Sprintf("loại ưu tiên không hợp lệ %q / unknown priority", req.Priority))
	}
	// The day's service figures of the queue are read here, on the read
	// pool, when memory does not have them yet: the change below then
	// finds them in memory. The change routes the ticket again with the
	// catalogue in force when it runs, which decides.
	now := e.Now()
	if queue, _, err := e.route(e.catalogue(), e.Settings(), req.Procedure, now); err == nil {
		e.serviceStats(ctx, e.db.Reader(), nil, e.Day(now), queue) // on failure the change reads them itself
	}
	var out contract.Ticket
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		queue, sameDay, err := e.route(e.catalogueIn(tx), e.settingsIn(tx).s, req.Procedure, now)
		if err != nil {
			return err
		}
		day := dayOf(now)
		// One statement takes the number and says who waits in the line
		// the ticket joins at the end: its position.
		var n, prioAhead, normalAhead int
		err = tx.QueryRow(`INSERT INTO day_numbers (day, queue, last) VALUES (?, ?, 1)
			ON CONFLICT (day, queue) DO UPDATE SET last = last + 1 RETURNING last, waiting_priority, waiting_normal`,
			day, queue).Scan(&n, &prioAhead, &normalAhead)
		if err != nil {
			return err
		}
		t := row{Ticket: contract.Ticket{
			ID: newID(), Number: fmt.Sprintf("%s%03d", queue, n), Queue: queue, Procedure: req.Procedure,
			Priority: req.Priority, Status: contract.StatusWaiting, Day: day, IssuedAt: now, SameDay: sameDay,
		}, orderAt: now.UnixMicro(), code: newCode()}
		if err := insertTicket(tx, &t, device); err != nil {
			return err
		}
		if err := transition(tx, t.ID, t.Status, now, 0, device); err != nil {
			return err
		}
		t.Position = prioAhead + 1
		if t.Priority == contract.PriorityNone {
			t.Position += normalAhead
		}
		t.Position = min(t.Position, MaxPosition)
		st, err := e.serviceStats(ctx, tx, tx, day, queue)
		if err != nil {
			return err
		}
		counters := max(1, len(e.catalogueIn(tx).CountersFor(queue)))
		t.EstimatedWaitS = int64(t.Position) * st.average(e.settingsIn(tx).s.DefaultServiceS) / int64(counters)
		out = t.Ticket
		if err := e.emit(tx, contract.EventTicketIssued, now, contract.TicketEvent{Ticket: out}, nil); err != nil {
			return err
		}
		out.Code = t.code // for the kiosk to print, never in the event
		return nil
	})
	return out, err
}

// route finds the queue a procedure's tickets go to today, and whether
// the ticket carries the same-day promise (now is in the centre's zone).
func (e *Engine) route(cat contract.Catalogue, s contract.Settings, code string, now time.Time) (queue string, sameDay bool, err error) {
	p, ok := cat.Procedure(code)
	if !ok {
		return "", false, notFound(contract.CodeNotFound, fmt.Sprintf("Không có thủ tục %q / unknown procedure", code))
	}
	q, ok := cat.QueueOf(code)
	if !ok {
		return "", false, invalid(fmt.Sprintf("Thủ tục %s chưa được gán hàng đợi / procedure has no queue", code))
	}
	// After the procedure's cut-off (15:00) the result comes the next
	// working day: no same-day promise, so the ordinary queue.
	fast := s.FastLane.Enabled && int(now.Weekday()) == s.FastLane.Weekday && p.SameDayWednesday &&
		contract.SameDayOK(p, now, now.Location())
	if _, exists := cat.Queue(s.FastLane.Queue); fast && exists {
		return s.FastLane.Queue, true, nil
	}
	return q.Prefix, fast, nil
}

// insertTicket stores a new leg with the next issue sequence number. A
// first leg (lineSeq 0) takes its own as its place in line; a transferred
// leg keeps the first leg's.
func insertTicket(tx *store.Tx, t *row, device string) error {
	var line any
	if t.lineSeq != 0 {
		line = t.lineSeq
	}
	err := tx.QueryRow(`INSERT INTO tickets (seq, line_seq, id, day, number, queue, procedure, priority, is_priority, status,
		issued_at, order_at, target_counter, same_day, transferred_from, device, code)
		SELECT s, COALESCE(?, s), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM tickets)
		RETURNING seq, line_seq`,
		line, t.ID, t.Day, t.Number, t.Queue, t.Procedure, string(t.Priority), t.Priority != contract.PriorityNone, string(t.Status),
		t.IssuedAt.UnixMicro(), t.orderAt, t.targetCounter, t.SameDay, t.TransferredFrom, device, t.code).Scan(&t.seq, &t.lineSeq)
	return err
}

func transition(tx *store.Tx, id string, s contract.Status, at time.Time, counter int, actor string) error {
	_, err := tx.Exec("INSERT INTO transitions (ticket, status, at, counter, actor) VALUES (?, ?, ?, ?, ?)",
		id, string(s), at.UnixMicro(), counter, actor)
	return err
}

// counterCtx is one counter's situation inside a change.
type counterCtx struct {
	counter contract.Counter
	current *row
	streak  int
}

func (e *Engine) loadCounter(ctx context.Context, tx *store.Tx, n int, day string) (*counterCtx, error) {
	k, ok := e.catalogueIn(tx).Counter(n)
	if !ok {
		return nil, errNoCounter
	}
	c := &counterCtx{counter: k}
	var id string
	err := tx.QueryRowContext(ctx, "SELECT ticket, priority_streak FROM counter_state WHERE counter = ?", n).Scan(&id, &c.streak)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && id == "") {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := e.ticketByID(ctx, tx, id)
	if err != nil && err != errTicket404 {
		return nil, err
	}
	// A ticket left open from an earlier day does not hold the counter.
	if err == nil && t.Day == day && (t.Status == contract.StatusCalled || t.Status == contract.StatusServing) {
		c.current = &t
	}
	return c, nil
}

func setCounter(tx *store.Tx, n int, ticket string, streak int) error {
	_, err := tx.Exec(`INSERT INTO counter_state (counter, ticket, priority_streak) VALUES (?, ?, ?)
		ON CONFLICT (counter) DO UPDATE SET ticket = excluded.ticket, priority_streak = excluded.priority_streak`,
		n, ticket, streak)
	return err
}

// counterOp is the frame of every counter action: load the counter inside
// the change, check that who holds it (claiming it when free), act, and
// return the ticket the action left. The claim check shares the action's
// transaction, so no other official can slip in between.
func (e *Engine) counterOp(ctx context.Context, n int, who Actor, act func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error)) (contract.Ticket, error) {
	var out contract.Ticket
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		c, err := e.loadCounter(ctx, tx, n, dayOf(now))
		if err != nil {
			return err
		}
		if _, err := e.holdCounter(ctx, tx, n, who, now); err != nil {
			return err
		}
		out, err = act(tx, c, now)
		return err
	})
	return out, err
}

// CallNext calls the next ticket to counter n by the centre's policy. A
// ticket being served at the counter is finished first; a ticket only
// called (the citizen has not come) must be marked first.
func (e *Engine) CallNext(ctx context.Context, n int, who Actor) (contract.Ticket, error) {
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		if err := e.releaseForCall(ctx, tx, c, now, who); err != nil {
			return contract.Ticket{}, err
		}
		line, err := e.line(ctx, tx, c.counter, dayOf(now))
		if err != nil {
			return contract.Ticket{}, err
		}
		s := e.settingsIn(tx).s
		pick := Policy{Ratio: s.PriorityRatio, MaxWait: time.Duration(s.MaxWaitS) * time.Second}.Pick(now, c.streak, line)
		if pick == nil {
			return contract.Ticket{}, errQueueEmpty
		}
		t, err := e.ticketByID(ctx, tx, pick.ID)
		if err != nil {
			return contract.Ticket{}, err
		}
		return e.call(tx, c, &t, NextStreak(c.streak, pick), now, who)
	})
}

// CallNumber calls a given waiting ticket of today to counter n, whatever
// its queue: the official's override for a citizen who was sent over.
func (e *Engine) CallNumber(ctx context.Context, n int, number string, who Actor) (contract.Ticket, error) {
	number = strings.ToUpper(strings.TrimSpace(number))
	if !validNumber(number) {
		return contract.Ticket{}, invalid("Số thứ tự phải có dạng B007 / a ticket number looks like B007")
	}
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		if err := e.releaseForCall(ctx, tx, c, now, who); err != nil {
			return contract.Ticket{}, err
		}
		t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+
			" FROM tickets WHERE day = ? AND number = ? AND status = 'waiting' ORDER BY line_seq LIMIT 1",
			dayOf(now), number), now.Location())
		if errors.Is(err, sql.ErrNoRows) {
			return contract.Ticket{}, notFound(contract.CodeNotFound, fmt.Sprintf("Số %s không có trong hàng chờ hôm nay / %s is not waiting today", number, number))
		}
		if err != nil {
			return contract.Ticket{}, err
		}
		return e.call(tx, c, &t, c.streak, now, who)
	})
}

func validNumber(s string) bool {
	if len(s) < 2 || len(s) > 8 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// releaseForCall frees the counter before a new call: a ticket in service
// is finished, a ticket only called blocks the call.
func (e *Engine) releaseForCall(ctx context.Context, tx *store.Tx, c *counterCtx, now time.Time, who Actor) error {
	if c.current == nil {
		return nil
	}
	if c.current.Status == contract.StatusCalled {
		return errBusy
	}
	_, err := e.finish(tx, c, now, who)
	return err
}

func (e *Engine) call(tx *store.Tx, c *counterCtx, t *row, streak int, now time.Time, who Actor) (contract.Ticket, error) {
	n := c.counter.Number
	if _, err := tx.Exec("UPDATE tickets SET status = 'called', counter = ?, called_at = ? WHERE id = ?", n, now.UnixMicro(), t.ID); err != nil {
		return contract.Ticket{}, err
	}
	t.Status, t.Counter, t.CalledAt, t.Position, t.EstimatedWaitS = contract.StatusCalled, n, &now, 0, 0
	if err := e.record(tx, t, now, who, c, streak, "ticket.call"); err != nil {
		return contract.Ticket{}, err
	}
	return t.Ticket, e.emit(tx, contract.EventTicketCalled, now, contract.TicketEvent{Ticket: t.Ticket, Counter: n}, nil)
}

// record writes a transition, the counter's new state and the audit line.
func (e *Engine) record(tx *store.Tx, t *row, now time.Time, who Actor, c *counterCtx, streak int, action string) error {
	n := c.counter.Number
	if err := transition(tx, t.ID, t.Status, now, n, who.Name); err != nil {
		return err
	}
	current := ""
	if !t.Status.Final() {
		current = t.ID
	}
	if err := setCounter(tx, n, current, streak); err != nil {
		return err
	}
	return audit(tx, now, who, action, n, t.Number, t.ID)
}

// Recall calls the counter's current ticket again.
func (e *Engine) Recall(ctx context.Context, n int, who Actor) (contract.Ticket, error) {
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		t := c.current
		if t == nil {
			return contract.Ticket{}, errNoTicket
		}
		if t.Status != contract.StatusCalled {
			return contract.Ticket{}, conflict(contract.CodeConflict, "Công dân đã đến quầy, không cần gọi lại / the citizen is already being served")
		}
		if _, err := tx.Exec("UPDATE tickets SET recall_count = recall_count + 1, called_at = ? WHERE id = ?", now.UnixMicro(), t.ID); err != nil {
			return contract.Ticket{}, err
		}
		t.RecallCount++
		t.CalledAt = &now
		if err := e.record(tx, t, now, who, c, c.streak, "ticket.recall"); err != nil {
			return contract.Ticket{}, err
		}
		return t.Ticket, e.emit(tx, contract.EventTicketRecalled, now, contract.TicketEvent{Ticket: t.Ticket, Counter: n}, nil)
	})
}

// Start marks that the citizen has come and service has begun.
func (e *Engine) Start(ctx context.Context, n int, who Actor) (contract.Ticket, error) {
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		t := c.current
		if t == nil {
			return contract.Ticket{}, errNoTicket
		}
		if t.Status != contract.StatusCalled {
			return contract.Ticket{}, conflict(contract.CodeConflict, "Số này đang được phục vụ / already being served")
		}
		if _, err := tx.Exec("UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?", now.UnixMicro(), t.ID); err != nil {
			return contract.Ticket{}, err
		}
		t.Status, t.StartedAt = contract.StatusServing, &now
		if err := e.record(tx, t, now, who, c, c.streak, "ticket.start"); err != nil {
			return contract.Ticket{}, err
		}
		return t.Ticket, e.emit(tx, contract.EventTicketStarted, now, contract.TicketEvent{Ticket: t.Ticket, Counter: n}, nil)
	})
}

// Finish ends the service of the counter's current ticket; the counter's
// rating tablet asks the citizen for a rating on this event.
func (e *Engine) Finish(ctx context.Context, n int, who Actor) (contract.Ticket, error) {
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		if c.current == nil {
			return contract.Ticket{}, errNoTicket
		}
		return e.finish(tx, c, now, who)
	})
}

func (e *Engine) finish(tx *store.Tx, c *counterCtx, now time.Time, who Actor) (contract.Ticket, error) {
	t := c.current
	if t.StartedAt == nil {
		t.StartedAt = t.CalledAt // served at once: the service began when called
	}
	// The queue's figures before this ticket counts as done, plus it: the
	// next change of the batch estimates waits with them.
	st, err := e.serviceStats(context.Background(), tx, tx, t.Day, t.Queue)
	if err != nil {
		return contract.Ticket{}, err
	}
	st.n, st.total = st.n+1, st.total+now.Sub(*t.StartedAt)
	if _, err := tx.Exec("UPDATE tickets SET status = 'done', started_at = ?, finished_at = ? WHERE id = ?",
		t.StartedAt.UnixMicro(), now.UnixMicro(), t.ID); err != nil {
		return contract.Ticket{}, err
	}
	t.Status, t.FinishedAt = contract.StatusDone, &now
	if err := e.record(tx, t, now, who, c, c.streak, "ticket.finish"); err != nil {
		return contract.Ticket{}, err
	}
	day, queue := t.Day, t.Queue
	tx.Stage(statsKey{day, queue}, st)
	tx.OnCommit(func() { e.served(day, queue, st) })
	c.current = nil
	n := c.counter.Number
	return t.Ticket, e.emit(tx, contract.EventTicketFinished, now, contract.TicketEvent{Ticket: t.Ticket, Counter: n}, nil)
}

// NoShow marks that the called citizen did not come.
func (e *Engine) NoShow(ctx context.Context, n int, who Actor) (contract.Ticket, error) {
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		t := c.current
		if t == nil {
			return contract.Ticket{}, errNoTicket
		}
		if t.Status != contract.StatusCalled {
			return contract.Ticket{}, conflict(contract.CodeConflict, "Công dân đang được phục vụ / the citizen is being served")
		}
		if _, err := tx.Exec("UPDATE tickets SET status = 'no_show', finished_at = ? WHERE id = ?", now.UnixMicro(), t.ID); err != nil {
			return contract.Ticket{}, err
		}
		t.Status, t.FinishedAt = contract.StatusNoShow, &now
		if err := e.record(tx, t, now, who, c, c.streak, "ticket.no_show"); err != nil {
			return contract.Ticket{}, err
		}
		return t.Ticket, e.emit(tx, contract.EventTicketNoShow, now, contract.TicketEvent{Ticket: t.Ticket, Counter: n}, nil)
	})
}

// Transfer ends the current ticket's leg at counter n and starts a new leg,
// with the same number and its place in line, for another queue or counter.
func (e *Engine) Transfer(ctx context.Context, n int, req contract.TransferRequest, who Actor) (contract.Ticket, error) {
	cat := e.catalogue()
	switch {
	case (req.Queue == "") == (req.Counter == 0):
		return contract.Ticket{}, invalid("Chọn một hàng đợi hoặc một quầy / give a queue or a counter")
	case req.Queue != "":
		if _, ok := cat.Queue(req.Queue); !ok {
			return contract.Ticket{}, notFound(contract.CodeNotFound, fmt.Sprintf("Không có hàng đợi %q / no such queue", req.Queue))
		}
	default:
		if _, ok := cat.Counter(req.Counter); !ok || req.Counter == n {
			return contract.Ticket{}, invalid(fmt.Sprintf("Không thể chuyển sang quầy %d / cannot transfer to counter %d", req.Counter, req.Counter))
		}
	}
	return e.counterOp(ctx, n, who, func(tx *store.Tx, c *counterCtx, now time.Time) (contract.Ticket, error) {
		return e.transfer(ctx, tx, c, req, now, who)
	})
}

func (e *Engine) transfer(ctx context.Context, tx *store.Tx, c *counterCtx, req contract.TransferRequest, now time.Time, who Actor) (contract.Ticket, error) {
	old := c.current
	if old == nil {
		return contract.Ticket{}, errNoTicket
	}
	leg := row{Ticket: contract.Ticket{
		ID: newID(), Number: old.Number, Queue: old.Queue, Procedure: old.Procedure, Priority: old.Priority,
		Status: contract.StatusWaiting, Day: old.Day, IssuedAt: old.IssuedAt, SameDay: old.SameDay, TransferredFrom: old.ID,
	}, lineSeq: old.lineSeq, orderAt: old.orderAt, targetCounter: req.Counter, code: old.code}
	leg.Counter = req.Counter
	if req.Queue != "" {
		leg.Queue = req.Queue
	}
	if _, err := tx.Exec("UPDATE tickets SET status = 'transferred', finished_at = ?, transferred_to = ? WHERE id = ?",
		now.UnixMicro(), leg.ID, old.ID); err != nil {
		return contract.Ticket{}, err
	}
	old.Status, old.FinishedAt, old.TransferredTo = contract.StatusTransferred, &now, leg.ID
	if err := insertTicket(tx, &leg, ""); err != nil {
		return contract.Ticket{}, err
	}
	if err := transition(tx, leg.ID, leg.Status, now, c.counter.Number, who.Name); err != nil {
		return contract.Ticket{}, err
	}
	if err := e.record(tx, old, now, who, c, c.streak, "ticket.transfer"); err != nil {
		return contract.Ticket{}, err
	}
	if err := e.live(ctx, tx, tx, &leg); err != nil {
		return contract.Ticket{}, err
	}
	prev := old.Ticket
	ev := contract.TicketEvent{Ticket: leg.Ticket, Counter: c.counter.Number, Previous: &prev}
	return leg.Ticket, e.emit(tx, contract.EventTicketTransferred, now, ev, nil)
}

// Cancel withdraws a waiting ticket (the citizen left, or it was issued by
// mistake).
func (e *Engine) Cancel(ctx context.Context, id string, who Actor) (contract.Ticket, error) {
	var out contract.Ticket
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		t, err := e.ticketByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status != contract.StatusWaiting {
			return conflict(contract.CodeConflict, "Chỉ huỷ được số đang chờ / only a waiting ticket can be cancelled")
		}
		if _, err := tx.Exec("UPDATE tickets SET status = 'cancelled', finished_at = ? WHERE id = ?", now.UnixMicro(), id); err != nil {
			return err
		}
		t.Status, t.FinishedAt, t.Position, t.EstimatedWaitS = contract.StatusCancelled, &now, 0, 0
		if err := transition(tx, id, t.Status, now, 0, who.Name); err != nil {
			return err
		}
		if err := audit(tx, now, who, "ticket.cancel", 0, t.Number, id); err != nil {
			return err
		}
		out = t.Ticket
		return e.emit(tx, contract.EventTicketCancelled, now, contract.TicketEvent{Ticket: out}, nil)
	})
	return out, err
}
