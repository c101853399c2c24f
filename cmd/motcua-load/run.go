package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"motcua/server/client"
	"motcua/server/contract"
)

// Timing of the run's phases. Together they bound how long the tool runs
// past --duration: operations in flight get inFlight to answer, displays
// get drainWait to receive the last calls, the cleanup gets cleanupWait.
const (
	emptyWait   = 200 * time.Millisecond // a counter's pause after "nobody is waiting"
	connectWait = 15 * time.Second       // for every display to come online
	inFlight    = 5 * time.Second
	drainWait   = 3 * time.Second
	cleanupWait = 5 * time.Second
	finishWait  = 2 * time.Second // for a counter's last finish after Ctrl-C
	pollEvery   = 20 * time.Millisecond
)

// runner drives one load run.
type runner struct {
	cfg  config
	log  io.Writer
	rec  *recorder
	f    fleet
	next atomic.Uint64 // the procedure of the next ticket, round-robin

	mu     sync.Mutex
	issued map[string]bool      // ticket IDs this run issued
	called map[string]time.Time // ticket IDs this run called, with when call-next was sent
	empty  int                  // call-next answers "nobody is waiting"
}

func newRunner(cfg config, log io.Writer) *runner {
	return &runner{cfg: cfg, log: log, rec: newRecorder(), issued: make(map[string]bool), called: make(map[string]time.Time)}
}

// run sets up, loads the server for the configured duration, collects the
// summary and tidies up.
func (r *runner) run(ctx context.Context) (*Report, error) {
	defer closeIdle()
	admin, err := signIn(ctx, r.cfg.server, r.cfg.adminUser, r.cfg.adminPass, r.cfg.clientOpts...)
	if err != nil {
		return nil, fmt.Errorf("admin sign-in as %s: %w", r.cfg.adminUser, err)
	}
	// Every client shares admin's transport (the default one, or the
	// --ca-file one): closing its idle connections closes them all.
	defer admin.CloseIdleConnections()
	r.f.admin = admin
	fmt.Fprintf(r.log, "motcua-load: setting up %d kiosks, %d displays, %d officials on %s\n",
		r.cfg.kiosks, r.cfg.displays, r.cfg.counters, r.cfg.server)
	if err := setUp(ctx, r.cfg, &r.f); err != nil {
		r.cleanUp(ctx)
		return nil, err
	}
	stopDisplays, err := r.startDisplays(ctx)
	if err != nil {
		r.cleanUp(ctx)
		return nil, err
	}
	fmt.Fprintf(r.log, "motcua-load: running for %s at %.2f tickets/s\n", r.cfg.duration, r.cfg.rate)
	elapsed := r.load(ctx)
	r.drain(ctx)
	stopDisplays()
	rep := r.report(elapsed)
	rep.Interrupted = ctx.Err() != nil
	rep.Cancelled, rep.CleanupErrs = r.cleanUp(ctx)
	return rep, nil
}

// closeIdle drops the keep-alive connections the clients leave in the
// default transport, so nothing of the run outlives it.
func closeIdle() {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t.CloseIdleConnections()
	}
}

// startDisplays starts every board and waits until all are online. The
// returned stop ends them and waits for their goroutines.
func (r *runner) startDisplays(ctx context.Context) (stop func(), err error) {
	dctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	ready := make(chan error, len(r.f.displays))
	for _, d := range r.f.displays {
		wg.Go(func() { d.follow(dctx, ready) })
	}
	stop = func() { cancel(); wg.Wait() }
	if err := waitReady(ctx, ready, len(r.f.displays)); err != nil {
		stop()
		return nil, err
	}
	return stop, nil
}

