// Package live is the waiting-room board's picture of the centre, kept apart
// from any UI so it can be tested as plain Go: a Model loads the server's
// /state snapshot, applies every event after it, and says which calls must
// be read aloud. A Sync ties a Model to the server through the Go client,
// reconnecting and catching up by itself.
//
// The rule that keeps a hall quiet after a network cut or a server restart
// lives here: a call is announced once at most (by its sequence number), and
// only while it is fresh (its server time is within Model.Fresh of now).
// Calls replayed after a long cut update the board silently.
package live

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"motcua/server/contract"
)

const (
	// DefaultFresh is how old a call may be and still be read aloud: long
	// enough to cover a short network cut, too short to call a citizen
	// who has already gone to the counter.
	DefaultFresh = 60 * time.Second
	// MaxCalls is how many recent calls the board keeps, as the server does.
	MaxCalls = 10
	// MaxHelp bounds the open help requests kept, so a kiosk stuck asking
	// for help cannot grow the board's memory.
	MaxHelp = 20
)

// Board is one consistent picture of the centre for the UI to draw. It is a
// copy: the UI may keep it while the Model moves on.
type Board struct {
	// Seq is the last event applied.
	Seq      int64
	Day      string
	Centre   contract.CentreInfo
	Counters []contract.CounterState
	Queues   []contract.QueueState
	// Calls are the recent calls, newest first.
	Calls []contract.Call
	// Help are the open help requests, oldest first.
	Help []contract.HelpRequest
	// Connected is false while the event link is down.
	Connected bool
	// Loaded is false until the first snapshot arrived.
	Loaded bool
}

// Change is what applying a snapshot or an event means beyond the picture.
type Change struct {
	// Announce are the calls to read aloud, oldest first.
	Announce []contract.Call
	// Settings is true when the centre's settings changed, so the
	// announcer and the slogans follow at once.
	Settings bool
	// Reload asks for a fresh snapshot: the catalogue changed or a new
	// service day began, which events alone do not describe.
	Reload bool
	// Redraw is true when the picture changed.
	Redraw bool
}

// Model is the board's state. It is safe for concurrent use: the follower,
// the periodic refresh and the UI all reach it.
type Model struct {
	// Now is the server's time as the board best knows it; calls older
	// than Fresh by this clock are not announced.
	Now func() time.Time
	// Fresh is how recent a call must be to be announced; zero means
	// DefaultFresh.
	Fresh time.Duration

	mu        sync.Mutex
	b         Board
	announced int64 // highest call seq read aloud or deliberately skipped
}

// NewModel returns an empty model using now as the server clock.
func NewModel(now func() time.Time) *Model {
	if now == nil {
		now = time.Now
	}
	return &Model{Now: now}
}

// Board returns a copy of the current picture.
func (m *Model) Board() Board {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.b.clone()
}

func (b Board) clone() Board {
	b.Counters = slices.Clone(b.Counters)
	for i, c := range b.Counters {
		if c.Current != nil {
			t := *c.Current
			b.Counters[i].Current = &t
		}
	}
	b.Queues = slices.Clone(b.Queues)
	b.Calls = slices.Clone(b.Calls)
	b.Help = slices.Clone(b.Help)
	b.Centre.Slogans = slices.Clone(b.Centre.Slogans)
	b.Centre.Notices = slices.Clone(b.Centre.Notices)
	return b
}

// SetConnected records whether the event link is up; it reports whether
// that changed.
func (m *Model) SetConnected(up bool) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := m.b.Connected != up
	m.b.Connected = up
	return changed
}

// Load replaces the picture with a snapshot, as after a resync. The first
// snapshot announces nothing (those calls were made before the board
// started); a later one announces the fresh calls not yet read, so a call
// made during a cut is still heard once. A snapshot behind what was already
// announced (the server lost its history) restarts the count from it.
func (m *Model) Load(st contract.State) Change {
	m.mu.Lock()
	defer m.mu.Unlock()
	if st.Seq < m.announced {
		m.announced = st.Seq
	}
	return m.load(st)
}

