package board

import (
	"slices"
	"testing"
	"time"
)

func TestFormatClock(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 25, 9, 41, 0, 0, ict), "Thứ Tư, 25/11/2026 09:41"},
		{time.Date(2026, 11, 29, 0, 5, 0, 0, ict), "Chủ Nhật, 29/11/2026 00:05"},
		{time.Date(2026, 12, 5, 17, 30, 59, 0, ict), "Thứ Bảy, 05/12/2026 17:30"},
		{time.Date(2026, 11, 23, 7, 0, 0, 0, ict), "Thứ Hai, 23/11/2026 07:00"},
	} {
		if got := FormatClock(tc.t); got != tc.want {
			t.Errorf("FormatClock(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestFormatWait(t *testing.T) {
	for _, tc := range []struct {
		n    int
		s    int64
		want string
	}{
		{0, 600, "—"}, {1, 0, "< 1 phút"}, {1, 59, "< 1 phút"}, {2, 60, "~1 phút"},
		{3, 61, "~2 phút"}, {9, 3599, "~1 giờ 00"}, {9, 3540, "~59 phút"}, {20, 3660, "~1 giờ 01"},
	} {
		if got := FormatWait(tc.n, tc.s); got != tc.want {
			t.Errorf("FormatWait(%d, %d) = %q, want %q", tc.n, tc.s, got, tc.want)
		}
	}
	if got := FormatWaiting(5); got != "5 người chờ" {
		t.Errorf("FormatWaiting(5) = %q", got)
	}
}

func TestParseCounters(t *testing.T) {
	for in, want := range map[string][]int{"": nil, "1,2,5": {1, 2, 5}, " 3 ": {3}, "1-3,6": {1, 2, 3, 6}, "2,": {2}} {
		got, err := ParseCounters(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseCounters(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"a", "0", "-1", "3-1", "1,,x", "1-100000"} {
		if _, err := ParseCounters(bad); err == nil {
			t.Errorf("ParseCounters(%q) accepted", bad)
		}
	}
}

func TestParseLayout(t *testing.T) {
	if l, err := ParseLayout("portrait"); err != nil || l != Portrait {
		t.Fatalf("portrait: %v %v", l, err)
	}
	if l, err := ParseLayout(""); err != nil || l != Landscape {
		t.Fatalf("default: %v %v", l, err)
	}
	if _, err := ParseLayout("sideways"); err == nil {
		t.Fatal("sideways accepted")
	}
}
