package catalogue

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"motcua/server/contract"
)

// feeParts is the number of "|"-separated parts of a fee line: the rule,
// the source, then label, unit, note and condition in Vietnamese and
// English. Lines written before conditions existed have 8 parts and still
// read the same.
const feeParts = 10

// FormatFee writes a fee as one line of the spreadsheet fee syntax:
//
//	per_page 1:2000 3:1000 cap 200000 | TT 226/2016/TT-BTC, Điều 4 | Phí chứng thực | Certification fee | bản | copy
//	free from 2026-08-08 channel online | NQ 23/2026/NQ-HĐND | Lệ phí
//
// The rule is the kind followed by the amount (if not zero), the tiers as
// from_page:amount, "cap N" (if not zero), and "from DATE", "until DATE",
// "channel in_person|online" (if set); then come source, label VI/EN, unit
// VI/EN, note VI/EN and condition VI/EN. Backslash escapes "\|", "\\" and "\n"
// keep any text exact. Empty trailing parts are left out. See FORMAT.md.
func FormatFee(f contract.Fee) string {
	parts := []string{
		formatRule(f), escapeFee(f.Source),
		escapeFee(f.Label.VI), escapeFee(f.Label.EN),
		escapeFee(f.Unit.VI), escapeFee(f.Unit.EN),
		escapeFee(f.Note.VI), escapeFee(f.Note.EN),
		escapeFee(f.Condition.VI), escapeFee(f.Condition.EN),
	}
	for len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, " | ")
}

func formatRule(f contract.Fee) string {
	toks := []string{string(f.Kind)}
	if f.Amount != 0 {
		toks = append(toks, strconv.FormatInt(f.Amount, 10))
	}
	for _, t := range f.Tiers {
		toks = append(toks, fmt.Sprintf("%d:%d", t.FromPage, t.Amount))
	}
	if f.Cap != 0 {
		toks = append(toks, "cap", strconv.FormatInt(f.Cap, 10))
	}
	for _, kv := range [][2]string{{"from", f.From}, {"until", f.Until}, {"channel", string(f.Channel)}} {
		if kv[1] != "" {
			toks = append(toks, kv[0], kv[1])
		}
	}
	return strings.Join(toks, " ")
}

var feeEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`, "\n", `\n`)

func escapeFee(s string) string { return feeEscaper.Replace(s) }

// ParseFee reads one line of the fee syntax written by FormatFee. It does
// not validate the fee (Validate does); it only reports text it cannot read.
// Amounts may be written with dots between thousands ("200.000").
func ParseFee(s string) (contract.Fee, error) {
	parts, err := splitFee(s)
	if err != nil {
		return contract.Fee{}, err
	}
	if len(parts) > feeParts {
		return contract.Fee{}, fmt.Errorf("quá %d phần ngăn bởi | / more than %d parts separated by |", feeParts, feeParts)
	}
	for len(parts) < feeParts {
		parts = append(parts, "")
	}
	f, err := parseRule(strings.TrimSpace(parts[0]))
	if err != nil {
		return contract.Fee{}, err
	}
	texts := make([]string, feeParts-1)
	for i, p := range parts[1:] {
		if texts[i], err = unescapeFee(strings.TrimSpace(p)); err != nil {
			return contract.Fee{}, err
		}
	}
	f.Source = texts[0]
	f.Label = contract.Text{VI: texts[1], EN: texts[2]}
	f.Unit = contract.Text{VI: texts[3], EN: texts[4]}
	f.Note = contract.Text{VI: texts[5], EN: texts[6]}
	f.Condition = contract.Text{VI: texts[7], EN: texts[8]}
	return f, nil
}

// splitFee splits on "|" not preceded by an escaping backslash, keeping the
// escapes in the parts for unescapeFee.
func splitFee(s string) ([]string, error) {
	var parts []string
	start, escaped := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case escaped:
			escaped = false
		case s[i] == '\\':
			escaped = true
		case s[i] == '|':
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	if escaped {
		return nil, errBadEscape
	}
	return append(parts, s[start:]), nil
}

var errBadEscape = errors.New(`dấu \ chỉ dùng trong \|, \\ và \n / backslash may only start \|, \\ or \n`)

func unescapeFee(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		if i == len(s) {
			return "", errBadEscape
		}
		switch s[i] {
		case '\\', '|':
			b.WriteByte(s[i])
		case 'n':
			b.WriteByte('\n')
		default:
			return "", errBadEscape
		}
	}
	return b.String(), nil
}

func parseRule(rule string) (contract.Fee, error) {
	toks := strings.Fields(rule)
	if len(toks) == 0 {
		return contract.Fee{}, errors.New("thiếu loại phí ở đầu dòng / fee kind missing at the start of the line")
	}
	f := contract.Fee{Kind: contract.FeeKind(toks[0])}
	seen := map[string]bool{}
	var amountSet bool
	for i := 1; i < len(toks); i++ {
		var err error
		switch t := toks[i]; {
		case t == "cap" || t == "from" || t == "until" || t == "channel":
			if seen[t] || i+1 == len(toks) {
				return contract.Fee{}, fmt.Errorf(`%q phải có đúng một giá trị theo sau / %q needs exactly one value after it`, t, t)
			}
			seen[t] = true
			i++
			err = setKeyed(&f, t, toks[i])
		case strings.Contains(t, ":"):
			var tier contract.FeeTier
			tier, err = parseTier(t)
			f.Tiers = append(f.Tiers, tier)
		default:
			if amountSet {
				return contract.Fee{}, fmt.Errorf("thừa số tiền %q / extra amount %q", t, t)
			}
			f.Amount, err = parseAmount(t)
			amountSet = true
		}
		if err != nil {
			return contract.Fee{}, err
		}
	}
	return f, nil
}

// setKeyed stores the value after a keyword of the rule. Dates and the
// channel are kept as written; Validate checks them, so an export never
// loses what an administrator typed.
func setKeyed(f *contract.Fee, key, val string) error {
	var err error
	switch key {
	case "cap":
		f.Cap, err = parseAmount(val)
	case "from":
		f.From = val
	case "until":
		f.Until = val
	case "channel":
		f.Channel = contract.FeeChannel(val)
	}
	return err
}

func parseTier(t string) (contract.FeeTier, error) {
	from, amount, _ := strings.Cut(t, ":")
	page, err := strconv.Atoi(from)
	if err != nil {
		return contract.FeeTier{}, fmt.Errorf("bậc giá %q phải có dạng trang:số_tiền / tier %q must be page:amount", t, t)
	}
	n, err := parseAmount(amount)
	if err != nil {
		return contract.FeeTier{}, err
	}
	return contract.FeeTier{FromPage: page, Amount: n}, nil
}

var groupedAmount = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{3})+$`)

// parseAmount reads an amount in đồng, accepting the Vietnamese thousands
// separator so "200.000" typed in a spreadsheet means 200000.
func parseAmount(s string) (int64, error) {
	if groupedAmount.MatchString(s) {
		s = strings.ReplaceAll(s, ".", "")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("số tiền %q không hợp lệ / invalid amount %q", s, s)
	}
	return n, nil
}

// FormatExemption writes one line of the fee_exemptions cell:
//
//	NQ 16/2023/NQ-HĐND | Hộ nghèo | Poor households
//
// source first, as in the fee syntax, then who is exempt in Vietnamese and
// English, with the same escapes. See FORMAT.md.
func FormatExemption(e contract.FeeExemption) string {
	parts := []string{escapeFee(e.Source), escapeFee(e.Who.VI), escapeFee(e.Who.EN)}
	for len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, " | ")
}

// ParseExemption reads a line written by FormatExemption; like ParseFee
// it reports only text it cannot read and leaves the rest to Validate.
func ParseExemption(s string) (contract.FeeExemption, error) {
	parts, err := splitFee(s)
	if err != nil {
		return contract.FeeExemption{}, err
	}
	if len(parts) > 3 {
		return contract.FeeExemption{}, errors.New("quá 3 phần ngăn bởi | (căn cứ | đối tượng | tiếng Anh) / more than 3 parts separated by | (source | who | English)")
	}
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	texts := make([]string, 3)
	for i, p := range parts {
		if texts[i], err = unescapeFee(strings.TrimSpace(p)); err != nil {
			return contract.FeeExemption{}, err
		}
	}
	return contract.FeeExemption{Source: texts[0], Who: contract.Text{VI: texts[1], EN: texts[2]}}, nil
}
