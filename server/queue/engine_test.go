package queue

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"motcua/server/clock"
	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/store"
)

var ict = time.FixedZone("ICT", 7*3600)

// wednesday 25/11/2026 08:00 in Hải Phòng.
var wednesday = time.Date(2026, 11, 25, 8, 0, 0, 0, ict)

// recorder is a Publisher that checks every event is already in the store
// when it is published (saved before announced) and keeps them in order.
type recorder struct {
	t   testing.TB
	db  *store.DB
	mu  sync.Mutex
	evs []contract.Event
}

func (r *recorder) Publish(ev contract.Event, wire []byte) {
	var n int
	if err := r.db.Reader().QueryRow("SELECT COUNT(*) FROM events WHERE seq = ?", ev.Seq).Scan(&n); err != nil || n != 1 {
		r.t.Errorf("event %d published before it was committed (found %d, %v)", ev.Seq, n, err)
	}
	r.mu.Lock()
	r.evs = append(r.evs, ev)
	r.mu.Unlock()
}

func (r *recorder) events() []contract.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]contract.Event(nil), r.evs...)
}

type fixture struct {
	t     testing.TB
	dir   string
	db    *store.DB
	eng   *Engine
	clock *clock.Fake
	pub   *recorder
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), clock: clock.NewFake(wednesday)}
	f.open()
	t.Cleanup(func() { f.db.Close() })
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(f.dir, "t.db"), store.WithClock(f.clock))
	if err != nil {
		f.t.Fatal(err)
	}
	f.db = db
	f.pub = &recorder{t: f.t, db: db}
	f.eng, err = Open(context.Background(), db, f.clock, f.pub)
	if err != nil {
		f.t.Fatal(err)
	}
}

// reopen simulates a restart: a new engine over the same file.
func (f *fixture) reopen() {
	f.t.Helper()
	f.db.Close()
	f.open()
}

var staffActor = Actor{Name: "canbo1", Role: contract.RoleStaff}

func (f *fixture) issue(code string, p contract.Priority) contract.Ticket {
	f.t.Helper()
	t, err := f.eng.Issue(context.Background(), contract.IssueTicketRequest{Procedure: code, Priority: p}, "kiosk-1")
	if err != nil {
		f.t.Fatalf("issue %s: %v", code, err)
	}
	return t
}

func (f *fixture) callNext(n int) contract.Ticket {
	f.t.Helper()
	t, err := f.eng.CallNext(context.Background(), n, staffActor)
	if err != nil {
		f.t.Fatalf("call-next at %d: %v", n, err)
	}
	return t
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if coded.Code(err) != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

// smallCatalogue has queue A (two procedures, one same-day), queue B, the
// fast lane N, and counters: 1 serves A and N, 2 serves A, 3 serves B.
func smallCatalogue() contract.Catalogue {
	src := "Thông tư 226/2016/TT-BTC"
	return contract.Catalogue{
		Fields: []contract.Field{{ID: "ho-tich", Name: contract.Text{VI: "Hộ tịch"}}},
		Procedures: []contract.Procedure{
			{Code: "1.001193", Name: contract.Text{VI: "Đăng ký khai sinh"}, Field: "ho-tich", Fees: []contract.Fee{{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFree, Source: "Luật Hộ tịch Điều 11"}}},
			{Code: "2.000815", Name: contract.Text{VI: "Chứng thực bản sao từ bản chính"}, Field: "ho-tich", SameDayWednesday: true, SameDayCutoff: "15:00",
				Fees: []contract.Fee{{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeePerPage, Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}, Cap: 200000, Source: src}}},
			{Code: "2.000884", Name: contract.Text{VI: "Chứng thực chữ ký"}, Field: "ho-tich", Fees: []contract.Fee{{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFlat, Amount: 10000, Source: src}}},
		},
		Queues: []contract.Queue{
			{Prefix: "A", Name: contract.Text{VI: "Hộ tịch"}, Procedures: []string{"1.001193", "2.000815"}},
			{Prefix: "B", Name: contract.Text{VI: "Chứng thực"}, Procedures: []string{"2.000884"}},
			{Prefix: "N", Name: contract.Text{VI: "Thứ Tư – trong ngày"}},
		},
		Counters: []contract.Counter{
			{Number: 1, Name: contract.Text{VI: "Quầy 1"}, Queues: []string{"A", "N"}},
			{Number: 2, Name: contract.Text{VI: "Quầy 2"}, Queues: []string{"A"}},
			{Number: 3, Name: contract.Text{VI: "Quầy 3"}, Queues: []string{"B"}},
		},
	}
}

