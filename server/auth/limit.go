package auth

import (
	"context"
	"fmt"
	"math"
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
	// hashBudget and the hash's memory (two at DefaultParams).
	Checks int
	// Queue is how many more checks may wait for a free slot; a request
	// that finds the queue full is answered "busy" at once.
	Queue int
	// Wait is how long a check waits for a slot before the answer is "busy".
	Wait time.Duration
	// Burst and Every are the per-client token bucket: a client address may
	// try Burst sign-ins at once, then one every Every. It is checked before
	// any hashing, so a flood from one address costs almost nothing.
	Burst int
	Every time.Duration
}

// DefaultLimits let an official mistype a password a few times over (the
// account locks after MaxFailures anyway) while one address cannot keep
// more than one check every six seconds going.
var DefaultLimits = Limits{Queue: 8, Wait: 2 * time.Second, Burst: 10, Every: 6 * time.Second}

// hashBudget is the memory the password checks in flight may hold at once.
// With the server's ~80 MB at rest it keeps the process under 300 MB.
const hashBudget = 128 << 20

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

// gate bounds the password checks in flight: slots holds one token per
// running check, line one per running or waiting check.
type gate struct {
	slots chan struct{}
	line  chan struct{}
	wait  time.Duration
}

func newGate(checks, queue int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, checks), line: make(chan struct{}, checks+queue), wait: wait}
}

// do runs f when a slot is free, or answers errBusy when the line is full
// or no slot frees within the wait. Waiters are served in order.
func (g *gate) do(ctx context.Context, f func()) error {
	select {
	case g.line <- struct{}{}:
	default:
		return errBusy
	}
	defer func() { <-g.line }()
	select {
	case g.slots <- struct{}{}:
	default:
		t := time.NewTimer(g.wait)
		defer t.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-t.C:
			return errBusy
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	f()
	return nil
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
func (b *buckets) take(client string, now time.Time) (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := b.find(client, now)
	k.refill(now, b.burst, b.every)
	if k.tokens >= 1 {
		k.tokens--
		return true, 0
	}
	return false, time.Duration((1 - k.tokens) * float64(b.every))
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
