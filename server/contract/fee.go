package contract

import (
	"strconv"
	"strings"
	"time"
)

// FeeKind says how an amount is computed. Every kind but FeeFree and
// FeeLocal carries a fixed amount from a national legal text.
type FeeKind string

// The fee rules a procedure can have.
const (
	// FeeFree: no fee or charge (e.g. birth registration on time, Luật Hộ tịch Đ11).
	FeeFree FeeKind = "free"
	// FeeFlat: one amount per case (chứng thực chữ ký: 10.000 đ/trường hợp).
	FeeFlat FeeKind = "flat"
	// FeePerCopy: an amount per copy (bản sao trích lục: 8.000 đ/bản sao).
	FeePerCopy FeeKind = "per_copy"
	// FeePerPage: tiers by page number with a cap per copy (chứng thực bản
	// sao: 2.000 đ/trang, from page 3 1.000 đ/trang, at most 200.000 đ/bản).
	FeePerPage FeeKind = "per_page"
	// FeeLocal: set by the city council's resolution (Nghị quyết HĐND). The
	// amount is entered by the centre's administrator; zero means it has not
	// been entered and screens must say so instead of showing a figure.
	FeeLocal FeeKind = "local_resolution"
)

// MaxFeePages and MaxFeeCopies bound the fee calculator's inputs: no real
// request is larger, and the bound keeps every product far from overflow.
const (
	MaxFeePages  = 10000
	MaxFeeCopies = 1000
)

// Fee is one amount a citizen may pay for a procedure, with the legal text
// that sets it. The centre's plan requires the source of every amount to be
// shown, so Source is mandatory for every kind.
type Fee struct {
	// Label says what the amount is for ("Lệ phí", "Sửa đổi hợp đồng").
	Label  Text    `json:"label"`
	Kind   FeeKind `json:"kind"`
	Amount int64   `json:"amount,omitempty"`
	// Unit is what one amount is charged for, without the currency
	// ("bản sao"): screens write "8.000 đ/bản sao".
	Unit  Text      `json:"unit,omitempty"`
	Tiers []FeeTier `json:"tiers,omitempty"`
	// Cap is the most one copy can cost under FeePerPage; zero means no cap.
	Cap    int64  `json:"cap,omitempty"`
	Source string `json:"source"`
	// Note carries explanations ("Số trang tính theo trang của bản chính").
	Note Text `json:"note,omitempty"`
	// Condition says when the amount is charged at all (TT 226/2016: the
	// 25.000 đ contract-correction fee only when the error is not the
	// certifier's); empty means always.
	Condition Text `json:"condition,omitzero"`
	// From and Until bound the days the rule holds (DateLayout, inclusive,
	// in the centre's zone); empty means open. A resolution that changes
	// an amount is a new rule with a new From, so the kiosk switches on
	// the right day without an administrator.
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
	// Channel limits the rule to one way of filing; ChannelAny for all.
	Channel FeeChannel `json:"channel,omitempty"`
}

// FeeTier is the price of each page from FromPage on (1-based), until the
// next tier starts.
type FeeTier struct {
	FromPage int   `json:"from_page"`
	Amount   int64 `json:"amount"`
}

// Compute returns what the fee costs for a document of pages pages in copies
// copies. It reports false when the amount is not known (a local fee not
// entered yet) or the inputs are out of range, so callers never show a
// guessed figure.
func (f Fee) Compute(pages, copies int) (int64, bool) {
	if pages < 1 || pages > MaxFeePages || copies < 1 || copies > MaxFeeCopies {
		return 0, false
	}
	switch f.Kind {
	case FeeFree:
		return 0, true
	case FeeFlat:
		return f.Amount, true
	case FeePerCopy:
		return f.Amount * int64(copies), true
	case FeeLocal:
		if f.Amount <= 0 {
			return 0, false
		}
		return f.Amount, true
	case FeePerPage:
		perCopy, ok := f.perCopy(pages)
		if !ok {
			return 0, false
		}
		return perCopy * int64(copies), true
	}
	return 0, false
}

// perCopy prices one copy of a document under tiered per-page rates.
func (f Fee) perCopy(pages int) (int64, bool) {
	if len(f.Tiers) == 0 || f.Tiers[0].FromPage != 1 {
		return 0, false
	}
	var sum int64
	for i, t := range f.Tiers {
		end := pages
		if i+1 < len(f.Tiers) && f.Tiers[i+1].FromPage-1 < end {
			end = f.Tiers[i+1].FromPage - 1
		}
		if end >= t.FromPage {
			sum += int64(end-t.FromPage+1) * t.Amount
		}
	}
	if f.Cap > 0 && sum > f.Cap {
		sum = f.Cap
	}
	return sum, true
}