func (f *fixture) useSmallCatalogue() {
	f.t.Helper()
	if _, err := f.eng.ReplaceCatalogue(context.Background(), smallCatalogue(), Actor{Name: "test"}); err != nil {
		f.t.Fatal(err)
	}
}

func TestDefaultCatalogueLoadedOnFirstStart(t *testing.T) {
	f := newFixture(t)
	cat := f.eng.Catalogue()
	if cat.Version != 1 || len(cat.Procedures) < 20 {
		t.Fatalf("catalogue version %d with %d procedures", cat.Version, len(cat.Procedures))
	}
	f.reopen()
	if got := f.eng.Catalogue(); got.Version != 1 || len(got.Procedures) != len(cat.Procedures) {
		t.Fatalf("after restart: version %d, %d procedures", got.Version, len(got.Procedures))
	}
}

func TestNumbersPerQueueAndDay(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 26, 8, 0, 0, 0, ict)) // Thursday: no fast lane
	got := []string{
		f.issue("1.001193", "").Number, f.issue("2.000815", "").Number,
		f.issue("2.000884", "").Number, f.issue("1.001193", contract.PriorityElderly).Number,
	}
	want := []string{"A001", "A002", "B001", "A003"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("numbers %v, want %v", got, want)
	}
}

// TestMidnightResetInCentreZone stands the clock in UTC (as a host in
// another zone would) one second either side of midnight in Hải Phòng.
func TestMidnightResetInCentreZone(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 26, 16, 59, 58, 0, time.UTC)) // 23:59:58 ICT Thursday
	a := f.issue("1.001193", "")
	b := f.issue("1.001193", "")
	f.clock.Set(time.Date(2026, 11, 26, 17, 0, 1, 0, time.UTC)) // 00:00:01 ICT Friday
	c := f.issue("1.001193", "")
	if a.Day != "2026-11-26" || b.Number != "A002" {
		t.Fatalf("before midnight: %s %s on %s", a.Number, b.Number, a.Day)
	}
	if c.Day != "2026-11-27" || c.Number != "A001" {
		t.Fatalf("after midnight: %s on %s, want A001 on 2026-11-27", c.Number, c.Day)
	}
	// Yesterday's waiting tickets are not called today.
	if got := f.callNext(2); got.ID != c.ID {
		t.Fatalf("after midnight counter 2 called %s of %s", got.Number, got.Day)
	}
	f.eng.Finish(context.Background(), 2, staffActor)
	_, err := f.eng.CallNext(context.Background(), 2, staffActor)
	wantCode(t, err, contract.CodeQueueEmpty)
}

func TestNumbersNeverReusedAfterRestart(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	f.issue("1.001193", "")
	f.issue("1.001193", "")
	f.reopen()
	if n := f.issue("1.001193", "").Number; n != "A003" {
		t.Fatalf("after restart got %s, want A003", n)
	}
}

func TestPriorityInterleavingThroughEngine(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	for i := 0; i < 4; i++ {
		f.issue("1.001193", "")
		f.clock.Advance(time.Second)
		f.issue("1.001193", contract.PriorityElderly)
		f.clock.Advance(time.Second)
	}
	var order string
	for i := 0; i < 8; i++ {
		t1 := f.callNext(2)
		order += t1.Number + " "
		if _, err := f.eng.Finish(context.Background(), 2, staffActor); err != nil {
			t.Fatal(err)
		}
	}
	// Normal tickets are odd numbers, priority even: P P N P P N N N.
	want := "A002 A004 A001 A006 A008 A003 A005 A007 "
	if order != want {
		t.Fatalf("call order\n got %s\nwant %s", order, want)
	}
	_, err := f.eng.CallNext(context.Background(), 2, staffActor)
	wantCode(t, err, contract.CodeQueueEmpty)
}

