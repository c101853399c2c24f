package announce

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// QuietHours is a daily span (e.g. the lunch break 12:00–13:30) when the
// board must not read calls aloud. Start and End are offsets from local
// midnight; a span whose End is before its Start runs past midnight. The
// zero value, or Start equal to End, is never quiet.
type QuietHours struct {
	Start, End time.Duration
}

// ParseQuietHours reads the "HH:MM" strings of
// contract.AnnouncementSettings. Both empty means no quiet hours; one empty
// is an error, because a half-set span is an administrator's mistake that
// should be shown, not guessed at.
func ParseQuietHours(start, end string) (QuietHours, error) {
	if start == "" && end == "" {
		return QuietHours{}, nil
	}
	s, err := parseClock(start)
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet start: %w", err)
	}
	e, err := parseClock(end)
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet end: %w", err)
	}
	return QuietHours{Start: s, End: e}, nil
}

// parseClock reads "H:MM" or "HH:MM"; "24:00" is accepted as the end of day.
func parseClock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, herr := strconv.Atoi(hh)
	m, merr := strconv.Atoi(mm)
	if !ok || herr != nil || merr != nil || len(mm) != 2 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// Contains reports whether t's wall-clock time falls in the span, start
// included and end excluded. t is read in its own location, so pass a time
// in the centre's time zone.
func (q QuietHours) Contains(t time.Time) bool {
	d := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second
	switch {
	case q.Start == q.End:
		return false
	case q.Start < q.End:
		return d >= q.Start && d < q.End
	default:
		return d >= q.Start || d < q.End
	}
}
