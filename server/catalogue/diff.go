package catalogue

import (
	"reflect"
	"slices"
	"strings"

	"motcua/server/contract"
)

// Diff tells which procedures a catalogue change touches, so the server can
// publish them in catalogue.changed and screens can update one fee without
// reloading everything. changed holds the procedures of new that are added
// or differ from old; removed holds the codes of old that new no longer
// has. Both are sorted by code. Procedures are compared in normalized form,
// so nil and empty lists do not count as a change.
func Diff(old, new contract.Catalogue) (changed []contract.Procedure, removed []string) {
	before := make(map[string]contract.Procedure, len(old.Procedures))
	for _, p := range old.Procedures {
		before[p.Code] = normalized(p)
	}
	after := make(map[string]bool, len(new.Procedures))
	for _, p := range new.Procedures {
		after[p.Code] = true
		q, ok := before[p.Code]
		if n := normalized(p); !ok || !reflect.DeepEqual(q, n) {
			changed = append(changed, n)
		}
	}
	for code := range before {
		if !after[code] {
			removed = append(removed, code)
		}
	}
	slices.SortFunc(changed, func(a, b contract.Procedure) int { return strings.Compare(a.Code, b.Code) })
	slices.Sort(removed)
	return changed, removed
}

// normalized returns a normalized deep copy, leaving the caller's slices
// untouched.
func normalized(p contract.Procedure) contract.Procedure {
	p = cloneProcedure(p)
	normalizeProcedure(&p)
	return p
}
