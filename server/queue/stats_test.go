package queue

import (
	"context"
	"testing"
	"time"

	"motcua/server/contract"
)

func TestTodayFiguresPerQueueAndCounter(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	a1 := f.issue("1.001193", contract.PriorityNone)
	f.issue("1.001193", contract.PriorityElderly)
	f.issue("2.000884", contract.PriorityNone)
	f.clock.Advance(5 * time.Minute)
	if _, err := f.eng.CallNumber(ctx, 1, a1.Number, staffActor); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Start(ctx, 1, staffActor); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.CallNumber(ctx, 3, "B001", staffActor); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.NoShow(ctx, 3, staffActor); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(10 * time.Minute)
	if _, err := f.eng.Finish(ctx, 1, staffActor); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: a1.ID, Score: contract.RatingVerySatisfied}, Rater{Device: "tablet-1", Counter: 1}); err != nil {
		t.Fatal(err)
	}

	got, err := f.eng.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Figures{Issued: 3, Waiting: 1, Served: 1, NoShows: 1, AvgWaitS: 300, AvgServiceS: 600, Ratings: 1, Satisfied: 1, SatisfiedPct: 100}
	if got.Total != want {
		t.Errorf("total = %+v, want %+v", got.Total, want)
	}
	if got.Day != "2026-11-25" || len(got.Queues) != 3 || len(got.Counters) != 3 {
		t.Fatalf("day %s, %d queues, %d counters", got.Day, len(got.Queues), len(got.Counters))
	}
	qa := got.Queues[0]
	if qa.Prefix != "A" || qa.Issued != 2 || qa.Waiting != 1 || qa.Served != 1 || qa.SatisfiedPct != 100 {
		t.Errorf("queue A = %+v", qa)
	}
	if qn := got.Queues[2]; qn.Issued != 0 || qn.SatisfiedPct != -1 {
		t.Errorf("empty queue N = %+v, want zeros and -1 satisfaction", qn)
	}
	c1, c2, c3 := got.Counters[0], got.Counters[1], got.Counters[2]
	if c1.Served != 1 || c1.Waiting != 1 || c1.Issued != 0 || c1.AvgServiceS != 600 || c1.Ratings != 1 {
		t.Errorf("counter 1 = %+v", c1)
	}
	if c2.Waiting != 1 || c2.Served != 0 {
		t.Errorf("counter 2 = %+v", c2)
	}
	if c3.NoShows != 1 || c3.Waiting != 0 || c3.SatisfiedPct != -1 {
		t.Errorf("counter 3 = %+v", c3)
	}
}

func TestWaitingListOfACounter(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.issue("1.001193", contract.PriorityNone)
	f.clock.Advance(time.Second)
	f.issue("2.000884", contract.PriorityNone)
	f.clock.Advance(time.Second)
	f.issue("1.001193", contract.PriorityElderly)
	// B001 is transferred from counter 3 to counter 2: it now waits for 2 only.
	if _, err := f.eng.CallNumber(ctx, 3, "B001", staffActor); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Transfer(ctx, 3, contract.TransferRequest{Counter: 2}, staffActor); err != nil {
		t.Fatal(err)
	}
	numbers := func(n int) []string {
		ts, err := f.eng.Waiting(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range ts {
			out = append(out, x.Number+string(x.Priority))
		}
		return out
	}
	if got := numbers(2); len(got) != 3 || got[0] != "A001" || got[1] != "B001" || got[2] != "A002elderly" {
		t.Errorf("counter 2 waiting = %v, want A001, B001 (transferred here), A002elderly", got)
	}
	if got := numbers(3); len(got) != 0 {
		t.Errorf("counter 3 waiting = %v, want none", got)
	}
	if _, err := f.eng.Waiting(ctx, 99); err == nil {
		t.Error("waiting list of an unknown counter did not fail")
	}
}
