package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestEveryKeyHasBothLanguages(t *testing.T) {
	for _, k := range Keys() {
		vi, en, _ := Lookup(k)
		if strings.TrimSpace(vi) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("key %q: vi=%q en=%q", k, vi, en)
		}
		if strings.Count(vi, "%") != strings.Count(en, "%") {
			t.Errorf("key %q: the two languages take different arguments", k)
		}
	}
}

func TestFallbacks(t *testing.T) {
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	if got := T("fr", "help.button"); got != "Cần hỗ trợ" {
		t.Errorf("unknown language = %q, want Vietnamese", got)
	}
}

func TestDates(t *testing.T) {
	wed := time.Date(2026, 11, 25, 9, 41, 0, 0, time.UTC)
	if got := LongDate(VI, wed); got != "Thứ Tư, 25/11/2026" {
		t.Errorf("LongDate vi = %q", got)
	}
	if got := LongDate(EN, wed); got != "Wednesday, 25/11/2026" {
		t.Errorf("LongDate en = %q", got)
	}
	if got := Weekday(VI, time.Sunday); got != "Chủ nhật" {
		t.Errorf("Sunday = %q", got)
	}
	if got := Clock(wed); got != "09:41" {
		t.Errorf("Clock = %q", got)
	}
}

func TestWait(t *testing.T) {
	for _, c := range []struct {
		s    int64
		want string
	}{{0, "gần như không phải chờ"}, {1, "khoảng 1 phút"}, {1500, "khoảng 25 phút"}, {1501, "khoảng 26 phút"}, {6000, "khoảng 1 giờ 40 phút"}} {
		if got := Wait(VI, c.s); got != c.want {
			t.Errorf("Wait(%d) = %q, want %q", c.s, got, c.want)
		}
	}
}