func TestMaxWaitCapPreventsStarvation(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	old := f.issue("1.001193", "")
	f.clock.Advance(46 * time.Minute) // default cap is 45 minutes
	f.issue("1.001193", contract.PriorityPregnancy)
	if got := f.callNext(2); got.ID != old.ID {
		t.Fatalf("called %s, want the normal ticket over the cap %s", got.Number, old.Number)
	}
}

func TestLifecycleAndTransitions(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	tk := f.issue("2.000884", "")
	if tk.Status != contract.StatusWaiting || tk.Position != 1 || tk.EstimatedWaitS <= 0 {
		t.Fatalf("issued ticket %+v", tk)
	}
	_, err := f.eng.Recall(ctx, 3, staffActor)
	wantCode(t, err, contract.CodeNoTicket)

	c := f.callNext(3)
	if c.Status != contract.StatusCalled || c.Counter != 3 || c.CalledAt == nil {
		t.Fatalf("called %+v", c)
	}
	f.issue("2.000884", "")
	_, err = f.eng.CallNext(ctx, 3, staffActor)
	wantCode(t, err, contract.CodeCounterBusy)

	f.clock.Advance(30 * time.Second)
	r, err := f.eng.Recall(ctx, 3, staffActor)
	if err != nil || r.RecallCount != 1 {
		t.Fatalf("recall: %+v %v", r, err)
	}
	s, err := f.eng.Start(ctx, 3, staffActor)
	if err != nil || s.Status != contract.StatusServing {
		t.Fatalf("start: %+v %v", s, err)
	}
	_, err = f.eng.NoShow(ctx, 3, staffActor)
	wantCode(t, err, contract.CodeConflict)
	f.clock.Advance(5 * time.Minute)
	// Call-next while serving finishes the current ticket first.
	next := f.callNext(3)
	done, _ := f.eng.Ticket(ctx, tk.ID)
	if done.Status != contract.StatusDone || done.FinishedAt == nil || next.Number != "B002" {
		t.Fatalf("after call-next: first %s, next %s", done.Status, next.Number)
	}
	ns, err := f.eng.NoShow(ctx, 3, staffActor)
	if err != nil || ns.Status != contract.StatusNoShow {
		t.Fatalf("no-show: %+v %v", ns, err)
	}
	var steps []string
	rows, _ := f.db.Reader().Query("SELECT status FROM transitions WHERE ticket = ? ORDER BY id", tk.ID)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		steps = append(steps, s)
	}
	rows.Close()
	if fmt.Sprint(steps) != "[waiting called called serving done]" {
		t.Fatalf("transitions %v", steps)
	}
	want := []contract.EventType{contract.EventTicketIssued, contract.EventTicketCalled, contract.EventTicketIssued,
		contract.EventTicketRecalled, contract.EventTicketStarted, contract.EventTicketFinished, contract.EventTicketCalled, contract.EventTicketNoShow}
	evs := f.pub.events()
	evs = evs[1:] // the catalogue change
	if len(evs) != len(want) {
		t.Fatalf("%d events, want %d", len(evs), len(want))
	}
	for i, ev := range evs {
		if ev.Type != want[i] {
			t.Errorf("event %d is %s, want %s", i, ev.Type, want[i])
		}
	}
	assertGapFree(t, f.pub.events())
}

func assertGapFree(t *testing.T, evs []contract.Event) {
	t.Helper()
	for i := 1; i < len(evs); i++ {
		if evs[i].Seq != evs[i-1].Seq+1 {
			t.Fatalf("seq %d follows %d", evs[i].Seq, evs[i-1].Seq)
		}
	}
}

