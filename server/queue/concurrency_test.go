package queue

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
)

// hallCatalogue is smallCatalogue with counters 1..n all serving queue A.
func hallCatalogue(n int) contract.Catalogue {
	cat := smallCatalogue()
	cat.Counters = nil
	for i := 1; i <= n; i++ {
		qs := []string{"A"}
		if i == 1 {
			qs = []string{"A", "B", "N"}
		}
		cat.Counters = append(cat.Counters, contract.Counter{Number: i, Name: contract.Text{VI: fmt.Sprintf("Quầy %d", i)}, Queues: qs})
	}
	return cat
}

// fillQueue issues n tickets from workers kiosks at once (group commit).
func fillQueue(tb testing.TB, e *Engine, n, workers int) []contract.Ticket {
	tb.Helper()
	out := make([]contract.Ticket, n)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				p := contract.PriorityNone
				if i%5 == 0 {
					p = contract.PriorityElderly
				}
				t, err := e.Issue(context.Background(), contract.IssueTicketRequest{Procedure: "1.001193", Priority: p}, "kiosk")
				if err != nil {
					errs <- err
					return
				}
				out[i] = t
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
	return out
}

// drain has counters call and finish tickets in parallel until the queue
// is empty, returning every ticket id called, per counter.
func drain(tb testing.TB, e *Engine, counters int) [][]string {
	tb.Helper()
	called := make([][]string, counters)
	var wg sync.WaitGroup
	for c := range counters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := Actor{Name: fmt.Sprintf("canbo%d", c+1), Role: contract.RoleStaff}
			for {
				t, err := e.CallNext(context.Background(), c+1, who)
				if err != nil {
					if coded.Code(err) != contract.CodeQueueEmpty {
						tb.Error(err)
					}
					return
				}
				called[c] = append(called[c], t.ID)
				if _, err := e.Finish(context.Background(), c+1, who); err != nil {
					tb.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return called
}

// TestParallelCallNextNeverDoubles: 20 counters drain 10,000 tickets at
// once; every ticket is called exactly once and every number is unique.
func TestParallelCallNextNeverDoubles(t *testing.T) {
	n := 10000
	if testing.Short() || raceEnabled {
		n = 2000 // BenchmarkCallNext20Counters -benchtime=10000x runs the full size
	}
	f := newFixture(t)
	if _, err := f.eng.ReplaceCatalogue(context.Background(), hallCatalogue(20), Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(time.Date(2026, 11, 26, 8, 0, 0, 0, ict))
	issued := fillQueue(t, f.eng, n, 32)
	numbers := map[string]bool{}
	for _, tk := range issued {
		if numbers[tk.Number] {
			t.Fatalf("number %s issued twice", tk.Number)
		}
		numbers[tk.Number] = true
	}
	seen := map[string]int{}
	busy := 0
	for c, ids := range drain(t, f.eng, 20) {
		if len(ids) > 0 {
			busy++
		}
		for _, id := range ids {
			if prev, dup := seen[id]; dup {
				t.Fatalf("ticket %s called by counters %d and %d", id, prev, c+1)
			}
			seen[id] = c + 1
		}
	}
	if len(seen) != n {
		t.Fatalf("%d tickets called, %d issued: some were lost", len(seen), n)
	}
	if busy < 10 {
		t.Fatalf("only %d of 20 counters got work: calls were not parallel", busy)
	}
	var waiting, done int
	f.db.Reader().QueryRow("SELECT COUNT(*) FROM tickets WHERE status = 'waiting'").Scan(&waiting)
	f.db.Reader().QueryRow("SELECT COUNT(*) FROM tickets WHERE status = 'done'").Scan(&done)
	if waiting != 0 || done != n {
		t.Fatalf("after draining: %d waiting, %d done", waiting, done)
	}
}

// BenchmarkCallNext20Counters measures call-next throughput with 20
// counters calling at once over a queue of b.N tickets.
func BenchmarkCallNext20Counters(b *testing.B) {
	f := newFixture(b)
	if _, err := f.eng.ReplaceCatalogue(context.Background(), hallCatalogue(20), Actor{Name: "bench"}); err != nil {
		b.Fatal(err)
	}
	fillQueue(b, f.eng, b.N, 32)
	b.ResetTimer()
	start := time.Now()
	called := drain(b, f.eng, 20)
	elapsed := time.Since(start)
	seen := map[string]bool{}
	for _, ids := range called {
		for _, id := range ids {
			if seen[id] {
				b.Fatalf("ticket %s called twice", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != b.N {
		b.Fatalf("called %d of %d tickets", len(seen), b.N)
	}
	b.ReportMetric(float64(len(seen))/elapsed.Seconds(), "calls/s")
	b.ReportMetric(0, "ns/op")
}
