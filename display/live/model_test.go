package live

import (
	"encoding/json"
	"runtime"
	"testing"
	"time"

	"motcua/server/contract"
)

var t0 = time.Date(2026, 11, 25, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// fixture is a small centre: two counters, two queues, one earlier call.
func fixture() contract.State {
	return contract.State{
		Seq: 10, Day: "2026-11-25", Now: t0,
		Centre:   contract.CentreInfo{Name: contract.Text{VI: "Trung tâm"}, Announcement: contract.AnnouncementSettings{Template: "{number} {counter}", Repeat: 2, Volume: 80}},
		Counters: []contract.CounterState{{Number: 1, Queues: []string{"A"}}, {Number: 2, Queues: []string{"B"}}},
		Queues: []contract.QueueState{{Prefix: "A", Waiting: 2, EstimatedWaitS: 600, Counters: []int{1}},
			{Prefix: "B", Counters: []int{2}}},
		RecentCalls: []contract.Call{{Seq: 9, Number: "A001", Counter: 1, At: t0.Add(-time.Minute)}},
	}
}

func event(t *testing.T, seq int64, typ contract.EventType, at time.Time, data any) contract.Event {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return contract.Event{V: 1, Seq: seq, Type: typ, At: at, Data: raw}
}

func ticket(number, queue, status string) contract.Ticket {
	return contract.Ticket{ID: "id-" + number, Number: number, Queue: queue, Day: "2026-11-25", Status: contract.Status(status)}
}

// clockAt returns a model clock standing at *now.
func clockAt(now *time.Time) func() time.Time { return func() time.Time { return *now } }

func TestFirstLoadAnnouncesNothing(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	ch := m.Load(fixture())
	if len(ch.Announce) != 0 || !ch.Settings || !ch.Redraw {
		t.Fatalf("first load: %+v; want no announcement, settings and redraw", ch)
	}
	if b := m.Board(); !b.Loaded || b.Seq != 10 || len(b.Calls) != 1 {
		t.Fatalf("board after load: %+v", b)
	}
}

func TestTicketLifecycle(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	issued := ticket("A003", "A", "waiting")
	issued.EstimatedWaitS = 900
	m.Apply(event(t, 11, contract.EventTicketIssued, now, contract.TicketEvent{Ticket: issued}))
	if q := m.Board().Queues[0]; q.Waiting != 3 || q.EstimatedWaitS != 900 {
		t.Fatalf("after issue: queue A %+v, want 3 waiting, 900 s", q)
	}
	called := ticket("A002", "A", "called")
	ch := m.Apply(event(t, 12, contract.EventTicketCalled, now, contract.TicketEvent{Ticket: called, Counter: 1}))
	b := m.Board()
	if len(ch.Announce) != 1 || ch.Announce[0].Number != "A002" || ch.Announce[0].Counter != 1 || ch.Announce[0].Recall {
		t.Fatalf("call: announce %+v", ch.Announce)
	}
	if b.Counters[0].Current == nil || b.Counters[0].Current.Number != "A002" || b.Queues[0].Waiting != 2 {
		t.Fatalf("after call: counter %+v queue %+v", b.Counters[0], b.Queues[0])
	}
	if b.Calls[0].Number != "A002" || b.Calls[0].Seq != 12 {
		t.Fatalf("newest call %+v", b.Calls[0])
	}
	now = now.Add(30 * time.Second)
	ch = m.Apply(event(t, 13, contract.EventTicketRecalled, now, contract.TicketEvent{Ticket: called, Counter: 1}))
	if len(ch.Announce) != 1 || !ch.Announce[0].Recall {
		t.Fatalf("recall must be announced again: %+v", ch.Announce)
	}
	m.Apply(event(t, 14, contract.EventTicketStarted, now, contract.TicketEvent{Ticket: called, Counter: 1}))
	m.Apply(event(t, 15, contract.EventTicketFinished, now, contract.TicketEvent{Ticket: called, Counter: 1}))
	if c := m.Board().Counters[0]; c.Current != nil {
		t.Fatalf("after finish counter 1 still shows %s", c.Current.Number)
	}
	m.Apply(event(t, 16, contract.EventTicketCancelled, now, contract.TicketEvent{Ticket: issued}))
	if q := m.Board().Queues[0]; q.Waiting != 1 {
		t.Fatalf("after cancel: %d waiting, want 1", q.Waiting)
	}
}

func TestTransferMovesTicket(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	old := ticket("A002", "A", "called")
	m.Apply(event(t, 11, contract.EventTicketCalled, now, contract.TicketEvent{Ticket: old, Counter: 1}))
	leg := ticket("A002", "B", "waiting")
	leg.ID = "leg"
	prev := old
	prev.Status = contract.StatusTransferred
	m.Apply(event(t, 12, contract.EventTicketTransferred, now, contract.TicketEvent{Ticket: leg, Counter: 1, Previous: &prev}))
	b := m.Board()
	if b.Counters[0].Current != nil || b.Queues[1].Waiting != 1 {
		t.Fatalf("after transfer: counter 1 %+v, queue B %+v", b.Counters[0].Current, b.Queues[1])
	}
}

func TestStaleCallUpdatesBoardSilently(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	called := ticket("A002", "A", "called")
	now = t0.Add(DefaultFresh + time.Second) // the event arrives a minute late
	ch := m.Apply(event(t, 11, contract.EventTicketCalled, t0, contract.TicketEvent{Ticket: called, Counter: 1}))
	if len(ch.Announce) != 0 {
		t.Fatalf("a call 61 s old was announced: %+v", ch.Announce)
	}
	if c := m.Board().Counters[0].Current; c == nil || c.Number != "A002" {
		t.Fatal("a stale call must still update the board")
	}
}

func TestNeverAnnouncedTwice(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	called := ticket("A002", "A", "called")
	ev := event(t, 11, contract.EventTicketCalled, now, contract.TicketEvent{Ticket: called, Counter: 1})
	if ch := m.Apply(ev); len(ch.Announce) != 1 {
		t.Fatal("live call not announced")
	}
	if ch := m.Apply(ev); len(ch.Announce) != 0 {
		t.Fatal("the same event applied again was announced again")
	}
	// A resync snapshot that holds the announced call and a new fresh one
	// made while the link was down: only the new one is read.
	st := fixture()
	st.Seq = 13
	st.RecentCalls = []contract.Call{
		{Seq: 13, Number: "B001", Counter: 2, At: now},
		{Seq: 11, Number: "A002", Counter: 1, At: now},
		{Seq: 9, Number: "A001", Counter: 1, At: now.Add(-time.Minute)},
	}
	ch := m.Load(st)
	if len(ch.Announce) != 1 || ch.Announce[0].Number != "B001" {
		t.Fatalf("resync announced %+v, want only B001", ch.Announce)
	}
	if ch := m.Load(st); len(ch.Announce) != 0 {
		t.Fatalf("the same snapshot again announced %+v", ch.Announce)
	}
}

func TestHelpAndSettings(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	m.Apply(event(t, 11, contract.EventHelpRequested, now, contract.HelpRequest{ID: 7, Device: "kiosk-1", At: now}))
	if h := m.Board().Help; len(h) != 1 || h[0].Device != "kiosk-1" {
		t.Fatalf("help after request: %+v", h)
	}
	m.Apply(event(t, 12, contract.EventHelpTaken, now, contract.HelpRequest{ID: 7, Device: "kiosk-1", TakenBy: "canbo1"}))
	if h := m.Board().Help; len(h) != 0 {
		t.Fatalf("help after taken: %+v", h)
	}
	centre := fixture().Centre
	centre.Slogans = []contract.Text{{VI: "Mới"}}
	centre.Announcement.Template = "Mời {number} đến {counter}"
	ch := m.Apply(event(t, 13, contract.EventSettingsChanged, now, centre))
	if !ch.Settings || m.Board().Centre.Announcement.Template != "Mời {number} đến {counter}" || m.Board().Centre.Slogans[0].VI != "Mới" {
		t.Fatalf("settings.changed not applied: %+v", m.Board().Centre)
	}
}

func TestIgnoresWhatItCannotUse(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	if ch := m.Apply(event(t, 1, contract.EventTicketCalled, now, contract.TicketEvent{})); ch.Redraw {
		t.Fatal("event applied before any snapshot")
	}
	m.Load(fixture())
	before := m.Board()
	for _, ev := range []contract.Event{
		event(t, 5, contract.EventTicketCalled, now, contract.TicketEvent{Ticket: ticket("A9", "A", "called"), Counter: 1}), // old seq
		{V: 1, Seq: 11, Type: contract.EventTicketCalled, At: now, Data: json.RawMessage(`{"ticket":`)},                     // malformed
		event(t, 12, "ticket.teleported", now, map[string]int{"x": 1}),                                                      // unknown
	} {
		if ch := m.Apply(ev); ch.Redraw || len(ch.Announce) != 0 {
			t.Errorf("event %d %s changed the board", ev.Seq, ev.Type)
		}
	}
	if after := m.Board(); after.Counters[0].Current != nil || len(after.Calls) != len(before.Calls) {
		t.Fatal("ignored events changed the picture")
	}
	if ch := m.Apply(event(t, 13, contract.EventCatalogueChanged, now, contract.CatalogueEvent{Version: 2})); !ch.Reload {
		t.Fatal("catalogue.changed must ask for a reload")
	}
	tomorrow := ticket("A001", "A", "waiting")
	tomorrow.Day = "2026-11-26"
	if ch := m.Apply(event(t, 14, contract.EventClockStepped, now, contract.ClockWarning{At: now, JumpS: -3600})); !ch.Reload {
		t.Error("a clock step did not ask for a fresh snapshot")
	}
	if ch := m.Apply(event(t, 15, contract.EventTicketIssued, now, contract.TicketEvent{Ticket: tomorrow})); !ch.Reload {
		t.Fatal("a ticket of a new day must ask for a reload")
	}
}

func TestMemoryBounded(t *testing.T) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	for i := range 10000 {
		tk := ticket("A"+string(rune('0'+i%10)), "A", "called")
		m.Apply(event(t, int64(11+2*i), contract.EventTicketCalled, now, contract.TicketEvent{Ticket: tk, Counter: 1}))
		m.Apply(event(t, int64(12+2*i), contract.EventHelpRequested, now, contract.HelpRequest{ID: int64(i)}))
	}
	if b := m.Board(); len(b.Calls) != MaxCalls || len(b.Help) != MaxHelp {
		t.Fatalf("after 10,000 calls: %d calls, %d help kept; want %d and %d", len(b.Calls), len(b.Help), MaxCalls, MaxHelp)
	}
}

// BenchmarkApply10000Calls applies 10,000 call events to a model per
// operation and reports the live heap left afterwards beyond the first
// run's, to show the model's memory does not grow with the day's calls.
func BenchmarkApply10000Calls(b *testing.B) {
	now := t0
	m := NewModel(clockAt(&now))
	m.Load(fixture())
	events := make([]contract.Event, 10000)
	for i := range events {
		tk := ticket("A"+string(rune('0'+i%10)), "A", "called")
		raw, _ := json.Marshal(contract.TicketEvent{Ticket: tk, Counter: 1})
		events[i] = contract.Event{V: 1, Type: contract.EventTicketCalled, At: now, Data: raw}
	}
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	seq := int64(10)
	var base uint64
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		for _, ev := range events {
			seq++
			ev.Seq = seq
			m.Apply(ev)
		}
		if i == 0 {
			b.StopTimer()
			base = heap()
			b.StartTimer()
		}
	}
	b.StopTimer()
	growth := float64(int64(heap()) - int64(base))
	b.ReportMetric(growth, "heap-growth-B")
	b.ReportMetric(float64(len(m.Board().Calls)), "calls-kept")
}