func TestTransferKeepsNumberAndPlace(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	first := f.issue("1.001193", "")
	f.clock.Advance(time.Minute)
	f.issue("2.000884", "") // B001 waits at counter 3
	f.callNext(2)
	leg, err := f.eng.Transfer(ctx, 2, contract.TransferRequest{Queue: "B"}, staffActor)
	if err != nil {
		t.Fatal(err)
	}
	if leg.Number != first.Number || leg.Queue != "B" || leg.TransferredFrom != first.ID || leg.Position != 1 {
		t.Fatalf("new leg %+v", leg)
	}
	old, _ := f.eng.Ticket(ctx, first.ID)
	if old.Status != contract.StatusTransferred || old.TransferredTo != leg.ID {
		t.Fatalf("old leg %+v", old)
	}
	// It was in line before B001, so counter 3 calls it first.
	if got := f.callNext(3); got.ID != leg.ID {
		t.Fatalf("counter 3 called %s, want the transferred %s", got.Number, leg.Number)
	}
	// Transfer to a counter: only that counter sees it, ahead of its queues.
	to1, err := f.eng.Transfer(ctx, 3, contract.TransferRequest{Counter: 1}, staffActor)
	if err != nil || to1.Counter != 1 {
		t.Fatalf("transfer to counter: %+v %v", to1, err)
	}
	if _, err := f.eng.CallNext(ctx, 2, staffActor); err == nil {
		t.Fatal("counter 2 called a ticket sent to counter 1")
	}
	if got := f.callNext(1); got.ID != to1.ID {
		t.Fatalf("counter 1 called %s", got.Number)
	}
	_, err = f.eng.Transfer(ctx, 1, contract.TransferRequest{Queue: "B", Counter: 2}, staffActor)
	wantCode(t, err, contract.CodeInvalid)
	_, err = f.eng.Transfer(ctx, 1, contract.TransferRequest{Queue: "Z"}, staffActor)
	wantCode(t, err, contract.CodeNotFound)
}

func TestCallNumberAndCancel(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	f.issue("2.000884", "")
	b2 := f.issue("2.000884", "")
	got, err := f.eng.CallNumber(ctx, 1, "b002", staffActor)
	if err != nil || got.ID != b2.ID || got.Counter != 1 {
		t.Fatalf("call number: %+v %v", got, err)
	}
	_, err = f.eng.CallNumber(ctx, 2, "B002", staffActor)
	wantCode(t, err, contract.CodeNotFound)
	_, err = f.eng.CallNumber(ctx, 2, "B-2", staffActor)
	wantCode(t, err, contract.CodeInvalid)
	b3 := f.issue("2.000884", "")
	if c, err := f.eng.Cancel(ctx, b3.ID, staffActor); err != nil || c.Status != contract.StatusCancelled {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	_, err = f.eng.Cancel(ctx, b3.ID, staffActor)
	wantCode(t, err, contract.CodeConflict)
}

func TestWednesdayFastLane(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	wed := f.issue("2.000815", "")
	other := f.issue("1.001193", "")
	if wed.Queue != "N" || !wed.SameDay || wed.Number != "N001" {
		t.Fatalf("Wednesday same-day ticket %+v", wed)
	}
	if other.Queue != "A" || other.SameDay {
		t.Fatalf("Wednesday ordinary ticket %+v", other)
	}
	// Counter 1 serves A and N first come, first served: N001 came first.
	if got := f.callNext(1); got.ID != wed.ID {
		t.Fatalf("counter 1 called %s, want %s", got.Number, wed.Number)
	}
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	if thu := f.issue("2.000815", ""); thu.Queue != "A" || thu.SameDay {
		t.Fatalf("Thursday ticket %+v", thu)
	}
}

// TestFastLaneCutoff: a same-day procedure received at 15:00 or later on
// the fast day is returned the next working day (NĐ 23/2015 Đ7), so its
// ticket makes no same-day promise and joins the ordinary queue.
func TestFastLaneCutoff(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	f.clock.Set(time.Date(2026, 11, 25, 14, 59, 59, 0, ict))
	before := f.issue("2.000815", "")
	if before.Queue != "N" || !before.SameDay {
		t.Fatalf("ticket at 14:59:59 %+v, want the fast lane and SameDay", before)
	}
	f.clock.Set(time.Date(2026, 11, 25, 15, 0, 0, 0, ict))
	at := f.issue("2.000815", "")
	if at.Queue != "A" || at.SameDay {
		t.Fatalf("ticket at 15:00 %+v, want queue A without SameDay", at)
	}
	// The zone is the centre's, not the clock's: 08:30 UTC is 15:30 in Vietnam.
	f.clock.Set(time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC))
	if late := f.issue("2.000815", ""); late.Queue != "A" || late.SameDay {
		t.Fatalf("ticket at 15:30 ICT given in UTC %+v, want queue A without SameDay", late)
	}
}

