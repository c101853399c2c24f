package contract

import (
	"testing"
	"time"
)

func TestParseCutoff(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"15:00", 900, true}, {"00:00", 0, true}, {"23:59", 23*60 + 59, true}, {"09:30", 570, true},
		{"", 0, false}, {"24:00", 0, false}, {"15:60", 0, false}, {"9:30", 0, false}, {"15.00", 0, false},
		{"-1:00", 0, false}, {"+1:00", 0, false}, {"15:+1", 0, false}, {"15:00 ", 0, false}, {"ab:cd", 0, false},
	} {
		got, ok := ParseCutoff(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseCutoff(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSameDayOK(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	cut := Procedure{Code: "2.000815", SameDayWednesday: true, SameDayCutoff: "15:00"}
	none := Procedure{Code: "1.004873", SameDayWednesday: true}
	wed := func(h, m, s int) time.Time { return time.Date(2026, 11, 25, h, m, s, 0, loc) }
	for _, tc := range []struct {
		name string
		p    Procedure
		at   time.Time
		want bool
	}{
		{"morning", cut, wed(8, 0, 0), true},
		{"14:59:59", cut, wed(14, 59, 59), true},
		{"14:59", cut, wed(14, 59, 0), true},
		{"15:00 exactly", cut, wed(15, 0, 0), false},
		{"15:01", cut, wed(15, 1, 0), false},
		{"23:59", cut, wed(23, 59, 0), false},
		{"no cut-off late", none, wed(16, 30, 0), true},
		// 07:59 UTC is 14:59 in Vietnam, 08:00 UTC is 15:00: the centre's zone counts, not the instant's.
		{"UTC 07:59", cut, time.Date(2026, 11, 25, 7, 59, 0, 0, time.UTC), true},
		{"UTC 08:00", cut, time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC), false},
	} {
		if got := SameDayOK(tc.p, tc.at, loc); got != tc.want {
			t.Errorf("%s: SameDayOK(%s, %s) = %v, want %v", tc.name, tc.p.SameDayCutoff, tc.at, got, tc.want)
		}
	}
}
