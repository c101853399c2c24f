package queue

import (
	"sync"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
)

// Alert limits. A kiosk that raises help requests or faults faster than any
// real trouble needs is refused (one kiosk once made 3,000 open alerts in
// 32 s and grew every board's /state tenfold). A device may report
// AlertBurst alerts at once, then one every AlertEvery; repeats of an alert
// still open count too, since each costs a write.
const (
	AlertBurst = 10
	AlertEvery = 6 * time.Second
	// MaxOpenFaults bounds the open faults of one device (one per kind): a
	// device inventing new kinds cannot fill the consoles and the boards.
	MaxOpenFaults = 8
)

var errTooManyAlerts = coded.New(contract.CodeRateLimited,
	"Thiết bị báo quá nhiều lần, xin chờ một lát / this device is reporting too often, wait a moment")

// limiter is a token bucket per device, on the engine's clock.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// allow takes one token from device's bucket at now, or refuses.
func (l *limiter) allow(device string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b, ok := l.buckets[device]
	if !ok {
		b = &bucket{tokens: AlertBurst, at: now}
		l.buckets[device] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(AlertBurst, b.tokens+float64(elapsed)/float64(AlertEvery))
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
