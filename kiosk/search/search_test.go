package search

import (
	"testing"

	"motcua/kiosk/internal/catgen"
	"motcua/server/contract"
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
	ix := New(catgen.Catalogue(400))
	query := "chung thuc ban sao tu ban chinh"
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
