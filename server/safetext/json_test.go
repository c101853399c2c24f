package safetext

import (
	"strings"
	"testing"
)

func TestCheckJSON(t *testing.T) {
	cases := []struct {
		in, want string // want: "" for accepted, else a word of the error
	}{
		{`{"role":"staff","name":"Nguyễn Văn An"}`, ""},
		{`{"role":"admin","role":"staff"}`, "hai lần"},
		{`{"a":{"b":1,"b":2}}`, "a: khoá"},
		{`[{"x":1},{"x":2}]`, ""},
		{`{"a":[{"k":1,"k":1}]}`, "a[0]"},
		{`{"note":"dòng 1\ndòng 2\tcột"}`, ""},
		{`{"name":"a\u0000b"}`, "U+0000"},
		{`{"name":"x\u202ey"}`, "U+202E"},
		{`{"na\u0007me":1}`, "U+0007"},
		{`{"broken":`, ""}, // syntax is the decoder's to report
		{`"plain"`, ""},
	}
	for _, c := range cases {
		err := CheckJSON([]byte(c.in))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckJSON(%s) = %v, want accepted", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckJSON(%s) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

func FuzzCheckJSON(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":"c"}],"a":2}`))
	f.Add([]byte(`{"\u202e":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		CheckJSON(data) // must not panic
	})
}
