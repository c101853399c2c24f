package main

import (
	"context"
	"sync"
	"time"

	"motcua/server/client"
	"motcua/server/contract"
)

// display is one load board: it follows the event stream like a real
// board and keeps every call it received with its arrival time. The
// latencies are worked out after the run, so the follower does no more
// than a real board would.
type display struct {
	c *client.Client

	mu      sync.Mutex
	calls   []arrival
	ids     map[string]bool // ticket IDs of the calls received
	up      bool
	drops   int
	resyncs int
}

// arrival is one ticket.called event as a display received it.
type arrival struct {
	seq     int64
	id      string
	day     string
	number  string
	at      time.Time // the server's commit time, on its clock
	arrived time.Time // on this machine's clock
}

// follow loads the board's starting point and follows events until ctx
// ends. The first link attempt, good or bad, is reported on ready.
func (d *display) follow(ctx context.Context, ready chan<- error) {
	st, err := d.c.State(ctx)
	if err != nil {
		ready <- err
		return
	}
	var once sync.Once
	first := func(err error) { once.Do(func() { ready <- err }) }
	d.c.Follow(ctx, st.Seq, client.HandlerFuncs{
		OnEvent:  d.event,
		OnResync: d.resync,
		OnConnected: func(up bool, err error) {
			d.link(up)
			first(err)
		},
	})
}

// event keeps a call with the moment it arrived.
func (d *display) event(ev contract.Event) {
	arrived := time.Now()
	if ev.Type != contract.EventTicketCalled {
		return
	}
	var te contract.TicketEvent
	if err := ev.Decode(&te); err != nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ids == nil {
		d.ids = make(map[string]bool)
	}
	d.ids[te.Ticket.ID] = true
	d.calls = append(d.calls, arrival{seq: ev.Seq, id: te.Ticket.ID, day: te.Ticket.Day, number: te.Ticket.Number, at: ev.At, arrived: arrived})
}

func (d *display) resync() {
	d.mu.Lock()
	d.resyncs++
	d.mu.Unlock()
}

// link counts the times a live link went down.
func (d *display) link(up bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.up && !up {
		d.drops++
	}
	d.up = up
}

// hasAll tells whether the display has received the call of every ticket
// in ids.
func (d *display) hasAll(ids []string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, id := range ids {
		if !d.ids[id] {
			return false
		}
	}
	return true
}
