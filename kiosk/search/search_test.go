package search

import (
	"fmt"
	"testing"

	"motcua/kiosk/internal/catgen"
	"motcua/server/contract"
	"motcua/server/servertest"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Hôn Nhân":              "hon nhan",
		"ĐĂNG KÝ  khai-sinh":    "dang ky khai sinh",
		"Chứng thực bản sao":    "chung thuc ban sao",
		"Hòa (Bình)":            "hoa binh",
		"ư ơ ă â ê ô ỹ":         "u o a a e o y",
		"  trước, sau  ":        "truoc sau",
		"2.000815":              "2 000815",
		"o\u0302\u0301 decomp.": "o decomp", // decomposed ố
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func sample() contract.Catalogue {
	return contract.Catalogue{
		Fields: []contract.Field{{ID: "ho-tich", Name: contract.Text{VI: "Hộ tịch", EN: "Civil status"}}},
		Procedures: []contract.Procedure{
			{Code: "1.001193", Field: "ho-tich", Name: contract.Text{VI: "Đăng ký khai sinh", EN: "Birth registration"}},
			{Code: "1.000894", Field: "ho-tich", Name: contract.Text{VI: "Đăng ký kết hôn", EN: "Marriage registration"}, Common: true},
			{Code: "1.004873", Field: "ho-tich", Name: contract.Text{VI: "Cấp Giấy xác nhận tình trạng hôn nhân", EN: "Marital status certificate"}},
		},
	}
}

func codes(ps []contract.Procedure) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestSearchIgnoresMarksAndCase(t *testing.T) {
	ix := New(sample())
	for q, want := range map[string][]string{
		"hon nhan":     {"1.004873"},
		"HÔN NHÂN":     {"1.004873"},
		"dang ky":      {"1.000894", "1.001193"}, // common first, then by name
		"ket hon":      {"1.000894"},
		"marriage":     {"1.000894"},
		"ho tich sinh": {"1.001193"}, // field name counts
		"1.001193":     {"1.001193"},
		"xyz":          nil,
		"   ":          nil,
	} {
		got := codes(ix.Search(q, 0))
		if len(got) != len(want) {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Search(%q) = %v, want %v", q, got, want)
				break
			}
		}
	}
}

func TestSearchPrefersNameStart(t *testing.T) {
	ix := New(sample())
	got := codes(ix.Search("cap giay", 0))
	if len(got) != 1 || got[0] != "1.004873" {
		t.Fatalf("got %v", got)
	}
	if n := len(ix.Search("dang", 1)); n != 1 {
		t.Errorf("limit ignored: %d results", n)
	}
}

// BenchmarkSearch types a query one key at a time over a 400-procedure
// catalogue, searching after every keystroke as the kiosk does, and
// reports the cost of one keystroke.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{400, 1000} {
		b.Run(fmt.Sprintf("procedures=%d", n), func(b *testing.B) { benchSearch(b, n, "chung thuc ban sao tu ban chinh") })
	}
	// Typing errors: nothing matches as typed, so every keystroke past
	// the error also tries the look-alike words.
	b.Run("procedures=1000/typos", func(b *testing.B) { benchSearch(b, 1000, "chung thucc bann sao tu bann chinh") })
}

func benchSearch(b *testing.B, n int, query string) {
	ix := New(catgen.Catalogue(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := 1; i <= len(query); i++ {
			ix.Search(query[:i], 50)
		}
	}
	perKey := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(len(query)) / 1e6
	b.ReportMetric(perKey, "ms/keystroke")
}

// TestSearchTheDefaultCatalogueAsCitizensType runs the searches seen at the
// kiosk against the catalogue a centre starts with: everyday words, words
// without spaces, raw Telex letters, typing errors. The procedure meant
// must come first.
func TestSearchTheDefaultCatalogueAsCitizensType(t *testing.T) {
	srv := servertest.New(t)
	ix := New(srv.Engine.Catalogue())
	cases := []struct {
		typed []string // the Telex composition, then the raw letters
		first string
	}{
		{[]string{"khai sinh"}, "1.001193"},                    // not the copy of a birth certificate
		{[]string{"Đăng ký khai sinh"}, "1.001193"},            // exact name
		{[]string{"công chứng"}, "2.000815"},                   // keyword: the everyday word
		{[]string{"cong chung hop dong"}, "2.001035"},          // keyword without marks
		{[]string{"giấy khai sinh"}, "1.001193"},               // keyword
		{[]string{"đăng ký đất"}, "1.013978"},                  // keyword
		{[]string{"so do"}, "1.013978"},                        // "sổ đỏ" without marks
		{[]string{"khaisinh"}, "1.001193"},                     // no space
		{[]string{"kháiinh", "khaisinh"}, "1.001193"},          // Telex ate the s; the raw letters find it
		{[]string{"khai sonh"}, "1.001193"},                    // one typing error
		{[]string{"chumg thuc ban sao"}, "2.000815"},           // one typing error
		{[]string{"xac nhan tinh trang hon nhna"}, "1.004873"}, // transposed letters
		{[]string{"độc thân"}, "1.004873"},
		{[]string{"ket hon"}, "1.000894"},
	}
	for _, c := range cases {
		got := codes(ix.SearchAny(5, c.typed...))
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("%q: got %v, want %s first", c.typed, got, c.first)
		}
	}
}

// TestTyposOnlyWhenNothingMatches: a query that matches as typed is not
// padded with look-alikes ("sinh" must not bring "tình").
func TestTyposOnlyWhenNothingMatches(t *testing.T) {
	ix := New(sample())
	if got := codes(ix.Search("khai sinh", 0)); len(got) != 1 || got[0] != "1.001193" {
		t.Errorf("khai sinh: %v, want only 1.001193", got)
	}
	if got := codes(ix.Search("khai sinj", 0)); len(got) != 1 || got[0] != "1.001193" {
		t.Errorf("khai sinj (typo): %v, want 1.001193", got)
	}
	if got := ix.Search("xyzw", 0); len(got) != 0 {
		t.Errorf("xyzw found %v", codes(got))
	}
	if got := ix.Search("ab", 0); len(got) != 0 { // short words allow no typo
		t.Errorf("ab found %v", codes(got))
	}
}

func TestWithinPrefix(t *testing.T) {
	cases := []struct {
		w, v string
		k    int
		want bool
	}{
		{"sinh", "sinh", 0, true},
		{"sonh", "sinh", 1, true},
		{"sin", "sinh", 0, true},   // a prefix: still typing
		{"snih", "sinh", 1, false}, // a transposition is two edits
		{"snih", "sinh", 2, true},
		{"hon", "nhan", 1, false},
		{"chungthuc", "chungthuc", 0, true},
		{"chngthuc", "chungthuc", 1, true},
	}
	for _, c := range cases {
		if got := withinPrefix(c.w, c.v, c.k); got != c.want {
			t.Errorf("withinPrefix(%q, %q, %d) = %v, want %v", c.w, c.v, c.k, got, c.want)
		}
	}
}
