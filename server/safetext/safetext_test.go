package safetext

import "testing"

func TestProblem(t *testing.T) {
	ok := []string{"", "Nguyễn Văn An", "Dòng 1\nDòng 2", "Cột\tcột", "= công thức là chữ ở đây"}
	for _, s := range ok {
		if p := Problem(s); p != "" {
			t.Errorf("Problem(%q) = %q, want clean", s, p)
		}
	}
	bad := []string{"a\x00b", "a\rb", "bell\x07", "del\x7f", "c1\u0085", "abc\u202egnp.exe", "iso\u2066late", "\xff\xfe"}
	for _, s := range bad {
		if Problem(s) == "" {
			t.Errorf("Problem(%q) accepted it", s)
		}
	}
}

func TestDefuseRoundTrip(t *testing.T) {
	cases := map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+84 912":           "'+84 912",
		"- Bản sao":         "'- Bản sao",
		"@cmd":              "'@cmd",
		"Bình thường":       "Bình thường",
		"'trích dẫn":        "'trích dẫn",
		"":                  "",
	}
	for in, want := range cases {
		got := DefuseCell(in)
		if got != want {
			t.Errorf("DefuseCell(%q) = %q, want %q", in, got, want)
		}
		if back := UndefuseCell(got); back != in {
			t.Errorf("UndefuseCell(DefuseCell(%q)) = %q", in, back)
		}
	}
}