// waitReady waits for n displays to report their first link.
func waitReady(ctx context.Context, ready <-chan error, n int) error {
	timeout := time.NewTimer(connectWait)
	defer timeout.Stop()
	for i := 0; i < n; i++ {
		select {
		case err := <-ready:
			if err != nil {
				return fmt.Errorf("display could not follow events: %w", err)
			}
		case <-timeout.C:
			return fmt.Errorf("only %d of %d displays online after %s", i, n, connectWait)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// load runs the kiosks and counters for the duration and returns how long
// they ran. New operations stop at the duration (soft); those in flight
// may finish until hard, a few seconds later, or until ctx is cancelled.
func (r *runner) load(ctx context.Context) time.Duration {
	hard, cancelHard := context.WithTimeout(ctx, r.cfg.duration+inFlight)
	defer cancelHard()
	soft, cancelSoft := context.WithTimeout(hard, r.cfg.duration)
	defer cancelSoft()
	start := time.Now()
	var wg sync.WaitGroup
	for i, k := range r.f.kiosks {
		wg.Go(func() { r.kiosk(soft, hard, i, k) })
	}
	for _, lc := range r.f.counters {
		wg.Go(func() { r.counter(soft, hard, lc) })
	}
	wg.Wait()
	return time.Since(start)
}

// kiosk issues tickets on its own ticker. The kiosks' tickers are offset
// from one another so that together they issue evenly at the configured
// rate rather than in bursts.
func (r *runner) kiosk(soft, hard context.Context, i int, c *client.Client) {
	n := len(r.f.kiosks)
	period := time.Duration(float64(n) / r.cfg.rate * float64(time.Second))
	if !sleep(soft, period/time.Duration(n)*time.Duration(i)) {
		return
	}
	tick := time.NewTicker(period)
	defer tick.Stop()
	for soft.Err() == nil {
		r.issue(hard, c)
		select {
		case <-soft.Done():
		case <-tick.C:
		}
	}
}

// issue takes one ticket, for the procedures in turn.
func (r *runner) issue(hard context.Context, c *client.Client) {
	code := r.f.procedures[r.next.Add(1)%uint64(len(r.f.procedures))]
	sent := time.Now()
	t, err := c.Issue(hard, code, contract.PriorityNone)
	if !r.record(hard, opIssue, sent, err) {
		return
	}
	r.mu.Lock()
	r.issued[t.ID] = true
	r.mu.Unlock()
}

// record measures one operation and tells whether it succeeded. A failure
// caused by the run being stopped is nobody's fault and is not counted.
func (r *runner) record(hard context.Context, op string, sent time.Time, err error) bool {
	if err != nil && hard.Err() != nil {
		return false
	}
	r.rec.observe(op, time.Since(sent), err)
	return err == nil
}

// counter is one official's loop: call, start, serve, finish; and when
// nobody is waiting, wait a little and ask again.
func (r *runner) counter(soft, hard context.Context, lc *loadCounter) {
	for soft.Err() == nil {
		if !r.turn(soft, hard, lc) && !sleep(soft, emptyWait) {
			return
		}
	}
}

// turn takes the desk and serves one ticket; it tells whether it did.
func (r *runner) turn(soft, hard context.Context, lc *loadCounter) bool {
	select {
	case lc.desk <- struct{}{}:
	case <-soft.Done():
		return false
	}
	defer func() { <-lc.desk }()
	return r.serve(soft, hard, lc)
}

// serve calls the next ticket and serves it for the service time. When the
// run ends during the service, the ticket is finished at once, leaving the
// desk free.
func (r *runner) serve(soft, hard context.Context, lc *loadCounter) bool {
	sent := time.Now()
	t, err := lc.c.CallNext(hard, lc.number)
	switch client.Code(err) {
	case contract.CodeQueueEmpty:
		r.mu.Lock()
		r.empty++
		r.mu.Unlock()
		return false
	case contract.CodeCounterBusy:
		// A ticket was left called at this desk (a run stopped half-way,
		// or a call whose answer was lost): finish it, then call again.
		return r.finish(hard, lc)
	}
	if !r.record(hard, opCallNext, sent, err) {
		return false
	}
	r.mu.Lock()
	r.called[t.ID] = sent
	r.mu.Unlock()
	sent = time.Now()
	_, err = lc.c.Start(hard, lc.number)
	r.record(hard, opStart, sent, err)
	sleep(soft, r.cfg.service)
	return r.finish(hard, lc)
}

// finish ends the desk's current ticket. It goes ahead, briefly, even
// after Ctrl-C, so that no ticket is left "being served" on the boards.
func (r *runner) finish(hard context.Context, lc *loadCounter) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(hard), finishWait)
	defer cancel()
	sent := time.Now()
	_, err := lc.c.Finish(ctx, lc.number)
	return r.record(ctx, opFinish, sent, err)
}

// sleep waits d or until ctx ends; it tells whether the wait was complete.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// calledIDs lists the tickets this run called.
func (r *runner) calledIDs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]string, 0, len(r.called))
	for id := range r.called {
		ids = append(ids, id)
	}
	return ids
}

// drain gives the displays a moment to receive the last calls.
func (r *runner) drain(ctx context.Context) {
	ids := r.calledIDs()
	deadline := time.NewTimer(drainWait)
	defer deadline.Stop()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for !r.delivered(ids) {
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-tick.C:
		}
	}
}

