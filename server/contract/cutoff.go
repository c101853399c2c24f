package contract

import (
	"strconv"
	"time"
)

// ParseCutoff reads a same-day cut-off "HH:MM" (00:00–23:59, two digits
// each) as minutes after midnight; ok is false for anything else, so the
// catalogue's validation and SameDayOK agree on what a cut-off is.
func ParseCutoff(s string) (minutes int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || s[0] == '+' || s[3] == '+' || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// SameDayOK says whether a same-day promise still holds for a dossier of p
// received at at: false when at, read in the centre's zone loc, is at or
// after p's cut-off (the result is then returned the next working day).
// A procedure without a cut-off, or with an unreadable one, keeps the
// promise all day: the catalogue validation rejects bad cut-offs, so this
// only guards against old data.
func SameDayOK(p Procedure, at time.Time, loc *time.Location) bool {
	cut, ok := ParseCutoff(p.SameDayCutoff)
	if !ok {
		return true
	}
	if loc != nil {
		at = at.In(loc)
	}
	return at.Hour()*60+at.Minute() < cut
}
