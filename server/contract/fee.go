package contract

import (
	"strconv"
	"strings"
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
	// Note carries exemptions and conditions ("miễn cho hộ nghèo …").
	Note Text `json:"note,omitempty"`
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
