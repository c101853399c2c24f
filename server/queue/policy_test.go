package queue

import (
	"testing"
	"time"
)

func TestPolicyPick(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	normal := &Candidate{ID: "n", OrderAt: at(0)}
	prio := &Candidate{ID: "p", Priority: true, OrderAt: at(5)}
	target := &Candidate{ID: "t", OrderAt: at(9)}
	p := Policy{Ratio: 2, MaxWait: 30 * time.Minute}
	cases := []struct {
		name   string
		now    time.Time
		streak int
		line   Line
		want   string
	}{
		{"nothing waits", at(10), 0, Line{}, ""},
		{"transfer to this counter first", at(10), 0, Line{Targeted: target, Oldest: normal, OldestNormal: normal, OldestPriority: prio}, "t"},
		{"priority before older normal", at(10), 0, Line{Oldest: normal, OldestNormal: normal, OldestPriority: prio}, "p"},
		{"second priority in a row", at(10), 1, Line{Oldest: normal, OldestNormal: normal, OldestPriority: prio}, "p"},
		{"after ratio a normal ticket", at(10), 2, Line{Oldest: normal, OldestNormal: normal, OldestPriority: prio}, "n"},
		{"priority when no normal waits, whatever the streak", at(10), 5, Line{Oldest: prio, OldestPriority: prio}, "p"},
		{"normal only", at(10), 0, Line{Oldest: normal, OldestNormal: normal}, "n"},
		{"wait cap beats priority", at(31), 0, Line{Oldest: normal, OldestNormal: normal, OldestPriority: prio}, "n"},
		{"exactly at the cap is not over it", at(30), 0, Line{Oldest: normal, OldestNormal: normal, OldestPriority: prio}, "p"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := p.Pick(c.now, c.streak, c.line)
			id := ""
			if got != nil {
				id = got.ID
			}
			if id != c.want {
				t.Fatalf("Pick = %q, want %q", id, c.want)
			}
		})
	}
}

// TestPolicyInterleaves runs the policy over a line of 6 priority and 6
// normal tickets and checks the 2:1 pattern, FIFO within each class.
func TestPolicyInterleaves(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	var prio, normal []*Candidate
	for i := 0; i < 6; i++ {
		normal = append(normal, &Candidate{ID: "N" + string(rune('0'+i)), OrderAt: t0.Add(time.Duration(2*i) * time.Second)})
		prio = append(prio, &Candidate{ID: "P" + string(rune('0'+i)), Priority: true, OrderAt: t0.Add(time.Duration(2*i+1) * time.Second)})
	}
	p := Policy{Ratio: 2, MaxWait: time.Hour}
	streak := 0
	var got string
	for len(prio)+len(normal) > 0 {
		l := Line{}
		if len(prio) > 0 {
			l.OldestPriority = prio[0]
		}
		if len(normal) > 0 {
			l.OldestNormal = normal[0]
		}
		l.Oldest = l.OldestNormal
		if l.Oldest == nil || (l.OldestPriority != nil && l.OldestPriority.OrderAt.Before(l.Oldest.OrderAt)) {
			l.Oldest = l.OldestPriority
		}
		c := p.Pick(t0.Add(time.Minute), streak, l)
		streak = NextStreak(streak, c)
		got += c.ID + " "
		if c.Priority {
			prio = prio[1:]
		} else {
			normal = normal[1:]
		}
	}
	want := "P0 P1 N0 P2 P3 N1 P4 P5 N2 N3 N4 N5 "
	if got != want {
		t.Fatalf("order\n got %s\nwant %s", got, want)
	}
}

func TestPolicyRatioBelowOneActsAsOne(t *testing.T) {
	p := Policy{Ratio: 0}
	n := &Candidate{ID: "n"}
	pr := &Candidate{ID: "p", Priority: true}
	if got := p.Pick(time.Now(), 1, Line{Oldest: n, OldestNormal: n, OldestPriority: pr}); got.ID != "n" {
		t.Fatalf("after one priority call with ratio 0, got %s", got.ID)
	}
}
