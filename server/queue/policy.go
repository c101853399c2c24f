package queue

import "time"

// Candidate is a waiting ticket as the calling policy sees it.
type Candidate struct {
	ID       string
	Priority bool
	// OrderAt is when the ticket was first issued: the maximum wait is
	// measured from it.
	OrderAt time.Time
	// seq is its place in line (the issue sequence, which no clock step
	// can reorder).
	seq int64
}

// Policy decides which waiting ticket a counter calls next. It is a pure
// function of what waits, so its fairness rules are tested without a
// database:
//
//  1. a ticket transferred to this very counter comes first;
//  2. any ticket that has waited longer than MaxWait is called, oldest first,
//     whatever its class — no one starves;
//  3. otherwise priority tickets are called first, but after Ratio priority
//     calls in a row the counter calls a waiting normal ticket (N:1);
//  4. within a class, first come first served.
type Policy struct {
	Ratio   int
	MaxWait time.Duration
}

// Line is what waits for one counter: the oldest ticket targeted at it, the
// oldest of all eligible tickets, and the oldest of each class. Nil means
// none waits.
type Line struct {
	Targeted       *Candidate
	Oldest         *Candidate
	OldestPriority *Candidate
	OldestNormal   *Candidate
}

// Pick returns the ticket to call, or nil when none waits. streak is how
// many priority tickets the counter has called in a row.
func (p Policy) Pick(now time.Time, streak int, l Line) *Candidate {
	if l.Targeted != nil {
		return l.Targeted
	}
	if l.Oldest != nil && p.MaxWait > 0 && now.Sub(l.Oldest.OrderAt) > p.MaxWait {
		return l.Oldest
	}
	if l.OldestPriority != nil && (streak < p.ratio() || l.OldestNormal == nil) {
		return l.OldestPriority
	}
	if l.OldestNormal != nil {
		return l.OldestNormal
	}
	return l.OldestPriority
}

func (p Policy) ratio() int {
	if p.Ratio < 1 {
		return 1
	}
	return p.Ratio
}

// NextStreak is the counter's priority streak after calling c.
func NextStreak(streak int, c *Candidate) int {
	if c != nil && c.Priority {
		return streak + 1
	}
	return 0
}
