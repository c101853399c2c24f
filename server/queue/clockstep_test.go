package queue

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"motcua/server/contract"
)

// TestClockStepBackKeepsIssueOrder: a clock stepped back 30 minutes does not
// let the ticket issued after the step be called first, and the
// administrator is told.
func TestClockStepBackKeepsIssueOrder(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.passTo(time.Date(2026, 11, 26, 9, 30, 0, 0, ict))
	first := f.issue("1.001193", "")
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict)) // stepped back
	second := f.issue("1.001193", "")
	if !second.IssuedAt.Before(first.IssuedAt) {
		t.Fatal("the test needs the second ticket stamped earlier")
	}
	if second.Position != 2 {
		t.Fatalf("second ticket position %d, want 2", second.Position)
	}
	waiting, err := f.eng.Waiting(ctx, 2)
	if err != nil || len(waiting) != 2 || waiting[0].ID != first.ID {
		t.Fatalf("waiting list %+v %v, want %s first", waiting, err, first.Number)
	}
	if got := f.callNext(2); got.ID != first.ID {
		t.Fatalf("called %s first, want %s (issued first)", got.Number, first.Number)
	}
	st, err := f.eng.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := st.ClockWarning
	if w == nil || w.JumpS != -30*60 || !w.From.Equal(first.IssuedAt) || w.Moved != 0 {
		t.Fatalf("clock warning %+v, want a 30-minute step back", w)
	}
	evs := f.pub.events()
	if step, saw := evs[len(evs)-3], evs[len(evs)-2]; step.Type != contract.EventClockStepped || saw.Type != contract.EventTicketIssued || saw.Seq != step.Seq+1 {
		t.Fatalf("events end with %s, %s: want the step reported just before the issue that saw it", step.Type, saw.Type)
	}
	log, err := f.eng.Audit(ctx, AuditQuery{Action: "clock.step"})
	if err != nil || len(log) != 1 || log[0].Actor != "system" || !strings.Contains(log[0].Detail, "lùi 30m0s") {
		t.Fatalf("audit %+v %v", log, err)
	}
}

// TestTicketsIssuedUnderAWrongDateStayCallable: the appliance boots a year
// ahead and issues tickets; NTP corrects the clock. The tickets are carried
// into the real service day: call-next and call-by-number find them, the
// board counts them, and new numbers continue after theirs.
func TestTicketsIssuedUnderAWrongDateStayCallable(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	real := time.Date(2026, 11, 26, 8, 0, 0, 0, ict)
	f.passTo(real)
	f.clock.Set(real.AddDate(1, 0, 0)) // booted with a wrong date
	var wrong []contract.Ticket
	for range 3 {
		wrong = append(wrong, f.issue("1.001193", ""))
		f.clock.Advance(time.Minute)
	}
	if wrong[0].Day != "2027-11-26" {
		t.Fatalf("issued on %s", wrong[0].Day)
	}
	f.clock.Set(real.Add(3 * time.Minute)) // NTP corrects it
	st, err := f.eng.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Day != "2026-11-26" || st.Queues[0].Waiting != 0 {
		t.Fatalf("before any change: day %s, %d waiting", st.Day, st.Queues[0].Waiting)
	}
	next := f.issue("1.001193", "") // the first change after the correction carries them
	if next.Number != "A004" || next.Day != "2026-11-26" || next.Position != 4 {
		t.Fatalf("new ticket %s on %s at position %d, want A004 on 2026-11-26 at 4", next.Number, next.Day, next.Position)
	}
	if got := f.callNext(2); got.ID != wrong[0].ID || got.Day != "2026-11-26" {
		t.Fatalf("call-next gave %s of %s, want %s", got.Number, got.Day, wrong[0].Number)
	}
	got, err := f.eng.CallNumber(ctx, 1, wrong[2].Number, staffActor)
	if err != nil || got.ID != wrong[2].ID {
		t.Fatalf("call %s: %+v %v", wrong[2].Number, got, err)
	}
	st, _ = f.eng.State(ctx)
	if st.Queues[0].Waiting != 2 || st.ClockWarning == nil || st.ClockWarning.Moved != 3 || st.ClockWarning.JumpS >= 0 {
		t.Fatalf("after correction: %d waiting, warning %+v", st.Queues[0].Waiting, st.ClockWarning)
	}
	// Both steps (a year ahead and back) are in the audit log.
	log, _ := f.eng.Audit(ctx, AuditQuery{Action: "clock.step", From: real.AddDate(-1, 0, 0), To: real.AddDate(2, 0, 0)})
	if len(log) != 2 {
		t.Fatalf("audit %+v, want two clock steps", log)
	}
}

// TestClockCorrectedWhileTheServerWasOff: the wrong-date tickets are
// carried on the first change after a restart with the corrected clock.
func TestClockCorrectedWhileTheServerWasOff(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	real := time.Date(2026, 11, 26, 8, 0, 0, 0, ict)
	f.clock.Set(real.AddDate(1, 0, 0))
	a := f.issue("2.000884", "")
	f.reopen()
	f.clock.Set(real)
	if _, err := f.eng.CallNumber(ctx, 3, a.Number, staffActor); err != nil {
		t.Fatalf("call %s after restart and correction: %v", a.Number, err)
	}
}

// TestMidnightIsNotAStep: time passing over midnight leaves yesterday's
// line in yesterday and warns nobody.
func TestMidnightIsNotAStep(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.passTo(time.Date(2026, 11, 26, 16, 0, 0, 0, ict))
	f.issue("1.001193", "")
	f.clock.Advance(9 * time.Hour)
	c := f.issue("1.001193", "")
	st, _ := f.eng.State(context.Background())
	if c.Number != "A001" || st.Queues[0].Waiting != 1 || st.ClockWarning != nil {
		t.Fatalf("after midnight: %s, %d waiting, warning %+v", c.Number, st.Queues[0].Waiting, st.ClockWarning)
	}
	log, _ := f.eng.Audit(context.Background(), AuditQuery{Action: "clock.step", From: time.Date(2026, 11, 26, 10, 0, 0, 0, ict)})
	if len(log) != 0 {
		t.Fatalf("%s", fmt.Sprint(log))
	}
}

// passTo lets time pass until t (no clock step).
func (f *fixture) passTo(t time.Time) { f.clock.Advance(t.Sub(f.clock.Now())) }