// Refresh is Load for the periodic re-read that corrects estimates: a
// snapshot older than what the model shows (a slow answer racing live
// events) is ignored, except on a new service day.
func (m *Model) Refresh(st contract.State) Change {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.b.Loaded && st.Seq < m.b.Seq && st.Day == m.b.Day {
		return Change{}
	}
	return m.load(st)
}

func (m *Model) load(st contract.State) Change {
	first := !m.b.Loaded
	settings := first || !sameCentre(m.b.Centre, st.Centre)
	m.b = Board{
		Seq: st.Seq, Day: st.Day, Centre: st.Centre, Counters: slices.Clone(st.Counters),
		Queues: slices.Clone(st.Queues), Calls: slices.Clone(st.RecentCalls), Help: openHelp(st.OpenHelp),
		Connected: m.b.Connected, Loaded: true,
	}
	if len(m.b.Calls) > MaxCalls {
		m.b.Calls = m.b.Calls[:MaxCalls]
	}
	ch := Change{Settings: settings, Redraw: true}
	if first {
		m.announced = max(m.announced, st.Seq)
		return ch
	}
	for i := len(m.b.Calls) - 1; i >= 0; i-- {
		if c := m.b.Calls[i]; m.shouldAnnounce(c.Seq, c.At) {
			ch.Announce = append(ch.Announce, c)
		}
	}
	m.announced = max(m.announced, st.Seq)
	return ch
}

func openHelp(hs []contract.HelpRequest) []contract.HelpRequest {
	out := make([]contract.HelpRequest, 0, len(hs))
	for _, h := range hs {
		if h.TakenBy == "" {
			out = append(out, h)
		}
	}
	if len(out) > MaxHelp {
		out = out[len(out)-MaxHelp:]
	}
	return out
}

func sameCentre(a, b contract.CentreInfo) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// shouldAnnounce decides once per call: it is read only if not read before
// and fresh. Either way the call is marked, so it is never read later.
func (m *Model) shouldAnnounce(seq int64, at time.Time) bool {
	if seq <= m.announced {
		return false
	}
	m.announced = seq
	fresh := m.Fresh
	if fresh <= 0 {
		fresh = DefaultFresh
	}
	return m.Now().Sub(at) <= fresh
}

// Apply applies one event. Events at or before the model's sequence number
// (already in the snapshot) are ignored, and so are unknown types, so a
// newer server cannot break an older board. Malformed data is skipped: a
// board must keep running on a bad frame.
func (m *Model) Apply(ev contract.Event) Change {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.b.Loaded || ev.Seq <= m.b.Seq {
		return Change{}
	}
	m.b.Seq = ev.Seq
	ch, err := m.apply(ev)
	if err != nil {
		return Change{}
	}
	return ch
}

func (m *Model) apply(ev contract.Event) (Change, error) {
	switch ev.Type {
	case contract.EventSettingsChanged:
		var c contract.CentreInfo
		if err := ev.Decode(&c); err != nil {
			return Change{}, err
		}
		m.b.Centre = c
		return Change{Settings: true, Redraw: true}, nil
	case contract.EventHelpRequested, contract.EventHelpTaken:
		var h contract.HelpRequest
		if err := ev.Decode(&h); err != nil {
			return Change{}, err
		}
		m.help(ev.Type, h)
		return Change{Redraw: true}, nil
	case contract.EventCatalogueChanged:
		return Change{Reload: true}, nil
	case contract.EventClockStepped:
		// The server may have carried tickets into another service day
		// and the board's date and waits were computed on the old clock.
		return Change{Reload: true}, nil
	}
	if !isTicketEvent(ev.Type) {
		return Change{}, nil
	}
	var te contract.TicketEvent
	if err := ev.Decode(&te); err != nil {
		return Change{}, err
	}
	if te.Ticket.Day != "" && te.Ticket.Day != m.b.Day {
		return Change{Reload: true}, nil
	}
	return m.ticket(ev, te), nil
}

