package queue

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"motcua/server/contract"
)

// TestLineCountsMatchTheLine drives the engine through every way a ticket
// enters or leaves a line (issue, call, call by number, cancel, transfer
// to a queue and to a counter, a clock step that carries a day) and checks
// the waiting counts kept in day_numbers equal a count of the tickets table, and that
// each new ticket's position equals the one counted afterwards.
func TestLineCountsMatchTheLine(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.passTo(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	rng := rand.New(rand.NewPCG(1, 2))
	codes := []string{"1.001193", "2.000815", "2.000884"}
	prios := []contract.Priority{"", "", contract.PriorityElderly}
	var waiting []contract.Ticket
	for i := range 300 {
		switch r := rng.IntN(10); {
		case r < 5:
			tk := f.issue(codes[rng.IntN(len(codes))], prios[rng.IntN(len(prios))])
			again, err := f.eng.Ticket(ctx, tk.ID)
			if err != nil || again.Position != tk.Position {
				t.Fatalf("step %d: issued at position %d, counted %d (%v)", i, tk.Position, again.Position, err)
			}
			waiting = append(waiting, tk)
		case r < 7:
			n := 1 + rng.IntN(3)
			f.eng.Finish(ctx, n, staffActor)
			f.eng.CallNext(ctx, n, staffActor)
		case r < 8 && len(waiting) > 0:
			f.eng.Cancel(ctx, waiting[rng.IntN(len(waiting))].ID, staffActor)
		case r < 9 && len(waiting) > 0:
			f.eng.Finish(ctx, 2, staffActor)
			f.eng.CallNumber(ctx, 2, waiting[rng.IntN(len(waiting))].Number, staffActor)
		default:
			n := 1 + rng.IntN(3)
			f.eng.Start(ctx, n, staffActor)
			req := contract.TransferRequest{Queue: "B"}
			if rng.IntN(2) == 0 {
				req = contract.TransferRequest{Counter: 1 + n%3}
			}
			f.eng.Transfer(ctx, n, req, staffActor)
		}
		f.clock.Advance(time.Minute)
		if i == 150 {
			f.clock.Set(f.clock.Now().AddDate(0, 0, 1)) // a step into the next day carries the lines
		}
	}
	var got, want string
	rows, err := f.db.Reader().Query(`SELECT day, queue, 1, waiting_priority FROM day_numbers WHERE waiting_priority != 0
		UNION ALL SELECT day, queue, 0, waiting_normal FROM day_numbers WHERE waiting_normal != 0 ORDER BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, queue string
		var prio, n int
		rows.Scan(&day, &queue, &prio, &n)
		got += fmt.Sprintf("%s/%s/%d=%d ", day, queue, prio, n)
	}
	rows2, err := f.db.Reader().Query(`SELECT day, queue, is_priority, COUNT(*) FROM tickets
		WHERE status = 'waiting' AND target_counter = 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows2.Close()
	for rows2.Next() {
		var day, queue string
		var prio, n int
		rows2.Scan(&day, &queue, &prio, &n)
		want += fmt.Sprintf("%s/%s/%d=%d ", day, queue, prio, n)
	}
	if got != want || want == "" {
		t.Fatalf("waiting counts in day_numbers\n %s\nthe tickets table\n %s", got, want)
	}
}
