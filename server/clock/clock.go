// Package clock gives the server its time through an interface, so tests can
// stand at any moment (a Wednesday, one second before midnight in Hải Phòng)
// without waiting or touching the host's clock, and so nothing reads
// time.Now behind the engine's back.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time. The server never calls time.Now directly.
type Clock interface {
	Now() time.Time
}

// System is the real wall clock.
type System struct{}

// Now returns the host's current time.
func (System) Now() time.Time { return time.Now() }

// Fake is a clock that moves only when told to. It is safe for concurrent use.
type Fake struct {
	mu      sync.Mutex
	t       time.Time
	elapsed time.Duration
}

// NewFake returns a fake clock standing at t.
func NewFake(t time.Time) *Fake { return &Fake{t: t} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Set steps the clock to t, as a clock correction would: no time is counted
// as elapsed (see Elapsed).
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	f.t = t
	f.mu.Unlock()
}

// Advance moves the clock forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.elapsed += d
	f.mu.Unlock()
}

// Stopwatch is a clock that also counts elapsed time on a counter no
// setting of the wall clock moves (the monotonic clock). Comparing the two
// tells time passing from the wall clock being stepped: an appliance that
// boots with a wrong date and is corrected by NTP later, or a clock set
// back by hand.
type Stopwatch interface {
	Clock
	Elapsed() time.Duration
}

// started is the origin of System's elapsed time.
var started = time.Now()

// Elapsed is the monotonic time since the program started.
func (System) Elapsed() time.Duration { return time.Since(started) }

// Elapsed is the time the fake clock has been advanced: Advance lets time
// pass, Set steps the wall clock as NTP or an operator would.
func (f *Fake) Elapsed() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.elapsed
}
