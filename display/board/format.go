package board

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"motcua/server/contract"
)

// weekdays are the Vietnamese day names, Sunday first as time.Weekday counts.
var weekdays = [7]string{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// FormatClock is the date and time line of the board, the way people in
// the centre write it: "Thứ Tư, 25/11/2026 09:41".
func FormatClock(t time.Time) string {
	return weekdays[t.Weekday()] + ", " + t.Format("02/01/2006 15:04")
}

// FormatWait says about how long a queue waits, rounded up to whole
// minutes so the board never promises less than the estimate: "~12 phút".
// An empty queue has no wait ("—").
func FormatWait(waiting int, seconds int64) string {
	if waiting <= 0 {
		return "—"
	}
	if seconds < 60 {
		return "< 1 phút"
	}
	mins := (seconds + 59) / 60
	if mins < 60 {
		return fmt.Sprintf("~%d phút", mins)
	}
	return fmt.Sprintf("~%d giờ %02d", mins/60, mins%60)
}

// FormatWaiting is a queue's head count: "5 người chờ".
func FormatWaiting(n int) string {
	return strconv.Itoa(max(n, 0)) + " người chờ"
}

// ParseCounters reads the --counters filter, e.g. "1,2,5" or "1-3,6".
// Empty means every counter.
func ParseCounters(s string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := counterNumber(lo)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = counterNumber(hi); err != nil {
				return nil, err
			}
		}
		if b < a || b-a > 999 {
			return nil, fmt.Errorf("khoảng quầy %q không hợp lệ / bad counter range", part)
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	return out, nil
}

func counterNumber(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 9999 {
		return 0, fmt.Errorf("số quầy %q không hợp lệ / counters are numbers from 1, e.g. \"1,2,5\"", s)
	}
	return n, nil
}

// location is the centre's time zone, Vietnam's when unknown.
func location(name string) *time.Location {
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.FixedZone("ICT", 7*3600)
}

// messages are the texts the rotating panel shows: slogans, then notices.
func messages(c contract.CentreInfo) []string {
	var out []string
	for _, t := range append(append([]contract.Text{}, c.Slogans...), c.Notices...) {
		if s := strings.TrimSpace(t.VI); s != "" {
			out = append(out, s)
		}
	}
	return out
}
