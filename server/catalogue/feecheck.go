package catalogue

import (
	"fmt"

	"motcua/server/contract"
)

// Unconfirmed is the administrator's list of fee amounts to check: every
// council fee rule (FeeLocal) without an amount that still holds on day or
// later (DateLayout). The kiosk tells citizens such an amount is not
// confirmed; this list is how the centre gets it confirmed, so a citizen
// never sees a guessed figure and the admin sees what is missing.
// Each entry names the rule by path, as Validate's problems do.
func Unconfirmed(c contract.Catalogue, day string) []Problem {
	var out []Problem
	for i, p := range c.Procedures {
		for j, f := range p.Fees {
			if f.Confirmed() || (f.Until != "" && f.Until < day) {
				continue
			}
			out = append(out, Problem{
				Path: fmt.Sprintf("procedures[%d].fees[%d]", i, j),
				Message: fmt.Sprintf("%s – %q: chưa nhập mức thu, cần đối chiếu %s / amount not entered, check %s",
					p.Code, f.Label.VI, f.Source, f.Source),
			})
		}
	}
	return out
}
