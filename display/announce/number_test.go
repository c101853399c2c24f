package announce

import (
	"fmt"
	"strings"
	"testing"
)

func TestReading(t *testing.T) {
	asWritten := Reader{Letters: LetterAsWritten}
	linh := Reader{Linh: true}
	dê := Reader{LetterNames: map[rune]string{'D': "dê"}}
	num := func(r Reader, n int) func() string { return func() string { return r.ReadNumber(n) } }
	tick := func(r Reader, s string) func() string { return func() string { return r.ReadTicket(s) } }
	render := func(r Reader, tpl, s string, c int) func() string {
		return func() string { return r.Render(tpl, s, c) }
	}
	def := Reader{}
	cases := []struct {
		name string
		got  func() string
		want string
	}{
		{"0", num(def, 0), "không"},
		{"1", num(def, 1), "một"},
		{"4", num(def, 4), "bốn"},
		{"5", num(def, 5), "năm"},
		{"9", num(def, 9), "chín"},
		{"10", num(def, 10), "mười"},
		{"11", num(def, 11), "mười một"},
		{"14", num(def, 14), "mười bốn"},
		{"15", num(def, 15), "mười lăm"},
		{"19", num(def, 19), "mười chín"},
		{"20", num(def, 20), "hai mươi"},
		{"21", num(def, 21), "hai mươi mốt"},
		{"24", num(def, 24), "hai mươi tư"},
		{"25", num(def, 25), "hai mươi lăm"},
		{"30", num(def, 30), "ba mươi"},
		{"31", num(def, 31), "ba mươi mốt"},
		{"44", num(def, 44), "bốn mươi tư"},
		{"55", num(def, 55), "năm mươi lăm"},
		{"99", num(def, 99), "chín mươi chín"},
		{"100", num(def, 100), "một trăm"},
		{"101", num(def, 101), "một trăm lẻ một"},
		{"101 linh", num(linh, 101), "một trăm linh một"},
		{"104", num(def, 104), "một trăm lẻ bốn"},
		{"105", num(def, 105), "một trăm lẻ năm"},
		{"105 linh", num(linh, 105), "một trăm linh năm"},
		{"110", num(def, 110), "một trăm mười"},
		{"111", num(def, 111), "một trăm mười một"},
		{"115", num(def, 115), "một trăm mười lăm"},
		{"121", num(def, 121), "một trăm hai mươi mốt"},
		{"200", num(def, 200), "hai trăm"},
		{"305", num(def, 305), "ba trăm lẻ năm"},
		{"999", num(def, 999), "chín trăm chín mươi chín"},
		{"1000", num(def, 1000), "một nghìn"},
		{"1001", num(def, 1001), "một nghìn không trăm lẻ một"},
		{"1005", num(def, 1005), "một nghìn không trăm lẻ năm"},
		{"1005 linh", num(linh, 1005), "một nghìn không trăm linh năm"},
		{"1010", num(def, 1010), "một nghìn không trăm mười"},
		{"1015", num(def, 1015), "một nghìn không trăm mười lăm"},
		{"1021", num(def, 1021), "một nghìn không trăm hai mươi mốt"},
		{"1100", num(def, 1100), "một nghìn một trăm"},
		{"1234", num(def, 1234), "một nghìn hai trăm ba mươi tư"},
		{"2024", num(def, 2024), "hai nghìn không trăm hai mươi tư"},
		{"2025", num(def, 2025), "hai nghìn không trăm hai mươi lăm"},
		{"5000", num(def, 5000), "năm nghìn"},
		{"9999", num(def, 9999), "chín nghìn chín trăm chín mươi chín"},
		{"10000", num(def, 10000), "mười nghìn"},
		{"15000", num(def, 15000), "mười lăm nghìn"},
		{"21000", num(def, 21000), "hai mươi mốt nghìn"},
		{"100000", num(def, 100000), "một trăm nghìn"},
		{"105000", num(def, 105000), "một trăm lẻ năm nghìn"},
		{"999999", num(def, 999999), "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"},
		{"-5", num(def, -5), "âm năm"},
		{"1000000 digit by digit", num(def, 1000000), "một không không không không không không"},

		{"B007 as written", tick(asWritten, "B007"), "B không không bảy"},
		{"A025 as written", tick(asWritten, "A025"), "A không hai mươi lăm"},
		{"C100 as written", tick(asWritten, "C100"), "C một trăm"},
		{"A001 as written", tick(asWritten, "A001"), "A không không một"},
		{"b007 as written", tick(asWritten, "b007"), "B không không bảy"},
		{"B007", tick(def, "B007"), "bê không không bảy"},
		{"A025", tick(def, "A025"), "a không hai mươi lăm"},
		{"C100", tick(def, "C100"), "xê một trăm"},
		{"A001", tick(def, "A001"), "a không không một"},
		{"D015", tick(def, "D015"), "đê không mười lăm"},
		{"D001 dê", tick(dê, "D001"), "dê không không một"},
		{"Đ005", tick(def, "Đ005"), "đê không không năm"},
		{"G024", tick(def, "G024"), "giê không hai mươi tư"},
		{"S021", tick(def, "S021"), "ét xì không hai mươi mốt"},
		{"X104", tick(def, "X104"), "ích xì một trăm lẻ bốn"},
		{"lower b007", tick(def, "b007"), "bê không không bảy"},
		{"A000", tick(def, "A000"), "a không không không"},
		{"A0", tick(def, "A0"), "a không"},
		{"E1234", tick(def, "E1234"), "e một nghìn hai trăm ba mươi tư"},
		{"AB-012", tick(def, "AB-012"), "a bê không mười hai"},
		{"spaces", tick(def, " B 007 "), "bê không không bảy"},
		{"digits only", tick(def, "123"), "một trăm hai mươi ba"},
		{"empty", tick(def, ""), ""},
		{"long run", tick(def, "A12345678"), "a một hai ba bốn năm sáu bảy tám"},

		{"render default", render(def, "", "B007", 3),
			"Xin mời công dân có số thứ tự bê không không bảy đến quầy số ba"},
		{"render as written", render(asWritten, DefaultTemplate, "B007", 3),
			"Xin mời công dân có số thứ tự B không không bảy đến quầy số ba"},
		{"render custom", render(def, "Xin mời số thứ tự {number}, đến quầy số {counter}", "A025", 12),
			"Xin mời số thứ tự a không hai mươi lăm, đến quầy số mười hai"},
		{"render counter 21", render(def, "", "C100", 21),
			"Xin mời công dân có số thứ tự xê một trăm đến quầy số hai mươi mốt"},
		{"render counter 15", render(def, "Quầy {counter}: {number}", "A001", 15),
			"Quầy mười lăm: a không không một"},
		{"render counter 4", render(def, "", "A104", 4),
			"Xin mời công dân có số thứ tự a một trăm lẻ bốn đến quầy số bốn"},
		{"render counter 24", render(def, "", "A024", 24),
			"Xin mời công dân có số thứ tự a không hai mươi tư đến quầy số hai mươi tư"},
		{"render twice", render(def, "{number}. {number}", "B1", 1), "bê một. bê một"},
		{"render no placeholders", render(def, "Xin chào", "B007", 3), "Xin chào"},
	}
	if len(cases) < 60 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.got(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestPackageFunctionsUseDefaults(t *testing.T) {
	if got := ReadNumber(1005); got != "một nghìn không trăm lẻ năm" {
		t.Errorf("ReadNumber: %q", got)
	}
	if got := ReadTicket("B007"); got != "bê không không bảy" {
		t.Errorf("ReadTicket: %q", got)
	}
	want := "Xin mời công dân có số thứ tự bê không không bảy đến quầy số ba"
	if got := Render("", "B007", 3); got != want {
		t.Errorf("Render: %q", got)
	}
}

// TestReadNumberRoundTrip parses every reading back with a strict parser, so
// any number whose words break a rule (mốt, tư, lăm, lẻ, không trăm) fails.
func TestReadNumberRoundTrip(t *testing.T) {
	for _, r := range []Reader{{}, {Linh: true}} {
		for n := 0; n <= MaxNumber; n++ {
			if n > 20000 && n%97 != 0 && n%1000 > 30 {
				continue
			}
			s := r.ReadNumber(n)
			got, err := parseVietnamese(s)
			if err != nil || got != n {
				t.Fatalf("ReadNumber(%d) = %q parses to %d, %v", n, s, got, err)
			}
		}
	}
}

var unitValue = map[string]int{
	"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}

func parseVietnamese(s string) (int, error) {
	if s == "không" {
		return 0, nil
	}
	if strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
		return 0, fmt.Errorf("bad spacing")
	}
	w := strings.Fields(s)
	for i, x := range w {
		if x == "nghìn" {
			hi, err := parseGroup(w[:i], false)
			if err != nil || hi == 0 {
				return 0, fmt.Errorf("thousands: %v", err)
			}
			lo := 0
			if i+1 < len(w) {
				if lo, err = parseGroup(w[i+1:], true); err != nil {
					return 0, err
				}
			}
			return hi*1000 + lo, nil
		}
	}
	return parseGroup(w, false)
}

// parseGroup parses 1..999; full demands "không trăm" when hundreds is zero.
func parseGroup(w []string, full bool) (int, error) {
	v, i := 0, 0
	next := func() string {
		if i < len(w) {
			return w[i]
		}
		return ""
	}
	if len(w) >= 2 && w[1] == "trăm" {
		d, ok := unitValue[w[0]]
		if !ok && !(w[0] == "không" && full) {
			return 0, fmt.Errorf("hundreds %q", w[0])
		}
		v, i = d*100, 2
	} else if full {
		return 0, fmt.Errorf("missing không trăm in %q", w)
	}
	switch x := next(); {
	case x == "lẻ" || x == "linh":
		if i == 0 {
			return 0, fmt.Errorf("lẻ without hundreds")
		}
		i++
		d, ok := unitValue[next()]
		if !ok || i+1 != len(w) {
			return 0, fmt.Errorf("after lẻ: %q", w)
		}
		return v + d, nil
	case x == "mười":
		v, i = v+10, i+1
		return tensUnit(v, w[i:], map[string]int{"lăm": 5}, "năm")
	case i+1 < len(w) && w[i+1] == "mươi":
		d, ok := unitValue[x]
		if !ok || d < 2 {
			return 0, fmt.Errorf("tens %q", x)
		}
		v, i = v+d*10, i+2
		return tensUnit(v, w[i:], map[string]int{"lăm": 5, "mốt": 1, "tư": 4}, "năm", "một", "bốn")
	case x == "":
		return v, nil
	case i == 0 && len(w) == 1 && unitValue[x] > 0:
		return unitValue[x], nil
	default:
		return 0, fmt.Errorf("unexpected %q in %q", x, w)
	}
}

func tensUnit(v int, rest []string, special map[string]int, banned ...string) (int, error) {
	if len(rest) == 0 {
		return v, nil
	}
	if len(rest) > 1 {
		return 0, fmt.Errorf("trailing %q", rest)
	}
	for _, b := range banned {
		if rest[0] == b {
			return 0, fmt.Errorf("%q not allowed after mười/mươi", b)
		}
	}
	if d, ok := special[rest[0]]; ok {
		return v + d, nil
	}
	if d, ok := unitValue[rest[0]]; ok {
		return v + d, nil
	}
	return 0, fmt.Errorf("unit %q", rest[0])
}

func TestReadNumberNeverEmpty(t *testing.T) {
	for _, n := range []int{-1 << 62, -MaxNumber - 1, -1, MaxNumber + 1, 1 << 62} {
		s := ReadNumber(n)
		if s == "" || strings.Contains(s, "  ") {
			t.Errorf("ReadNumber(%d) = %q", n, s)
		}
		if !strings.HasPrefix(s, "âm") && n < 0 {
			t.Errorf("ReadNumber(%d) = %q lacks âm", n, s)
		}
	}
}

// TestReadAmount checks the readings of sums of money, which go beyond
// MaxNumber with triệu and tỷ.
func TestReadAmount(t *testing.T) {
	linh := Reader{Linh: true}
	cases := []struct {
		r    Reader
		n    int64
		want string
	}{
		{Reader{}, 0, "không"},
		{Reader{}, 2000, "hai nghìn"},
		{Reader{}, 8000, "tám nghìn"},
		{Reader{}, 50000, "năm mươi nghìn"},
		{Reader{}, 105000, "một trăm lẻ năm nghìn"},
		{linh, 105000, "một trăm linh năm nghìn"},
		{Reader{}, 200000, "hai trăm nghìn"},
		{Reader{}, 1000000, "một triệu"},
		{Reader{}, 1500000, "một triệu năm trăm nghìn"},
		{Reader{}, 1000005, "một triệu không trăm lẻ năm"},
		{linh, 1005000, "một triệu không trăm linh năm nghìn"},
		{Reader{}, 1050000, "một triệu không trăm năm mươi nghìn"},
		{Reader{}, 21000000, "hai mươi mốt triệu"},
		{Reader{}, 2000000000, "hai tỷ"},
		{Reader{}, 1000000001, "một tỷ không trăm lẻ một"},
		{Reader{}, 1234567890, "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi"},
		{Reader{}, MaxAmount + 1, "một không không không không không không không không không không không không"},
		{Reader{}, -5, "âm năm"},
	}
	for _, c := range cases {
		if got := c.r.ReadAmount(c.n); got != c.want {
			t.Errorf("ReadAmount(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for n := int64(0); n <= MaxNumber; n += 997 {
		if a, b := ReadNumber(int(n)), (Reader{}).ReadAmount(n); a != b {
			t.Fatalf("ReadAmount(%d) = %q, ReadNumber says %q", n, b, a)
		}
	}
}