func isTicketEvent(t contract.EventType) bool {
	switch t {
	case contract.EventTicketIssued, contract.EventTicketCalled, contract.EventTicketRecalled,
		contract.EventTicketStarted, contract.EventTicketFinished, contract.EventTicketNoShow,
		contract.EventTicketTransferred, contract.EventTicketCancelled:
		return true
	}
	return false
}

func (m *Model) help(typ contract.EventType, h contract.HelpRequest) {
	m.b.Help = slices.DeleteFunc(m.b.Help, func(x contract.HelpRequest) bool { return x.ID == h.ID })
	if typ == contract.EventHelpRequested && h.TakenBy == "" {
		m.b.Help = append(m.b.Help, h)
		if len(m.b.Help) > MaxHelp {
			m.b.Help = slices.Delete(m.b.Help, 0, len(m.b.Help)-MaxHelp)
		}
	}
}

// ticket applies a ticket.* event to counters, queues and calls.
func (m *Model) ticket(ev contract.Event, te contract.TicketEvent) Change {
	t := te.Ticket
	ch := Change{Redraw: true}
	switch ev.Type {
	case contract.EventTicketIssued:
		m.waiting(t.Queue, +1, t.EstimatedWaitS)
	case contract.EventTicketCancelled:
		m.waiting(t.Queue, -1, -1)
	case contract.EventTicketCalled, contract.EventTicketRecalled:
		if ev.Type == contract.EventTicketCalled {
			m.waiting(t.Queue, -1, -1)
		}
		m.setCurrent(te.Counter, &t)
		call := contract.Call{Seq: ev.Seq, Number: t.Number, Counter: te.Counter,
			Recall: ev.Type == contract.EventTicketRecalled, At: calledAt(ev, t)}
		m.addCall(call)
		if m.shouldAnnounce(call.Seq, call.At) {
			ch.Announce = []contract.Call{call}
		}
	case contract.EventTicketStarted:
		m.setCurrent(te.Counter, &t)
	case contract.EventTicketFinished, contract.EventTicketNoShow:
		m.clearCurrent(te.Counter, t.ID)
	case contract.EventTicketTransferred:
		if te.Previous != nil {
			m.clearCurrent(te.Counter, te.Previous.ID)
		}
		m.waiting(t.Queue, +1, -1)
	}
	return ch
}

// calledAt is when the call happened by the server's clock: the event's
// time (a recall keeps the ticket's first CalledAt).
func calledAt(ev contract.Event, t contract.Ticket) time.Time {
	if !ev.At.IsZero() {
		return ev.At
	}
	if t.CalledAt != nil {
		return *t.CalledAt
	}
	return time.Time{}
}

func (m *Model) addCall(c contract.Call) {
	m.b.Calls = slices.Insert(m.b.Calls, 0, c)
	if len(m.b.Calls) > MaxCalls {
		m.b.Calls = m.b.Calls[:MaxCalls]
	}
}

// waiting moves a queue's waiting count by d. estimate, when not negative,
// is the newest ticket's estimated wait, which is the queue's wait; when a
// ticket leaves, the estimate shrinks in proportion.
func (m *Model) waiting(prefix string, d int, estimate int64) {
	i := slices.IndexFunc(m.b.Queues, func(q contract.QueueState) bool { return q.Prefix == prefix })
	if i < 0 {
		return
	}
	q := &m.b.Queues[i]
	before := q.Waiting
	q.Waiting = max(0, q.Waiting+d)
	switch {
	case q.Waiting == 0:
		q.EstimatedWaitS = 0
	case estimate >= 0:
		q.EstimatedWaitS = estimate
	case before > 0:
		q.EstimatedWaitS = q.EstimatedWaitS * int64(q.Waiting) / int64(before)
	}
}

func (m *Model) setCurrent(counter int, t *contract.Ticket) {
	for i := range m.b.Counters {
		if m.b.Counters[i].Number == counter {
			m.b.Counters[i].Current = t
			return
		}
	}
}

func (m *Model) clearCurrent(counter int, id string) {
	for i := range m.b.Counters {
		c := &m.b.Counters[i]
		if c.Number == counter && c.Current != nil && c.Current.ID == id {
			c.Current = nil
		}
	}
}
