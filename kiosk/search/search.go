// Package search finds procedures by what a citizen types on the kiosk's
// keyboard, ignoring case and Vietnamese diacritics: "hon nhan" finds
// "hôn nhân", and "DANG KY" finds "Đăng ký". Many people type without marks,
// or with the wrong ones, so the marks must never stand between a citizen
// and the right procedure.
//
// People also misspell, use the everyday word rather than the official one
// ("công chứng" for chứng thực) and type without spaces ("khaisinh"). The
// index therefore also holds each procedure's short name and keywords, and
// every pair of adjacent words joined; when nothing matches as typed, words
// within one or two typing errors of what was typed match instead.
//
// The index folds every text once when the catalogue arrives and keeps a
// vocabulary of distinct words with the procedures that use each, so a
// keystroke costs one pass over the vocabulary per word typed.
package search

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

// entry is one procedure with its searchable texts folded in advance.
type entry struct {
	proc     contract.Procedure
	nameVI   string   // folded Vietnamese name
	name     string   // folded name in both languages
	short    string   // folded short name in both languages
	exact    []string // the names (each language, full and short) an exact query equals
	keywords []string // folded keywords
}

// Index searches one catalogue. It is immutable once built, so the kiosk can
// swap in a new index after catalogue.changed without locking.
type Index struct {
	entries []entry
	vocab   []string  // every distinct word of every procedure
	posting [][]int32 // vocab index → entries using that word: index<<1 | 1 if in a name
}

// New indexes the procedures of a catalogue.
func New(cat contract.Catalogue) *Index {
	fields := map[string]string{}
	for _, f := range cat.Fields {
		fields[f.ID] = f.Name.VI + " " + f.Name.EN
	}
	ix := &Index{entries: make([]entry, 0, len(cat.Procedures))}
	ids := map[string]int{}
	for i, p := range cat.Procedures {
		e := entry{
			proc: p, nameVI: Fold(p.Name.VI), name: Fold(p.Name.VI + " " + p.Name.EN),
			short: Fold(p.ShortName.VI + " " + p.ShortName.EN),
		}
		for _, n := range []string{p.Name.EN, p.ShortName.VI, p.ShortName.EN} {
			if f := Fold(n); f != "" {
				e.exact = append(e.exact, f)
			}
		}
		e.exact = append(e.exact, e.nameVI)
		for _, k := range p.Keywords {
			e.keywords = append(e.keywords, Fold(k))
		}
		ix.entries = append(ix.entries, e)
		// Words of the names first, flagged, so that a query whose words
		// are in a procedure's name beats one that only shares its field.
		for _, w := range words([]string{e.name, e.short}) {
			ix.post(ids, w, int32(i)<<1|1)
		}
		other := append([]string{Fold(p.Code), Fold(fields[p.Field])}, e.keywords...)
		for _, w := range words(other) {
			ix.post(ids, w, int32(i)<<1)
		}
	}
	return ix
}

// post records that entry (shifted left, low bit set for a name word) uses
// word w; a word already posted for the entry keeps its first flag.
func (ix *Index) post(ids map[string]int, w string, entry int32) {
	id, ok := ids[w]
	if !ok {
		id = len(ix.vocab)
		ids[w] = id
		ix.vocab = append(ix.vocab, w)
		ix.posting = append(ix.posting, nil)
	}
	l := ix.posting[id]
	if len(l) > 0 && l[len(l)-1]>>1 == entry>>1 {
		return
	}
	ix.posting[id] = append(l, entry)
}

// words lists the words of folded texts and each pair of adjacent words
// joined ("khai sinh" also gives "khaisinh"), for people who type without
// spaces and for raw Telex letters.
func words(texts []string) []string {
	var out []string
	for _, t := range texts {
		ws := strings.Fields(t)
		for i, w := range ws {
			out = append(out, w)
			if i > 0 {
				out = append(out, ws[i-1]+w)
			}
		}
	}
	return out
}

// Len is the number of procedures indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Search returns the procedures matching every word of query, best first.
// An empty query matches nothing, so an empty box shows no list to scroll
// through. At most limit results are returned (all when limit ≤ 0).
func (ix *Index) Search(query string, limit int) []contract.Procedure {
	return ix.SearchAny(limit, query)
}

