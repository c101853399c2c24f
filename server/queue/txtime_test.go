package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"motcua/server/contract"
	"motcua/server/store"
)

// holdWriter occupies the store's writer until release is called, so the
// changes queued meanwhile run in one group-commit batch.
func (f *fixture) holdWriter() (release func()) {
	f.t.Helper()
	entered, gate, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- f.db.Update(context.Background(), func(*store.Tx) error { close(entered); <-gate; return nil })
	}()
	<-entered
	return func() {
		close(gate)
		if err := <-done; err != nil {
			f.t.Error(err)
		}
	}
}

// waitQueued waits until n changes wait for the writer.
func (f *fixture) waitQueued(n int) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for f.db.Queued() < n {
		select {
		case <-ctx.Done():
			f.t.Fatalf("only %d of %d changes queued", f.db.Queued(), n)
		case <-time.After(time.Millisecond):
		}
	}
}

// TestConcurrentCatalogueReplacements: 16 replacements that commit in one
// batch each see the one before (versions 2..17, each once), and memory,
// store and events agree on the last.
func TestConcurrentCatalogueReplacements(t *testing.T) {
	f := newFixture(t)
	release := f.holdWriter()
	const n = 16
	versions := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cat := smallCatalogue()
			cat.Procedures[0].Name.VI = fmt.Sprintf("Đăng ký khai sinh %d", i)
			got, err := f.eng.ReplaceCatalogue(context.Background(), cat, Actor{Name: "admin"})
			if err != nil {
				t.Error(err)
			}
			versions[i] = int(got.Version)
		}()
	}
	f.waitQueued(n)
	release()
	wg.Wait()
	sort.Ints(versions)
	for i, v := range versions {
		if v != i+2 {
			t.Fatalf("versions handed out %v, want 2..%d each once", versions, n+1)
		}
	}
	var stored int64
	if err := f.db.Reader().QueryRow("SELECT version FROM catalogue").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if mem := f.eng.Catalogue().Version; mem != n+1 || stored != n+1 {
		t.Fatalf("in memory %d, stored %d, want %d", mem, stored, n+1)
	}
	var evs []int64
	for _, ev := range f.pub.events() {
		if ev.Type == contract.EventCatalogueChanged {
			var ce contract.CatalogueEvent
			decode(t, ev, &ce)
			evs = append(evs, ce.Version)
		}
	}
	if len(evs) != n || evs[n-1] != n+1 || !sort.SliceIsSorted(evs, func(i, j int) bool { return evs[i] < evs[j] }) {
		t.Fatalf("catalogue events carry versions %v, want 2..%d in order", evs, n+1)
	}
	// Memory matches the stored document of the last version.
	f.reopen()
	if got := f.eng.Catalogue(); got.Version != n+1 {
		t.Fatalf("after restart version %d", got.Version)
	}
}

// TestSettingsAndCatalogueSeenInTheBatch: a ticket issued in the same batch
// as the catalogue change that creates its procedure is routed by it, and
// a settings change is seen by the ticket after it.
func TestSettingsAndCatalogueSeenInTheBatch(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	release := f.holdWriter()
	cat := smallCatalogue()
	cat.Procedures = append(cat.Procedures, contract.Procedure{Code: "1.004873", Name: contract.Text{VI: "Xác nhận tình trạng hôn nhân"}, Field: "ho-tich",
		Fees: []contract.Fee{{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFree, Source: "Luật Hộ tịch Điều 11"}}})
	cat.Queues[1].Procedures = append(cat.Queues[1].Procedures, "1.004873")
	s := f.eng.Settings()
	s.DefaultServiceS = 100
	var wg sync.WaitGroup
	var issued contract.Ticket
	var errs [3]error
	steps := []func(){
		func() { _, errs[0] = f.eng.ReplaceCatalogue(context.Background(), cat, Actor{Name: "admin"}) },
		func() { _, errs[1] = f.eng.UpdateSettings(context.Background(), s, Actor{Name: "admin"}) },
		func() {
			issued, errs[2] = f.eng.Issue(context.Background(), contract.IssueTicketRequest{Procedure: "1.004873"}, "kiosk-1")
		},
	}
	for i, step := range steps {
		f.waitQueued(i)
		wg.Add(1)
		go func() { defer wg.Done(); step() }()
	}
	f.waitQueued(len(steps))
	release()
	wg.Wait()
	if fmt.Sprint(errs) != "[<nil> <nil> <nil>]" {
		t.Fatal(errs)
	}
	if issued.Number != "B001" || issued.EstimatedWaitS != 100 {
		t.Fatalf("ticket %s estimate %d s, want B001 and 100 s from the new settings", issued.Number, issued.EstimatedWaitS)
	}
}

// TestServiceTimeSeenInTheBatch: a finish and an issue in one batch — the
// issue's estimate counts the service that just finished.
func TestServiceTimeSeenInTheBatch(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	for range 4 {
		f.issue("2.000884", "")
	}
	for range 3 {
		f.callNext(3)
		f.clock.Advance(10 * time.Minute)
		f.eng.Finish(ctx, 3, staffActor)
	}
	f.callNext(3)
	f.clock.Advance(30 * time.Minute) // the fourth takes 30 minutes: the average becomes 15
	release := f.holdWriter()
	var wg sync.WaitGroup
	var issued contract.Ticket
	var ferr, ierr error
	wg.Add(2)
	go func() { defer wg.Done(); _, ferr = f.eng.Finish(ctx, 3, staffActor) }()
	f.waitQueued(1)
	go func() {
		defer wg.Done()
		issued, ierr = f.eng.Issue(ctx, contract.IssueTicketRequest{Procedure: "2.000884"}, "kiosk-1")
	}()
	f.waitQueued(2)
	release()
	wg.Wait()
	if ferr != nil || ierr != nil {
		t.Fatal(ferr, ierr)
	}
	if issued.Position != 1 || issued.EstimatedWaitS != 15*60 {
		t.Fatalf("position %d, estimate %d s, want 1 and 900 s", issued.Position, issued.EstimatedWaitS)
	}
}

// TestIssueStampedWhenTheWriterRunsIt: the ticket's time is the change's,
// read when the writer runs it, like every counter operation.
func TestIssueStampedWhenTheWriterRunsIt(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, ict)
	f.clock.Set(start)
	f.issue("1.001193", "")
	release := f.holdWriter()
	got := make(chan contract.Ticket, 1)
	go func() {
		tk, err := f.eng.Issue(context.Background(), contract.IssueTicketRequest{Procedure: "1.001193"}, "kiosk-1")
		if err != nil {
			t.Error(err)
		}
		got <- tk
	}()
	f.waitQueued(1)
	f.clock.Advance(time.Minute)
	release()
	tk := <-got
	if !tk.IssuedAt.Equal(start.Add(time.Minute)) {
		t.Fatalf("issued at %v, want %v (when the writer ran it)", tk.IssuedAt, start.Add(time.Minute))
	}
	called := f.callNext(2)
	if called.CalledAt.Before(called.IssuedAt) {
		t.Fatalf("called %v before issued %v", called.CalledAt, called.IssuedAt)
	}
}

func decode(t *testing.T, ev contract.Event, v any) {
	t.Helper()
	if err := json.Unmarshal(ev.Data, v); err != nil {
		t.Fatal(err)
	}
}
