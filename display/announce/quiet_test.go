package announce

import (
	"testing"
	"time"
)

func TestParseQuietHours(t *testing.T) {
	ok := map[[2]string]QuietHours{
		{"", ""}:           {},
		{"12:00", "13:30"}: {12 * time.Hour, 13*time.Hour + 30*time.Minute},
		{"7:05", "24:00"}:  {7*time.Hour + 5*time.Minute, 24 * time.Hour},
		{"22:00", "06:00"}: {22 * time.Hour, 6 * time.Hour},
	}
	for in, want := range ok {
		got, err := ParseQuietHours(in[0], in[1])
		if err != nil || got != want {
			t.Errorf("ParseQuietHours(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range [][2]string{{"12:00", ""}, {"", "13:00"}, {"12", "13:00"}, {"12:60", "13:00"},
		{"25:00", "13:00"}, {"12:00", "24:01"}, {"ab:cd", "13:00"}, {"12:5", "13:00"}, {"-1:00", "13:00"}} {
		if _, err := ParseQuietHours(in[0], in[1]); err == nil {
			t.Errorf("ParseQuietHours(%q) accepted", in)
		}
	}
}

func TestQuietHoursContains(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, time.UTC) }
	lunch := QuietHours{12 * time.Hour, 13*time.Hour + 30*time.Minute}
	night := QuietHours{22 * time.Hour, 6 * time.Hour}
	cases := []struct {
		q    QuietHours
		t    time.Time
		want bool
	}{
		{lunch, at(11, 59), false},
		{lunch, at(12, 0), true},
		{lunch, at(13, 29), true},
		{lunch, at(13, 30), false},
		{night, at(23, 0), true},
		{night, at(5, 59), true},
		{night, at(6, 0), false},
		{night, at(12, 0), false},
		{QuietHours{}, at(12, 0), false},
		{QuietHours{8 * time.Hour, 8 * time.Hour}, at(8, 0), false},
		{QuietHours{17 * time.Hour, 24 * time.Hour}, at(23, 59), true},
	}
	for _, c := range cases {
		if got := c.q.Contains(c.t); got != c.want {
			t.Errorf("%v.Contains(%v) = %v", c.q, c.t.Format("15:04"), got)
		}
	}
}
