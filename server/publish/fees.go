package publish

import (
	"fmt"
	"strings"

	"motcua/server/contract"
)

// words are the phrases the published fee lines use, in the kiosk's
// wording (kiosk/i18n) so a citizen reads the same thing on the kiosk, the
// phone and the notice board.
var words = map[string][2]string{
	"nofee":  {"Chưa công bố phí, lệ phí – xin hỏi cán bộ tại quầy", "Fee not yet published – please ask at the counter"},
	"free":   {"Miễn phí", "Free"},
	"local":  {"Theo Nghị quyết HĐND thành phố (mức cụ thể xin hỏi tại quầy)", "Set by the city council (ask at the counter for the amount)"},
	"first":  {"%s/trang", "%s/page"},
	"from":   {"từ trang %d: %s/trang", "from page %d: %s/page"},
	"cap":    {"tối đa %s/bản", "at most %s/copy"},
	"source": {"Căn cứ: %s", "Source: %s"},
	"ask":    {"Xin hỏi cán bộ tại quầy", "Please ask at the counter"},
}

// word returns a phrase in lang ("en" or Vietnamese for anything else).
func word(lang, key string) string {
	w := words[key]
	if lang == "en" {
		return w[1]
	}
	return w[0]
}

// FeeAmount words one fee's amount from the current contract.Fee fields:
// "Miễn phí", "10.000 đ", "8.000 đ/bản sao", page tiers with their cap, or
// the council-resolution note when a local amount is not entered. It is
// this package's own so the public page and the notice board stay in step
// while the kiosk's wording evolves on its own screen.
func FeeAmount(f contract.Fee, lang string) string {
	per := func(s string) string {
		if u := f.Unit.In(lang); u != "" {
			return s + "/" + u
		}
		return s
	}
	switch f.Kind {
	case contract.FeeFree:
		return word(lang, "free")
	case contract.FeeFlat, contract.FeePerCopy:
		return per(contract.FormatVND(f.Amount))
	case contract.FeeLocal:
		if f.Amount > 0 {
			return per(contract.FormatVND(f.Amount))
		}
		return word(lang, "local")
	case contract.FeePerPage:
		return tiers(f, lang)
	}
	return word(lang, "ask")
}

// tiers words a per-page fee: "2.000 đ/trang; từ trang 3: 1.000 đ/trang; tối đa 200.000 đ/bản".
func tiers(f contract.Fee, lang string) string {
	var parts []string
	for i, t := range f.Tiers {
		if i == 0 {
			parts = append(parts, fmt.Sprintf(word(lang, "first"), contract.FormatVND(t.Amount)))
			continue
		}
		parts = append(parts, fmt.Sprintf(word(lang, "from"), t.FromPage, contract.FormatVND(t.Amount)))
	}
	if f.Cap > 0 {
		parts = append(parts, fmt.Sprintf(word(lang, "cap"), contract.FormatVND(f.Cap)))
	}
	if len(parts) == 0 {
		return word(lang, "ask")
	}
	return strings.Join(parts, "; ")
}

// FeeLine is a fee as one line of a notice: "Lệ phí: 8.000 đ/bản sao".
func FeeLine(f contract.Fee, lang string) string {
	if l := f.Label.In(lang); l != "" {
		return l + ": " + FeeAmount(f, lang)
	}
	return FeeAmount(f, lang)
}

// FeeSource is "Căn cứ: …", the legal text that sets the amount.
func FeeSource(f contract.Fee, lang string) string {
	return fmt.Sprintf(word(lang, "source"), f.Source)
}

// NoFee is what a procedure without any fee line says.
func NoFee(lang string) string { return word(lang, "nofee") }