func TestPositionAndEstimate(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	var last contract.Ticket
	for i := 0; i < 4; i++ {
		last = f.issue("2.000884", "")
	}
	def := f.eng.Settings().DefaultServiceS
	if last.Position != 4 || last.EstimatedWaitS != 4*def {
		t.Fatalf("4th ticket: position %d, estimate %d (default service %d)", last.Position, last.EstimatedWaitS, def)
	}
	// Serve three tickets in 2 minutes each: the estimate follows the day's real figures.
	for i := 0; i < 3; i++ {
		f.callNext(3)
		f.eng.Start(ctx, 3, staffActor)
		f.clock.Advance(2 * time.Minute)
		f.eng.Finish(ctx, 3, staffActor)
	}
	got, _ := f.eng.Ticket(ctx, last.ID)
	if got.Position != 1 || got.EstimatedWaitS != 120 {
		t.Fatalf("after three 2-minute services: position %d, estimate %d s", got.Position, got.EstimatedWaitS)
	}
	p := f.issue("2.000884", contract.PriorityDisability)
	if p.Position != 1 {
		t.Fatalf("priority ticket position %d, want 1", p.Position)
	}
}

var (
	tablet3 = Rater{Device: "tablet-3", Counter: 3}
	tablet1 = Rater{Device: "tablet-1", Counter: 1}
	entry   = Rater{Device: "kiosk-1"}
)

func TestRatings(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	tk := f.issue("2.000884", "")
	_, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 3}, tablet3)
	wantCode(t, err, contract.CodeConflict) // not served yet
	f.callNext(3)
	f.eng.Finish(ctx, 3, staffActor)
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 1, Reason: "  "}, tablet3)
	wantCode(t, err, contract.CodeInvalid)
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 4}, tablet3)
	wantCode(t, err, contract.CodeInvalid)
	r, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: "b001", Code: tk.Code, Score: 1, Reason: "Chờ lâu"}, entry)
	if err != nil || r.Ticket != tk.ID || r.Counter != 3 || r.Reason != "Chờ lâu" {
		t.Fatalf("rating by number: %+v %v", r, err)
	}
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 3}, tablet3)
	wantCode(t, err, contract.CodeAlreadyRated)
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: "nosuchticket", Score: 3}, tablet3)
	wantCode(t, err, contract.CodeNotFound)
}

