package queue

import (
	"context"
	"testing"

	"motcua/server/coded"
	"motcua/server/contract"
)

// codeOf is the coded error's code, "" for nil; "uncoded" for an error
// without a code, which no case expects.
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	if c := coded.Code(err); c != "" {
		return c
	}
	return "uncoded"
}

// TestCheckRatingAgreesWithRate: for every kind of ticket and caller,
// CheckRating refuses with exactly the code Rate gives, and accepts
// exactly when Rate does (each case on a ticket of its own, checked first
// and then rated, as the kiosk does).
func TestCheckRatingAgreesWithRate(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	served := func() contract.Ticket {
		tk := f.issue("2.000884", "")
		f.callNext(3)
		if _, err := f.eng.Finish(ctx, 3, staffActor); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	wrong := func(code string) string {
		if code == "000000" {
			return "111111"
		}
		return "000000"
	}
	cases := []struct {
		name string
		make func() (ref, code string, by Rater)
		want string
	}{
		{"unknown number", func() (string, string, Rater) { return "B987", "123456", entry }, contract.CodeNotFound},
		{"unknown id", func() (string, string, Rater) { return "nosuchticketid", "123456", entry }, contract.CodeNotFound},
		{"served, right code", func() (string, string, Rater) { tk := served(); return tk.Number, tk.Code, entry }, ""},
		{"served, wrong code", func() (string, string, Rater) { tk := served(); return tk.Number, wrong(tk.Code), entry }, contract.CodeRatingNotAllowed},
		{"served, no code", func() (string, string, Rater) { tk := served(); return tk.Number, "", entry }, contract.CodeInvalid},
		{"served, its tablet", func() (string, string, Rater) { tk := served(); return tk.ID, "", tablet3 }, ""},
		{"served, another tablet", func() (string, string, Rater) { tk := served(); return tk.ID, tk.Code, tablet1 }, contract.CodeRatingNotAllowed},
		// Last: a waiting ticket would be the next one the counter calls.
		{"waiting, by number", func() (string, string, Rater) { tk := f.issue("2.000884", ""); return tk.Number, tk.Code, entry }, contract.CodeConflict},
		{"waiting, by id, tablet", func() (string, string, Rater) { tk := f.issue("2.000884", ""); return tk.ID, "", tablet3 }, contract.CodeConflict},
	}
	for _, c := range cases {
		ref, code, by := c.make()
		_, cerr := f.eng.CheckRating(ctx, contract.RatingCheckRequest{Ticket: ref, Code: code}, by)
		_, rerr := f.eng.Rate(ctx, contract.RatingRequest{Ticket: ref, Code: code, Score: 3}, by)
		if codeOf(cerr) != c.want || codeOf(rerr) != c.want {
			t.Errorf("%s: check %v, rating %v, want %q for both", c.name, cerr, rerr, c.want)
		}
		if c.want != "" {
			continue
		}
		// Rated now: the check and a second rating both say so.
		_, cerr = f.eng.CheckRating(ctx, contract.RatingCheckRequest{Ticket: ref, Code: code}, by)
		_, rerr = f.eng.Rate(ctx, contract.RatingRequest{Ticket: ref, Code: code, Score: 3}, by)
		if codeOf(cerr) != contract.CodeAlreadyRated || codeOf(rerr) != contract.CodeAlreadyRated {
			t.Errorf("%s, rated: check %v, rating %v", c.name, cerr, rerr)
		}
	}
	// The check publishes nothing: one rating.created per accepted rating.
	n := 0
	for _, ev := range f.pub.events() {
		if ev.Type == contract.EventRatingCreated {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d rating.created events, want 2", n)
	}
}
