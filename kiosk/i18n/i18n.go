// Package i18n holds every sentence the kiosk shows, in Vietnamese and
// English, and the Vietnamese ways of writing dates, weekdays and waits.
//
// The table lives in code rather than in translation files because it is
// small, must never be missing at a kiosk with no network, and a test can
// then prove that every key has both languages.
package i18n

import (
	"fmt"
	"time"
)

// The two languages the kiosk speaks. Vietnamese is the default; English is
// one tap away for foreigners and visitors.
const (
	VI = "vi"
	EN = "en"
)

// Valid tells whether lang is a language the kiosk has.
func Valid(lang string) bool { return lang == VI || lang == EN }

// T returns the sentence key in lang, falling back to Vietnamese and then to
// the key itself, so a missing entry shows something readable rather than
// nothing.
func T(lang, key string) string {
	e, ok := table[key]
	if !ok {
		return key
	}
	if lang == EN && e[1] != "" {
		return e[1]
	}
	return e[0]
}

// F is T followed by fmt.Sprintf, for sentences with numbers in them.
func F(lang, key string, args ...any) string { return fmt.Sprintf(T(lang, key), args...) }

// Keys lists every key of the table, for tests.
func Keys() []string {
	out := make([]string, 0, len(table))
	for k := range table {
		out = append(out, k)
	}
	return out
}

// Lookup returns both languages of key and whether it exists.
func Lookup(key string) (vi, en string, ok bool) {
	e, ok := table[key]
	return e[0], e[1], ok
}

var weekdaysVI = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// Weekday names a day the way the centre's notices do: "Thứ Tư" in
// Vietnamese (Wednesday is the fast day), "Wednesday" in English.
func Weekday(lang string, d time.Weekday) string {
	if lang == EN {
		return d.String()
	}
	return weekdaysVI[d]
}

// Date writes a date as dd/mm/yyyy, the only form Vietnamese readers expect.
func Date(t time.Time) string { return t.Format("02/01/2006") }

// Clock writes a time of day on the 24-hour clock, "09:41".
func Clock(t time.Time) string { return t.Format("15:04") }

// LongDate is the weekday and the date, "Thứ Tư, 25/11/2026".
func LongDate(lang string, t time.Time) string { return Weekday(lang, t.Weekday()) + ", " + Date(t) }

// Wait words an estimated wait in whole minutes, never promising less than
// a minute: "khoảng 25 phút".
func Wait(lang string, seconds int64) string {
	if seconds <= 0 {
		return T(lang, "wait.none")
	}
	m := (seconds + 59) / 60
	if m >= 90 {
		return F(lang, "wait.hours", m/60, m%60)
	}
	return F(lang, "wait.minutes", m)
}