// TestRatingIsBound: an entrance kiosk can no longer rate a number it
// merely knows (the old code accepted {"ticket":"B001"} from any kiosk and
// so pre-empted the citizen); it needs the code printed on the ticket, and
// guessing stops after a few tries. A counter's tablet rates only what its
// counter served.
func TestRatingIsBound(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	tk := f.issue("2.000884", "")
	if len(tk.Code) != CodeDigits {
		t.Fatalf("issued ticket has code %q, want %d digits", tk.Code, CodeDigits)
	}
	f.callNext(3)
	f.eng.Finish(ctx, 3, staffActor)

	_, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: "B001", Score: 3}, entry)
	wantCode(t, err, contract.CodeInvalid) // the number alone is not enough
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 3}, tablet1)
	wantCode(t, err, contract.CodeRatingNotAllowed) // another counter's tablet
	wrong := "000000"
	if tk.Code == wrong {
		wrong = "111111"
	}
	for i := 0; i < maxCodeFailures; i++ {
		_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: "B001", Code: wrong, Score: 3}, entry)
		wantCode(t, err, contract.CodeRatingNotAllowed)
	}
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: "B001", Code: tk.Code, Score: 3}, entry)
	wantCode(t, err, contract.CodeLocked) // guessing locked the code path
	_, err = f.eng.Rate(ctx, contract.RatingRequest{Ticket: "B001", Score: 3}, Rater{Device: "qr", Holder: true})
	wantCode(t, err, contract.CodeInvalid) // the QR page proves the id, never a number
	r, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 2}, tablet3)
	if err != nil || r.Score != 2 || r.Counter != 3 {
		t.Fatalf("the serving counter's tablet: %+v %v", r, err)
	}

	// The code never leaves in an event, the snapshot or a ticket lookup.
	got, _ := f.eng.Ticket(ctx, tk.ID)
	if got.Code != "" {
		t.Fatalf("ticket lookup shows the code %q", got.Code)
	}
	for _, ev := range f.pub.events() {
		if strings.Contains(string(ev.Data), tk.Code) {
			t.Fatalf("event %s carries the code: %s", ev.Type, ev.Data)
		}
	}
}

// TestRatingFollowsTransfer: the QR code carries the first leg's id; a
// rating by that id reaches the leg that ended the visit, and the code
// printed on the paper still works for the number after a transfer.
func TestRatingFollowsTransfer(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	tk := f.issue("2.000884", "")
	f.callNext(3)
	if _, err := f.eng.Transfer(ctx, 3, contract.TransferRequest{Counter: 1}, staffActor); err != nil {
		t.Fatal(err)
	}
	f.callNext(1)
	f.eng.Finish(ctx, 1, staffActor)
	r, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 3}, tablet1)
	if err != nil || r.Counter != 1 || r.Ticket == tk.ID {
		t.Fatalf("rating by the first leg's id: %+v %v", r, err)
	}
	tk2 := f.issue("2.000884", "")
	f.callNext(3)
	f.eng.Transfer(ctx, 3, contract.TransferRequest{Counter: 1}, staffActor)
	f.callNext(1)
	f.eng.Finish(ctx, 1, staffActor)
	if _, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk2.Number, Code: tk2.Code, Score: 2}, entry); err != nil {
		t.Fatalf("code after a transfer: %v", err)
	}
}

// TestOtherReasonNeedsText: "Lý do khác" alone says nothing; the citizen's
// own words must follow it.
func TestOtherReasonNeedsText(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	tk := f.issue("2.000884", "")
	f.callNext(3)
	f.eng.Finish(ctx, 3, staffActor)
	for _, bare := range []string{"Lý do khác", " lý do khác: ", "Lý do khác –"} {
		_, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 1, Reason: bare}, tablet3)
		wantCode(t, err, contract.CodeInvalid)
	}
	r, err := f.eng.Rate(ctx, contract.RatingRequest{Ticket: tk.ID, Score: 1, Reason: "Lý do khác: phòng chờ nóng"}, tablet3)
	if err != nil || r.Reason != "Lý do khác: phòng chờ nóng" {
		t.Fatalf("other reason with text: %+v %v", r, err)
	}
}

