// Package search finds procedures by what a citizen types on the kiosk's
// keyboard, ignoring case and Vietnamese diacritics: "hon nhan" finds
// "hôn nhân", and "DANG KY" finds "Đăng ký". Many people type without marks,
// or with the wrong ones, so the marks must never stand between a citizen
// and the right procedure.
//
// The index folds every name once when the catalogue arrives, so a keystroke
// costs only substring tests over pre-folded strings.
package search

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"motcua/server/contract"
)

// Fold lowers s, strips its diacritics and maps đ to d, so that strings
// differing only in Vietnamese marks or case compare equal. Runs of spaces
// and punctuation become one space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// entry is one procedure with its searchable text folded in advance.
type entry struct {
	proc contract.Procedure
	name string // folded name in both languages
	all  string // name, code and field name, folded
}

// Index searches one catalogue. It is immutable once built, so the kiosk can
// swap in a new index after catalogue.changed without locking.
type Index struct {
	entries []entry
}

// New indexes the procedures of a catalogue.
func New(cat contract.Catalogue) *Index {
	fields := map[string]string{}
	for _, f := range cat.Fields {
		fields[f.ID] = f.Name.VI + " " + f.Name.EN
	}
	ix := &Index{entries: make([]entry, 0, len(cat.Procedures))}
	for _, p := range cat.Procedures {
		name := Fold(p.Name.VI + " " + p.Name.EN)
		ix.entries = append(ix.entries, entry{
			proc: p, name: name,
			all: name + " " + Fold(p.Code+" "+fields[p.Field]),
		})
	}
	return ix
}

// Len is the number of procedures indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Search returns the procedures matching every word of query, best first:
// those whose name contains the whole query as typed, then common ones, then
// by name. An empty query matches nothing, so an empty box shows no list to
// scroll through. At most limit results are returned (all when limit ≤ 0).
func (ix *Index) Search(query string, limit int) []contract.Procedure {
	q := Fold(query)
	if q == "" {
		return nil
	}
	words := strings.Fields(q)
	type hit struct {
		e     *entry
		score int
	}
	var hits []hit
	for i := range ix.entries {
		e := &ix.entries[i]
		if !containsAll(e.all, words) {
			continue
		}
		hits = append(hits, hit{e, rank(e, q)})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].e.proc.Name.VI < hits[j].e.proc.Name.VI
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]contract.Procedure, len(hits))
	for i, h := range hits {
		out[i] = h.e.proc
	}
	return out
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// rank prefers names starting with the query, then names containing it as
// one phrase, then common procedures.
func rank(e *entry, q string) int {
	score := 0
	switch {
	case strings.HasPrefix(e.name, q):
		score += 4
	case strings.Contains(e.name, q):
		score += 2
	}
	if e.proc.Common {
		score++
	}
	return score
}