// delivered tells whether every display received every call in ids.
func (r *runner) delivered(ids []string) bool {
	for _, d := range r.f.displays {
		if !d.hasAll(ids) {
			return false
		}
	}
	return true
}

// report works out the summary once the displays have stopped.
func (r *runner) report(elapsed time.Duration) *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := &Report{
		Server: r.cfg.server, Kiosks: r.cfg.kiosks, Counters: r.cfg.counters, Displays: r.cfg.displays,
		TargetRate: r.cfg.rate, ServiceMS: ms(r.cfg.service), ElapsedS: elapsed.Seconds(),
		Issued: len(r.issued), Calls: len(r.called), EmptyPolls: r.empty,
		Expected: len(r.called) * len(r.f.displays), Duplicates: []string{},
	}
	rep.IssuedPerS = float64(rep.Issued) / elapsed.Seconds()
	rep.CallsPerS = float64(rep.Calls) / elapsed.Seconds()
	distinct := make(map[int64]arrival)
	for _, d := range r.f.displays {
		r.measure(d, rep, distinct)
	}
	rep.Missed = rep.Expected - rep.Deliveries
	rep.CalledSeen = len(distinct)
	rep.Duplicates = duplicates(distinct)
	rep.Operations = r.rec.summary()
	return rep
}

// measure records one display's delivery latencies: from the server's
// commit time for every call, and from the call-next request for this
// run's own calls.
func (r *runner) measure(d *display, rep *Report, distinct map[int64]arrival) {
	d.mu.Lock()
	defer d.mu.Unlock()
	rep.LinkDrops += d.drops
	rep.Resyncs += d.resyncs
	mine := make(map[string]bool)
	for _, a := range d.calls {
		distinct[a.seq] = a
		delay := a.arrived.Sub(a.at)
		rep.ClockSkew = rep.ClockSkew || delay < 0
		r.rec.observe(opDelivery, delay, nil)
		if sent, ok := r.called[a.id]; ok && !mine[a.id] {
			mine[a.id] = true
			rep.Deliveries++
			r.rec.observe(opCallToBox, a.arrived.Sub(sent), nil)
		}
	}
}

// duplicates lists the numbers called more than once in distinct events
// (the same number on the same day).
func duplicates(distinct map[int64]arrival) []string {
	seen := make(map[string]int)
	for _, a := range distinct {
		seen[a.day+" "+a.number]++
	}
	out := []string{}
	for key, n := range seen {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s ×%d", key, n))
		}
	}
	slices.Sort(out)
	return out
}

// cleanUp withdraws what the run leaves behind, within cleanupWait even
// after Ctrl-C: the tickets still waiting are cancelled, the staff
// accounts disabled, the device tokens revoked, the admin signed out.
func (r *runner) cleanUp(ctx context.Context) (cancelled, errs int) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupWait)
	defer cancel()
	defer r.f.admin.logout(cctx)
	if !r.cfg.cleanup {
		return 0, 0
	}
	cancelled, errs = r.cancelWaiting(cctx)
	for _, u := range r.f.users {
		errs += errCount(r.f.admin.disableUser(cctx, u))
	}
	for _, d := range r.f.devices {
		errs += errCount(r.f.admin.revokeDevice(cctx, d))
	}
	fmt.Fprintf(r.log, "motcua-load: cleanup: cancelled %d waiting tickets, disabled %d accounts, revoked %d devices, %d errors\n",
		cancelled, len(r.f.users), len(r.f.devices), errs)
	return cancelled, errs
}

func errCount(err error) int {
	if err != nil {
		return 1
	}
	return 0
}

// cancelWaiting cancels the run's tickets that were never called, a few
// at a time. One that is no longer waiting (someone else called it) is
// left alone.
func (r *runner) cancelWaiting(ctx context.Context) (cancelled, errs int) {
	ids := make(chan string)
	go func() {
		defer close(ids)
		for _, id := range r.waiting() {
			select {
			case ids <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id := range ids {
				err := r.f.admin.cancelTicket(ctx, id)
				mu.Lock()
				switch {
				case err == nil:
					cancelled++
				case client.Code(err) != contract.CodeConflict:
					errs++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return cancelled, errs
}

// waiting lists the tickets this run issued and did not call.
func (r *runner) waiting() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for id := range r.issued {
		if _, ok := r.called[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}