// DependsOnCount tells whether the amount changes with pages or copies, so
// the kiosk knows when to offer its fee calculator.
func (f Fee) DependsOnCount() bool {
	return f.Kind == FeePerPage || f.Kind == FeePerCopy
}

// FormatVND writes an amount the Vietnamese way: "8.000 đ", "200.000 đ".
func FormatVND(amount int64) string {
	neg := amount < 0
	if neg {
		amount = -amount
	}
	s := strconv.FormatInt(amount, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	b.WriteString(" đ")
	return b.String()
}

// FeeChannel is the way a dossier is filed. Since Hải Phòng's NQ 23/2026
// some fees are 0 đ online but not in person, so a fee rule may hold for
// one channel only.
type FeeChannel string

// The channels a fee rule can be limited to.
const (
	// ChannelAny: the rule holds however the dossier is filed.
	ChannelAny FeeChannel = ""
	// ChannelInPerson: filed at the centre's counter (or by post).
	ChannelInPerson FeeChannel = "in_person"
	// ChannelOnline: filed on the national portal (dichvucong.gov.vn) or
	// through VNeID.
	ChannelOnline FeeChannel = "online"
)

// FeeChannels lists every channel a rule may name, for validation and
// for screens that show one line per channel.
var FeeChannels = []FeeChannel{ChannelAny, ChannelInPerson, ChannelOnline}

// DateLayout is how a fee rule's From and Until dates are written: a civil
// date in the centre's zone, so "2026-08-08" starts at local midnight.
const DateLayout = "2006-01-02"

// FeeExemption is one class of people exempt from a procedure's fees, with
// the legal text that exempts them (civil-status fees: NQ 16/2023/NQ-HĐND).
// Exemptions are data so the centre can follow a new resolution without a
// new release.
type FeeExemption struct {
	Who    Text   `json:"who"`
	Source string `json:"source"`
}

// ServiceDay is the civil date of t in the centre's zone, the day fee
// rules are chosen for. Callers pass the injected clock's time.
func ServiceDay(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(DateLayout)
}

// InForce tells whether the rule holds on day (DateLayout). From and
// Until are both inclusive; an empty bound is open.
func (f Fee) InForce(day string) bool {
	return (f.From == "" || f.From <= day) && (f.Until == "" || day <= f.Until)
}

// For tells whether the rule holds for dossiers filed through ch;
// ChannelAny on either side matches every channel.
func (f Fee) For(ch FeeChannel) bool {
	return f.Channel == ChannelAny || ch == ChannelAny || f.Channel == ch
}

// FeesInForce returns, in catalogue order, the rules that hold on day for
// channel ch (ChannelAny: every channel). It is the one rule screens,
// pages and the calculator use to pick today's amounts.
func FeesInForce(fees []Fee, day string, ch FeeChannel) []Fee {
	var out []Fee
	for _, f := range fees {
		if f.InForce(day) && f.For(ch) {
			out = append(out, f)
		}
	}
	return out
}

// Overlaps tells whether two rules for the same charge (same Vietnamese
// label) could both hold for one dossier on one day: their channels meet
// and their periods share a day. A catalogue must not contain such a
// pair, or a screen could not say which amount applies.
func (f Fee) Overlaps(g Fee) bool {
	if f.Label.VI != g.Label.VI || !f.For(g.Channel) {
		return false
	}
	startsBeforeEnd := func(from, until string) bool { return from == "" || until == "" || from <= until }
	return startsBeforeEnd(f.From, g.Until) && startsBeforeEnd(g.From, f.Until)
}

// Quote is what a citizen pays under the rule: Compute's amount, or 0 when
// the citizen belongs to one of the procedure's exempt classes (exempt),
// even if the amount is not entered yet. Like Compute it reports false for
// an unknown amount or inputs out of range.
func (f Fee) Quote(pages, copies int, exempt bool) (int64, bool) {
	if !exempt {
		return f.Compute(pages, copies)
	}
	if pages < 1 || pages > MaxFeePages || copies < 1 || copies > MaxFeeCopies {
		return 0, false
	}
	return 0, true
}

// Confirmed tells whether the amount is known: false for a council fee
// whose amount the administrator has not entered, which screens must say
// plainly instead of showing a figure.
func (f Fee) Confirmed() bool {
	return f.Kind != FeeLocal || f.Amount > 0
}