// SearchAny searches several spellings of one query at once (the kiosk
// passes the Telex composition and the raw letters typed) and returns the
// procedures that match any of them, best first: an exact name or short
// name, then names that start with or contain the query as one phrase, then
// keywords, then common procedures, shorter names before longer. Words are
// matched as typed first; only when no procedure matches every word of any
// spelling do words within one typing error (two for words of seven letters
// or more) match.
func (ix *Index) SearchAny(limit int, queries ...string) []contract.Procedure {
	var folded []string
	for _, q := range queries {
		if f := Fold(q); f != "" && !slices.Contains(folded, f) {
			folded = append(folded, f)
		}
	}
	if len(folded) == 0 {
		return nil
	}
	scores := map[int32]float64{}
	for _, fuzzy := range []bool{false, true} {
		for _, q := range folded {
			for i, s := range ix.match(q, fuzzy) {
				if old, ok := scores[i]; !ok || s > old {
					scores[i] = s
				}
			}
		}
		if len(scores) > 0 {
			break
		}
	}
	hits := make([]int32, 0, len(scores))
	for i := range scores {
		hits = append(hits, i)
	}
	sort.Slice(hits, func(a, b int) bool {
		ea, eb := &ix.entries[hits[a]], &ix.entries[hits[b]]
		if sa, sb := scores[hits[a]], scores[hits[b]]; sa != sb {
			return sa > sb
		}
		if len(ea.nameVI) != len(eb.nameVI) {
			return len(ea.nameVI) < len(eb.nameVI)
		}
		return ea.proc.Name.VI < eb.proc.Name.VI
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]contract.Procedure, len(hits))
	for i, h := range hits {
		out[i] = ix.entries[h].proc
	}
	return out
}

// wordHit is how one query word matched one entry.
type wordHit struct {
	typo   bool // only by a typing error
	inName bool // in the name or short name, not only the field or keywords
}

// better tells whether h is a better match than o.
func (h wordHit) better(o wordHit) bool {
	if h.typo != o.typo {
		return !h.typo
	}
	return h.inName && !o.inName
}

// match scores the entries matching every word of the folded query q.
func (ix *Index) match(q string, fuzzy bool) map[int32]float64 {
	type tally struct{ typos, inName int }
	var found map[int32]tally
	for n, w := range strings.Fields(q) {
		hits := ix.wordMatches(w, fuzzy)
		next := make(map[int32]tally, len(hits))
		for i, h := range hits {
			t, ok := found[i]
			if n > 0 && !ok {
				continue
			}
			if h.typo {
				t.typos++
			}
			if h.inName {
				t.inName++
			}
			next[i] = t
		}
		if found = next; len(found) == 0 {
			return nil
		}
	}
	out := make(map[int32]float64, len(found))
	for i, t := range found {
		out[i] = rank(&ix.entries[i], q) - 3*float64(t.typos) + 8*float64(t.inName)
	}
	return out
}

// wordMatches finds the entries having a word that contains w, or (fuzzy)
// one that w's typing errors could have come from, each with its best hit.
func (ix *Index) wordMatches(w string, fuzzy bool) map[int32]wordHit {
	out := map[int32]wordHit{}
	maxTypos := allowedTypos(w)
	for id, v := range ix.vocab {
		typo := false
		if !strings.Contains(v, w) {
			if !fuzzy || maxTypos == 0 || !withinPrefix(w, v, maxTypos) {
				continue
			}
			typo = true
		}
		for _, p := range ix.posting[id] {
			i, h := p>>1, wordHit{typo: typo, inName: p&1 == 1}
			if old, ok := out[i]; !ok || h.better(old) {
				out[i] = h
			}
		}
	}
	return out
}

// allowedTypos is how many typing errors a word may carry: none in short
// words, where one error makes another word, one from four letters, two
// from seven.
func allowedTypos(w string) int {
	n := utf8.RuneCountInString(w)
	switch {
	case n >= 7:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// withinPrefix tells whether some prefix of v is within k edits (insert,
// delete, replace) of w: the last word is often still being typed.
func withinPrefix(w, v string, k int) bool {
	a, b := []rune(w), []rune(v)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false // every later row is at least this far
		}
		prev, cur = cur, prev
	}
	return slices.Min(prev) <= k
}

// rank scores how well an entry that matches every word of q answers it.
func rank(e *entry, q string) float64 {
	score := 0.0
	switch {
	case slices.Contains(e.exact, q):
		score += 100
	case strings.HasPrefix(e.nameVI, q):
		score += 40
	}
	if strings.Contains(e.name, q) {
		score += 20
	}
	if strings.Contains(e.short, q) {
		score += 25
	}
	for _, k := range e.keywords {
		if k == q { // the everyday word for exactly this procedure
			score += 60
			break
		}
		if strings.Contains(k, q) {
			score += 15
			break
		}
	}
	if e.proc.Common {
		score += 2
	}
	// A name the query covers more of is more likely the one meant.
	return score + 10*float64(len(q))/float64(max(len(e.nameVI), 1))
}
