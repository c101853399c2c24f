package vnkbd

import "testing"

func typeTelex(keys string) string {
	s := ""
	for _, k := range keys {
		s = Telex(s, k)
	}
	return s
}

func TestTelex(t *testing.T) {
	for keys, want := range map[string]string{
		"hoon nhaan":     "hôn nhân",
		"ddawng ky":      "đăng ky",
		"ddawngs kys":    "đắng ký",
		"chuwngs thuwcj": "chứng thực",
		"truwowngf":      "trường",
		"hoaf":           "hòa",
		"thuyr":          "thủy",
		"quys":           "quý",
		"giaas":          "giấ",
		"nguowif":        "người",
		"khai sinh":      "khai sinh",
		"ban sao":        "ban sao",
		"hoss":           "hos",
		"aaa":            "aa",
		"w":              "ư",
		"tuwf":           "từ",
		"DDaf":           "Đà",
		"hoaz":           "hoaz",
		"hoafz":          "hoa",
		"cana":           "cân",
	} {
		if got := typeTelex(keys); got != want {
			t.Errorf("Telex %q = %q, want %q", keys, got, want)
		}
	}
}

func TestDedicatedKeys(t *testing.T) {
	s, ok := SetTone("chung thuc", ToneDot)
	if !ok || s != "chung thục" {
		t.Errorf("SetTone = %q %v", s, ok)
	}
	s, _ = SetShape(s, horn)
	if s != "chung thực" {
		t.Errorf("SetShape = %q", s)
	}
	if _, ok := SetTone("xyz ", ToneAcute); ok {
		t.Error("tone set on a word without vowels")
	}
	s, _ = SetShape("nguoi", horn)
	if s != "ngươi" {
		t.Errorf("uo horn = %q", s)
	}
	if got := Backspace("hôn nhân"); got != "hôn nhâ" {
		t.Errorf("Backspace = %q", got)
	}
	if got := Backspace(""); got != "" {
		t.Errorf("Backspace empty = %q", got)
	}
}
