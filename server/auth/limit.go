package auth

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
)

// Limits bound what signing in may cost the server. An argon2id check takes
// Params.Memory of RAM and both cores for a tenth of a second, so without a
// bound a handful of anonymous requests from the waiting room's Wi-Fi could
// take the appliance's memory and starve the officials' own sign-ins.
type Limits struct {
	// Checks is how many password checks run at once; 0 sizes it from
	// hashBudget and the hash's memory (one at DefaultParams).
	Checks int
	// Queue is how many checks may wait for a slot in each of the gate's
	// two lines; a request that finds its line full is answered "busy".
	Queue int
	// Wait is how long a check waits for a slot before the answer is "busy".
	Wait time.Duration
	// Burst and Every are the per-client token bucket: a client address may
	// try Burst sign-ins at once, then one every Every. It is checked before
	// any hashing, so a flood from one address costs almost nothing.
	Burst int
	Every time.Duration
	// RestBurst and RestEvery are one token bucket shared by every check
	// of the gate's second line (addresses that keep trying) that arrives
	// while all slots are taken: a flood
	// from many addresses may keep the hashing busy only part of the
	// time, so the kiosks' tickets keep their pace on the other core and
	// between checks. 0 means no shared limit.
	RestBurst int
	RestEvery time.Duration
}

// DefaultLimits let an official mistype a password a few times over (the
// account locks after MaxFailures anyway) while one address cannot keep
// more than one check every six seconds going. A check waits at most two
// seconds for its turn, behind at most eight others in its line. All the
// addresses that keep trying share one check a second while a check runs:
// at DefaultParams (~0.15 s a check) that is a sixth of one core, and the
// ticket issue p95 stays near idle (BenchmarkLoginFlood).
var DefaultLimits = Limits{Queue: 8, Wait: 2 * time.Second, Burst: 10, Every: 6 * time.Second,
	RestBurst: 1, RestEvery: time.Second}

// hashBudget is the memory the password checks in flight may hold at once:
// one check at DefaultParams. Go's collector lets the heap grow to about
// twice what was live at the last collection, so a 64 MiB check in flight
// can mean twice that in the heap; with the server's ~80 MB at rest this
// keeps the process well under 300 MB. One check at a time costs the
// appliance no throughput: a check already uses both cores (Threads: 2).
const hashBudget = 64 << 20

// maxChecks caps the checks in flight when the hash is cheap (tests): more
// than the cores only adds waiting.
const maxChecks = 4

// checksFor is how many checks of p fit in hashBudget (at least one).
func checksFor(p Params) int {
	n := hashBudget / (max(int(p.Memory), 1) << 10)
	return min(max(n, 1), maxChecks)
}

// RetryError is a refusal that tells the caller when to try again; the API
// turns it into a Retry-After header.
type RetryError struct {
	Err   *coded.Error
	After time.Duration
}

func (e *RetryError) Error() string { return e.Err.Error() }

// Unwrap exposes the coded error to errors.As.
func (e *RetryError) Unwrap() error { return e.Err }

// RetryAfter is how long the caller should wait, in whole seconds (at least 1).
func (e *RetryError) RetryAfter() int { return max(1, int(math.Ceil(e.After.Seconds()))) }

// errBusy answers a check that found no free slot in time.
var errBusy = &RetryError{Err: coded.New(contract.CodeUnavailable,
	"Máy chủ đang bận kiểm tra mật khẩu, xin thử lại sau giây lát / server busy checking passwords, try again in a moment"),
	After: time.Second}

func rateLimited(wait time.Duration) error {
	s := max(1, int(math.Ceil(wait.Seconds())))
	return &RetryError{Err: coded.New(contract.CodeRateLimited,
		fmt.Sprintf("Đăng nhập quá nhiều lần từ máy này, xin chờ %d giây / too many sign-in attempts from this address, wait %d s", s, s)),
		After: wait}
}

// gate bounds the password checks in flight. Checks wait in two lines:
// one for addresses that have hardly tried lately (an official at their
// counter PC), served first, and one for addresses that keep trying (a
// flood), so a flood from many addresses delays an official's sign-in by
// at most the checks already running, not by the whole flood.
type gate struct {
	mu    sync.Mutex
	free  int
	lines [2][]chan struct{} // lineFirst, lineRest; a waiter's channel is closed when it gets a slot
	queue int                // most waiters per line
	wait  time.Duration
}