func TestHelpRequests(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	h1, err := f.eng.RequestHelp(ctx, "kiosk-1")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := f.eng.RequestHelp(ctx, "kiosk-1")
	if h2.ID != h1.ID {
		t.Fatalf("repeated taps made two requests: %d, %d", h1.ID, h2.ID)
	}
	st, _ := f.eng.State(ctx)
	if len(st.OpenHelp) != 1 {
		t.Fatalf("open help %v", st.OpenHelp)
	}
	taken, err := f.eng.TakeHelp(ctx, h1.ID, staffActor)
	if err != nil || taken.TakenBy != "canbo1" {
		t.Fatalf("take: %+v %v", taken, err)
	}
	_, err = f.eng.TakeHelp(ctx, h1.ID, staffActor)
	wantCode(t, err, contract.CodeConflict)
	if h3, _ := f.eng.RequestHelp(ctx, "kiosk-1"); h3.ID == h1.ID {
		t.Fatal("a taken request absorbed a new one")
	}
}

// TestDeviceFaults: a fault is kept as an open alert that the state lists
// until one staff member takes it; repeats while open raise no new alert;
// a second take is refused; each step is published and audited.
func TestDeviceFaults(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	req := contract.FaultRequest{Kind: "paper_out", Message: "Hết giấy", Ticket: "A001"}
	f1, err := f.eng.ReportFault(ctx, req, "kiosk-1")
	if err != nil || f1.ID == 0 || f1.Device != "kiosk-1" || f1.TakenBy != "" {
		t.Fatalf("report: %+v %v", f1, err)
	}
	again, err := f.eng.ReportFault(ctx, req, "kiosk-1")
	if err != nil || again.ID != f1.ID {
		t.Fatalf("a repeated report made a second alert: %+v %v", again, err)
	}
	other, err := f.eng.ReportFault(ctx, contract.FaultRequest{Kind: "printer_offline"}, "kiosk-2")
	if err != nil || other.ID == f1.ID {
		t.Fatalf("another device's fault: %+v %v", other, err)
	}
	_, err = f.eng.ReportFault(ctx, contract.FaultRequest{Kind: " "}, "kiosk-1")
	wantCode(t, err, contract.CodeInvalid)
	st, err := f.eng.State(ctx)
	if err != nil || len(st.OpenFaults) != 2 || st.OpenFaults[0].ID != f1.ID || st.OpenFaults[0].Message != "Hết giấy" || st.OpenFaults[0].Ticket != "A001" {
		t.Fatalf("open faults %+v %v", st.OpenFaults, err)
	}
	f.clock.Advance(time.Minute)
	taken, err := f.eng.TakeFault(ctx, f1.ID, staffActor)
	if err != nil || taken.ID != f1.ID || taken.TakenBy != "canbo1" || taken.TakenAt == nil || !taken.At.Equal(f1.At) || taken.Kind != "paper_out" {
		t.Fatalf("take: %+v %v", taken, err)
	}
	st, _ = f.eng.State(ctx)
	if len(st.OpenFaults) != 1 || st.OpenFaults[0].ID != other.ID {
		t.Fatalf("open faults after the take: %+v", st.OpenFaults)
	}
	_, err = f.eng.TakeFault(ctx, f1.ID, Actor{Name: "canbo2", Role: contract.RoleStaff})
	wantCode(t, err, contract.CodeConflict)
	_, err = f.eng.TakeFault(ctx, 9999, staffActor)
	wantCode(t, err, contract.CodeNotFound)
	if f3, _ := f.eng.ReportFault(ctx, req, "kiosk-1"); f3.ID == f1.ID {
		t.Fatal("a taken fault absorbed a new one")
	}
	var types []contract.EventType
	for _, ev := range f.pub.events() {
		types = append(types, ev.Type)
	}
	want := []contract.EventType{contract.EventDeviceFault, contract.EventDeviceFault, contract.EventDeviceFaultTaken, contract.EventDeviceFault}
	if fmt.Sprint(types[len(types)-4:]) != fmt.Sprint(want) {
		t.Errorf("events %v, want to end with %v", types, want)
	}
	log, err := f.eng.Audit(ctx, AuditQuery{Action: "fault.take"})
	if err != nil || len(log) != 1 || log[0].Actor != "canbo1" || log[0].Ticket != "A001" || log[0].Detail != "kiosk-1: paper_out" {
		t.Errorf("audit of the take: %+v %v", log, err)
	}
	// Yesterday's faults are not today's alerts.
	f.clock.Advance(24 * time.Hour)
	if st, _ := f.eng.State(ctx); len(st.OpenFaults) != 0 {
		t.Errorf("faults of yesterday still open: %+v", st.OpenFaults)
	}
}

