// Package safetext decides which text the server accepts and how it leaves
// in a spreadsheet. Text typed at a kiosk, a console or in an imported file
// ends up on public screens, in the audit log and in CSV exports opened by
// the centre's staff: control characters would corrupt logs and exports,
// bidirectional overrides can make a name read differently from what is
// stored, and a cell starting with "=" would run as a formula.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Problem says why s is refused, or returns "" when s is clean. Tab and
// newline are allowed (notes and lists span lines); every other C0
// control, DEL, the C1 controls and the bidirectional embedding, override
// and isolate characters are not, nor is invalid UTF-8.
func Problem(s string) string {
	if !utf8.ValidString(s) {
		return "văn bản không phải UTF-8 hợp lệ / text is not valid UTF-8"
	}
	for _, r := range s {
		if bad(r) {
			return fmt.Sprintf("có ký tự điều khiển U+%04X không được phép / control character U+%04X is not allowed", r, r)
		}
	}
	return ""
}

// bad tells a character no stored text may contain.
func bad(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// formulaStart are the first characters a spreadsheet reads as a formula
// (OWASP "CSV injection").
const formulaStart = "=+-@\t\r"

// DefuseCell makes a CSV cell that a spreadsheet would run as a formula
// start with an apostrophe, so "=HYPERLINK(…)" stays text.
func DefuseCell(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

// UndefuseCell reverses DefuseCell when a file motcua exported is imported
// again: an apostrophe before a formula character is dropped, any other
// apostrophe is kept.
func UndefuseCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}
