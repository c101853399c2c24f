package hub

import (
	"testing"

	"motcua/server/contract"
)

// TestSlowSubscriberIsDropped: a subscriber whose buffer is full is dropped
// and told so, while a subscriber that keeps up gets every event in order.
func TestSlowSubscriberIsDropped(t *testing.T) {
	h := New()
	slow := h.Subscribe(2)
	fast := h.Subscribe(16)
	for seq := int64(1); seq <= 5; seq++ {
		h.Publish(contract.Event{Seq: seq}, []byte{byte(seq)})
	}
	if h.Len() != 1 {
		t.Fatalf("%d subscribers left, want 1", h.Len())
	}
	var got []int64
	for m := range slow.C {
		got = append(got, m.Seq)
	}
	if !slow.Dropped() || len(got) != 2 {
		t.Fatalf("slow subscriber: dropped=%v, got %v", slow.Dropped(), got)
	}
	for want := int64(1); want <= 5; want++ {
		if m := <-fast.C; m.Seq != want || m.Wire[0] != byte(want) {
			t.Fatalf("fast subscriber got seq %d, want %d", m.Seq, want)
		}
	}
	h.Unsubscribe(fast)
	if _, open := <-fast.C; open || fast.Dropped() {
		t.Fatal("unsubscribed channel still open, or marked dropped")
	}
	h.Unsubscribe(fast) // twice is harmless
	if h.LastSeq() != 5 {
		t.Fatalf("last seq %d", h.LastSeq())
	}
}