// The gate's lines.
const (
	lineFirst = 0
	lineRest  = 1
)

func newGate(checks, queue int, wait time.Duration) *gate {
	return &gate{free: checks, queue: queue, wait: wait}
}

// do runs f when a slot is free, or answers errBusy when its line is full
// or no slot frees within the wait. Each line is served in order, the
// first line before the other.
func (g *gate) do(ctx context.Context, first bool, f func()) error {
	if err := g.acquire(ctx, first); err != nil {
		return err
	}
	defer g.release()
	f()
	return nil
}

func (g *gate) acquire(ctx context.Context, first bool) error {
	line := lineRest
	if first {
		line = lineFirst
	}
	g.mu.Lock()
	if g.free > 0 && len(g.lines[lineFirst])+len(g.lines[lineRest]) == 0 {
		g.free--
		g.mu.Unlock()
		return nil
	}
	if len(g.lines[line]) >= g.queue {
		g.mu.Unlock()
		return errBusy
	}
	ready := make(chan struct{})
	g.lines[line] = append(g.lines[line], ready)
	g.mu.Unlock()

	t := time.NewTimer(g.wait)
	defer t.Stop()
	var why error
	select {
	case <-ready:
		return nil
	case <-t.C:
		why = errBusy
	case <-ctx.Done():
		why = ctx.Err()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if i := slices.Index(g.lines[line], ready); i >= 0 {
		g.lines[line] = slices.Delete(g.lines[line], i, i+1)
		return why
	}
	return nil // the slot came as the wait ended: use it
}

// release hands the slot to the next waiter, or frees it.
func (g *gate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := range g.lines {
		if len(g.lines[i]) > 0 {
			close(g.lines[i][0])
			g.lines[i] = g.lines[i][1:]
			return
		}
	}
	g.free++
}

// busy tells whether every slot is taken.
func (g *gate) busy() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.free == 0
}

// waiting is how many checks wait for a slot.
func (g *gate) waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.lines[lineFirst]) + len(g.lines[lineRest])
}

// maxClients bounds the per-client table: past it, idle clients are
// forgotten, and if all are busy new ones share one bucket, so a flood of
// forged IPv6 addresses cannot grow the table without end.
const maxClients = 4096

// overflowClient is the shared bucket of clients beyond maxClients.
const overflowClient = "\x00overflow"

// buckets is a token bucket per client address, on the service's clock.
type buckets struct {
	mu    sync.Mutex
	m     map[string]*bucket
	burst float64
	every time.Duration
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newBuckets(burst int, every time.Duration) *buckets {
	return &buckets{m: map[string]*bucket{}, burst: float64(max(burst, 1)), every: max(every, time.Nanosecond)}
}

// take spends one of client's tokens, or says how long until one is back.
// first tells whether the client had all but one of its burst left: it
// has hardly tried lately (an official who mistyped once still has), and
// its check goes in the gate's first line. An address that keeps trying
// gets two first-line checks, then waits in the other line until it has
// been quiet for a while.
func (b *buckets) take(client string, now time.Time) (ok, first bool, wait time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := b.find(client, now)
	k.refill(now, b.burst, b.every)
	if k.tokens >= 1 {
		first = k.tokens >= b.burst-1
		k.tokens--
		return true, first, 0
	}
	return false, false, time.Duration((1 - k.tokens) * float64(b.every))
}

func (k *bucket) refill(now time.Time, burst float64, every time.Duration) {
	if d := now.Sub(k.at); d > 0 {
		k.tokens = min(burst, k.tokens+float64(d)/float64(every))
	}
	k.at = now
}

// find returns client's bucket, making a full one for a new client.
func (b *buckets) find(client string, now time.Time) *bucket {
	if k, ok := b.m[client]; ok {
		return k
	}
	if len(b.m) >= maxClients {
		b.prune(now)
	}
	if len(b.m) >= maxClients {
		client = overflowClient
		if k, ok := b.m[client]; ok {
			return k
		}
	}
	k := &bucket{tokens: b.burst, at: now}
	b.m[client] = k
	return k
}

// prune forgets the clients whose bucket has filled up again: they are
// indistinguishable from new ones.
func (b *buckets) prune(now time.Time) {
	for c, k := range b.m {
		if k.refill(now, b.burst, b.every); k.tokens >= b.burst {
			delete(b.m, c)
		}
	}
}
