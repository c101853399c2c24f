package publish

import (
	"fmt"
	"strings"
	"time"

	"motcua/server/contract"
)

// words are the phrases the published fee lines use, in the kiosk's
// wording (kiosk/i18n) so a citizen reads the same thing on the kiosk, the
// phone and the notice board.
var words = map[string][2]string{
	"nofee": {"Không thu phí, lệ phí", "No fee or charge"},
	"nofeesrc": {"Căn cứ: Luật Phí và lệ phí 2015 (chỉ thu các khoản có trong Danh mục phí, lệ phí)",
		"Source: Law on Fees and Charges 2015 (only the charges on its list may be collected)"},
	"nocurrent": {"Không có mức thu nào đang áp dụng hôm nay – xin hỏi cán bộ tại quầy", "No rate applies today – please ask at the counter"},
	"in_person": {"Nộp trực tiếp: %s", "Filed in person: %s"},
	"online":    {"Nộp trực tuyến: %s", "Filed online: %s"},
	"condition": {"Điều kiện thu: %s", "Condition: %s"},
	"exempt":    {"Đối tượng được miễn:", "Who is exempt:"},
	"free":      {"Miễn phí", "Free"},
	"local":     {"Theo Nghị quyết HĐND thành phố (mức cụ thể xin hỏi tại quầy)", "Set by the city council (ask at the counter for the amount)"},
	"first":     {"%s/trang", "%s/page"},
	"from":      {"từ trang %d: %s/trang", "from page %d: %s/page"},
	"cap":       {"tối đa %s/bản", "at most %s/copy"},
	"source":    {"Căn cứ: %s", "Source: %s"},
	"ask":       {"Xin hỏi cán bộ tại quầy", "Please ask at the counter"},
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

// FeeLine is a fee as one line of a notice: "Lệ phí: 8.000 đ/bản sao", or
// for a rule of one channel "Lệ phí – Nộp trực tuyến: Miễn phí".
func FeeLine(f contract.Fee, lang string) string {
	amount := FeeAmount(f, lang)
	if f.Channel != contract.ChannelAny {
		amount = fmt.Sprintf(word(lang, string(f.Channel)), amount)
		if l := f.Label.In(lang); l != "" {
			return l + " – " + amount
		}
		return amount
	}
	if l := f.Label.In(lang); l != "" {
		return l + ": " + amount
	}
	return amount
}

// FeeCondition is "Điều kiện thu: …" for a fee charged only in some
// cases, or "".
func FeeCondition(f contract.Fee, lang string) string {
	if c := f.Condition.In(lang); c != "" {
		return fmt.Sprintf(word(lang, "condition"), c)
	}
	return ""
}

// FeesOn are the fee rules of p in force on day (a service day,
// YYYY-MM-DD, in the centre's zone), for every channel: what the kiosk
// shows that day, so a notice printed or a page read on that day says the
// same.
func FeesOn(p contract.Procedure, day string) []contract.Fee {
	return contract.FeesInForce(p.Fees, day, contract.ChannelAny)
}

// Day is the service day of t in the centre's zone (zone as in Settings;
// the zone's name unknown to the host means UTC).
func Day(t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return contract.ServiceDay(t, loc)
}

// Exemptions words the classes of people exempt from p's fees, each with
// its source: "Hộ nghèo (Nghị quyết số 16/2023/NQ-HĐND)".
func Exemptions(p contract.Procedure, lang string) []string {
	var out []string
	for _, e := range p.FeeExemptions {
		out = append(out, e.Who.In(lang)+" ("+e.Source+")")
	}
	return out
}

// ExemptHeading is "Đối tượng được miễn:".
func ExemptHeading(lang string) string { return word(lang, "exempt") }

// NoFeeSource is the legal ground for "Không thu phí, lệ phí".
func NoFeeSource(lang string) string { return word(lang, "nofeesrc") }

// NoCurrent says that no rule applies today (every rule has ended or not
// begun): the amount is not invented, the citizen asks at the counter.
func NoCurrent(lang string) string { return word(lang, "nocurrent") }

// FeeSource is "Căn cứ: …", the legal text that sets the amount.
func FeeSource(f contract.Fee, lang string) string {
	return fmt.Sprintf(word(lang, "source"), f.Source)
}

// NoFee is what a procedure without any fee line says.
func NoFee(lang string) string { return word(lang, "nofee") }
