// Package catalogue owns the centre's procedure catalogue as data: the
// default catalogue shipped with the server, the rules every catalogue must
// satisfy before kiosks may show it, and the JSON and CSV forms in which
// administrators export, edit and import it.
//
// The rules live here rather than in the HTTP layer so that every way a
// catalogue can enter the system (the embedded default, a JSON upload, a
// spreadsheet import) is checked the same way, and so that a citizen never
// sees a fee without its legal source or a procedure no counter can serve.
package catalogue

import (
	"bytes"
	_ "embed"
	"slices"

	"motcua/server/contract"
)

//go:embed default.json
var defaultJSON []byte

// Default returns the catalogue a new centre starts with: the common
// ward-level procedures of Gia Viên ward with their sourced fees, queues and
// counters (see SOURCES.md for where every fact comes from). Each call
// returns a fresh copy, so callers may modify it freely.
func Default() contract.Catalogue {
	c, err := DecodeJSON(bytes.NewReader(defaultJSON))
	if err != nil {
		// The embedded file is checked by the package tests; reaching this
		// means the binary was built from a broken tree.
		panic("catalogue: embedded default.json is invalid: " + err.Error())
	}
	return c
}

// Normalize puts a catalogue in the canonical form every decoder returns:
// lists the JSON contract always carries (fields, procedures, queues,
// counters, fees, queue procedures, counter queues) are empty rather than
// nil, so clients receive [] and never null; optional lists (documents,
// steps, legal basis, fee tiers) are nil when empty, so they are omitted.
// Programs that build catalogues in code call it before comparing them with
// decoded ones. It modifies c in place.
func Normalize(c *contract.Catalogue) {
	c.Fields = orEmpty(c.Fields)
	c.Procedures = orEmpty(c.Procedures)
	c.Queues = orEmpty(c.Queues)
	c.Counters = orEmpty(c.Counters)
	for i := range c.Procedures {
		normalizeProcedure(&c.Procedures[i])
	}
	for i := range c.Queues {
		c.Queues[i].Procedures = orEmpty(c.Queues[i].Procedures)
	}
	for i := range c.Counters {
		c.Counters[i].Queues = orEmpty(c.Counters[i].Queues)
	}
}

func normalizeProcedure(p *contract.Procedure) {
	p.Fees = orEmpty(p.Fees)
	p.Documents = orNil(p.Documents)
	p.Steps = orNil(p.Steps)
	p.LegalBasis = orNil(p.LegalBasis)
	p.Keywords = orNil(p.Keywords)
	for j := range p.Fees {
		p.Fees[j].Tiers = orNil(p.Fees[j].Tiers)
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// clone deep-copies a catalogue so that normalising or encoding it never
// writes into slices the caller (or another goroutine) still reads.
func clone(c contract.Catalogue) contract.Catalogue {
	c.Fields = slices.Clone(c.Fields)
	c.Procedures = slices.Clone(c.Procedures)
	for i := range c.Procedures {
		c.Procedures[i] = cloneProcedure(c.Procedures[i])
	}
	c.Queues = slices.Clone(c.Queues)
	for i := range c.Queues {
		c.Queues[i].Procedures = slices.Clone(c.Queues[i].Procedures)
	}
	c.Counters = slices.Clone(c.Counters)
	for i := range c.Counters {
		c.Counters[i].Queues = slices.Clone(c.Counters[i].Queues)
	}
	return c
}

func cloneProcedure(p contract.Procedure) contract.Procedure {
	p.Fees = slices.Clone(p.Fees)
	for j := range p.Fees {
		p.Fees[j].Tiers = slices.Clone(p.Fees[j].Tiers)
	}
	p.Documents = slices.Clone(p.Documents)
	p.Steps = slices.Clone(p.Steps)
	p.LegalBasis = slices.Clone(p.LegalBasis)
	return p
}