func TestStateSnapshot(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, ict))
	f.issue("2.000884", "")
	f.issue("2.000884", "")
	f.issue("1.001193", "")
	called := f.callNext(3)
	f.eng.Recall(ctx, 3, staffActor)
	st, err := f.eng.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	evs := f.pub.events()
	if st.Seq != evs[len(evs)-1].Seq || st.Day != "2026-11-26" || st.Centre.FastDay {
		t.Fatalf("state seq %d (last event %d), day %s, fast %v", st.Seq, evs[len(evs)-1].Seq, st.Day, st.Centre.FastDay)
	}
	if c := st.Counters[2]; c.Number != 3 || c.Current == nil || c.Current.ID != called.ID {
		t.Fatalf("counter 3 state %+v", c)
	}
	waiting := map[string]int{}
	for _, q := range st.Queues {
		waiting[q.Prefix] = q.Waiting
	}
	if waiting["A"] != 1 || waiting["B"] != 1 || waiting["N"] != 0 {
		t.Fatalf("waiting %v", waiting)
	}
	if len(st.RecentCalls) != 2 || !st.RecentCalls[0].Recall || st.RecentCalls[1].Number != "B001" {
		t.Fatalf("recent calls %+v", st.RecentCalls)
	}
}

func TestSettingsValidation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := f.eng.Settings()
	s.TimeZone = "Mars/Olympus"
	s.PriorityRatio = 0
	s.Announcement.Template = "Mời quầy {counter}"
	_, err := f.eng.UpdateSettings(ctx, s, Actor{Name: "admin"})
	wantCode(t, err, contract.CodeInvalid)
	s = f.eng.Settings()
	s.PriorityRatio = 3
	s.Slogans = append(s.Slogans, contract.Text{VI: "Dân vận khéo"})
	if _, err := f.eng.UpdateSettings(ctx, s, Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	f.reopen()
	if got := f.eng.Settings(); got.PriorityRatio != 3 || len(got.Slogans) != 4 {
		t.Fatalf("settings after restart %+v", got)
	}
}

func TestCatalogueChangeEventCarriesChangedFees(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	cat := f.eng.Catalogue()
	cat.Procedures[2].Fees[0].Amount = 12000
	out, err := f.eng.ReplaceCatalogue(context.Background(), cat, Actor{Name: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	evs := f.pub.events()
	last := evs[len(evs)-1]
	var ce contract.CatalogueEvent
	if err := last.Decode(&ce); err != nil || last.Type != contract.EventCatalogueChanged {
		t.Fatal(last.Type, err)
	}
	if ce.Version != out.Version || len(ce.Changed) != 1 || ce.Changed[0].Fees[0].Amount != 12000 {
		t.Fatalf("catalogue event %+v", ce)
	}
	bad := f.eng.Catalogue()
	bad.Queues[0].Procedures = append(bad.Queues[0].Procedures, "9.999999")
	_, err = f.eng.ReplaceCatalogue(context.Background(), bad, Actor{Name: "admin"})
	wantCode(t, err, contract.CodeInvalid)
}

func TestUnknownProcedureAndPriority(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.eng.Issue(ctx, contract.IssueTicketRequest{Procedure: "0.000000"}, "kiosk-1")
	wantCode(t, err, contract.CodeNotFound)
	_, err = f.eng.Issue(ctx, contract.IssueTicketRequest{Procedure: "2.000815", Priority: "vip"}, "kiosk-1")
	wantCode(t, err, contract.CodeInvalid)
	_, err = f.eng.CallNext(ctx, 99, staffActor)
	wantCode(t, err, contract.CodeNotFound)
}
